// The QA document `qa/<team>/<yyyy-mm>` (R-24…R-29), written by the team lead only (the hub
// refuses agents): the day's samples per agent, scores against the form with their R-27
// feedback deadline, disputes and the supervisor's final decision, the evaluator of each
// score (R-29 calibration). Every write is checked whole before one transaction writes it.
import * as Y from 'yjs';
import {z} from 'zod';
import type {PolicyConfig} from '../../rules/config.ts';
import {IsoDate} from '../../rules/config.ts';
import {QaForm, scoreMarks, defaultQaForm} from '../../rules/lead-qa-form.ts';
import {applyQaAction, feedbackDue, type QaReview} from '../../rules/qa-feedback.ts';
import {AgentId, EpochMs, Text, contextIssues, dateAt, leadOrigin, parseOrThrow, plain, readEntries, readEntry, throwIfAny, LeadWriteError, type BadEntry, type LeadContext} from './lead-doc.ts';

/** R-24 monitoring methods. */
export const QaMethod = z.enum(['recording', 'live', 'side_by_side']);
export type QaMethod = z.infer<typeof QaMethod>;

export const QaSample = z.object({
  callId: z.string().min(1).max(128),
  agent: AgentId,
  /** Local date of the call. */
  date: IsoDate,
  /** random: R-26 random pick within the R-25 quota; flag: a per-call check flagged it. */
  reason: z.enum(['random', 'flag']),
  /** Per-call check flags of the call (late_answer, long_hold, …). */
  flags: z.array(z.string()).default([]),
  businessType: z.string().min(1).default('general'),
  /** When the call started (answered or arrived), epoch ms. */
  callAt: EpochMs,
  pickedAt: EpochMs,
  /** The rng seed of the draw, so an audit can redo it. */
  seed: z.number().int().optional(),
});
export type QaSample = z.infer<typeof QaSample>;

export const QaScore = z.object({
  callId: z.string().min(1).max(128),
  agent: AgentId,
  date: IsoDate,
  method: QaMethod.default('recording'),
  /** who scored. */
  evaluator: AgentId,
  at: EpochMs,
  marks: z.record(z.string(), z.number().int().nonnegative()),
  total: z.number().nonnegative(),
  max: z.number().positive(),
  comment: Text(),
  /** individual error → 1 working day; common issue → 1 week. */
  feedback: z.enum(['individual', 'common']),
  feedbackDue: EpochMs,
  feedbackGivenAt: EpochMs.optional(),
});
export type QaScore = z.infer<typeof QaScore>;

export const QaDecision = z.object({
  by: AgentId,
  at: EpochMs,
  /** upheld: the score stands; revised: the final marks replace it. */
  outcome: z.enum(['upheld', 'revised']),
  marks: z.record(z.string(), z.number().int().nonnegative()),
  total: z.number().nonnegative(),
  note: Text(),
});
export type QaDecision = z.infer<typeof QaDecision>;

export const QaDispute = z.object({
  callId: z.string().min(1).max(128),
  agent: AgentId,
  raisedAt: EpochMs,
  reason: Text().refine(s => s.trim().length > 0, 'a dispute needs a reason'),
  /** seat: the agent raised it on the call record; lead: recorded for the agent. */
  via: z.enum(['seat', 'lead']),
  decision: QaDecision.optional(),
});
export type QaDispute = z.infer<typeof QaDispute>;

export const ScoreInput = z.object({
  callId: z.string().min(1).max(128),
  agent: AgentId,
  date: IsoDate,
  method: QaMethod.default('recording'),
  evaluator: AgentId,
  at: EpochMs,
  marks: z.record(z.string(), z.number()),
  comment: Text().default(''),
  feedback: z.enum(['individual', 'common']).default('individual'),
});
export type ScoreInput = z.input<typeof ScoreInput>;

export const DisputeInput = z.object({
  callId: z.string().min(1).max(128),
  agent: AgentId,
  at: EpochMs,
  reason: z.string().max(2000),
  via: z.enum(['seat', 'lead']).default('lead'),
});
export type DisputeInput = z.input<typeof DisputeInput>;

export const DecisionInput = z.object({
  callId: z.string().min(1).max(128),
  by: AgentId,
  at: EpochMs,
  /** Absent: the score is upheld. */
  marks: z.record(z.string(), z.number()).optional(),
  note: Text().default(''),
});
export type DecisionInput = z.input<typeof DecisionInput>;

export type FeedbackState = 'given' | 'given_late' | 'due' | 'overdue';

/** where the feedback on a score stands at `nowMs`. */
export function feedbackState(dueMs: number, givenAtMs: number | undefined, nowMs: number): FeedbackState {
  if (givenAtMs !== undefined) return givenAtMs <= dueMs ? 'given' : 'given_late';
  return nowMs > dueMs ? 'overdue' : 'due';
}

