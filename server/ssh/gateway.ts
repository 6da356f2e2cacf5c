// The SSH gateway (ssh2): `ssh -p 2222 lead@center` shows the team lead the wallboard.
// Public-key authentication only, against the leads' authorized_keys (server/ssh/authorized-keys.ts
// says how a key names its lead); password and keyboard-interactive are refused, and so are
// exec, sftp/subsystems, port forwarding, agent and X11 forwarding. Each session gets its own
// Ink wallboard rendered into the channel at the pty's size, follows window-change, and reads
// the floor through its team's shared source, subscribed with a read-only `supervisor` token
// issued by Auth — the gateway holds no other power over the center.
import net from 'node:net';
import process from 'node:process';
import ssh2 from 'ssh2';
import type {Auth} from '../auth.ts';
import type {ZuoxiConfig} from '../../src/config.ts';
import type {PolicyConfig} from '../../src/rules/config.ts';
import {runWallboard, type WallboardHandle} from '../../src/tui/wallboard/run-wallboard.tsx';
import {startFloorSource, type FloorSource} from '../../src/client/floor/floor-source.ts';
import type {Lang} from '../../src/tui/wallboard/i18n.ts';
import {ensureHostKey} from './host-key.ts';
import {AuthorizedKeys, type LeadKey} from './authorized-keys.ts';
import {keyRefusal} from './key-options.ts';
import {channelTerminal} from './terminal.ts';

export type SshGatewayOptions = {
  readonly host?: string;
  /** 0 picks a free port (see `port` on the result). */
  readonly port: number;
  readonly hostKeyPath: string;
  readonly authorizedKeysPath: string;
  readonly auth: Auth;
  /** The agents of the center: a key must name one whose role is lead. */
  readonly agents: ZuoxiConfig['agents'];
  /** ws://HOST:PORT of the hub the wallboards subscribe to. */
  readonly hubUrl: string;
  readonly policy?: PolicyConfig;
  /** Default language; a client may send LANG (zh_CN… / en…) in its environment. */
  readonly lang?: Lang;
  /** The center's time zone (config.center.timeZone), for the day's documents. */
  readonly timeZone?: string;
  /** At most this many wallboards at once (all clients). */
  readonly maxSessions?: number;
  /** Failed authentication attempts one connection may make (default 6, as OpenSSH's MaxAuthTries). */
  readonly maxAuthTries?: number;
  /** A connection not authenticated by then is closed (default 20 s, as OpenSSH's LoginGraceTime is to 120 s). */
  readonly preAuthTimeoutMs?: number;
  /** Connections not yet authenticated from one address at once (default 32: a floor's leads behind one NAT sign in together). */
  readonly maxPreAuthPerSource?: number;
  /** Diagnostics (refusals, drops). */
  readonly log?: (line: string) => void;
};

export type SshGateway = {
  readonly port: number;
  readonly hostPublicKey: string;
  /** Wallboards open now. */
  sessions(): number;
  close(): Promise<void>;
};

type Live = {handle?: WallboardHandle; end(): void};

/** A terminal size from the client: 0 or junk → `fallback`; absurd sizes are bounded (a frame per second of 100,000 columns would be a denial of service). */
function clamp(value: number, fallback: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value <= 0) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

