// What the engine counts and measures: event counters, INVITE→2xx latency over the last
// answered calls, and event-loop lag (it tells engine stalls apart from slow apps or callees).
import {monitorEventLoopDelay, type IntervalHistogram} from 'node:perf_hooks';
import process from 'node:process';

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

const gauges = new Set([
  'answer_latency_p50_ms', 'answer_latency_p99_ms', 'event_loop_delay_p99_ms', 'event_loop_delay_max_ms', 'heap_used_bytes',
  'rss_bytes', 'server_transactions', 'client_transactions', 'transactions', 'dialogs', 'control_clients', 'tcp_connections',
]);

export class EngineMetrics {
  readonly counters = Object.fromEntries(counterNames.map(n => [n, 0])) as Record<CounterName, number>;
  /** INVITE→2xx latencies (ms) of the most recent answered calls, a ring. */
  readonly #answerMs = new Float64Array(5000);
  #answerCount = 0;
  readonly #loopDelay: IntervalHistogram = monitorEventLoopDelay({resolution: 10});

  start(): void {
    this.#loopDelay.enable();
  }

  stop(): void {
    this.#loopDelay.disable();
  }

  /** An out-of-dialog INVITE got its 2xx, `ms` after it arrived. */
  answered(ms: number): void {
    this.#answerMs[this.#answerCount++ % this.#answerMs.length] = ms;
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

/** The Prometheus text exposition of a snapshot. */
export function prometheusText(snapshot: Record<string, number>): string {
  let out = '';
  for (const [k, v] of Object.entries(snapshot)) {
    const name = `zuoxi_engine_${k}${gauges.has(k) ? '' : '_total'}`;
    out += `# TYPE ${name} ${gauges.has(k) ? 'gauge' : 'counter'}\n${name} ${v}\n`;
  }
  return out;
}