/** The R-28 state machine of src/rules over a stored score and dispute (percent scores). */
function review(score: QaScore, dispute: QaDispute | undefined): QaReview {
  const percent = (total: number) => Math.round((total / score.max) * 1000) / 10;
  return {
    id: score.callId, agentId: score.agent, evaluatorId: score.evaluator, score: percent(dispute?.decision?.total ?? score.total),
    status: dispute?.decision ? 'final' : dispute ? 'disputed' : 'scored',
    ...(dispute ? {dispute: {reason: dispute.reason, atMs: dispute.raisedAt}} : {}),
  };
}

const samplesMap = 'samples';
const scoresMap = 'scores';
const disputesMap = 'disputes';
const formMap = 'form';

const sampleKey = (s: {date: string; callId: string}) => `${s.date}/${s.callId}`;

export type ScoreView = QaScore & {
  /** The score that counts: the decision's when decided, else the evaluator's. */
  readonly finalTotal: number;
  readonly finalPercent: number;
  readonly dispute?: QaDispute;
  readonly feedbackState: FeedbackState;
};

export class QaBook {
  /** Entries that failed validation on the last read (an old or foreign client wrote them). */
  readonly bad: BadEntry[] = [];

  constructor(readonly doc: Y.Doc, readonly ctx: LeadContext, readonly policy: PolicyConfig) {}

  /** The form in use: stored in the document once set, else the documents' default form. */
  form(): QaForm {
    const stored = this.doc.getMap<unknown>(formMap).get('current');
    const result = QaForm.safeParse(stored);
    return result.success ? result.data : defaultQaForm();
  }

  setForm(form: z.input<typeof QaForm>): QaForm {
    const parsed = parseOrThrow(QaForm, form, 'QA form');
    this.doc.transact(() => this.doc.getMap<unknown>(formMap).set('current', plain(parsed)), leadOrigin);
    return parsed;
  }

  samples(filter: {readonly date?: string; readonly agent?: string} = {}): QaSample[] {
    return readEntries(this.doc, samplesMap, QaSample, this.bad).map(([, s]) => s)
      .filter(s => (filter.date === undefined || s.date === filter.date) && (filter.agent === undefined || s.agent === filter.agent))
      .sort((a, b) => a.callAt - b.callAt);
  }

  /** Add samples (all or none); a call already sampled that day keeps its first entry. */
  addSamples(samples: readonly z.input<typeof QaSample>[]): QaSample[] {
    const parsed = samples.map((s, i) => parseOrThrow(QaSample, s, `sample ${i + 1}`));
    throwIfAny('samples', parsed.flatMap(s => contextIssues(this.ctx, {agents: [s.agent], dates: [s.date]})));
    const map = this.doc.getMap<unknown>(samplesMap);
    const added = parsed.filter(s => !map.has(sampleKey(s)));
    if (added.length > 0) this.doc.transact(() => {
      for (const s of added) map.set(sampleKey(s), plain(s));
    }, leadOrigin);
    return added;
  }

