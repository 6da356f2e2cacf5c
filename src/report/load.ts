// Read the hub's persisted documents (<dataDir>/sync/<kind>/<team>/<period>.ylog, the append-only
// update logs of src/sync/update-log.ts) without a running hub: the report works on a copy of
// the data directory or beside a live hub (a torn last record is simply not read yet).
import fs from 'node:fs/promises';
import path from 'node:path';
import * as Y from 'yjs';
import type {PolicyConfig} from '../rules/config.ts';
import {readLog, RecordKind} from '../sync/update-log.ts';
import {CallLog} from '../sync/call-log.ts';
import type {CallRecord} from '../sync/schema.ts';
import {QaBook, type ScoreView} from '../sync/lead/qa-book.ts';
import {LedgerBook, type LedgerRecord} from '../sync/lead/ledger-book.ts';
import {RosterBook} from '../sync/lead/roster-book.ts';
import type {AttendanceView} from '../sync/lead/roster-records.ts';
import type {PeriodRange} from './period.ts';
import type {ReportInput} from './team-report.ts';

export type LoadProblem = {readonly doc: string; readonly problem: string};

/** The persisted document, or undefined when the hub never stored it. */
export async function loadPersistedDoc(dataDir: string, name: string, problems: LoadProblem[] = []): Promise<Y.Doc | undefined> {
  const file = path.join(dataDir, 'sync', ...name.split('/')) + '.ylog';
  const read = await readLog(file);
  if (read.damaged) problems.push({doc: name, problem: read.damaged});
  if (read.records.length === 0) return undefined;
  const doc = new Y.Doc();
  let bad = 0;
  for (const record of read.records) {
    // Only updates: confirmed state vectors (seat side) and replica owners (hub side) are not content.
    if (record.kind === RecordKind.confirmed || record.kind === RecordKind.owner) continue;
    try {
      Y.applyUpdate(doc, record.data);
    } catch {
      bad++;
    }
  }
  if (bad > 0) problems.push({doc: name, problem: `${bad} unreadable records skipped`});
  return doc;
}

/** Months (yyyy-mm) of a kind the hub holds for a team, sorted. */
export async function storedMonths(dataDir: string, kind: 'qa' | 'roster' | 'ledger', team: string): Promise<string[]> {
  try {
    const names = await fs.readdir(path.join(dataDir, 'sync', kind, team));
    return names.filter(n => /^\d{4}-\d{2}\.ylog$/.test(n)).map(n => n.slice(0, 7)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export type LoadOptions = {
  readonly dataDir: string;
  readonly team: string;
  readonly range: PeriodRange;
  readonly policy: PolicyConfig;
  /** The team's agents from the config; empty → taken from the records. */
  readonly agents: ReadonlyMap<string, string>;
  readonly now: number;
};

export type LoadedReportInput = ReportInput & {readonly problems: readonly LoadProblem[]; readonly docsFound: number};

export async function loadReportInput(options: LoadOptions): Promise<LoadedReportInput> {
  const {dataDir, team, range, policy, now} = options;
  const problems: LoadProblem[] = [];
  let docsFound = 0;
  const records: CallRecord[] = [];
  for (const day of range.days) {
    const doc = await loadPersistedDoc(dataDir, `calls/${team}/${day}`, problems);
    if (!doc) continue;
    docsFound++;
    const log = new CallLog(doc, {onIssue: issue => problems.push({doc: `calls/${team}/${day}`, problem: JSON.stringify(issue)})});
    records.push(...log.list());
  }
  // The documents' context knows every agent the records, scores and entries name (leads included).
  const agents = new Map(options.agents);
  for (const r of records) {
    const id = r.facts?.agent;
    if (id && !agents.has(id)) agents.set(id, id);
  }
  const scores: ScoreView[] = [];
  const attendance = new Map<string, AttendanceView>();
  for (const month of range.months) {
    const ctx = {team, month, agents};
    const qaDoc = await loadPersistedDoc(dataDir, `qa/${team}/${month}`, problems);
    if (qaDoc) {
      docsFound++;
      scores.push(...new QaBook(qaDoc, ctx, policy).scores(now));
    }
    const rosterDoc = await loadPersistedDoc(dataDir, `roster/${team}/${month}`, problems);
    if (rosterDoc) {
      docsFound++;
      for (const a of new RosterBook(rosterDoc, ctx, policy).attendanceSummary(range.to, range.from)) {
        const prev = attendance.get(a.agent);
        attendance.set(a.agent, prev ? {...a, shifts: prev.shifts + a.shifts, signedIn: prev.signedIn + a.signedIn, late: prev.late + a.late, missingSignIn: prev.missingSignIn + a.missingSignIn, missingSignOut: prev.missingSignOut + a.missingSignOut, makeUps: [...prev.makeUps, ...a.makeUps], absences: prev.absences + a.absences} : a);
      }
    }
  }
  // repeats count per month and dismissal over the whole employment: read every month up to the range's end.
  const ledger: LedgerRecord[] = [];
  for (const month of (await storedMonths(dataDir, 'ledger', team)).filter(m => m <= range.to.slice(0, 7))) {
    const doc = await loadPersistedDoc(dataDir, `ledger/${team}/${month}`, problems);
    if (!doc) continue;
    docsFound++;
    ledger.push(...new LedgerBook(doc, {team, month, agents}, policy).entries());
  }
  for (const id of [...scores.map(x => x.agent), ...ledger.map(e => e.agent)]) if (!agents.has(id)) agents.set(id, id);
  return {team, range, generatedAt: now, policy, agents, records, scores, ledger, attendance: [...attendance.values()], problems, docsFound};
}
