// The day's QA draw written into the QA document: the plan of src/rules
// (planDailySample) over the day's checked calls, topped up rather than redone — samples
// already drawn stay (the lead may be scoring them), random picks are added only up to the
// agent's quota, and every newly flagged call is added. Seeded by team and date, so an audit
// redrawing the same records gets the same picks.
import type {PolicyConfig} from '../../rules/config.ts';
import {planDailySample, seedOf} from '../../rules/lead-qa-plan.ts';
import {seededRng} from '../../rules/rng.ts';
import {localTime} from '../../rules/calendar.ts';
import type {CallRecord} from '../schema.ts';
import {checkDay, qaCandidates} from './call-checks.ts';
import type {QaBook, QaSample} from './qa-book.ts';

export type DrawResult = {
  readonly date: string;
  readonly added: readonly QaSample[];
  /** Per agent: calls, flagged, random quota, samples now in the document. */
  readonly agents: ReadonlyArray<{readonly agent: string; readonly calls: number; readonly flagged: number; readonly randomSize: number; readonly sampled: number}>;
};

export function drawDailySample(qa: QaBook, records: readonly CallRecord[], date: string, nowMs: number, policy: PolicyConfig): DrawResult {
  const candidates = qaCandidates(checkDay(records, nowMs, policy))
    .filter(c => localTime(c.startedAtMs, policy).date === date && qa.ctx.agents.has(c.agentId));
  const seed = seedOf(`${qa.ctx.team}/${date}`);
  const lastScore = (agent: string) => qa.scores(nowMs, {agent}).at(-1)?.finalPercent;
  const plan = planDailySample(candidates, seededRng(seed), policy, agent => ({lastScore: lastScore(agent)}));
  const existing = qa.samples({date});
  const wanted: QaSample[] = [];
  for (const p of plan) {
    const mine = existing.filter(s => s.agent === p.agentId);
    const have = new Set(mine.map(s => s.callId));
    let randomRoom = p.randomSize - mine.filter(s => s.reason === 'random').length;
    for (const s of p.samples) {
      if (have.has(s.id)) continue;
      if (s.reason === 'random') {
        if (randomRoom <= 0) continue;
        randomRoom--;
      }
      wanted.push({callId: s.id, agent: p.agentId, date, reason: s.reason, flags: [...s.flags], businessType: s.businessType, callAt: s.startedAtMs, pickedAt: nowMs, seed});
    }
  }
  const added = qa.addSamples(wanted);
  const after = qa.samples({date});
  return {
    date,
    added,
    agents: plan.map(p => ({agent: p.agentId, calls: p.calls, flagged: p.flagged, randomSize: p.randomSize, sampled: after.filter(s => s.agent === p.agentId).length})),
  };
}
