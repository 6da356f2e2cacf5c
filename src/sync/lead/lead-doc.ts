// What the three lead documents (qa/, roster/, ledger/<team>/<yyyy-mm>) share: the context a
// write is checked against (team, month, the team's agents), validation that throws one error
// listing every problem before anything is written, and validated reads that skip (and report)
// entries an old or foreign client wrote.
import type * as Y from 'yjs';
import {z} from 'zod';

/** Origin tag of the lead console's transactions (observers can tell who wrote). */
export const leadOrigin = 'lead';

export class LeadWriteError extends Error {
  /** Every problem found, each naming the field. */
  readonly issues: readonly string[];

  constructor(what: string, issues: readonly string[]) {
    super(`${what}: ${issues.join('; ')}`);
    this.name = 'LeadWriteError';
    this.issues = issues;
  }
}

export const AgentId = z.string().regex(/^\d{3,8}$/, 'expected an agent id (3–8 digits)');
export const MonthKey = z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])$/, 'expected a month yyyy-mm');
export const EpochMs = z.number().int().nonnegative();
export const Text = (max = 2000) => z.string().max(max, `at most ${max} characters`);

export type LeadContext = {
  readonly team: string;
  /** yyyy-mm of the document. */
  readonly month: string;
  /** The team's agents (id → name): a write naming anyone else is refused. */
  readonly agents: ReadonlyMap<string, string>;
};

function issueText(issue: z.core.$ZodIssue): string {
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** Parse or throw a LeadWriteError naming every problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new LeadWriteError(what, result.error.issues.map(issueText));
  return result.data;
}

/** Problems with who and when: an unknown agent, a date outside the document's month. */
export function contextIssues(ctx: LeadContext, fields: {readonly agents?: readonly (string | undefined)[]; readonly dates?: readonly (string | undefined)[]}): string[] {
  const issues: string[] = [];
  for (const agent of fields.agents ?? []) {
    if (agent !== undefined && !ctx.agents.has(agent)) issues.push(`unknown agent "${agent}" (team ${ctx.team} has: ${[...ctx.agents.keys()].join(', ')})`);
  }
  for (const date of fields.dates ?? []) {
    if (date !== undefined && date.slice(0, 7) !== ctx.month) issues.push(`date ${date} is not in this document's month ${ctx.month}`);
  }
  return issues;
}

export function throwIfAny(what: string, issues: readonly string[]): void {
  if (issues.length > 0) throw new LeadWriteError(what, issues);
}

export type BadEntry = {readonly map: string; readonly key: string; readonly error: string};

/** Validated entries of a Y.Map of plain JSON values; bad ones are skipped and listed. */
export function readEntries<S extends z.ZodType>(doc: Y.Doc, mapName: string, schema: S, bad?: BadEntry[]): Array<[string, z.infer<S>]> {
  const out: Array<[string, z.infer<S>]> = [];
  for (const [key, value] of doc.getMap<unknown>(mapName).entries()) {
    const result = schema.safeParse(value);
    if (result.success) out.push([key, result.data]);
    else bad?.push({map: mapName, key, error: result.error.issues.map(issueText).join('; ')});
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function readEntry<S extends z.ZodType>(doc: Y.Doc, mapName: string, key: string, schema: S): z.infer<S> | undefined {
  const value = doc.getMap<unknown>(mapName).get(key);
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

/** Plain JSON (Y.Map values are stored as ContentAny; drop undefined fields). */
export function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Local ISO date of an epoch ms at a UTC offset (the center's; see PolicyConfig.calendars). */
export function dateAt(ms: number, utcOffsetMinutes: number): string {
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}
