// the day's QA sample for each agent. The random part is sized by the agent's quota
// (daily recordings, or 5 % of the day's calls if more; boosted for new agents and low
// scorers) and drawn with sampleCalls (spread over the day and business types) from the calls
// no per-call check flagged; every flagged call is reviewed besides (reason `flag`), so a
// late answer or a long hold never depends on luck.
import type {PolicyConfig} from './config.ts';
import {qaQuota, type QaAgentInput, type QaQuota} from './qa-quota.ts';
import {sampleCalls} from './qa-sampler.ts';
import type {Rng} from './rng.ts';

export type PlanCandidate = {
  readonly id: string;
  readonly agentId: string;
  readonly startedAtMs: number;
  readonly businessType: string;
  /** Per-call check flags (callFlags). */
  readonly flags: readonly string[];
};

export type PlannedSample<T extends PlanCandidate> = T & {readonly reason: 'random' | 'flag'};

/** Random recordings to review for an agent with `callsToday` calls (never more than there are). */
export function dailySampleSize(callsToday: number, quota: QaQuota, policy: PolicyConfig): number {
  const wanted = Math.max(quota.daily.recording, Math.ceil(callsToday * policy.qa.sampleRateMin));
  return Math.min(Math.max(0, callsToday), wanted);
}

export type AgentPlan<T extends PlanCandidate> = {
  readonly agentId: string;
  readonly calls: number;
  readonly flagged: number;
  readonly quota: QaQuota;
  readonly randomSize: number;
  readonly samples: readonly PlannedSample<T>[];
};

/**
 * The day's sample per agent. `agentInput` gives what the quota needs beyond the day's calls
 * (days employed, last score, follow-up); agents are processed in id order so one rng gives a
 * reproducible draw for a seed.
 */
export function planDailySample<T extends PlanCandidate>(calls: readonly T[], rng: Rng, policy: PolicyConfig, agentInput: (agentId: string) => Omit<QaAgentInput, 'callsThisWeek'> = () => ({})): AgentPlan<T>[] {
  const byAgent = new Map<string, T[]>();
  for (const call of calls) byAgent.set(call.agentId, [...(byAgent.get(call.agentId) ?? []), call]);
  return [...byAgent.keys()].sort().map(agentId => {
    const own = (byAgent.get(agentId) as T[]).slice().sort((a, b) => a.startedAtMs - b.startedAtMs || (a.id < b.id ? -1 : 1));
    const flagged = own.filter(c => c.flags.length > 0);
    const clean = own.filter(c => c.flags.length === 0);
    // Weekly volume unknown here: the day's calls stand in for it (quota floors still apply).
    const quota = qaQuota({...agentInput(agentId), callsThisWeek: own.length}, policy);
    const randomSize = dailySampleSize(clean.length, quota, policy);
    const random = sampleCalls(clean, randomSize, rng, policy).map(c => ({...c, reason: 'random' as const}));
    const samples = [...random, ...flagged.map(c => ({...c, reason: 'flag' as const}))].sort((a, b) => a.startedAtMs - b.startedAtMs);
    return {agentId, calls: own.length, flagged: flagged.length, quota, randomSize, samples};
  });
}

/** A stable seed from a text (team/date), so the same day draws the same sample (an audit can redo it). */
export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
