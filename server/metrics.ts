// A center's /metrics (prom-client), named per Prometheus conventions: base units (seconds),
// *_total counters, gauges for what is current, a histogram for queue waits, Node's process
// metrics — with the engine's own registry merged in. Figures are read from the switch and
// media at scrape time; calls are counted once each, when their facts first say they ended.
import crypto from 'node:crypto';
import type http from 'node:http';
import client from 'prom-client';
import type {CallFactsSink} from '../src/sip/facts-sink.ts';
import type {Switch} from '../src/sip/switch.ts';
import type {CallFacts} from '../src/sync/schema.ts';
import type {HubStats} from './hub/hub.ts';

export type MediaStats = {
  readonly engines: ReadonlyArray<{readonly address: string; readonly healthy: boolean}>;
  readonly fallbacks: number;
  readonly calls: number;
};

export type CenterMetricsParts = {
  readonly switch: Switch;
  readonly hub?: () => HubStats;
  readonly engine?: {readonly registry: client.Registry};
  readonly media?: () => MediaStats;
};

/** How a call ended, as `outcome` on zuoxi_calls_total. */
function outcomeOf(facts: CallFacts): string {
  if (facts.endReason === 'abandoned') return 'abandoned';
  if (facts.endReason === 'failed') return 'failed';
  if (facts.endReason === 'transferred') return 'transferred';
  return facts.answeredAt === undefined ? 'unanswered' : 'answered';
}

export class CenterMetrics {
  readonly registry = new client.Registry();
  #engine: client.Registry | undefined;
  readonly #calls: client.Counter<'queue' | 'direction' | 'outcome'>;
  readonly #wait: client.Histogram<'queue'>;
  /** Calls already counted (bounded: the oldest are forgotten first). */
  readonly #counted = new Set<string>();

