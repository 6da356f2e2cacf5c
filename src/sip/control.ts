// The seat control channel: WebSocket `/control` on the hub port. A client says `hello` (agent +
// PIN, or a server-issued token); seats then send commands and receive their own seat's events,
// supervisors (leads' wallboards) receive every event with caller numbers masked (R-36) and may
// send nothing but ping and the lead commands (listen-in and recording review, which change no
// record; queue controls, which change the shift's queues — the switch checks the lead's team).
// Every command is answered with `ack` or an `error` naming the problem; an error never changes
// state. Junk never crashes the switch.
import type http from 'node:http';
import type {Duplex} from 'node:stream';
import {WebSocketServer, type WebSocket, type RawData} from 'ws';
import {maskNumberFor} from '../rules/privacy.ts';
import {AcdError} from './acd/acd.ts';
import type {Authenticator, Identity, UpgradeRouter} from './control-ports.ts';
import {leadCommands, parseClientMessage, type Hello, type ServerMessage} from './protocol.ts';
import {SwitchError, type Switch} from './switch.ts';

export type ControlOptions = {
  readonly auth: Authenticator;
  readonly switch: Switch;
  /** Largest accepted text frame (bytes); larger ones get an error. */
  readonly maxMessageBytes?: number;
  /** A connection that has not said hello by then is closed. */
  readonly helloTimeoutMs?: number;
};

export type ControlServer = {
  /** Open connections (authenticated or not). */
  clients(): number;
  close(): Promise<void>;
};

type Client = {
  readonly ws: WebSocket;
  /** The peer's address: failed PINs are throttled per source too (server/auth-throttle.ts). */
  readonly source: string | undefined;
  identity?: Identity;
  supervisor: boolean;
  failures: number;
  /** A hello's PIN is being checked (scrypt, off the event loop). */
  checking: boolean;
  /** Messages that arrived meanwhile: handled in order once the hello is settled. */
  readonly held: Array<readonly [RawData, boolean]>;
};

const MAX_FRAME = 64 * 1024;
const SLOW_CONSUMER_BYTES = 4 * 1024 * 1024;
/** Messages held behind a hello being checked; a client sending more is not a seat. */
const MAX_HELD = 64;

