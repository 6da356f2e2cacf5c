// The load report: one plain object (what `--json` prints) and its human form, a table with
// small terminal charts a capacity planner can read at a glance.
import type {QueueOutcomeKind} from './sim/callers.ts';
import {bar, sparkline} from './stats.ts';

export type ProcessUsage = {
  readonly name: string;
  readonly pid: number;
  /** Average CPU over the run, percent of one core. */
  readonly cpuPercent: number;
  readonly cpuSeconds: number;
  readonly rssMb: number;
  readonly maxRssMb: number;
  /** Event-loop delay over the run: a stalled loop delays every message it handles. */
  readonly eventLoopP99Ms?: number;
  readonly eventLoopMaxMs?: number;
};

export type LoadReport = {
  readonly version: 1;
  readonly startedAt: string;
  readonly seats: number;
  readonly rateCps: number;
  readonly durationS: number;
  /** Wall time including start-up and drain. */
  readonly wallS: number;
  readonly pattern: string;
  readonly server: string;
  /** The seed of the random stream (`--seed`, else the script's run.seed): the same seed, the same arrival plan. */
  readonly seed: number;
  /** The config file the center ran on (`--config`); undefined: the demo center or an existing one. */
  readonly config: string | undefined;
  readonly callsPlaced: number;
  /** Calls the switch offered to a seat (first offers, seen at the seats). */
  readonly offered: number;
  /** Calls a caller got a 200 for. */
  readonly answered: number;
  /** Callers that gave up (CANCEL) before an answer. */
  readonly abandoned: number;
  /** Callers still waiting when the run stopped (hung up by the runner; not abandons). */
  readonly cutAtEnd: number;
  /** What the queue did to the callers, one count per call placed. */
  readonly callerOutcomes: Readonly<Record<QueueOutcomeKind, number>>;
  /** Refused callers by the switch's final response ("486 Busy Here"). */
  readonly refusedBy: Readonly<Record<string, number>>;
  /** Calls offered to the headless seats that this run did not place; the seats answer them too. */
  readonly otherCallsOffered: number;
  /** Calls that failed: timeouts, 5xx, rejected, protocol errors anywhere. */
  readonly failed: number;
  readonly failures: Readonly<Record<string, number>>;
  readonly answerRate: number | undefined;
  readonly abandonRate: number | undefined;
  /**
   * R-34 service level from the switch's records: answered within the queue's T seconds of
   * entering the queue ÷ calls offered to it (refused and let-go callers count), short abandons
   * left out — the one definition of src/rules/service-level.ts. Undefined without records.
   */
  readonly serviceLevel: number | undefined;
  readonly serviceLevelCalls?: {readonly counted: number; readonly within: number; readonly shortAbandons: number};
  /** R-01 per agent: share of answered calls answered within the ring limit (rings ≤ 3). */
  readonly threeRingRate: number | undefined;
  /** Time queued (until a rule let the caller go, else the first offer, else the hang-up), from the records. */
  readonly queueWaitP99Ms?: number;
  readonly queueWaitMaxMs?: number;
  /** Callers a queue's rule moved on (overflow) or let go (callback, announcement, final response). */
  readonly queueExits?: {readonly overflowed: number; readonly callback: number; readonly announce: number; readonly reject: number};
  readonly asaMs: number | undefined;
  /** Average handle time: talk with holds, plus wrap-up. */
  readonly ahtMs?: number;
  /** Offered load: arrivals per second × AHT (how many seats the traffic keeps busy). */
  readonly offeredErlangs?: number;
  /** Handled seat-time over all seats' time in the run. */
  readonly occupancy?: number;
  readonly waitP50Ms: number | undefined;
  readonly waitP90Ms: number | undefined;
  readonly waitP99Ms: number | undefined;
  /** Switch latency from caller INVITE sent to agent phone INVITE received, minus the agent's scripted ring time. */
  readonly offerP50Ms: number | undefined;
  readonly offerP95Ms: number | undefined;
  readonly offerP99Ms: number | undefined;
  readonly offerSamples: number;
  /** The two halves of the offer latency: caller INVITE → offer event at the seat (less queueing)… */
  readonly offerToSeatP99Ms?: number;
  /** …and the seat's accept → the agent phone's INVITE (auto-answer). */
  readonly acceptToPhoneP99Ms?: number;
  /** Rings at answer → calls. */
  readonly ringCounts: Readonly<Record<string, number>>;
  /** R-02: answered after more than 3 rings. */
  readonly lateAnswers: number;
  readonly rona: number;
  readonly holds: number;
  /** R-10 nudges due over all holds, by kind (nudge, patience, long_hold). */
  readonly holdNudges: Readonly<Record<string, number>>;
  readonly transfers: number;
  readonly agentHungUpFirst: number;
  readonly breaks: number;
  /** R-18 level changes seen over the sampled queue lengths. */
  readonly peakLevelChanges: ReadonlyArray<{readonly atS: number; readonly level: number; readonly queue: number}>;
  readonly peakLevelMax: number;
  readonly maxQueue: number;
  /** Record written at a seat → visible at the hub. */
  readonly syncP50Ms: number | undefined;
  readonly syncP99Ms: number | undefined;
  readonly syncSamples: number;
  readonly notesWritten: number;
  readonly recordsInHub: number;
  /** Calls placed without a record in the hub + seat writes the hub never saw. */
  readonly lost: number;
  /** `lost` was counted in the hub's files after the run, not in what it served (a center started for the run). */
  readonly lostCountedOnDisk?: boolean;
  readonly lostRecords: number;
  readonly lostAnnotations: number;
  readonly callsPerSeat: {readonly min: number; readonly max: number; readonly seatsWithCalls: number};
  readonly sip: Readonly<Record<string, number>>;
  readonly processes: readonly ProcessUsage[];
  /** Per second of the run: calls placed, answered, queue length. */
  readonly timeline: {readonly placed: readonly number[]; readonly answered: readonly number[]; readonly queue: readonly number[]};
};