  constructor() {
    const registers = [this.registry];
    client.collectDefaultMetrics({register: this.registry});
    this.#calls = new client.Counter({name: 'zuoxi_calls_total', help: 'Calls ended, by queue, direction and outcome.', labelNames: ['queue', 'direction', 'outcome'], registers});
    this.#wait = new client.Histogram({
      name: 'zuoxi_queue_wait_seconds', help: 'Time from entering the queue to answer or abandon, by queue.', labelNames: ['queue'], registers,
      buckets: [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600],
    });
  }

  /** Expose the switch's current figures, the media's and the engine's (read at scrape time). */
  watch(parts: CenterMetricsParts): void {
    const registers = [this.registry];
    this.#engine = parts.engine?.registry;
    const sw = parts.switch;
    new client.Gauge({
      name: 'zuoxi_queue_waiting', help: 'Callers waiting in the queue now.', labelNames: ['queue'], registers,
      collect() {
        this.reset();
        for (const q of sw.queueStats().queues) this.set({queue: q.id}, q.waiting);
      },
    });
    new client.Gauge({
      name: 'zuoxi_queue_longest_wait_seconds', help: 'The longest current wait in the queue.', labelNames: ['queue'], registers,
      collect() {
        this.reset();
        for (const q of sw.queueStats().queues) this.set({queue: q.id}, q.longestWaitMs / 1000);
      },
    });
    new client.Gauge({
      name: 'zuoxi_calls_active', help: 'Calls queued, ringing or bridged now.', registers,
      collect() {
        this.set(sw.acd.activeCalls());
      },
    });
    new client.Gauge({
      name: 'zuoxi_agents', help: 'Agents by state now.', labelNames: ['state'], registers,
      collect() {
        this.reset();
        const byState = new Map<string, number>();
        for (const seat of sw.acd.snapshots()) byState.set(seat.state, (byState.get(seat.state) ?? 0) + 1);
        for (const [state, n] of byState) this.set({state}, n);
      },
    });
    new client.Gauge({
      name: 'zuoxi_phones_registered', help: 'Agents with a registered phone now.', registers,
      collect() {
        this.set(sw.registrar.registeredUsers(Date.now()));
      },
    });
    new client.Counter({
      name: 'zuoxi_sip_invites_refused_total', help: 'New INVITEs refused: over a source\'s rate (503) or from outside the trunk sources (403).', labelNames: ['reason'], registers,
      collect() {
        this.reset();
        const refused = sw.invitesRefused;
        this.inc({reason: 'rate'}, refused.rate);
        this.inc({reason: 'source'}, refused.source);
      },
    });
    new client.Gauge({
      name: 'zuoxi_peak_level', help: 'The R-18 peak-plan level the switch enforces (0, 1, 2).', registers,
      collect() {
        this.set(sw.peak().level);
      },
    });
    const hubStats = parts.hub;
    if (hubStats) {
      new client.Gauge({
        name: 'zuoxi_hub_storage_ok', help: '1 when every loaded document can be written to disk, 0 while one cannot (it serves nobody then).', registers,
        collect() {
          this.set(hubStats().unwritable === 0 ? 1 : 0);
        },
      });
      new client.Gauge({
        name: 'zuoxi_hub_docs_unwritable', help: 'Loaded documents that cannot be written to disk now.', registers,
        collect() {
          this.set(hubStats().unwritable);
        },
      });
      const counter = (name: string, help: string, read: (s: HubStats) => number) => new client.Counter({
        name, help, registers,
        collect() {
          this.reset();
          this.inc(read(hubStats()));
        },
      });
      counter('zuoxi_hub_storage_failures_total', 'Writes of a document\'s log that failed (a full disk, an I/O error).', s => s.failures);
      counter('zuoxi_hub_storage_refused_total', 'Updates refused because they could not be put on disk.', s => s.refused);
      counter('zuoxi_hub_storage_recoveries_total', 'Documents whose log was reopened once the disk took writes again.', s => s.recoveries);
      new client.Gauge({
        name: 'zuoxi_hub_connections', help: 'Sync connections open now.', registers,
        collect() {
          this.set(hubStats().connections);
        },
      });
    }
    const media = parts.media;
    if (media) {
      new client.Gauge({
        name: 'zuoxi_media_up', help: 'Whether an rtpengine answers ng ping (1) or calls fall back to signalling only (0).', labelNames: ['rtpengine'], registers,
        collect() {
          this.reset();
          for (const e of media().engines) this.set({rtpengine: e.address}, e.healthy ? 1 : 0);
        },
      });
      new client.Counter({
        name: 'zuoxi_media_fallback_calls_total', help: 'Calls set up phone to phone because no rtpengine answered.', registers,
        collect() {
          this.reset();
          this.inc(media().fallbacks);
        },
      });
      new client.Gauge({
        name: 'zuoxi_media_calls', help: 'Calls whose media the center anchors now.', registers,
        collect() {
          this.set(media().calls);
        },
      });
    }
  }

  /** Wrap the switch's facts sink so each call is counted once, when it has ended. */
  countingSink(inner: CallFactsSink): CallFactsSink {
    return {
      write: facts => {
        inner.write(facts);
        if (facts.endedAt === undefined || this.#counted.has(facts.callId)) return;
        this.#counted.add(facts.callId);
        if (this.#counted.size > 100_000) this.#counted.delete(this.#counted.values().next().value!);
        this.#calls.inc({queue: facts.queue, direction: facts.direction, outcome: outcomeOf(facts)});
        const until = facts.answeredAt ?? (facts.endReason === 'abandoned' ? facts.endedAt : undefined);
        if (facts.direction === 'inbound' && until !== undefined) this.#wait.observe({queue: facts.queue}, Math.max(0, until - facts.arrivedAt) / 1000);
      },
    };
  }

  /** The exposition text: the center's metrics and the engine's. */
  async text(): Promise<string> {
    const engine = this.#engine;
    return engine ? client.Registry.merge([this.registry, engine]).metrics() : this.registry.metrics();
  }

  /** GET /metrics, behind a bearer token when one is configured. */
  handler(token: string | undefined): (request: http.IncomingMessage, response: http.ServerResponse) => void {
    const expected = token === undefined ? undefined : crypto.createHash('sha256').update(token).digest();
    return (request, response) => {
      if (expected) {
        const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
        if (!crypto.timingSafeEqual(crypto.createHash('sha256').update(given).digest(), expected)) {
          response.writeHead(401, {'www-authenticate': 'Bearer realm="zuoxi metrics"', 'content-type': 'text/plain'}).end('metrics need the configured token\n');
          return;
        }
      }
      this.text().then(
        text => response.writeHead(200, {'content-type': this.registry.contentType}).end(text),
        (error: Error) => response.writeHead(500, {'content-type': 'text/plain'}).end(`metrics failed: ${error.message}\n`),
      );
    };
  }
}