export async function startSshGateway(options: SshGatewayOptions): Promise<SshGateway> {
  const log = options.log ?? (() => {});
  const hostKey = ensureHostKey(options.hostKeyPath);
  const leads = new Map(options.agents.filter(a => a.role === 'lead').map(a => [a.id, a]));
  const keys = new AuthorizedKeys(options.authorizedKeysPath, id => leads.has(id));
  for (const problem of keys.current().problems) log(JSON.stringify({level: 'warn', msg: `ssh: authorized keys: ${problem}`}));
  const maxSessions = options.maxSessions ?? 64;
  // Each wallboard's /sync documents hold a y-websocket provider, and each provider a process
  // 'exit' listener while it lives: make room for a full gateway without a leak warning.
  process.setMaxListeners(Math.max(process.getMaxListeners(), 10 + maxSessions * 4));
  const live = new Set<Live>();
  const clients = new Set<ssh2.Connection>();

  // One floor source per team, shared by that team's sessions: one /control subscription and
  // one copy of the day's documents however many leads watch. It reads with a supervisor token
  // of the lead who opened it, revoked when the team's last session ends.
  const floors = new Map<string, {source: FloorSource; token: string; users: number}>();
  const acquireFloor = (agent: ZuoxiConfig['agents'][number]): FloorSource => {
    let floor = floors.get(agent.team);
    if (!floor) {
      const token = options.auth.issueToken({agent: agent.id, name: agent.name, team: agent.team, role: 'supervisor'});
      const source = startFloorSource({hubUrl: options.hubUrl, credentials: {token}, policy: options.policy, timeZone: options.timeZone});
      floor = {source, token, users: 0};
      floors.set(agent.team, floor);
      const opened = floor;
      // A refused source is dropped (its sessions end); the next lead opens a fresh one.
      source.onRefused(reason => {
        log(JSON.stringify({level: 'warn', msg: `ssh: the hub refused team ${agent.team}'s wallboard feed: ${reason}`}));
        if (floors.get(agent.team) === opened) floors.delete(agent.team);
      });
    }
    floor.users++;
    return floor.source;
  };
  const releaseFloor = (team: string, source: FloorSource) => {
    const floor = floors.get(team);
    if (!floor || floor.source !== source) {
      source.close();
      return;
    }
    if (--floor.users > 0) return;
    floors.delete(team);
    floor.source.close();
    options.auth.revokeToken(floor.token);
  };

  const maxAuthTries = options.maxAuthTries ?? 6;
  const preAuthTimeoutMs = options.preAuthTimeoutMs ?? 20_000;
  const maxPreAuthPerSource = options.maxPreAuthPerSource ?? 32;
  /** Sockets not authenticated yet, by `address:port`: their grace timers. */
  const preAuth = new Map<string, NodeJS.Timeout>();
  const preAuthFrom = new Map<string, number>();
  const server = new ssh2.Server({hostKeys: [hostKey.privateKey], ident: 'zuoxi'}, (client, info) => {
    clients.add(client);
    // Issue 15: 200 keys in one connection (and see the socket limits below).
    const source = info.ip;
    const settlePreAuth = () => settleSocket(`${info.ip}:${info.port}`, info.ip);
    let cutOff = false;
    let failures = 0;
    let lead: string | undefined;
    let leadKey: LeadKey | undefined;
    const mine = new Set<Live>();
    const endAll = () => {
      for (const session of mine) session.end();
    };
    client.on('error', () => {});
    client.on('close', () => {
      clients.delete(client);
      endAll();
    });

    client.on('authentication', ctx => {
      if (cutOff) {
        ctx.reject([]);
        return;
      }
      const reject = () => {
        // The client's opening "none" is how it learns the methods: not a try.
        if (ctx.method !== 'none' && ++failures >= maxAuthTries) {
          log(JSON.stringify({level: 'warn', msg: 'ssh: too many authentication failures', source, user: ctx.username, reason: 'max-auth-tries'}));
          cutOff = true;
          ctx.reject([]);
          client.end();
          return;
        }
        ctx.reject(['publickey']);
      };
      if (ctx.method !== 'publickey') {
        reject();
        return;
      }
      const match = keys.find(ctx.key.algo, ctx.key.data);
      if (!match) {
        log(JSON.stringify({level: 'warn', msg: 'ssh: refused key', source, user: ctx.username, reason: 'unknown-key'}));
        reject();
        return;
      }
      const refusal = keyRefusal(match.options, source, Date.now());
      if (refusal) {
        log(JSON.stringify({level: 'warn', msg: 'ssh: refused key', source, user: ctx.username, lead: match.lead, reason: refusal}));
        reject();
        return;
      }
      // Without a signature the client only asks whether the key would do.
      if (!ctx.signature || !ctx.blob) {
        ctx.accept();
        return;
      }
      if (match.key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) {
        reject();
        return;
      }
      lead = match.lead;
      leadKey = match;
      ctx.accept();
    });

    client.on('ready', () => {
      settlePreAuth();
      // No port forwarding in either direction, no streamlocal.
      client.on('tcpip', (_accept, reject) => reject());
      client.on('openssh.streamlocal', (_accept, reject) => reject());
      client.on('request', (_accept, reject) => reject?.());
      client.on('session', (accept, reject) => {
        if (live.size >= maxSessions || !lead) {
          reject();
          return;
        }
        const session = accept();
        let size = {cols: 80, rows: 24};
        let lang: Lang = options.lang ?? 'zh-CN';
        let started = false;
        const entry: Live & {resize?: (cols: number, rows: number) => void} = {end: () => {}};
        session.on('pty', (ok, no, info) => {
          if (leadKey && !leadKey.options.pty) {
            no?.(); // no-pty / restrict in authorized_keys
            return;
          }
          size = {cols: clamp(info.cols, 80, 20, 500), rows: clamp(info.rows, 24, 8, 200)};
          ok?.();
        });
        session.on('env', (ok, _no, info) => {
          if (info.key === 'LANG' || info.key === 'LC_ALL') lang = /^zh/i.test(info.val) ? 'zh-CN' : /^en/i.test(info.val) ? 'en' : lang;
          ok?.();
        });
        session.on('window-change', (ok, _no, info) => {
          size = {cols: clamp(info.cols, size.cols, 20, 500), rows: clamp(info.rows, size.rows, 8, 200)};
          entry.resize?.(size.cols, size.rows);
          ok?.();
        });
        session.on('exec', (_ok, no) => no?.());
        session.on('subsystem', (_ok, no) => no?.());
        session.on('sftp', (_ok, no) => no?.());
        session.on('x11', (_ok, no) => no?.());
        session.on('auth-agent', (_ok, no) => no?.());
        session.on('signal', (ok) => ok?.());
        session.on('shell', (ok, no) => {
          // Sessions may all be opened before any shell starts: the limit is checked here too.
          if (started || !lead || live.size >= maxSessions) {
            if (live.size >= maxSessions) log(JSON.stringify({level: 'warn', msg: 'ssh: shell refused', source: info.ip, lead, reason: 'max-sessions'}));
            no?.();
            return;
          }
          started = true;
          const channel = ok();
          const agent = leads.get(lead);
          if (!agent) {
            channel.stderr.write('zuoxi: this key is no longer a lead\'s\r\n');
            channel.exit(1);
            channel.end();
            return;
          }
          let ended = false;
          const terminal = channelTerminal(channel, size.cols, size.rows, () => entry.end());
          const source = acquireFloor(agent);
          entry.end = () => {
            if (ended) return;
            ended = true;
            live.delete(entry);
            mine.delete(entry);
            entry.handle?.close();
            releaseFloor(agent.team, source);
            terminal.dispose();
            if (!channel.destroyed) {
              try {
                channel.exit(0);
                channel.end();
              } catch {}
            }
          };
          entry.resize = (cols, rows) => {
            // Ink lays out to stdout.columns: move the terminal first, then redraw.
            terminal.resize(cols, rows);
            entry.handle?.resize(cols, rows);
          };
          live.add(entry);
          mine.add(entry);
          channel.on('close', () => entry.end());
          channel.on('error', () => entry.end());
          try {
            entry.handle = runWallboard({
              hubUrl: options.hubUrl,
              source,
              viewer: {agent: agent.id, name: agent.name},
              lang,
              stdin: terminal.stdin,
              stdout: terminal.stdout,
              columns: size.cols,
              rows: size.rows,
            });
          } catch (error) {
            // A wallboard that cannot start must not take the gateway (or the center) down.
            log(JSON.stringify({level: 'error', msg: `ssh: wallboard for ${agent.id} failed to start: ${(error as Error).message}`}));
            if (!channel.destroyed) channel.write('\r\nzuoxi: the wallboard could not start\r\n');
            entry.end();
            return;
          }
          void entry.handle.done.then(result => {
            if (result.refused && !channel.destroyed) channel.write(`\r\nzuoxi: the hub refused the wallboard: ${result.refused}\r\n`);
            entry.end();
          });
        });
      });
    });
  });

  // Sockets are limited before they speak SSH: ssh2 hands a connection over only once the client
  // sent its version line, and 21,000 sockets that never did held 19,137 fds (issue 15).
  function settleSocket(key: string, address: string | undefined): void {
    const timer = preAuth.get(key);
    if (!timer) return;
    clearTimeout(timer);
    preAuth.delete(key);
    const n = (preAuthFrom.get(address ?? '') ?? 1) - 1;
    if (n > 0) preAuthFrom.set(address ?? '', n);
    else preAuthFrom.delete(address ?? '');
  }
  (server as unknown as {_srv: net.Server})._srv.on('connection', (socket: net.Socket) => {
    const address = socket.remoteAddress ?? '';
    const key = `${address}:${socket.remotePort}`;
    const from = (preAuthFrom.get(address) ?? 0) + 1;
    if (from > maxPreAuthPerSource) {
      log(JSON.stringify({level: 'warn', msg: 'ssh: too many unauthenticated connections', source: address, reason: 'pre-auth-cap'}));
      socket.destroy();
      return;
    }
    preAuthFrom.set(address, from);
    const timer = setTimeout(() => {
      log(JSON.stringify({level: 'warn', msg: 'ssh: not authenticated in time', source: address, reason: 'pre-auth-timeout'}));
      socket.destroy();
    }, preAuthTimeoutMs);
    timer.unref();
    preAuth.set(key, timer);
    socket.once('close', () => settleSocket(key, address));
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  log(`ssh: wallboard gateway on ${host}:${port} (host key ${hostKey.created ? 'generated' : 'loaded'})`);

  return {
    port,
    hostPublicKey: hostKey.publicKey,
    sessions: () => live.size,
    close: () => new Promise<void>(resolve => {
      for (const entry of [...live]) entry.end();
      for (const floor of floors.values()) {
        floor.source.close();
        options.auth.revokeToken(floor.token);
      }
      floors.clear();
      for (const client of clients) client.end();
      server.close(() => resolve());
      // Clients that never answer must not hold close() open.
      setTimeout(() => {
        for (const client of clients) (client as unknown as {_sock?: net.Socket})._sock?.destroy();
      }, 500).unref();
    }),
  };
}
