// What a center runs, wired together: the embedded SIP engine (unless a real drachtio-server is
// given), the switch (a drachtio-srf app), and the hub HTTP server with /control (and /sync once
// the hub is attached). Tests, the demo and the load tester start centers through this, so every
// port can be overridden (0 = any free port).
import crypto from 'node:crypto';
import fs from 'node:fs';
import type net from 'node:net';
import Srf from 'drachtio-srf';
import type {ZuoxiConfig} from '../src/config.ts';
import {attachControl, type ControlServer} from '../src/sip/control.ts';
import type {CallFactsLookup, CallFactsSink} from '../src/sip/facts-sink.ts';
import {Switch} from '../src/sip/switch.ts';
import {Auth} from './auth.ts';
import {startEngine, type Engine} from './engine/index.ts';
import {attachHealth, centerReadiness} from './health.ts';
import {HubServer} from './http.ts';
import {HubFactsSink} from './hub-facts-sink.ts';
import {attachHub, type Hub, type HubOptions} from './hub/hub.ts';
import {dayKey} from '../src/sync/doc-name.ts';
import type {SshGateway} from './ssh/gateway.ts';
import {recordingHandler, RECORDINGS_PATH} from './media/recording-http.ts';
import {startMedia, type CenterMedia} from './media/index.ts';
import {promptFile} from './media/prompts.ts';
import {RtpMedia} from './media/rtp-media.ts';
import {CenterMetrics} from './metrics.ts';
import {componentLog, type Component, type Logger, type LogLevelName} from './log.ts';


export type DrachtioAddress = {readonly host: string; readonly port: number; readonly secret: string};

export type CenterOptions = {
  /** Use this drachtio server (real or a separate engine) instead of starting the embedded engine. */
  readonly drachtio?: DrachtioAddress;
  /** Hub (HTTP/WebSocket) port; default from config.listen.hub. */
  readonly hubPort?: number;
  readonly hubHost?: string;
  /** SIP port of the embedded engine, UDP and TCP; default from config.listen.sip. */
  readonly sipPort?: number;
  readonly sipHost?: string;
  /** drachtio control port of the embedded engine; default from config.listen.control. */
  readonly controlPort?: number;
  /** Where call facts go; default: the day's call log (`calls/<team>/<day>`) in the hub. */
  readonly sink?: CallFactsSink;
  /** host[:port] of a gateway for outside numbers (transfer to a number, callbacks). */
  readonly trunk?: string;
  /** Clock override (tests). */
  readonly now?: () => number;
  readonly seatGraceMs?: number;
  readonly engineLogLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** Entries from every component (tests); ignored when `logger` is given. */
  readonly log?: (entry: Record<string, unknown>) => void;
  /**
   * The center's one logger (`zuoxi server`): every component logs through a child of it with
   * its `component` field, the engine at the logger's level.
   */
  readonly logger?: Logger;
  /**
   * Start the leads' SSH wallboard gateway (server/ssh) with config.ssh's host key and
   * authorized_keys; port/host default to config.listen.ssh (0 = any free port). Off unless given.
   */
  readonly ssh?: {readonly port?: number; readonly host?: string};
  /**
   * Carry calls' media through the center per config.policy.media (an embedded rtpengine when it
   * is installed, external ones, or signalling only, said why). Off unless given, like ssh: a
   * center started for something else (most tests, tools) stays signalling only.
   */
  readonly media?: boolean | {readonly portRange?: {readonly portMin: number; readonly portMax: number}; readonly promptsDir?: string};
};

export type Center = {
  readonly config: ZuoxiConfig;
  readonly auth: Auth;
  readonly hub: HubServer;
  readonly switch: Switch;
  readonly control: ControlServer;
  readonly srf: Srf;
  readonly sink: CallFactsSink;
  readonly engine?: Engine;
  /** The sync hub on /sync (the day documents; the switch writes call facts into them). */
  readonly sync: Hub;
  /** The SSH wallboard gateway, when started (options.ssh). */
  readonly ssh?: SshGateway;
  /** The center's media (options.media): rtpengine, or why calls are signalling only. */
  readonly media?: CenterMedia;
  readonly addresses: {
    readonly hub: {host: string; port: number};
    /** WebSocket URL of the control channel. */
    readonly controlUrl: string;
    /** SIP listen addresses of the embedded engine (absent with an external drachtio). */
    readonly sip?: ReadonlyArray<{transport: 'udp' | 'tcp'; host: string; port: number}>;
    /** drachtio control address the switch connected to. */
    readonly drachtio: {host: string; port: number};
  };
  close(): Promise<void>;
};

type SipSpec = {transport: 'udp' | 'tcp'; host: string; port: number};

/** `udp:127.0.0.1:5060,tcp:127.0.0.1:5060` → specs. */
export function parseSipListen(text: string): SipSpec[] {
  return text.split(',').map(part => {
    const match = /^(udp|tcp):(\[[0-9a-fA-F:]+\]|[\w.-]+):(\d{1,5})$/.exec(part.trim());
    if (!match) throw new TypeError(`listen.sip: "${part}" is not transport:host:port (e.g. udp:127.0.0.1:5060)`);
    return {transport: match[1] as 'udp' | 'tcp', host: match[2]!.replace(/^\[|\]$/g, ''), port: Number(match[3])};
  });
}

