// Per-queue policy, the way an operator who ran Asterisk's app_queue or FreeSWITCH's
// mod_callcenter expects to configure it: how long a caller may wait, how many may wait, what
// happens when either is reached, when no agent is signed in, or outside the queue's service
// hours; how calls are handed to agents (strategy, member penalties, caller priority,
// wrap-up, RONA); and the service-level target of R-34. `policy.queueing.defaults` applies to
// every queue, `policy.queueing.queues.<id>` overrides it field by field.
import {z} from 'zod';

/** A final response a refused caller gets (RFC 3261: busy here, temporarily unavailable, service unavailable). */
export const RefusalStatus = z.union([z.literal(486), z.literal(480), z.literal(503)], {error: 'expected 486, 480 or 503'});
export type RefusalStatus = z.infer<typeof RefusalStatus>;

/**
 * What happens to a caller the queue lets go. `wait` only for no agents signed in (join anyway,
 * as today); `overflow` moves the caller to another queue with the wait carried over; `callback`
 * files an R-08 callback task and lets the caller go; `announce` plays the closing announcement
 * then hangs up; `reject` sends a final response. A caller the center has not answered (ringback
 * only, or no media) gets `status` for callback and announce too.
 */
export const QueueOutcome = z.discriminatedUnion('action', [
  z.object({action: z.literal('wait')}),
  z.object({action: z.literal('overflow'), queue: z.string().min(1)}),
  z.object({
    action: z.literal('callback'),
    /** 「明天工作时间给您回电」 or 「五个工作日内给您回电」. */
    promise: z.enum(['next_business_day', 'working_days']).default('next_business_day'),
    status: RefusalStatus.default(480),
  }),
  z.object({action: z.literal('announce'), status: RefusalStatus.default(480)}),
  z.object({action: z.literal('reject'), status: RefusalStatus.default(486)}),
], {error: 'expected {action: wait | overflow | callback | announce | reject}'});
export type QueueOutcome = z.infer<typeof QueueOutcome>;

export const QueueStrategy = z.enum(['longest-idle', 'round-robin', 'fewest-calls', 'least-talk-time', 'linear']);
export type QueueStrategy = z.infer<typeof QueueStrategy>;

/**
 * The SIP engine ends an INVITE no one answered after 3 minutes (timer C): a caller left on
 * ringback must be let go by the queue's rule before that.
 */
export const RINGBACK_MAX_WAIT_SECONDS = 170;

const fields = {
  /** Longest wait from entering the first queue (Asterisk `timeout`, mod_callcenter max-wait-time). */
  maxWaitSeconds: z.number().positive().max(86_400),
  onMaxWait: QueueOutcome,
  /** Callers waiting at most; 0 = no limit (Asterisk `maxlen`). */
  maxLength: z.number().int().nonnegative(),
  onFull: QueueOutcome,
  /** No agent of the queue signed in (Asterisk joinempty/leavewhenempty). */
  onNoAgents: QueueOutcome,
  /** the queue's service-hours calendar (a name in policy.calendars.definitions); unset = always open. */
  calendar: z.string().min(1),
  onClosed: QueueOutcome,
  /** answered within this many seconds of entering the queue counts as served. */
  serviceLevelSeconds: z.number().positive(),
  /** abandons shorter than this are left out of the service level. */
  shortAbandonSeconds: z.number().nonnegative(),
  strategy: QueueStrategy,
  /** Member penalties (tiers): agent id → 0…; an agent is offered a call only when no lower-penalty member is free. */
  penalties: z.record(z.string().min(1), z.number().int().min(0).max(99)),
  /** Callers whose number starts with a prefix wait ahead of others (seed 000 「长途电话优先」); higher first. */
  callerPriority: z.array(z.object({prefix: z.string().min(1).max(20), priority: z.number().int().min(1).max(9)})).max(50),
  /** After-call work for this queue's calls; unset = policy.afterCallWorkSeconds. */
  wrapUpSeconds: z.number().nonnegative(),
  /** RONA: missed offers in a row before the agent is set Not Ready (mod_callcenter max-no-answer). */
  ronaAfterMisses: z.number().int().min(1).max(20),
  /** After a missed offer the agent is not offered again for this long (no-answer-delay-time). */
  ronaRetrySeconds: z.number().nonnegative(),
  /** A failed or busy agent leg pauses the agent this long, then Ready again (reject/busy-delay-time); 0 = Not Ready until they choose. */
  failedLegPauseSeconds: z.number().nonnegative(),
};

export const QueuePolicyOverride = z.object(fields).partial();
export type QueuePolicyOverride = z.infer<typeof QueuePolicyOverride>;

/** A queue's policy with every field decided (calendar and wrapUpSeconds stay optional). */
export type QueuePolicy = Required<Omit<QueuePolicyOverride, 'calendar' | 'wrapUpSeconds'>> & Pick<QueuePolicyOverride, 'calendar' | 'wrapUpSeconds'>;

