// `zuoxi report --team T --period day|week|month|quarter [--date D] --format csv|json|html [--data DIR]
// [--out FILE] [--config FILE]`: the R-34 report per agent and team from the hub's persisted
// documents (calls, QA, roster, ledger). Agents' names come from the config when there is one.
import fs from 'node:fs/promises';
import process from 'node:process';
import {parseArgs} from 'node:util';
import {z} from 'zod';
import {loadConfigFile} from './config.ts';
import type {ZuoxiConfig} from '../config.ts';
import {defaultPolicy} from '../rules/config.ts';
import {localTime} from '../rules/calendar.ts';
import {periodRange} from '../report/period.ts';
import {loadReportInput} from '../report/load.ts';
import {buildTeamReport} from '../report/team-report.ts';
import {reportCsv} from '../report/csv.ts';
import {reportHtml} from '../report/html.ts';

const usage = 'usage: zuoxi report --team T --period day|week|month|quarter [--date YYYY-MM-DD] --format csv|json|html [--data DIR] [--out FILE] [--config FILE]';

const Flags = z.object({
  team: z.string({error: 'is required'}).regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a team id (lowercase letters, digits, -)'),
  period: z.enum(['day', 'week', 'month', 'quarter'], {error: 'expected day, week, month or quarter'}),
  date: z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, 'expected a date YYYY-MM-DD').optional(),
  format: z.enum(['csv', 'json', 'html'], {error: 'expected csv, json or html'}),
  data: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  config: z.string().min(1).optional(),
});

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({values} = parseArgs({
      args, strict: true, allowPositionals: false,
      options: {team: {type: 'string'}, period: {type: 'string'}, date: {type: 'string'}, format: {type: 'string'}, data: {type: 'string'}, out: {type: 'string'}, config: {type: 'string'}, help: {type: 'boolean', short: 'h'}},
    }));
  } catch (error) {
    console.error(`zuoxi report: ${(error as Error).message}\n${usage}`);
    return 1;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const parsed = Flags.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`zuoxi report: --${issue.path.join('.')}: ${issue.message.replace(/^Invalid input: /, '')}`);
    console.error(usage);
    return 1;
  }
  const flags = parsed.data;

  let config: ZuoxiConfig | undefined;
  const configFile = flags.config ?? ((await exists('zuoxi.config.json')) ? 'zuoxi.config.json' : undefined);
  if (configFile) {
    const loaded = await loadConfigFile(configFile);
    if (!loaded.ok) {
      console.error(`zuoxi report: ${loaded.error}`);
      for (const p of loaded.problems) console.error(`  ${p.path}: ${p.message}`);
      return 1;
    }
    config = loaded.config;
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
  const report = buildTeamReport(input);
  const text = flags.format === 'csv' ? reportCsv(report) : flags.format === 'html' ? reportHtml(report) : `${JSON.stringify(report, null, 2)}\n`;
  if (flags.out) {
    await fs.writeFile(flags.out, text);
    console.error(`zuoxi report: wrote ${flags.out} (${report.agents.length} agents, ${report.totals.kpis.offered} calls, ${range.from}…${range.to})`);
  } else process.stdout.write(text);
  return 0;
}
