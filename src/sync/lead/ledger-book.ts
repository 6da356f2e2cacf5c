// The discipline ledger `ledger/<team>/<yyyy-mm>`, written by the team lead only: one
// entry per violation as recorded; points, repeats counted as serious, monthly totals and the
// dismissal threshold are computed by src/rules (disciplineLedger) when read, so a policy
// change re-counts the month instead of leaving stale numbers in the document.
import type * as Y from 'yjs';
import {z} from 'zod';
import type {PolicyConfig} from '../../rules/config.ts';
import {IsoDate} from '../../rules/config.ts';
import {disciplineLedger, type AgentLedger} from '../../rules/discipline.ts';
import {violationKind} from '../../rules/lead-violations.ts';
import {AgentId, EpochMs, Text, contextIssues, dateAt, leadOrigin, parseOrThrow, plain, readEntries, throwIfAny, type BadEntry, type LeadContext} from './lead-doc.ts';

export const LedgerRecord = z.object({
  id: z.string().min(1).max(80),
  agent: AgentId,
  date: IsoDate,
  at: EpochMs,
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a violation code (lowercase, _)'),
  severity: z.enum(['serious', 'general']),
  note: Text(),
  recordedBy: AgentId,
  /** The call it concerns, if any (a forbidden phrase heard in QA, …). */
  callId: z.string().max(128).optional(),
});
export type LedgerRecord = z.infer<typeof LedgerRecord>;

export const LedgerInput = z.object({
  id: z.string().min(1).max(80).optional(),
  agent: AgentId,
  at: EpochMs,
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a violation code (lowercase, _)'),
  /** Defaults to the catalog's severity for known codes; required for other codes. */
  severity: z.enum(['serious', 'general']).optional(),
  note: Text().default(''),
  recordedBy: AgentId,
  callId: z.string().max(128).optional(),
});
export type LedgerInput = z.input<typeof LedgerInput>;

const entriesMap = 'entries';

export class LedgerBook {
  readonly bad: BadEntry[] = [];

  constructor(readonly doc: Y.Doc, readonly ctx: LeadContext, readonly policy: PolicyConfig) {}

  record(input: LedgerInput): LedgerRecord {
    const i = parseOrThrow(LedgerInput, input, 'discipline entry');
    const date = dateAt(i.at, this.policy.calendars.utcOffsetMinutes);
    const issues = contextIssues(this.ctx, {agents: [i.agent, i.recordedBy], dates: [date]});
    const kind = violationKind(i.code);
    const severity = i.severity ?? kind?.severity;
    if (!severity) issues.push(`code "${i.code}" is not in the catalog: give its severity (serious or general)`);
    throwIfAny('discipline entry', issues);
    const id = i.id ?? `${i.at.toString(36)}-${i.agent}-${i.code}`;
    if (this.doc.getMap(entriesMap).has(id)) throwIfAny('discipline entry', [`entry ${id} already exists`]);
    const entry: LedgerRecord = {id, agent: i.agent, date, at: i.at, code: i.code, severity: severity as 'serious' | 'general', note: i.note, recordedBy: i.recordedBy, ...(i.callId ? {callId: i.callId} : {})};
    this.doc.transact(() => this.doc.getMap<unknown>(entriesMap).set(id, plain(entry)), leadOrigin);
    return entry;
  }

  /** Remove an entry recorded by mistake (the lead's own correction). */
  remove(id: string): boolean {
    const map = this.doc.getMap<unknown>(entriesMap);
    if (!map.has(id)) return false;
    this.doc.transact(() => map.delete(id), leadOrigin);
    return true;
  }

  entries(filter: {readonly agent?: string} = {}): LedgerRecord[] {
    return readEntries(this.doc, entriesMap, LedgerRecord, this.bad).map(([, e]) => e)
      .filter(e => filter.agent === undefined || e.agent === filter.agent)
      .sort((a, b) => a.at - b.at);
  }

  /**
   * R-33 per agent: points, counted severity, repeats, monthly totals, dismissal. `earlier`
   * adds entries of earlier months (3 serious in employment, not only this month).
   */
  ledgers(earlier: readonly LedgerRecord[] = []): AgentLedger[] {
    const all = [...earlier, ...this.entries()];
    return disciplineLedger(all.map(e => ({agentId: e.agent, atMs: e.at, severity: e.severity, code: e.code})), this.policy);
  }
}