/** The `id` of a message that failed validation, so the client can match the error to it. */
function refOf(raw: string): string | undefined {
  try {
    const id = (JSON.parse(raw) as {id?: unknown} | null)?.id;
    return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Route `/control` upgrades of `hub` to the switch. */
export function attachControl(hub: UpgradeRouter, options: ControlOptions): ControlServer {
  const {auth, switch: sw} = options;
  const maxBytes = options.maxMessageBytes ?? 8 * 1024;
  const helloTimeoutMs = options.helloTimeoutMs ?? 10_000;
  const wss = new WebSocketServer({noServer: true, maxPayload: MAX_FRAME});
  const clients = new Set<Client>();
  const policy = sw.config.policy;

  const send = (client: Client, message: ServerMessage | string) => {
    const ws = client.ws;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > SLOW_CONSUMER_BYTES) {
      ws.close(1013, 'too slow: events are piling up');
      return;
    }
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  };

  const masked = (message: ServerMessage): ServerMessage =>
    message.type === 'offered' ? {...message, caller: maskNumberFor(message.caller, policy)} : message;

  const unsubscribe = sw.subscribe(message => {
    let plain: string | undefined;
    let forSupervisors: string | undefined;
    const agent = message.type === 'seat' ? message.seat.agent : 'agent' in message ? message.agent : undefined;
    for (const client of clients) {
      if (!client.identity) continue;
      if (client.supervisor) {
        forSupervisors ??= JSON.stringify(masked(message));
        send(client, forSupervisors);
      } else if (message.type === 'queue' || agent === client.identity.agent) {
        plain ??= JSON.stringify(message);
        send(client, plain);
      }
    }
  });

  const welcome = (client: Client, ref: string | undefined) => {
    const identity = client.identity!;
    const config = sw.agent(identity.agent);
    const seats = client.supervisor ? sw.acd.snapshots() : [sw.acd.snapshot(identity.agent)];
    send(client, {
      type: 'welcome', agent: identity.agent, name: identity.name, team: identity.team, role: identity.role,
      trainee: config?.trainee ?? false, phoneMode: config?.phone.mode ?? 'auto-answer', now: sw.now(), seats,
      // Every client runs on the center's numbers and phrases (ring period, ACW, R-10 nudges…).
      policy,
    });
    if (ref) send(client, {type: 'ack', ref});
    send(client, sw.queueStats());
    if (client.supervisor) {
      for (const fact of sw.queueControls(identity.team)) send(client, fact); // today's, so far
      return;
    }
    // A seat coming back gets its live call back (the call stayed up meanwhile).
    const callId = sw.acd.callOf(identity.agent);
    const call = callId ? sw.acd.call(callId) : undefined;
    if (!callId || !call) return;
    const f = call.facts;
    const offeredAt = f.offeredAt ?? f.arrivedAt;
    send(client, {
      type: 'offered', callId, agent: identity.agent, caller: f.caller, queue: call.queue, offeredAt,
      waitedMs: Math.max(0, offeredAt - f.arrivedAt), ringPeriodMs: policy.ringPeriodSeconds * 1000, direction: f.direction,
    });
    if (call.phase === 'bridged' && f.answeredAt !== undefined) {
      send(client, {type: 'answered', callId, agent: identity.agent, answeredAt: f.answeredAt, rings: f.rings ?? 1, late: f.lateAnswer ?? false});
      const seat = sw.acd.snapshot(identity.agent);
      if (seat.holdSince !== undefined) send(client, {type: 'held', callId, agent: identity.agent, at: seat.holdSince});
    }
  };

  const hello = async (client: Client, message: Hello) => {
    const ref = message.id;
    if (client.identity) {
      send(client, {type: 'error', ...(ref ? {ref} : {}), code: 'already-authenticated', message: `already signed in as ${client.identity.agent}`});
      return;
    }
    const supervisor = message.role === 'supervisor';
    let identity: Identity | undefined;
    if (message.token) {
      identity = auth.resolveToken(message.token);
      if (identity && supervisor && identity.role !== 'supervisor' && identity.role !== 'lead') identity = undefined;
      if (identity && !supervisor && identity.role === 'supervisor') identity = undefined;
      if (identity && supervisor) identity = {...identity, role: 'supervisor'};
    } else if (message.agent && message.pin) {
      identity = await auth.verifyAsync(message.agent, message.pin, {asSupervisor: supervisor, source: client.source, via: 'control'});
      // The seat may have gone while its PIN was checked: nothing to sign in.
      if (client.ws.readyState !== client.ws.OPEN) return;
    } else {
      send(client, {type: 'error', ...(ref ? {ref} : {}), code: 'bad-hello', message: 'hello needs agent and pin, or token'});
      return;
    }
    if (!identity || (!supervisor && !sw.acd.hasAgent(identity.agent))) {
      client.failures++;
      send(client, {type: 'error', ...(ref ? {ref} : {}), code: 'auth', message: supervisor ? 'not a lead, or wrong PIN/token' : 'wrong agent id, PIN or token'});
      if (client.failures >= 3) client.ws.close(1008, 'too many failed sign-ins');
      return;
    }
    // Connect first (state changes are broadcast to the others), then welcome this client with
    // the result, so its first message is always `welcome`.
    if (!supervisor) sw.seatConnected(identity.agent, true, message.resume);
    client.identity = identity;
    client.supervisor = supervisor;
    welcome(client, ref);
  };

  const onMessage = async (client: Client, data: RawData, isBinary: boolean) => {
    if (isBinary) {
      send(client, {type: 'error', code: 'bad-message', message: 'binary frames are not accepted: send JSON text'});
      return;
    }
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength;
    if (size > maxBytes) {
      send(client, {type: 'error', code: 'too-large', message: `message of ${size} bytes exceeds the ${maxBytes}-byte limit`});
      return;
    }
    const parsed = parseClientMessage(data.toString());
    if (!parsed.ok) {
      const ref = refOf(data.toString());
      send(client, {type: 'error', ...(ref ? {ref} : {}), code: 'bad-message', message: parsed.error});
      return;
    }
    const message = parsed.message;
    if (message.type === 'hello') {
      // Set before the first await: whatever arrives next waits for this hello's outcome.
      client.checking = true;
      try {
        await hello(client, message);
      } finally {
        client.checking = false;
        drain(client);
      }
      return;
    }
    const ref = message.id;
    const fail = (code: string, text: string) => send(client, {type: 'error', ...(ref ? {ref} : {}), code, message: text});
    if (!client.identity) {
      fail('not-authenticated', 'say hello first');
      return;
    }
    if (message.type === 'ping') {
      send(client, {type: 'pong', ...(ref ? {ref} : {}), now: sw.now()});
      return;
    }
    // A lead's read-only link still listens in: it writes no record (the switch decides who may).
    if (client.supervisor && !leadCommands.has(message.type)) {
      fail('read-only', `supervisor views cannot send commands (${message.type})`);
      return;
    }
    try {
      await sw.command(client.identity.agent, message);
      if (ref) send(client, {type: 'ack', ref});
    } catch (error) {
      if (error instanceof AcdError || error instanceof SwitchError) fail(error.code, error.message);
      else fail('internal', `could not ${message.type}: ${(error as Error).message}`);
    }
  };

  const dispatch = (client: Client, data: RawData, isBinary: boolean) => {
    onMessage(client, data, isBinary).catch(() => {});
  };

  /** Handle the messages held behind a hello, in order, until another hello is being checked. */
  const drain = (client: Client) => {
    while (!client.checking && client.held.length > 0) {
      const [data, isBinary] = client.held.shift()!;
      dispatch(client, data, isBinary);
    }
  };

  wss.on('connection', (ws: WebSocket, request: http.IncomingMessage) => {
    const client: Client = {ws, source: request.socket.remoteAddress, supervisor: false, failures: 0, checking: false, held: []};
    clients.add(client);
    const helloTimer = setTimeout(() => {
      if (!client.identity) ws.close(1008, 'no hello');
    }, helloTimeoutMs);
    helloTimer.unref();
    ws.on('message', (data, isBinary) => {
      if (!client.checking) {
        dispatch(client, data, isBinary);
      } else if (client.held.length < MAX_HELD) {
        client.held.push([data, isBinary]);
      } else {
        send(client, {type: 'error', code: 'busy', message: `sign-in still being checked: more than ${MAX_HELD} messages sent behind hello`});
      }
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      clearTimeout(helloTimer);
      clients.delete(client);
      if (client.identity && !client.supervisor) sw.seatConnected(client.identity.agent, false);
    });
  });

  hub.upgrade('/control', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(request, socket, head, ws => wss.emit('connection', ws, request));
  });

  let closing: Promise<void> | undefined;
  return {
    clients: () => clients.size,
    close: () => closing ??= new Promise(resolve => {
      unsubscribe();
      for (const client of clients) client.ws.terminate();
      wss.close(() => resolve());
    }),
  };
}
