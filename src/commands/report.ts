// `zuoxi report --team T --period day|week|month|quarter [--date D] --format csv|json|html [--data DIR]
// [--out FILE] [--config FILE]`: the R-34 report per agent and team from the hub's persisted
// documents (calls, QA, roster, ledger). Agents' names come from the config when there is one.
import fs from 'node:fs/promises';
import process from 'node:process';
import {z} from 'zod';
import {optionalConfig} from './config.ts';
import {choice} from './flags.ts';
import {command} from './run-command.ts';
import {defaultPolicy} from '../rules/config.ts';
import {localTime} from '../rules/calendar.ts';
import {periodRange} from '../report/period.ts';
import {loadReportInput} from '../report/load.ts';
import {buildTeamReport} from '../report/team-report.ts';
import {reportCsv} from '../report/csv.ts';
import {reportHtml} from '../report/html.ts';

const usage = `usage: zuoxi report --team T --period day|week|month|quarter [--date YYYY-MM-DD] --format csv|json|html [--data DIR] [--out FILE] [--config FILE]

  --team T       the team id
  --period P     day, week, month or quarter, the one holding --date (default today)
  --format F     csv, json or html (self-contained, charts as inline SVG)
  --data DIR     the hub's data directory (default: the config's dataDir, else .data)
  --out FILE     write there instead of stdout
  --config FILE  the center's config, for agents' names and the policy (default ./zuoxi.config.json when there is one)

Exit status: 0 written, 1 the config is invalid or the data directory is missing, 2 usage error.`;

const Flags = z.object({
  team: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a team id (lowercase letters, digits, -)'),
  period: choice(['day', 'week', 'month', 'quarter']),
  date: z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, 'expected a date YYYY-MM-DD').optional(),
  format: choice(['csv', 'json', 'html']),
  data: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  config: z.string().min(1).optional(),
});

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

export const run = command({
  name: 'report',
  usage,
  options: {team: {type: 'string'}, period: {type: 'string'}, date: {type: 'string'}, format: {type: 'string'}, data: {type: 'string'}, out: {type: 'string'}, config: {type: 'string'}},
  schema: Flags,
  run: report,
});

async function report(flags: z.output<typeof Flags>): Promise<number> {
  const found = await optionalConfig('report', flags.config);
  if (typeof found === 'number') return found;
  const {config, file: configFile} = found;
  if (config) {
    // An unknown team would report 0 calls and look like a quiet day.
    if (!config.teams.some(t => t.id === flags.team)) {
      console.error(`zuoxi report: --team "${flags.team}" is not a team of ${configFile} (teams: ${config.teams.map(t => t.id).join(', ')})`);
      return 2;
    }
  }
  const policy = config?.policy ?? defaultPolicy();
  const dataDir = flags.data ?? config?.dataDir ?? '.data';
  if (!(await exists(dataDir))) {
    console.error(`zuoxi report: data directory "${dataDir}" does not exist (give the hub's --data DIR)`);
    return 1;
  }
  const now = Date.now();
  const date = flags.date ?? localTime(now, policy).date;
  const range = periodRange(flags.period, date);
  // Rows for the team's agents; a lead shows up only if the records have calls of theirs (R-18 level 2).
  const agents = new Map((config?.agents ?? []).filter(a => a.team === flags.team && a.role === 'agent').map(a => [a.id, a.name]));
  const input = await loadReportInput({dataDir, team: flags.team, range, policy, agents, now});
  for (const p of input.problems) console.error(`zuoxi report: warning: ${p.doc}: ${p.problem}`);
  if (input.docsFound === 0) console.error(`zuoxi report: warning: no documents of team "${flags.team}" for ${range.from}…${range.to} under ${dataDir}/sync`);
  const report = buildTeamReport({...input, teamName: config?.teams.find(t => t.id === flags.team)?.name ?? flags.team});
  const text = flags.format === 'csv' ? reportCsv(report) : flags.format === 'html' ? reportHtml(report) : `${JSON.stringify(report, null, 2)}\n`;
  if (flags.out) {
    await fs.writeFile(flags.out, text);
    console.error(`zuoxi report: wrote ${flags.out} (${report.agents.length} agents, ${report.totals.kpis.offered} calls, ${range.from}…${range.to})`);
  } else process.stdout.write(text);
  return 0;
}
