// What the engine counts and measures: event counters, INVITE→2xx latency over the last
// answered calls, and event-loop lag (it tells engine stalls apart from slow apps or callees).
// `snapshot` gives the figures as numbers (benchmarks, tests); `registry` exposes them to
// Prometheus (prom-client): counters as *_total, current sizes as gauges, the answer latency as
// a histogram in seconds.
import {monitorEventLoopDelay, type IntervalHistogram} from 'node:perf_hooks';
import process from 'node:process';
import client from 'prom-client';

const counterNames = [
  'sip_messages_in', 'sip_messages_out', 'sip_requests_in', 'sip_responses_in', 'retransmissions_sent',
  'retransmissions_received', 'parse_errors', 'dropped', 'bad_requests', 'calls_in', 'calls_out', 'calls_answered',
  'control_connections', 'control_errors', 'auth_failures', 'dialogs_created', 'truncated_streams', 'proxied',
  'internal_errors', 'session_refreshes', 'sessions_expired',
] as const;
export type CounterName = typeof counterNames[number];

/** Current sizes the wiring reports alongside the counters. */
export interface EngineGauges {
  server_transactions: number;
  client_transactions: number;
  transactions: number;
  dialogs: number;
  control_clients: number;
  tcp_connections: number;
}

/** HELP text of each counter (exposed as zuoxi_engine_<name>_total). */
const counterHelp: Record<CounterName, string> = {
  sip_messages_in: 'SIP messages received (requests and responses, retransmissions included).',
  sip_messages_out: 'SIP messages sent.',
  sip_requests_in: 'SIP requests received.',
  sip_responses_in: 'SIP responses received.',
  retransmissions_sent: 'Requests and responses the engine retransmitted (timers A, E, G, 2xx).',
  retransmissions_received: 'Retransmissions received and absorbed by a transaction.',
  parse_errors: 'Messages that did not parse as SIP.',
  dropped: 'Messages dropped (unparseable, no transaction, over limits).',
  bad_requests: 'Requests answered 400.',
  calls_in: 'Out-of-dialog INVITEs received.',
  calls_out: 'Out-of-dialog INVITEs sent for an app.',
  calls_answered: 'Out-of-dialog INVITEs answered with a 2xx.',
  control_connections: 'drachtio control connections accepted.',
  control_errors: 'drachtio control messages refused or failed.',
  auth_failures: 'drachtio control connections with a wrong secret.',
  dialogs_created: 'Dialogs created.',
  truncated_streams: 'TCP streams closed with a partial message.',
  proxied: 'Requests proxied.',
  internal_errors: 'Internal errors caught (a timer or handler that threw).',
  session_refreshes: 'Session-timer refreshes sent (RFC 4028).',
  sessions_expired: 'Sessions ended because the session timer expired.',
};

const gaugeHelp: Record<keyof EngineGauges, string> = {
  server_transactions: 'Server transactions in progress.',
  client_transactions: 'Client transactions in progress.',
  transactions: 'Transactions in progress.',
  dialogs: 'Dialogs in progress.',
  control_clients: 'drachtio apps connected.',
  tcp_connections: 'SIP TCP connections open.',
};

const knownMethods = new Set(['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'PRACK', 'UPDATE', 'INFO', 'REFER', 'NOTIFY', 'SUBSCRIBE', 'MESSAGE', 'PUBLISH']);

export class EngineMetrics {
  readonly counters = Object.fromEntries(counterNames.map(n => [n, 0])) as Record<CounterName, number>;
  /** INVITE→2xx latencies (ms) of the most recent answered calls, a ring. */
  readonly #answerMs = new Float64Array(5000);
  #answerCount = 0;
  readonly #loopDelay: IntervalHistogram = monitorEventLoopDelay({resolution: 10});

  /** The engine's metrics for Prometheus; `gauges` reads the current sizes at scrape time. */
  readonly registry = new client.Registry();
  readonly #answerSeconds = new client.Histogram({
    name: 'zuoxi_engine_answer_seconds',
    help: 'Out-of-dialog INVITE received to its 2xx sent, in seconds.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly #requests = new client.Counter({
    name: 'zuoxi_engine_sip_requests_received_total', help: 'SIP requests received, by method (methods outside RFC 3261 and its extensions as "other").',
    labelNames: ['method'], registers: [this.registry],
  });
  readonly #responses = new client.Counter({
    name: 'zuoxi_engine_sip_responses_received_total', help: 'SIP responses received, by class (1xx…6xx).',
    labelNames: ['class'], registers: [this.registry],
  });

  /** A request arrived (the label set is bounded: anyone can send any method name). */
  request(method: string): void {
    this.#requests.inc({method: knownMethods.has(method) ? method : 'other'});
  }

  response(status: number): void {
    this.#responses.inc({class: status >= 100 && status < 700 ? `${Math.floor(status / 100)}xx` : 'other'});
  }

  constructor(gauges: () => EngineGauges) {
    const counters = this.counters;
    for (const name of counterNames) {
      new client.Counter({
        name: `zuoxi_engine_${name}_total`, help: counterHelp[name], registers: [this.registry],
        collect() {
          this.reset();
          this.inc(counters[name]);
        },
      });
    }
    for (const name of Object.keys(gaugeHelp) as (keyof EngineGauges)[]) {
      new client.Gauge({
        name: `zuoxi_engine_${name}`, help: gaugeHelp[name], registers: [this.registry],
        collect() {
          this.set(gauges()[name]);
        },
      });
    }
  }

  start(): void {
    this.#loopDelay.enable();
  }

  stop(): void {
    this.#loopDelay.disable();
  }

  /** An out-of-dialog INVITE got its 2xx, `ms` after it arrived. */
  answered(ms: number): void {
    this.#answerMs[this.#answerCount++ % this.#answerMs.length] = ms;
    this.#answerSeconds.observe(ms / 1000);
  }

  /** p50/p99 of INVITE (received) → 2xx (sent) over the last answered calls, in ms. */
  answerLatency(): {count: number; p50: number; p99: number; max: number} {
    const n = Math.min(this.#answerCount, this.#answerMs.length);
    if (n === 0) return {count: 0, p50: 0, p99: 0, max: 0};
    const sorted = this.#answerMs.slice(0, n).sort();
    return {count: n, p50: sorted[Math.floor(n * 0.5)], p99: sorted[Math.min(n - 1, Math.floor(n * 0.99))], max: sorted[n - 1]};
  }

  snapshot(current: EngineGauges): Record<string, number> {
    const lat = this.answerLatency();
    return {
      answer_latency_p50_ms: Math.round(lat.p50 * 1000) / 1000,
      answer_latency_p99_ms: Math.round(lat.p99 * 1000) / 1000,
      event_loop_delay_p99_ms: Math.round(this.#loopDelay.percentile(99) / 1e3) / 1e3,
      event_loop_delay_max_ms: Math.round(this.#loopDelay.max / 1e3) / 1e3,
      heap_used_bytes: process.memoryUsage().heapUsed,
      rss_bytes: process.memoryUsage.rss(),
      ...this.counters,
      ...current,
    };
  }
}
