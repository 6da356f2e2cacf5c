// how much each agent is monitored: ≥ 3 times a week or 5–15 % of call volume; daily
// ≥ 5 live, ≥ 5 recordings, ≥ 3 side-by-side; more for new agents, low scorers and after a change.
import type {PolicyConfig} from './config.ts';

export type QaAgentInput = {
  /** The agent's calls this week (so far or expected). */
  readonly callsThisWeek: number;
  /** Days since the agent started. */
  readonly daysEmployed?: number;
  /** The latest QA score (0–100). */
  readonly lastScore?: number;
  /** A process or system change is in effect. */
  readonly afterChange?: boolean;
  /** under follow-up until the problem is gone. */
  readonly underFollowUp?: boolean;
};

export type QaQuota = {
  /** Evaluations this week: at least … */
  readonly weeklyMin: number;
  /** … and up to (15 % of volume). */
  readonly weeklyMax: number;
  readonly daily: {readonly live: number; readonly recording: number; readonly sideBySide: number};
  /** Why the agent gets more monitoring. */
  readonly boosted: readonly ('new_agent' | 'low_score' | 'after_change' | 'follow_up')[];
};

export function qaQuota(agent: QaAgentInput, policy: PolicyConfig): QaQuota {
  const q = policy.qa;
  const calls = Math.max(0, agent.callsThisWeek);
  const boosted: QaQuota['boosted'][number][] = [];
  if (agent.daysEmployed !== undefined && agent.daysEmployed < q.newAgentDays) boosted.push('new_agent');
  if (agent.lastScore !== undefined && agent.lastScore < q.lowScoreBelow) boosted.push('low_score');
  if (agent.afterChange) boosted.push('after_change');
  if (agent.underFollowUp) boosted.push('follow_up');
  const factor = boosted.length > 0 ? q.boostFactor : 1;
  const base = Math.max(q.weeklyMinPerAgent, Math.ceil(calls * q.sampleRateMin));
  const weeklyMin = Math.ceil(base * factor);
  const weeklyMax = Math.max(weeklyMin, Math.ceil(calls * q.sampleRateMax * factor));
  const d = q.dailyPerAgent;
  return {
    weeklyMin,
    weeklyMax,
    daily: {live: Math.ceil(d.live * factor), recording: Math.ceil(d.recording * factor), sideBySide: Math.ceil(d.sideBySide * factor)},
    boosted,
  };
}

export type QaProgress = {readonly done: number; readonly target: number; readonly missing: number; readonly met: boolean};

export function qaProgress(done: number, quota: QaQuota): QaProgress {
  const missing = Math.max(0, quota.weeklyMin - done);
  return {done, target: quota.weeklyMin, missing, met: missing === 0};
}
