// The engine: a SIP server that drachtio-srf apps connect to exactly as to drachtio-server.
// This file only wires the layers — transports (transport.ts), transactions (transactions.ts),
// UAS core, UAC core, proxy core, dialogs (dialogs/), target location (locate.ts), the
// drachtio app link (app-link.ts, control.ts) and metrics — and starts and stops them.
// Behaviour follows drachtio-server where the issues are silent.
import net from 'node:net';
import {getHeader, type SipMessage} from './sip/message.ts';
import {AppLink} from './app-link.ts';
import type {ControlClient} from './control.ts';
import {levelRank, TxnTable, type Core, type EngineOptions, type LogLevel} from './context.ts';
import {DialogTable} from './dialogs/dialog.ts';
import {Locator} from './locate.ts';
import {EngineMetrics, type EngineGauges} from './metrics.ts';
import {ProxyCore} from './proxy-core.ts';
import {defaultTimers, type TxnHost} from './transactions.ts';
import {Transports, type Flow, type ListenSpec} from './transport.ts';
import {UacCore} from './uac-core.ts';
import {UasCore} from './uas-core.ts';

export {ENGINE_VERSION} from './app-link.ts';
export type {EngineOptions, LogLevel} from './context.ts';

export class Engine {
  readonly sip: ListenSpec[];
  control: {host: string; port: number} = {host: '', port: 0};
  readonly #core: Core;
  #controlServer: net.Server | undefined;

