// `zuoxi export --team T --from D --to D --format csv|json [--data DIR] [--config FILE]
//  [--out FILE] [--unmasked --agent ID]`: call records out of the hub's persisted documents.
// R-36: customer numbers stay masked (138****5678) unless --unmasked is asked by the team's
// lead, proven with the lead's id and PIN (ZUOXI_PIN, or typed on stdin when it is a TTY) —
// customer data leaves the center only with a role that allows it.
import fs from 'node:fs/promises';
import process from 'node:process';
import {z} from 'zod';
import {askPin} from './ask-pin.ts';
import {findConfigFile, loadConfigFile} from './config.ts';
import {command} from './run-command.ts';
import {ZuoxiConfig} from '../config.ts';
import {Auth} from '../../server/auth.ts';
import {maskNumberFor} from '../rules/privacy.ts';
import type {PolicyConfig} from '../rules/config.ts';
import {daysBetween, parseDocName} from '../sync/doc-name.ts';
import {CallLog} from '../sync/call-log.ts';
import type {CallRecord} from '../sync/schema.ts';
import {loadPersistedDoc, type LoadProblem} from '../report/load.ts';
import {csvText} from '../report/csv-write.ts';

const usage = `usage: zuoxi export --team T --from YYYY-MM-DD --to YYYY-MM-DD --format csv|json [--data DIR] [--config FILE] [--out FILE] [--unmasked --agent LEAD_ID]

  --team T             the team id
  --from D, --to D     the days to export (at most 366)
  --format F           csv or json
  --data DIR           the hub's data directory (default: the config's dataDir)
  --config FILE        the center's config (default ./zuoxi.config.json when there is one)
  --out FILE           write there (mode 600) instead of stdout
  --unmasked --agent ID  customer numbers in clear, for the team's lead only (R-36); the PIN from
                       ZUOXI_PIN or typed at the prompt

Exit status: 0 exported, 2 usage error or unreadable input, 3 the lead's PIN or role refused.`;
const isoDate = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export type ExportRow = CallRecord & {readonly date: string};

/** R-36: mask every customer number in a record. */
export function maskRecord(record: ExportRow, policy: PolicyConfig): ExportRow {
  const m = (n: string | undefined) => (n === undefined ? n : maskNumberFor(n, policy));
  const seat = {...record.seat};
  if (seat.caller) seat.caller = {...seat.caller, phone: m(seat.caller.phone) ?? ''};
  if (seat.complaint) seat.complaint = {...seat.complaint, callerPhone: m(seat.complaint.callerPhone) ?? ''};
  if (seat.callback) seat.callback = {...seat.callback, phone: m(seat.callback.phone) ?? ''};
  return {...record, facts: record.facts ? {...record.facts, caller: m(record.facts.caller) ?? ''} : undefined, seat};
}

const iso = (t: number | undefined) => (t === undefined ? '' : new Date(t).toISOString());

const columns: Array<[string, (r: ExportRow) => unknown]> = [
  ['date', r => r.date],
  ['call_id', r => r.callId],
  ['direction', r => r.facts?.direction],
  ['caller', r => r.facts?.caller],
  ['queue', r => r.facts?.queue],
  ['agent', r => r.facts?.agent],
  ['arrived_at', r => iso(r.facts?.arrivedAt)],
  ['answered_at', r => iso(r.facts?.answeredAt)],
  ['ended_at', r => iso(r.facts?.endedAt)],
  ['rings', r => r.facts?.rings],
  ['late_answer', r => r.facts?.lateAnswer],
  ['hold_ms', r => r.facts?.holds.reduce((sum, h) => sum + ((h.end ?? h.start) - h.start), 0)],
  ['transfers', r => r.facts?.transfers.map(x => `${x.kind}:${x.to}${x.ok ? '' : '(failed)'}`).join(' ')],
  ['hung_up_by', r => r.facts?.hungUpBy],
  ['end_reason', r => r.facts?.endReason],
  ['abandon_wait_ms', r => r.facts?.abandonWaitMs],
  ['owner', r => r.seat.owner ?? r.facts?.agent],
  ['category', r => r.seat.category],
  ['disposition', r => r.seat.disposition],
  ['notes_5w1h', r => (r.seat.notes ? ['when', 'who', 'where', 'what', 'why', 'how'].map(k => `${k}: ${r.seat.notes![k as 'when']}`).join('; ') : '')],
  ['caller_surname', r => r.seat.caller?.surname],
  ['caller_address', r => r.seat.caller?.address],
  ['caller_phone', r => r.seat.caller?.phone],
  ['complaint', r => r.seat.complaint?.content],
  ['complaint_status', r => r.seat.complaint?.status],
  ['work_order', r => r.seat.workOrder?.id],
  ['work_order_stage', r => r.seat.workOrder?.stage],
  ['callback_due', r => (r.seat.callback ? (r.seat.callback.due === null ? 'open' : iso(r.seat.callback.due)) : '')],
  ['offers_made', r => r.seat.offers?.made],
  ['offers_declined', r => r.seat.offers?.declined],
  ['qa_flags', r => r.seat.qaFlags?.join(' ')],
];