const pct = (v: number | undefined) => (v === undefined ? '—' : `${(v * 100).toFixed(1)} %`);
const ms = (v: number | undefined) => (v === undefined ? '—' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);

function rows(pairs: Array<[string, string]>): string[] {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
}

function outcomeLine(r: LoadReport): string {
  const parts = Object.entries(r.callerOutcomes).filter(([kind, n]) => n > 0 || kind === 'answered' || kind === 'abandoned').map(([kind, n]) => `${kind} ${n}`);
  const refused = Object.entries(r.refusedBy).map(([why, n]) => `${why} ×${n}`).join(', ');
  return `${parts.join(', ')}${refused ? `  (refused: ${refused})` : ''}`;
}

/** The report as text for a terminal (about 80 columns). */
export function formatReport(r: LoadReport): string {
  const out: string[] = [];
  out.push(`zuoxi load test — ${r.seats} seats, ${r.rateCps} call${r.rateCps === 1 ? '' : 's'}/s ${r.pattern}, ${r.durationS} s (${r.wallS.toFixed(0)} s wall) against ${r.server}`);
  out.push(`seed ${r.seed}${r.config === undefined ? '' : `, center config ${r.config}`}`, '');
  out.push('Calls');
  out.push(...rows([
    ['placed', String(r.callsPlaced)],
    ['offered to seats', String(r.offered)],
    ['answered', `${r.answered}  (answer rate ${pct(r.answerRate)})`],
    ['abandoned', `${r.abandoned}  (abandon rate ${pct(r.abandonRate)})`],
    ...(r.cutAtEnd > 0 ? [['still waiting at the end', `${r.cutAtEnd}  (not counted in the rates)`] as [string, string]] : []),
    ['what the queue did', outcomeLine(r)],
    ...(r.otherCallsOffered > 0 ? [['other calls offered', `${r.otherCallsOffered}  (not placed by this run; answered too)`] as [string, string]] : []),
    ['failed', r.failed === 0 ? '0' : `${r.failed}  ${Object.entries(r.failures).map(([k, v]) => `${k}: ${v}`).join(', ')}`],
    ['service level (R-34, from queue entry)', `${pct(r.serviceLevel)}${r.serviceLevelCalls ? `  (${r.serviceLevelCalls.within} of ${r.serviceLevelCalls.counted}, ${r.serviceLevelCalls.shortAbandons} short abandons left out)` : ''}`],
    ['answered within 3 rings (R-01)', pct(r.threeRingRate)],
    ['queue wait p99 / max', `${ms(r.queueWaitP99Ms)} / ${ms(r.queueWaitMaxMs)}`],
    ...(r.queueExits && Object.values(r.queueExits).some(n => n > 0) ? [['queue rules', Object.entries(r.queueExits).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')] as [string, string]] : []),
    ['ASA', ms(r.asaMs)],
    ['AHT / offered load', `${ms(r.ahtMs)} / ${r.offeredErlangs === undefined ? '—' : `${r.offeredErlangs} erlangs on ${r.seats} seats`}  (occupancy ${pct(r.occupancy)})`],
    ['answer wait p50 / p90 / p99', `${ms(r.waitP50Ms)} / ${ms(r.waitP90Ms)} / ${ms(r.waitP99Ms)}`],
    ['late answers (R-02)', String(r.lateAnswers)],
    ['RONA', String(r.rona)],
    ['holds / R-10 nudges', `${r.holds} / ${Object.entries(r.holdNudges).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`],
    ['transfers / agent hung up first', `${r.transfers} / ${r.agentHungUpFirst}`],
    ['breaks taken', String(r.breaks)],
    ['calls per seat', `min ${r.callsPerSeat.min}, max ${r.callsPerSeat.max}, ${r.callsPerSeat.seatsWithCalls}/${r.seats} seats took calls`],
  ]), '');
  out.push('Latency');
  out.push(...rows([
    ['offer p50 / p95 / p99', `${ms(r.offerP50Ms)} / ${ms(r.offerP95Ms)} / ${ms(r.offerP99Ms)}  (${r.offerSamples} calls)`],
    ['  p99 INVITE→seat, accept→phone', `${ms(r.offerToSeatP99Ms)}, ${ms(r.acceptToPhoneP99Ms)}`],
    ['sync p50 / p99', `${ms(r.syncP50Ms)} / ${ms(r.syncP99Ms)}  (${r.syncSamples} writes)`],
  ]), '');
  out.push('Records');
  out.push(...rows([
    ['in the hub', `${r.recordsInHub} of ${r.callsPlaced} calls, ${r.notesWritten} seat writes`],
    ['lost', `${r.lost === 0 ? '0' : `${r.lost}  (records ${r.lostRecords}, seat writes ${r.lostAnnotations})`}${r.lostCountedOnDisk ? '  (counted in the hub\'s files)' : ''}`],
  ]), '');
  out.push('Peak plan (R-18)');
  out.push(`  max queue ${r.maxQueue}, max level ${r.peakLevelMax}${r.peakLevelChanges.length > 0 ? ': ' + r.peakLevelChanges.map(c => `L${c.level} at ${c.atS.toFixed(0)} s (queue ${c.queue})`).join(', ') : ''}`, '');
  const ringMax = Math.max(0, ...Object.values(r.ringCounts));
  if (ringMax > 0) {
    out.push('Rings at answer');
    for (const [rings, n] of Object.entries(r.ringCounts).sort((a, b) => Number(a[0]) - Number(b[0]))) {
      out.push(`  ${rings.padStart(2)} ${Number(rings) > 3 ? '!' : ' '} ${bar(n, ringMax, 40)} ${n}`);
    }
    out.push('');
  }
  out.push('Per second');
  out.push(`  placed   ${sparkline(r.timeline.placed, 60)}  max ${Math.max(0, ...r.timeline.placed)}`);
  out.push(`  answered ${sparkline(r.timeline.answered, 60)}  max ${Math.max(0, ...r.timeline.answered)}`);
  out.push(`  queue    ${sparkline(r.timeline.queue, 60)}  max ${Math.max(0, ...r.timeline.queue)}`, '');
  out.push('Processes');
  for (const p of r.processes) {
    const lag = p.eventLoopP99Ms === undefined ? '' : `  loop delay p99 ${p.eventLoopP99Ms} ms, max ${p.eventLoopMaxMs} ms`;
    out.push(`  ${p.name.padEnd(14)} pid ${String(p.pid).padEnd(8)} CPU ${p.cpuPercent.toFixed(1).padStart(5)} %  RSS ${p.rssMb.toFixed(0)} MB (max ${p.maxRssMb.toFixed(0)} MB)${lag}`);
  }
  out.push('');
  out.push('SIP');
  out.push(`  ${Object.entries(r.sip).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return out.join('\n');
}