/** zuoxi defaults: today's behaviour where there was one, what an operator expects where there was not. */
export const queuePolicyDefaults: QueuePolicy = {
  maxWaitSeconds: RINGBACK_MAX_WAIT_SECONDS,
  onMaxWait: {action: 'callback', promise: 'next_business_day', status: 480},
  maxLength: 0,
  onFull: {action: 'reject', status: 486},
  onNoAgents: {action: 'wait'},
  onClosed: {action: 'callback', promise: 'working_days', status: 480},
  serviceLevelSeconds: 20,
  shortAbandonSeconds: 5,
  strategy: 'longest-idle',
  penalties: {},
  callerPriority: [],
  ronaAfterMisses: 1,
  ronaRetrySeconds: 0,
  failedLegPauseSeconds: 0,
};

export const QueueingConfig = z.object({
  defaults: QueuePolicyOverride.default({}),
  /** By queue id. */
  queues: z.record(z.string().min(1), QueuePolicyOverride).default({}),
});
export type QueueingConfig = z.infer<typeof QueueingConfig>;

const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The policy of queue `id`: its own fields over the center's defaults over zuoxi's. */
export function queuePolicy(queueing: QueueingConfig | undefined, id: string): QueuePolicy {
  return {...queuePolicyDefaults, ...defined(queueing?.defaults ?? {}), ...defined(queueing?.queues[id] ?? {})};
}

/** Higher is served first; 0 when no prefix matches (the longest matching prefix wins). */
export function callerPriorityOf(number: string, policy: Pick<QueuePolicy, 'callerPriority'>): number {
  let best = {length: 0, priority: 0};
  for (const rule of policy.callerPriority) {
    if (number.startsWith(rule.prefix) && rule.prefix.length > best.length) best = {length: rule.prefix.length, priority: rule.priority};
  }
  return best.priority;
}

export type QueuePolicyProblem = {readonly path: readonly (string | number)[]; readonly message: string};

/**
 * Cross-checks the config's queues against their policies: known queue ids, calendars and
 * agents, overflows that land somewhere and never loop, and waits the SIP engine lets finish.
 */
export function queuePolicyProblems(
  queueing: QueueingConfig,
  known: {readonly queues: readonly string[]; readonly calendars: readonly string[]; readonly agents: readonly string[]; readonly ringbackOnly: boolean},
): QueuePolicyProblem[] {
  const problems: QueuePolicyProblem[] = [];
  const base = ['policy', 'queueing'];
  for (const id of Object.keys(queueing.queues)) {
    if (!known.queues.includes(id)) problems.push({path: [...base, 'queues', id], message: `no queue "${id}" (have: ${known.queues.join(', ')})`});
  }
  const entries: Array<[readonly (string | number)[], QueuePolicyOverride]> = [[[...base, 'defaults'], queueing.defaults], ...Object.entries(queueing.queues).map(([id, o]) => [[...base, 'queues', id], o] as [readonly string[], QueuePolicyOverride])];
  for (const [path, o] of entries) {
    if (o.calendar !== undefined && !known.calendars.includes(o.calendar)) problems.push({path: [...path, 'calendar'], message: `no calendar named "${o.calendar}" (have: ${known.calendars.join(', ')})`});
    for (const key of ['onMaxWait', 'onFull', 'onNoAgents', 'onClosed'] as const) {
      const outcome = o[key];
      if (outcome?.action === 'overflow' && !known.queues.includes(outcome.queue)) problems.push({path: [...path, key, 'queue'], message: `overflow to unknown queue "${outcome.queue}"`});
      if (outcome?.action === 'wait' && key !== 'onNoAgents') problems.push({path: [...path, key], message: `"wait" only applies to onNoAgents`});
    }
    for (const agent of Object.keys(o.penalties ?? {})) {
      if (!known.agents.includes(agent)) problems.push({path: [...path, 'penalties', agent], message: `no agent "${agent}"`});
    }
  }
  for (const id of known.queues) {
    const p = queuePolicy(queueing, id);
    const path = queueing.queues[id] ? [...base, 'queues', id] : [...base, 'defaults'];
    if (known.ringbackOnly && p.maxWaitSeconds > RINGBACK_MAX_WAIT_SECONDS) {
      problems.push({path: [...path, 'maxWaitSeconds'], message: `${p.maxWaitSeconds} s is past ${RINGBACK_MAX_WAIT_SECONDS} s: a caller on ringback (media.ringbackOnly) is cut by the SIP engine's timer C at 180 s`});
    }
    // Overflow chains must end: following max-wait overflows from any queue never revisits one.
    const seen = [id];
    for (let at = p; at.onMaxWait.action === 'overflow';) {
      const next = at.onMaxWait.queue;
      if (seen.includes(next)) {
        problems.push({path: [...path, 'onMaxWait', 'queue'], message: `overflow loops: ${[...seen, next].join(' → ')}`});
        break;
      }
      if (!known.queues.includes(next)) break;
      seen.push(next);
      at = queuePolicy(queueing, next);
    }
  }
  return problems;
}