  /** Score a call against the form; the R-27 feedback deadline is set from the policy. */
  score(input: ScoreInput): QaScore {
    const i = parseOrThrow(ScoreInput, input, `score of call ${String((input as {callId?: unknown}).callId ?? '?')}`);
    const issues = contextIssues(this.ctx, {agents: [i.agent, i.evaluator], dates: [i.date]});
    if (i.evaluator === i.agent) issues.push('an agent cannot evaluate their own call');
    const scoring = scoreMarks(this.form(), i.marks);
    if (!scoring.ok) issues.push(...scoring.errors);
    if (this.#dispute(i.callId)?.decision) issues.push(`call ${i.callId} was disputed and decided; the decision is final (R-28)`);
    throwIfAny(`score of call ${i.callId}`, issues);
    if (!scoring.ok) throw new LeadWriteError('score', scoring.errors);
    const score: QaScore = {
      callId: i.callId, agent: i.agent, date: i.date, method: i.method, evaluator: i.evaluator, at: i.at,
      marks: {...scoring.marks}, total: scoring.total, max: scoring.max, comment: i.comment,
      feedback: i.feedback, feedbackDue: feedbackDue(i.feedback, i.at, this.policy),
    };
    this.doc.transact(() => this.doc.getMap<unknown>(scoresMap).set(i.callId, plain(score)), leadOrigin);
    return score;
  }

  /** the lead gave the feedback (one-to-one or to the team). */
  giveFeedback(callId: string, at: number): QaScore {
    const score = readEntry(this.doc, scoresMap, callId, QaScore);
    if (!score) throw new LeadWriteError('feedback', [`call ${callId} has no QA score`]);
    const updated = {...score, feedbackGivenAt: parseOrThrow(EpochMs, at, 'feedback time')};
    this.doc.transact(() => this.doc.getMap<unknown>(scoresMap).set(callId, plain(updated)), leadOrigin);
    return updated;
  }

  /** the agent disputes a score (raised on the seat or in person). One dispute per call. */
  dispute(input: DisputeInput): QaDispute {
    const i = parseOrThrow(DisputeInput, input, 'dispute');
    const issues = contextIssues(this.ctx, {agents: [i.agent]});
    const score = readEntry(this.doc, scoresMap, i.callId, QaScore);
    if (!score) issues.push(`call ${i.callId} has no QA score to dispute`);
    else if (score.agent !== i.agent) issues.push(`call ${i.callId} was scored for agent ${score.agent}, not ${i.agent}`);
    else {
      const result = applyQaAction(review(score, this.#dispute(i.callId)), {type: 'dispute', by: i.agent, reason: i.reason, atMs: i.at});
      if (!result.ok) issues.push(result.error);
    }
    throwIfAny(`dispute of call ${i.callId}`, issues);
    const dispute: QaDispute = {callId: i.callId, agent: i.agent, raisedAt: i.at, reason: i.reason.trim(), via: i.via};
    this.doc.transact(() => this.doc.getMap<unknown>(disputesMap).set(i.callId, plain(dispute)), leadOrigin);
    return dispute;
  }

  /** the supervisor's final decision: uphold (no marks) or revise (marks against the form). */
  decide(input: DecisionInput): QaDispute {
    const i = parseOrThrow(DecisionInput, input, 'decision');
    const issues = contextIssues(this.ctx, {agents: [i.by]});
    const dispute = this.#dispute(i.callId);
    const score = readEntry(this.doc, scoresMap, i.callId, QaScore);
    if (score && i.by === score.agent) issues.push('an agent cannot decide their own dispute');
    let marks = score?.marks ?? {};
    let total = score?.total ?? 0;
    if (i.marks) {
      const scoring = scoreMarks(this.form(), i.marks);
      if (scoring.ok) {
        marks = {...scoring.marks};
        total = scoring.total;
      } else issues.push(...scoring.errors);
    }
    if (!score) issues.push(`call ${i.callId} has no QA score`);
    else {
      // The lead console is the supervisor's desk for the team.
      const result = applyQaAction(review(score, dispute), {type: 'decide', by: i.by, role: 'supervisor', score: Math.round((total / score.max) * 1000) / 10, atMs: i.at});
      if (!result.ok) issues.push(result.error);
    }
    throwIfAny(`decision on call ${i.callId}`, issues);
    const decided: QaDispute = {...(dispute as QaDispute), decision: {by: i.by, at: i.at, outcome: i.marks ? 'revised' : 'upheld', marks, total, note: i.note}};
    this.doc.transact(() => this.doc.getMap<unknown>(disputesMap).set(i.callId, plain(decided)), leadOrigin);
    return decided;
  }

  disputes(filter: {readonly open?: boolean} = {}): QaDispute[] {
    return readEntries(this.doc, disputesMap, QaDispute, this.bad).map(([, d]) => d)
      .filter(d => filter.open === undefined || filter.open === (d.decision === undefined))
      .sort((a, b) => a.raisedAt - b.raisedAt);
  }

  /** Scores with their final total, dispute and feedback state at `nowMs`. */
  scores(nowMs: number, filter: {readonly agent?: string; readonly date?: string} = {}): ScoreView[] {
    const disputes = new Map(this.disputes().map(d => [d.callId, d]));
    return readEntries(this.doc, scoresMap, QaScore, this.bad).map(([, s]) => s)
      .filter(s => (filter.agent === undefined || s.agent === filter.agent) && (filter.date === undefined || s.date === filter.date))
      .map(s => {
        const dispute = disputes.get(s.callId);
        const finalTotal = dispute?.decision?.total ?? s.total;
        return {...s, dispute, finalTotal, finalPercent: Math.round((finalTotal / s.max) * 1000) / 10, feedbackState: feedbackState(s.feedbackDue, s.feedbackGivenAt, nowMs)};
      })
      .sort((a, b) => a.at - b.at);
  }

  /** scores whose feedback is overdue at `nowMs`. */
  overdueFeedback(nowMs: number): ScoreView[] {
    return this.scores(nowMs).filter(s => s.feedbackState === 'overdue');
  }

  /** The local date of an epoch ms in the center's time (for callers building inputs). */
  dateOf(ms: number): string {
    return dateAt(ms, this.policy.calendars.utcOffsetMinutes);
  }

  #dispute(callId: string): QaDispute | undefined {
    return readEntry(this.doc, disputesMap, callId, QaDispute);
  }
}
