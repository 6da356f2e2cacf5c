// LoadScript: what the headless seats and the simulated callers of `zuoxi loadtest` do.
// A JSON file (`--script FILE`) validated with zod; every field has a default so `{}` is the
// shipped script. Times are seconds. The `center.policy` part overrides the policy of a
// center the load test starts itself (e.g. a shorter R-18 window to see the peak plan fire).
import {z} from 'zod';
import {PolicyConfig} from '../rules/config.ts';
import {Disposition} from '../sync/schema.ts';
import {Dist} from './dist.ts';

const probability = z.number().min(0).max(1);

export const AgentBehaviour = z.object({
  /** rings heard before the agent accepts; above 3 is a late answer. Keys are ring counts. */
  ringsBeforeAccept: Dist.default({choice: {1: 70, 2: 18, 3: 8, 4: 4}}),
  /** Talk time from answer to the caller hanging up (R-07: the customer hangs up first). */
  talkSeconds: Dist.default({exponential: {mean: 40, min: 5, max: 180}}),
  /** share of calls with a hold, and how long it lasts (nudges at 20/45/120 s). */
  holdProbability: probability.default(0.2),
  holdSeconds: Dist.default({uniform: [5, 50]}),
  /** share of calls the agent releases first (flagged agent_hung_up_first). */
  agentHangsUpFirst: probability.default(0.02),
  /** Blind transfers (R-14: the owner stays the first agent). */
  transferProbability: probability.default(0.02),
  transferTo: z.object({kind: z.enum(['agent', 'queue', 'number']), value: z.string().min(1)}).strict().default({kind: 'queue', value: 'main'}),
  /** After-call work before the agent ends wrap-up (the switch's ACW limit caps it). */
  wrapUpSeconds: Dist.default({uniform: [1, 5]}),
  /** share of calls with 5W1H notes written into the call record. */
  notesProbability: probability.default(1),
  /** Disposition written into the call record, by weight. */
  dispositions: z.partialRecord(Disposition, z.number().nonnegative()).refine(w => Object.values(w).some(v => (v ?? 0) > 0), 'at least one disposition with a weight above 0')
    .default({resolved: 80, callback: 8, complaint: 4, work_order: 4, other: 4}),
  /** a break after a call, by probability; suspended during an R-18 peak. */
  breakProbability: probability.default(0.01),
  breakSeconds: Dist.default({uniform: [10, 30]}),
}).strict();
export type AgentBehaviour = z.infer<typeof AgentBehaviour>;

export const Arrival = z.discriminatedUnion('pattern', [
  /** The `--rate` all along. */
  z.object({pattern: z.literal('steady'), poisson: z.boolean().default(true)}).strict(),
  /** From `from`×rate to `to`×rate over the run. */
  z.object({pattern: z.literal('ramp'), from: z.number().nonnegative().default(0.2), to: z.number().nonnegative().default(1), poisson: z.boolean().default(true)}).strict(),
  /**
   * R-18 peak shape: `base`×rate, then `peak`×rate from `start` for `length` (fractions of the
   * run), then back to base — what a surge after a campaign or an outage looks like.
   */
  z.object({
    pattern: z.literal('peak'),
    base: z.number().nonnegative().default(0.6),
    peak: z.number().nonnegative().default(2.5),
    start: z.number().min(0).max(1).default(0.25),
    length: z.number().min(0).max(1).default(0.5),
    poisson: z.boolean().default(true),
  }).strict(),
]);
export type Arrival = z.infer<typeof Arrival>;

export const CallerBehaviour = z.object({
  arrival: Arrival.default({pattern: 'steady', poisson: true}),
  /** Patience in queue before hanging up (abandon, CANCEL). */
  patienceSeconds: Dist.default({uniform: [40, 180]}),
  /** Callers' numbers: this prefix + a running counter (unique per call, so calls are traceable). */
  numberPrefix: z.string().regex(/^\d{1,8}$/).default('139'),
}).strict();
export type CallerBehaviour = z.infer<typeof CallerBehaviour>;

export const LoadScript = z.object({
  /** Defaults for the flags; a flag given on the command line wins. */
  run: z.object({
    seats: z.number().int().min(1).max(5000).optional(),
    rate: z.number().positive().max(1000).optional(),
    duration: z.number().positive().max(86_400).optional(),
    /** Calls still up when the run ends get this long to finish before they are hung up. */
    drainSeconds: z.number().nonnegative().max(600).default(20),
    seed: z.number().int().nonnegative().default(1),
    /** Hard cap on calls placed (bounds every run). */
    maxCalls: z.number().int().positive().default(1_000_000),
    /** How many seats share one sync connection (many seats, few Yjs replicas). */
    seatsPerSyncClient: z.number().int().min(1).default(25),
  }).strict().prefault({}),
  agents: AgentBehaviour.prefault({}),
  callers: CallerBehaviour.prefault({}),
  /** Overrides for a center the load test starts itself. */
  center: z.object({
    policy: z.record(z.string(), z.unknown()).default({}),
  }).strict().prefault({}),
}).strict().superRefine((script, ctx) => {
  // Check the policy override against the real PolicyConfig now, so a typo fails before start.
  const result = PolicyConfig.safeParse(script.center.policy);
  if (!result.success) for (const issue of result.error.issues) ctx.addIssue({...issue, path: ['center', 'policy', ...issue.path]} as z.core.$ZodRawIssue);
});
export type LoadScript = z.infer<typeof LoadScript>;

/** The shipped script. */
export function defaultScript(): LoadScript {
  return LoadScript.parse({});
}

export type ScriptResult = {ok: true; script: LoadScript} | {ok: false; errors: string[]};

/** Parse a script's JSON text; errors name the path (`agents.holdProbability: …`). */
export function parseScript(text: string, source = 'script'): ScriptResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {ok: false, errors: [`${source}: not valid JSON (${(error as Error).message})`]};
  }
  const result = LoadScript.safeParse(data);
  if (result.success) return {ok: true, script: result.data};
  const issues = result.error.issues.flatMap(issue => explain(issue));
  // The policy refinement only runs when the rest parses: check the policy on its own too.
  const policy = (data as {center?: {policy?: unknown}} | null)?.center?.policy;
  if (policy && typeof policy === 'object' && !issues.some(([path]) => path[0] === 'center')) {
    const checked = PolicyConfig.safeParse(policy);
    if (!checked.success) for (const issue of checked.error.issues) issues.push([['center', 'policy', ...issue.path], issue.message]);
  }
  return {ok: false, errors: issues.map(([path, message]) => `${source}: ${path.length > 0 ? path.join('.') : '(top level)'}: ${message}`)};
}

type Issue = z.core.$ZodIssue;

/**
 * A union (a Dist) failing says only "Invalid input": point instead at the branch the author
 * meant — the one that got furthest, i.e. not rejected at its root for its type or keys.
 */
function explain(issue: Issue): Array<[PropertyKey[], string]> {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [[issue.path, issue.message]];
  const atRoot = (branch: Issue[]) => branch.some(i => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'unrecognized_keys'));
  const meant = issue.errors.find(branch => !atRoot(branch));
  if (!meant) return [[issue.path, 'expected a number or one of {"uniform": [min, max]}, {"normal": {mean, sd}}, {"exponential": {mean}}, {"choice": {value: weight}}']];
  return meant.flatMap(i => explain(i).map(([path, message]): [PropertyKey[], string] => [[...issue.path, ...path], message]));
}
