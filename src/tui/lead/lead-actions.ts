// The console's writes, bound to the lead's documents: each validates through the books (a
// LeadWriteError names the problem and nothing is written) and stamps the lead and the time.
import type {PolicyConfig} from '../../rules/config.ts';
import {drawDailySample} from '../../sync/lead/qa-draw.ts';
import type {LeadActions} from './LeadApp.tsx';
import {fmt, leadMessages, type Lang} from './i18n.ts';
import {agentList, scoreOf} from './lead-forms.ts';
import type {Sources} from './lead-data.ts';

export type ActionContext = {
  /** The lead's agent id (evaluator, decider, recorder). */
  readonly lead: string;
  readonly day: string;
  readonly policy: PolicyConfig;
  readonly clock: () => number;
  readonly lang?: Lang;
  /** The calendar shifts are planned on (R-19). */
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
      // R-24: a score says how the call was monitored, and only what the call's facts support.
      const facts = s.calls.get(input.callId)?.facts;
      const method = input.method ?? ((facts?.listens?.length ?? 0) > 0 ? 'live' : facts?.recording?.recorded ? 'recording' : 'side_by_side');
      if (method === 'recording' && !facts?.recording?.recorded) throw new Error(`call ${input.callId} has no recording${facts?.recording && !facts.recording.recorded ? ` (${facts.recording.why})` : ''}: score it as live or side-by-side`);
      if (method === 'live' && !facts?.listens?.length) throw new Error(`call ${input.callId} had no listen-in: score it as recording or side-by-side`);
      s.qa.score({...input, method, evaluator: c.lead, at: c.clock()});
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
    meetingPresent() {
      return s.roster.attendance({date: c.day}).filter(a => a.signInAt !== undefined && a.agent !== c.lead).map(a => a.agent);
    },
    recordMeeting(input) {
      // R-21: the minutes and who attended; absent is the day's roster minus those present.
      const meeting = s.roster.recordMeeting({date: c.day, chair: c.lead, at: c.clock(), ...input, present: agentList(input.present)});
      return fmt(t.entry.meeting.saved, {present: meeting.present.length, absent: meeting.absent.length});
    },
    recordTraining(input) {
      const training = s.roster.recordTraining({...input, attendees: agentList(input.attendees)});
      return fmt(t.entry.training.saved, {topic: training.topic});
    },
    recordExam(input) {
      // Both scores are checked before anything is written: a bad one names its field (R-30).
      const issues: string[] = [];
      const score = (field: 'recording' | 'written') => {
        try {
          return scoreOf(field, input[field]);
        } catch (error) {
          issues.push((error as Error).message);
          return 0;
        }
      };
      const recording = score('recording');
      const written = score('written');
      if (issues.length > 0) throw new Error(`placement exam of ${input.agent}: ${issues.join('; ')}`);
      const exam = s.roster.recordExam({agent: input.agent.trim(), date: input.date, recording, written});
      return fmt(t.entry.exam.saved, {agent: exam.agent, total: exam.total, outcome: exam.passed ? t.entry.exam.pass : t.entry.exam.fail});
    },
    recordViolation(agent, code) {
      s.ledger.record({agent, code, at: c.clock(), recordedBy: c.lead});
    },
  };
}