function splitHostPort(text: string): {host: string; port: number} {
  const i = text.lastIndexOf(':');
  return {host: text.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(text.slice(i + 1))};
}

/** Connect a drachtio-srf app; rejects on a refused secret or no server within `timeoutMs`. */
export function connectSrf(address: DrachtioAddress, timeoutMs = 10_000): Promise<Srf> {
  const srf = new Srf();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      srf.disconnect();
      reject(new Error(`no drachtio server answered at ${address.host}:${address.port} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onError = (error: Error) => {
      clearTimeout(timer);
      srf.disconnect();
      reject(new Error(`drachtio ${address.host}:${address.port}: ${error.message}`));
    };
    srf.once('error', onError);
    srf.once('connect', (error: Error | null) => {
      clearTimeout(timer);
      srf.off('error', onError);
      if (error) {
        srf.disconnect();
        reject(new Error(`drachtio ${address.host}:${address.port} refused the switch: ${error.message ?? String(error)}`));
        return;
      }
      // Later socket errors are reconnected by srf; they must not crash the process.
      srf.on('error', () => {});
      resolve(srf);
    });
    srf.connect({host: address.host, port: address.port, secret: address.secret});
  });
}


export async function startCenter(config: ZuoxiConfig, options: CenterOptions = {}): Promise<Center> {
  const logger = options.logger;
  const logOf = (component: Component): ((entry: Record<string, unknown>) => void) => logger ? componentLog(logger, component) : options.log ?? (() => {});
  const log = logOf('switch');
  const engineLog = logOf('engine');
  const cleanups: Array<() => Promise<void> | void> = [];
  let closing: Promise<void> | undefined;
  // Idempotent: tests and signal handlers may both close.
  const cleanup = () => closing ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch {}
    }
  })();
  try {
    let engine: Engine | undefined;
    let drachtio: DrachtioAddress;
    let sip: SipSpec[] | undefined;
    if (options.drachtio) {
      drachtio = options.drachtio;
    } else {
      const secret = config.drachtioSecret ?? crypto.randomBytes(18).toString('base64url');
      const specs = parseSipListen(config.listen.sip).map(s => ({
        ...s,
        host: options.sipHost ?? s.host,
        port: options.sipPort ?? s.port,
      }));
      const control = splitHostPort(config.listen.control);
      engine = await startEngine({
        sip: specs,
        control: {host: control.host, port: options.controlPort ?? control.port},
        secret,
        logLevel: options.engineLogLevel ?? (logger ? logger.level as LogLevelName : 'error'),
        ...(logger || options.log ? {log: (entry: object) => engineLog(entry as Record<string, unknown>)} : {}),
      });
      cleanups.push(() => engine!.close());
      sip = engine.sip.map(s => ({transport: s.transport as 'udp' | 'tcp', host: s.host, port: s.port}));
      drachtio = {host: engine.control.host, port: engine.control.port, secret};
    }

    const srf = await connectSrf(drachtio);
    cleanups.push(() => srf.disconnect());

    // Without a logger, auth and hub refusals keep their own default (JSON on stderr at warn).
    const auth = new Auth(config, logger ? {log: logOf('auth')} : {});
    const hub = new HubServer(config.tls ? readTls(config.tls) : undefined);
    const sync = attachHub(hub, {
      auth, dataDir: config.dataDir, ...hubLimits(config.policy.hub),
      ...(options.now ? {now: options.now} : {}),
      ...(logger ? {log: logOf('hub')} : {}),
    });
    cleanups.push(() => sync.close());
    const hubSink = options.sink ? undefined : new HubFactsSink(sync, config.center.timeZone, log);
    if (hubSink) cleanups.push(() => hubSink.close());
    const metrics = new CenterMetrics();
    const facts = options.sink ?? hubSink!;
    // Where recordings are looked up: the call log itself, not the counting wrapper.
    const lookup = 'find' in facts ? facts as CallFactsSink & CallFactsLookup : undefined;
    const sink = metrics.countingSink(facts);
    let media: CenterMedia | undefined;
    if (options.media) {
      const {portRange, promptsDir} = typeof options.media === 'object' ? options.media : {};
      media = await startMedia({
        media: config.policy.media, dataDir: config.dataDir, log: logOf('media'), ...(portRange ? {portRange} : {}), ...(promptsDir ? {promptsDir} : {}),
        // The switch is built next; a call is queued only once it runs.
        standing: callId => sw.acd.standing(callId),
      });
      cleanups.push(() => media!.close());
    }
    const sw = new Switch({
      config, sink, log,
      ...(lookup ? {lookup} : {}),
      ...(media ? {media: media.port} : {}),
      // a closed queue's caller hears 「目前不属于…的工作时间」 (the queue's own file, else the shipped one).
      announcement: (queue, reason) => {
        if (reason !== 'closed') return undefined;
        const own = config.policy.media.prompts[queue] ?? {};
        return promptFile('out-of-hours', {language: own.language ?? config.policy.media.language, files: own.outOfHours ? {'out-of-hours': own.outOfHours} : {}});
      },
      ...(options.now ? {now: options.now} : {}),
      ...(options.trunk ? {trunk: options.trunk} : {}),
      ...(options.seatGraceMs === undefined ? {} : {seatGraceMs: options.seatGraceMs}),
    });
    // A restart keeps today's figures: the counters are rebuilt from the day's records (issue 15).
    if (hubSink) {
      const now = options.now?.() ?? Date.now();
      const day = dayKey(now, config.center.timeZone);
      const facts = await Promise.all(config.teams.map(team => hubSink.dayFacts(team.id, day)));
      sw.acd.restoreDay(facts.flat(), now);
    }
    await sw.start(srf);
    cleanups.push(() => sw.close());

    const control = attachControl(hub, {auth, switch: sw});
    // recordings to the team's lead (zuoxi recording).
    hub.handle(RECORDINGS_PATH, recordingHandler({config, auth, ...(lookup ? {lookup} : {})}));
    const mediaPort = media?.port;
    metrics.watch({
      switch: sw,
      hub: () => sync.stats(),
      ...(engine ? {engine} : {}),
      ...(mediaPort instanceof RtpMedia ? {media: () => mediaPort.stats()} : {}),
    });
    hub.handle('/metrics', metrics.handler(config.metricsToken));
    attachHealth(hub, centerReadiness({srf, hub, mediaOff: config.policy.media.rtpengine === 'off', ...(engine ? {engine} : {}), ...(media ? {media} : {})}));
    const hubListen = splitHostPort(config.listen.hub);
    // Upgraded sockets are not the HTTP server's any more: end them before closing it.
    cleanups.push(() => control.close());
    const bound: net.AddressInfo = await hub.listen(options.hubHost ?? hubListen.host, options.hubPort ?? hubListen.port);
    cleanups.push(async () => {
      await control.close();
      await hub.close();
    });
    const hubHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;

    let ssh: SshGateway | undefined;
    if (options.ssh) {
      // Loaded only when asked for: the gateway brings Ink and React with it.
      const {startSshGateway} = await import('./ssh/gateway.ts');
      const sshListen = splitHostPort(config.listen.ssh);
      try {
        ssh = await startSshGateway({
          host: options.ssh.host ?? sshListen.host,
          port: options.ssh.port ?? sshListen.port,
          hostKeyPath: config.ssh.hostKey,
          authorizedKeysPath: config.ssh.authorizedKeys,
          auth, agents: config.agents, policy: config.policy, timeZone: config.center.timeZone,
          hubUrl: await hub.internalUrl(),
          log: logger ? componentLog(logger, 'ssh') : line => log({level: 'info', message: line}),
        });
        cleanups.push(() => ssh!.close());
      } catch (error) {
        // The wallboard is for the leads; calls must flow without it (port taken, bad host key).
        log({level: 'error', message: `ssh gateway not started: ${(error as Error).message}`});
      }
    }

    return {
      config, auth, hub, switch: sw, control, srf, sink, sync,
      ...(engine ? {engine} : {}),
      ...(ssh ? {ssh} : {}),
      ...(media ? {media} : {}),
      addresses: {
        hub: {host: bound.address, port: bound.port},
        controlUrl: `${config.tls ? 'wss' : 'ws'}://${hubHost}:${bound.port}/control`,
        ...(sip ? {sip} : {}),
        drachtio: {host: drachtio.host, port: drachtio.port},
      },
      close: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The hub's document window and quotas from the center's policy (issue 15). */
function hubLimits(policy: ZuoxiConfig['policy']['hub']): Pick<HubOptions, 'periodWindow' | 'writeLimits' | 'connectionLimits'> {
  return {
    periodWindow: {pastDays: policy.pastDays, futureDays: policy.futureDays, pastMonths: policy.pastMonths, futureMonths: policy.futureMonths},
    writeLimits: {maxFieldBytes: policy.maxFieldKiB * 1024, maxUpdateBytes: policy.maxUpdateKiB * 1024},
    connectionLimits: {
      perIdentity: {agent: policy.maxConnectionsPerAgent, lead: policy.maxConnectionsPerLead, supervisor: policy.maxConnectionsPerSupervisor},
      perSource: policy.maxConnectionsPerSource,
    },
  };
}

/** The hub's certificate and key (PEM files); a file that cannot be read is named. */
function readTls(tls: {cert: string; key: string}): {cert: Buffer; key: Buffer} {
  const read = (field: 'cert' | 'key') => {
    try {
      return fs.readFileSync(tls[field]);
    } catch (error) {
      throw new Error(`tls.${field}: cannot read ${tls[field]}: ${(error as Error).message}`);
    }
  };
  return {cert: read('cert'), key: read('key')};
}
