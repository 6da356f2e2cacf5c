// The arrivals loop: simulated callers placed on the seeded arrival plan (plus an optional
// first burst), each following its call plan, each outcome tallied as it comes back.
import type {CallerSim, CallResult} from './sim/callers.ts';
import {arrivalTimes, type Planner} from './plan.ts';
import type {FeedEvent} from './seat.ts';
import type {LoadScript} from './script.ts';
import {callFailureKey, type Tally, type Trace} from './tally.ts';
import {sleep} from './util.ts';

export type ArrivalsOptions = {
  readonly tally: Tally;
  readonly script: LoadScript;
  readonly rate: number;
  readonly durationS: number;
  readonly planner: Planner;
  readonly callers: CallerSim;
  /** Filled with every call placed, by caller number. */
  readonly traces: Map<string, Trace>;
  readonly emit: (event: FeedEvent) => void;
  readonly signal?: AbortSignal;
  /** Calls placed at once before the pattern starts (the demo's first rings). */
  readonly initialBurst?: number;
};

/** Place calls until the run's duration, maxCalls or an abort; resolves with each call's end. */
export async function placeCalls(options: ArrivalsOptions): Promise<Array<Promise<void>>> {
  const {tally, script, signal} = options;
  const results: Array<Promise<void>> = [];
  const runStart = Date.now();
  const runEnd = runStart + options.durationS * 1000;
  const place = () => {
    const plan = options.planner.next();
    const trace: Trace = {plan, inviteAt: Date.now(), offers: 0, answered: false, transferred: false, ended: false, dispositionWritten: false};
    options.traces.set(plan.from, trace);
    tally.placed++;
    tally.bump(tally.timeline.placed, tally.second());
    options.emit({at: Date.now(), kind: 'placed', from: plan.from});
    // The caller waits out the hold as well as talking.
    const talkMs = plan.talkMs + (plan.holdMs ?? 0) + 500;
    results.push(options.callers.call({from: plan.from, talkMs, patienceMs: plan.patienceMs}).then(result => settle(options, trace, result)));
  };
  const more = () => tally.placed < script.run.maxCalls && !signal?.aborted && Date.now() < runEnd;
  for (let burst = Math.max(0, Math.floor(options.initialBurst ?? 0)); burst > 0 && more(); burst--) place();
  for (const atMs of arrivalTimes(script.callers.arrival, options.rate, options.durationS, options.planner.random)) {
    // Short naps, so a stop (Ctrl+C, the demo's seat quitting) is seen at once.
    while (more() && Date.now() < runStart + atMs) await sleep(Math.min(runStart + atMs - Date.now(), runEnd - Date.now(), 200));
    if (!more()) break;
    place();
  }
  return results;
}

/** Tally one call's end, as its caller saw it. */
function settle(options: ArrivalsOptions, trace: Trace, result: CallResult): void {
  const {tally, emit} = options;
  const plan = trace.plan;
  trace.result = result;
  tally.outcomes[result.queue.kind]++;
  if (result.queue.kind === 'refused') {
    const key = `${result.queue.status} ${result.queue.reason}`.trim();
    tally.refusedBy[key] = (tally.refusedBy[key] ?? 0) + 1;
  }
  trace.inviteAt = result.inviteAt;
  if (result.answeredAt !== undefined) {
    trace.answered = true;
    tally.answered++;
    tally.waits.push(result.answeredAt - result.inviteAt);
    tally.talks.push(result.endedAt - result.answeredAt);
    tally.bump(tally.timeline.answered, tally.second(result.answeredAt));
  }
  // A caller still queued when the run stopped did not give up: count it apart.
  if (result.outcome === 'abandoned' && result.forced) tally.cutAtEnd++;
  else if (result.outcome === 'abandoned') tally.abandoned++;
  const agent = trace.answeredBy ?? (trace.agent && trace.offers > 0 ? trace.agent : undefined);
  if (result.outcome === 'completed') {
    const talkedS = (result.endedAt - (result.answeredAt ?? result.endedAt)) / 1000;
    emit({at: result.endedAt, kind: 'ended', from: plan.from, ...(agent ? {agent} : {}), detail: `talked ${talkedS.toFixed(0)} s, ${result.endedBy === 'switch' ? 'agent' : 'caller'} hung up first`});
  } else if (result.outcome === 'abandoned') {
    emit({at: result.endedAt, kind: 'abandoned', from: plan.from, detail: `gave up after ${((result.endedAt - result.inviteAt) / 1000).toFixed(0)} s`});
  } else {
    emit({at: result.endedAt, kind: 'failed', from: plan.from, detail: `${result.status ?? ''} ${result.reason ?? ''}`.trim()});
  }
  if (result.outcome === 'failed' || result.outcome === 'rejected') {
    tally.failedCalls++;
    const key = callFailureKey(result);
    tally.callFailures[key] = (tally.callFailures[key] ?? 0) + 1;
  }
}