  constructor(opts: EngineOptions) {
    const level = levelRank[opts.logLevel ?? 'info'];
    // Read at scrape time, once the core below exists.
    const metrics = new EngineMetrics(() => this.#gauges());
    const counters = metrics.counters;
    const log = (lv: LogLevel, msg: string, fields: object = {}): void => {
      if (levelRank[lv] > level || !opts.log) return;
      opts.log({time: new Date().toISOString(), level: lv, msg, ...fields});
    };
    const debug = level >= levelRank.debug;
    const txns = new TxnTable();
    const transports = new Transports({
      message: (msg, flow) => onMessage(msg, flow),
      parseError: (error, partial, flow) => {
        try {
          core.uas.onParseError(error, partial, flow);
        } catch (e) {
          counters.internal_errors++;
          log('error', 'failed to answer a bad message', {error: (e as Error).stack});
        }
      },
      truncated: (flow, pending) => {
        counters.truncated_streams++;
        counters.dropped++;
        log('warn', 'tcp stream closed inside a message', {peer: `${flow.address}:${flow.port}`, pending});
      },
      error: (error, where) => log('warn', 'transport error', {where, error: error.message}),
      connectFailed: (address, port, error) => {
        log('info', 'tcp connection failed', {peer: `${address}:${port}`, error: error.message});
        for (const out of [...txns.outById.values()]) {
          const f = out.txn.flow;
          if (f.transport === 'tcp' && f.address === address && f.port === port && out.txn.state !== 'terminated') out.txn.transportFailed();
        }
      },
    });
    const send = (flow: Flow, data: Buffer): boolean => {
      counters.sip_messages_out++;
      if (debug) {
        const nl = data.indexOf('\r\n');
        log('debug', 'sip out', {start: data.toString('utf8', 0, nl < 0 ? Math.min(80, data.length) : nl), peer: `${flow.transport}:${flow.address}:${flow.port}`});
      }
      return transports.send(flow, data);
    };
    const host: TxnHost = {
      timers: {...defaultTimers, ...opts.timers},
      send,
      onRetransmit: () => { counters.retransmissions_sent++; },
      unanswered: t => {
        const it = txns.inById.get(t.id);
        if (it && !it.proxy) core.uas.respond(it, 408, 'Request Timeout - no final response from the application');
      },
    };
    const timer = (ms: number, fn: () => void): NodeJS.Timeout => {
      const t = setTimeout(() => {
        try {
          fn();
        } catch (error) {
          counters.internal_errors++;
          log('error', 'timer failed', {error: (error as Error).stack});
        }
      }, ms);
      t.unref();
      return t;
    };
    const core = {
      opts, sip: transports.bound, transports, host, metrics, counters, txns,
      dialogs: new DialogTable(), clients: new Set<ControlClient>(), closing: false, debug, log, send, timer,
    } as Omit<Core, 'locate' | 'uas' | 'uac' | 'proxy' | 'app'> as Core;
    Object.assign(core, {locate: new Locator(core), uas: new UasCore(core), uac: new UacCore(core), proxy: new ProxyCore(core), app: new AppLink(core)});
    const onMessage = (msg: SipMessage, flow: Flow): void => {
      counters.sip_messages_in++;
      if (debug) {
        log('debug', 'sip in', {start: msg.status ? `${msg.status} ${msg.reason}` : `${msg.method} ${msg.uri}`, cseq: getHeader(msg, 'cseq'), callId: getHeader(msg, 'call-id'), peer: `${flow.transport}:${flow.address}:${flow.port}`});
      }
      try {
        if (msg.status) {
          counters.sip_responses_in++;
          metrics.response(msg.status);
          core.uac.onResponse(msg, flow);
        } else {
          counters.sip_requests_in++;
          metrics.request(msg.method ?? '');
          core.uas.onRequest(msg, flow);
        }
      } catch (error) {
        // a message we failed to handle is dropped and counted; the engine goes on
        counters.internal_errors++;
        counters.dropped++;
        log('error', 'failed to handle a SIP message', {error: (error as Error).stack, peer: `${flow.address}:${flow.port}`});
      }
    };
    this.#core = core;
    this.sip = transports.bound;
  }

  async start(): Promise<void> {
    const core = this.#core;
    core.metrics.start();
    await core.transports.listen(core.opts.sip);
    const server = net.createServer(socket => core.app.onConnection(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(core.opts.control.port, core.opts.control.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', error => core.log('error', 'control server error', {error: error.message}));
    this.#controlServer = server;
    const a = server.address() as net.AddressInfo;
    this.control = {host: core.opts.control.host, port: a.port};
    core.log('info', 'engine listening', {sip: this.sip.map(s => `${s.transport}:${s.host}:${s.port}`), control: `${this.control.host}:${this.control.port}`});
  }

  /** Ready for calls: listening, not shutting down, and some app (the switch) connected. */
  readiness(): {ready: boolean; detail?: string} {
    const core = this.#core;
    if (core.closing) return {ready: false, detail: 'shutting down'};
    if (!this.#controlServer) return {ready: false, detail: 'not listening yet'};
    if (!core.app.anyConnected()) return {ready: false, detail: 'no app connected'};
    return {ready: true};
  }

  /** p50/p99 of INVITE (received) → 2xx (sent) over the last answered calls, in ms. */
  answerLatency(): {count: number; p50: number; p99: number; max: number} {
    return this.#core.metrics.answerLatency();
  }

  #gauges(): EngineGauges {
    const {txns, dialogs, clients, transports} = this.#core;
    return {
      server_transactions: txns.inById.size,
      client_transactions: txns.outById.size,
      transactions: txns.inById.size + txns.outById.size,
      dialogs: dialogs.size,
      control_clients: clients.size,
      tcp_connections: transports.connectionCount,
    };
  }

  metrics(): Record<string, number> {
    return this.#core.metrics.snapshot(this.#gauges());
  }

  /** The engine's metrics for Prometheus (prom-client); a center merges it into its own. */
  get registry(): EngineMetrics['registry'] {
    return this.#core.metrics.registry;
  }

  async close(): Promise<void> {
    const core = this.#core;
    if (core.closing) return;
    core.closing = true;
    core.metrics.stop();
    this.#controlServer?.close();
    core.uas.held.flush();
    // end confirmed calls cleanly: BYE each one and wait (bounded) for the answers
    const pending: Promise<void>[] = [];
    for (const d of [...core.dialogs.values()]) {
      if (d.early) { core.dialogs.remove(d); continue; }
      pending.push(new Promise<void>(resolve => core.uac.byeOnBehalf(d, resolve)));
    }
    if (pending.length) {
      core.log('info', 'ending dialogs before shutdown', {dialogs: pending.length});
      await Promise.race([Promise.all(pending), new Promise(resolve => setTimeout(resolve, Math.min(2000, 4 * core.host.timers.t1 + 500)))]);
    }
    for (const it of core.txns.inById.values()) it.txn.terminate();
    for (const out of [...core.txns.outById.values()]) out.txn.terminate();
    for (const c of core.clients) c.socket.destroy();
    core.clients.clear();
    await core.transports.close();
    core.log('info', 'engine closed');
  }
}
