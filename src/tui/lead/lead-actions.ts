// The console's writes, bound to the lead's documents: each validates through the books (a
// LeadWriteError names the problem and nothing is written) and stamps the lead and the time.
import type {PolicyConfig} from '../../rules/config.ts';
import {drawDailySample} from '../../sync/lead/qa-draw.ts';
import type {LeadActions} from './LeadApp.tsx';
import {fmt, leadMessages, type Lang} from './i18n.ts';
import type {Sources} from './lead-data.ts';

export type ActionContext = {
  /** The lead's agent id (evaluator, decider, recorder). */
  readonly lead: string;
  readonly day: string;
  readonly policy: PolicyConfig;
  readonly clock: () => number;
  readonly lang?: Lang;
  /** The calendar shifts are planned on. */
  readonly calendar?: string;
};

export function leadActions(s: Sources, c: ActionContext): LeadActions {
  const t = leadMessages[c.lang ?? 'zh-CN'];
  return {
    draw() {
      const result = drawDailySample(s.qa, s.calls.list(), c.day, c.clock(), c.policy);
      return fmt(t.qa.drawn, {n: result.added.length});
    },
    score(input) {
      s.qa.score({...input, evaluator: c.lead, at: c.clock()});
    },
    decide(input) {
      s.qa.decide({callId: input.callId, by: c.lead, at: c.clock(), marks: input.marks, note: input.note});
    },
    feedbackGiven(callId) {
      s.qa.giveFeedback(callId, c.clock());
    },
    sign(agent, kind, makeUp) {
      s.roster.sign({agent, kind, at: c.clock(), makeUp});
    },
    planMonth() {
      const agents = [...s.roster.ctx.agents.keys()].filter(a => a !== c.lead);
      s.roster.planMonth(agents, c.calendar ?? c.policy.calendars.service);
    },
    requestLeave(input) {
      const record = s.roster.requestLeave({...input, requestedAt: c.clock()});
      return t.workforce.approver[record.approver];
    },
    decideLeave(id, approve) {
      s.roster.decideLeave({id, by: c.lead, as: 'team_lead', approve, at: c.clock()});
    },
    recordMeeting() {
      const present = s.roster.attendance({date: c.day}).filter(a => a.signInAt !== undefined && a.agent !== c.lead).map(a => a.agent);
      s.roster.recordMeeting({date: c.day, chair: c.lead, at: c.clock(), present});
    },
    recordViolation(agent, code) {
      s.ledger.record({agent, code, at: c.clock(), recordedBy: c.lead});
    },
  };
}