export function toCsv(rows: readonly ExportRow[]): string {
  return csvText([columns.map(([name]) => name), ...rows.map(row => columns.map(([, get]) => get(row)))]);
}

/** Every valid call record of a team in a date range, from the hub's data directory. */
export async function exportRows(dataDir: string, team: string, from: string, to: string, problems: LoadProblem[] = []): Promise<ExportRow[]> {
  const rows: ExportRow[] = [];
  for (const date of daysBetween(from, to)) {
    const name = `calls/${team}/${date}`;
    const doc = await loadPersistedDoc(dataDir, name, problems);
    if (!doc) continue;
    const log = new CallLog(doc, {onIssue: issue => problems.push({doc: name, problem: `${issue.where}: ${issue.error}`})});
    for (const record of log.list()) rows.push({...record, date});
    doc.destroy();
  }
  return rows;
}

// Strings here; the checks below keep their own messages (they compare flags with each other).
const Flags = z.object({
  team: z.string(), from: z.string(), to: z.string(), format: z.string(),
  data: z.string().optional(), config: z.string().optional(), out: z.string().optional(),
  unmasked: z.boolean().default(false), agent: z.string().optional(),
});

export const run = command({
  name: 'export',
  usage,
  options: {
    team: {type: 'string'}, from: {type: 'string'}, to: {type: 'string'}, format: {type: 'string'}, data: {type: 'string'},
    config: {type: 'string'}, out: {type: 'string'}, unmasked: {type: 'boolean'}, agent: {type: 'string'},
  },
  schema: Flags,
  run: exportCommand,
});

async function exportCommand(values: z.output<typeof Flags>): Promise<number> {
  const {team, from, to, format} = values;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(team)) return fail(`--team "${team}" is not a team id`);
  if (!isoDate.test(from) || !parseDocName(`calls/${team}/${from}`).ok) return fail(`--from "${from}" is not a date YYYY-MM-DD`);
  if (!isoDate.test(to) || !parseDocName(`calls/${team}/${to}`).ok) return fail(`--to "${to}" is not a date YYYY-MM-DD`);
  if (to < from) return fail(`--to ${to} is before --from ${from}`);
  if (daysBetween(from, to).length > 366) return fail('--from … --to spans more than 366 days; export a year at a time');
  if (format !== 'csv' && format !== 'json') return fail(`--format "${format}" is not csv or json`);

  let config: ZuoxiConfig;
  const configFile = await findConfigFile(values.config);
  const loaded = configFile === undefined ? undefined : await loadConfigFile(configFile);
  if (!loaded) config = ZuoxiConfig.parse({});
  else if (loaded.ok) config = loaded.config;
  else return fail(`${loaded.error}${loaded.problems.map(p => `\n  ${p.path}: ${p.message}`).join('')}`);
  // An unknown team would export 0 records and look like a quiet day.
  if (loaded && !config.teams.some(t => t.id === team)) return fail(`--team "${team}" is not a team of ${configFile} (teams: ${config.teams.map(t => t.id).join(', ')})`);
  const dataDir = values.data ?? config.dataDir;
  try {
    if (!(await fs.stat(dataDir)).isDirectory()) return fail(`--data "${dataDir}" is not a directory`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fail(`data directory "${dataDir}" does not exist (give the hub's --data DIR)`);
    throw error;
  }

  if (values.unmasked) {
    // R-36: only the team's lead may take unmasked numbers out.
    if (!values.agent) return fail('--unmasked needs --agent LEAD_ID (and the PIN in ZUOXI_PIN or typed at the prompt)');
    const pin = process.env.ZUOXI_PIN || await askPin('lead PIN: ');
    if (!pin) return fail('--unmasked: no PIN (set ZUOXI_PIN or run in a terminal)');
    const identity = new Auth(config).verify(values.agent, pin);
    if (!identity) return fail(`--unmasked: agent ${values.agent} and PIN not accepted`, 3);
    if (identity.role !== 'lead' || identity.team !== team) return fail(`--unmasked: ${values.agent} is not the lead of team ${team}; numbers stay masked (R-36)`, 3);
  }

  const problems: LoadProblem[] = [];
  let rows: ExportRow[];
  try {
    rows = await exportRows(dataDir, team, from, to, problems);
  } catch (error) {
    return fail(`cannot read ${dataDir}: ${(error as Error).message}`);
  }
  for (const p of problems) console.error(`zuoxi export: warning: ${p.doc}: ${p.problem}`);
  if (!values.unmasked) rows = rows.map(r => maskRecord(r, config.policy));
  const text = format === 'csv' ? toCsv(rows) : `${JSON.stringify(rows, null, 2)}\n`;
  if (values.out) await fs.writeFile(values.out, text, {mode: 0o600});
  else process.stdout.write(text);
  console.error(`zuoxi export: ${rows.length} call records of team ${team}, ${from} … ${to}${values.unmasked ? ' (UNMASKED)' : ''}`);
  return 0;
}

function fail(message: string, code = 2): number {
  console.error(`zuoxi export: ${message}`);
  return code;
}
