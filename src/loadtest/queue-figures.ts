// What the queues did in a load run, from the switch's own records of the calls placed (the call
// facts in the hub): the R-34 service level counted from queue entry with the one function every
// screen uses, how long callers stayed queued before an offer or a rule let them go, and what the
// queues' rules did (overflow, callback, announcement, refusal). Pure: records in, figures out.
import type {PolicyConfig} from '../rules/config.ts';
import {serviceLevel} from '../rules/service-level.ts';
import type {CallFacts} from '../sync/schema.ts';
import {percentile, round} from './stats.ts';

export type QueueExit = 'callback' | 'announce' | 'reject';

export type QueueFigures = {
  /** answered within T s of entering the queue ÷ calls offered to it, short abandons left out. */
  readonly serviceLevel: number | undefined;
  readonly counted: number;
  readonly within: number;
  readonly shortAbandons: number;
  /** Time in queue before the first offer, the caller's hang-up or a rule's letting go, per call. */
  readonly queueWaitP99Ms: number | undefined;
  readonly queueWaitMaxMs: number | undefined;
  /** Calls a queue's rule moved on or let go, by what it did. */
  readonly exits: {readonly overflowed: number} & Readonly<Record<QueueExit, number>>;
};

/** How a queue's rule let the caller go, if one did (the last outcome that is not an overflow). */
export function queueExitOf(f: CallFacts): QueueExit | undefined {
  if (f.endReason !== 'queue-policy') return undefined;
  const exit = f.queueOutcomes?.findLast(o => o.action !== 'overflow')?.action;
  return exit === 'callback' || exit === 'announce' || exit === 'reject' ? exit : undefined;
}

/**
 * How long the call was queued: until a rule let it go (max wait counts from arrival, whatever
 * offers came between), else its first offer, else the caller's giving up.
 */
export function queueWaitOf(f: CallFacts): number | undefined {
  const exit = queueExitOf(f) ? f.queueOutcomes?.at(-1)?.at : undefined;
  const until = exit ?? f.offeredAt ?? (f.endReason === 'abandoned' ? f.endedAt : undefined);
  return until === undefined ? undefined : Math.max(0, until - f.arrivedAt);
}

export function queueFigures(calls: readonly CallFacts[], policy: PolicyConfig): QueueFigures {
  const inbound = calls.filter(f => f.direction === 'inbound');
  const sl = serviceLevel(inbound.map(f => {
    const abandoned = f.answeredAt === undefined && f.endReason === 'abandoned';
    return {
      queuedAtMs: f.arrivedAt, abandoned, ...(f.queue === undefined ? {} : {queue: f.queue}),
      ...(f.answeredAt === undefined ? {} : {answeredAtMs: f.answeredAt}),
      ...(abandoned ? {abandonWaitMs: f.abandonWaitMs ?? (f.endedAt ?? f.arrivedAt) - f.arrivedAt} : {}),
    };
  }), policy);
  const waits = inbound.map(queueWaitOf).filter((w): w is number => w !== undefined);
  const exits = {overflowed: 0, callback: 0, announce: 0, reject: 0};
  for (const f of inbound) {
    if (f.queueOutcomes?.some(o => o.action === 'overflow')) exits.overflowed++;
    const exit = queueExitOf(f);
    if (exit) exits[exit]++;
  }
  return {
    serviceLevel: round(sl.serviceLevel, 4), counted: sl.counted, within: sl.within, shortAbandons: sl.shortAbandons,
    queueWaitP99Ms: percentile(waits, 99), queueWaitMaxMs: waits.length > 0 ? Math.max(...waits) : undefined, exits,
  };
}
