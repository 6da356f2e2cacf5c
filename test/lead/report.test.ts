import test from 'ava';
import {execFile} from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {writeFixture, fixtureCalls} from './fixtures.ts';
import {periodRange} from '../../src/report/period.ts';
import {loadReportInput} from '../../src/report/load.ts';
import {buildTeamReport} from '../../src/report/team-report.ts';
import {reportCsv} from '../../src/report/csv.ts';
import {reportHtml} from '../../src/report/html.ts';
import {sparkline, textBar} from '../../src/report/text-charts.ts';
import * as Y from 'yjs';
import {QaBook} from '../../src/sync/lead/qa-book.ts';
import {defaultQaForm} from '../../src/rules/lead-qa-form.ts';
import {agents, policy, at, ctx, runCaptured} from './helpers.ts';
import {run as runReport} from '../../src/commands/report.ts';
import {demoConfig} from '../../src/config.ts';

const exec = promisify(execFile);
const bin = path.resolve('bin/zuoxi.js');

let dataDir = '';
test.before(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zuoxi-report-'));
  await writeFixture(dataDir);
});
test.after.always(async () => {
  if (dataDir) await fs.rm(dataDir, {recursive: true, force: true});
});

test('periods: day, ISO week (Monday first), month', t => {
  t.deepEqual([periodRange('week', '2026-11-04').from, periodRange('week', '2026-11-04').to], ['2026-11-02', '2026-11-08']);
  t.is(periodRange('month', '2026-02-10').to, '2026-02-28');
  t.is(periodRange('month', '2026-11-23').days.length, 30);
  t.deepEqual(periodRange('week', '2026-12-30').months, ['2026-12', '2027-01']);
  const q = periodRange('quarter', '2026-11-23');
  t.deepEqual([q.from, q.to, q.label, q.months.length], ['2026-10-01', '2026-12-31', '2026-Q4', 3]);
  t.deepEqual([periodRange('quarter', '2026-02-01').from, periodRange('quarter', '2026-02-01').to], ['2026-01-01', '2026-03-31']);
});

test('month report: the figures the persisted records imply', async t => {
  const input = await loadReportInput({dataDir, team: 'a', range: periodRange('month', '2026-11-15'), policy, agents, now: at('2026-11-30', '20:00')});
  t.is(input.problems.length, 0);
  const report = buildTeamReport(input);
  // Independently: 5 calls, 4 answered, 1 abandoned; answered within 3 rings (< 15 s after the offer): c1 (5 s), c3 (2 s), c5 (4 s).
  const all = Object.values(fixtureCalls).flat();
  const answered = all.filter(c => c.answeredAt !== undefined);
  const k = report.totals.kpis;
  t.is(k.offered, all.length);
  t.is(k.answered, answered.length);
  t.is(k.abandoned, 1);
  t.is(k.answerRate, 4 / 5);
  t.is(k.threeRingRate, 3 / 4);
  // all four answered within 20 s of entering the queue; the abandon (not short) counts against.
  t.is(k.serviceLevel, 4 / 5);
  t.is(k.asaMs, (7 + 18 + 3 + 4) * 1000 / 4);
  t.is(report.totals.flags.late_answer, 1);
  t.is(report.totals.flags.long_hold, 1);
  t.is(report.totals.flags.agent_hung_up_first, 1);
  const a1 = report.agents.find(r => r.agent === '1001');
  const a2 = report.agents.find(r => r.agent === '1002');
  t.is(a1?.qa.average, 90, 'the decided (revised) score counts (R-28)');
  t.is(a1?.qa.disputes, 1);
  t.is(a2?.qa.average, 85);
  t.is(report.totals.qa.average, 87.5);
  t.is(a2?.discipline.points, 2 + 2 + 10, 'the 3rd break overrun counts as serious (R-33)');
  t.deepEqual(a1?.attendance, {shifts: 2, signedIn: 2, late: 1, absences: 0});
  t.deepEqual(a2?.attendance, {shifts: 2, signedIn: 1, late: 0, absences: 1});
  t.deepEqual(report.days.slice(0, 4).map(d => d.offered), [0, 4, 1, 0]);
});

test('day report sees one day only', async t => {
  const input = await loadReportInput({dataDir, team: 'a', range: periodRange('day', '2026-11-03'), policy, agents, now: at('2026-11-30', '20:00')});
  const report = buildTeamReport(input);
  t.is(report.totals.kpis.offered, 1);
  t.is(report.agents.find(r => r.agent === '1002')?.kpis.wrapUpMs, 30_000);
  t.is(report.agents.find(r => r.agent === '1002')?.discipline.points, 2);
});

test.serial('zuoxi report --format csv|json|html from the data directory', async t => {
  // CSV and JSON in-process (to files), the HTML through the real CLI below.
  const csvFile = path.join(dataDir, 'report.csv');
  t.is((await runCaptured(runReport, ['--team', 'a', '--period', 'month', '--date', '2026-11-20', '--format', 'csv', '--data', dataDir, '--out', csvFile])).code, 0);
  const csv = await fs.readFile(csvFile, 'utf8');
  t.true(csv.startsWith('\ufeff'));
  const [header, ...rows] = csv.slice(1).trim().split('\r\n').map(l => l.split(','));
  const col = (row: string[], name: string) => row[header.indexOf(name)];
  const team = rows.find(r => col(r, 'scope') === 'team') as string[];
  t.is(col(team, 'offered'), '5');
  t.is(col(team, 'answer_rate_pct'), '80.00');
  t.is(col(team, 'service_level_pct'), '80.00');
  t.is(col(team, 'three_ring_pct'), '75.00');
  t.is(col(team, 'discipline_points'), '14');
  t.is(col(rows.find(r => col(r, 'agent') === '1001') as string[], 'late_answer'), '1');

  const jsonFile = path.join(dataDir, 'report.json');
  t.is((await runCaptured(runReport, ['--team', 'a', '--period', 'week', '--date', '2026-11-02', '--format', 'json', '--data', dataDir, '--out', jsonFile])).code, 0);
  const json = JSON.parse(await fs.readFile(jsonFile, 'utf8'));
  t.is(json.totals.kpis.offered, 5);
  t.is(json.from, '2026-11-02');

  const out = path.join(dataDir, 'report.html');
  const config = path.join(dataDir, 'zuoxi.config.json');
  await fs.writeFile(config, JSON.stringify(demoConfig({agents: 3})));
  await exec('node', [bin, 'report', '--team', 'a', '--period', 'month', '--date', '2026-11-20', '--format', 'html', '--data', dataDir, '--out', out, '--config', config]);
  const html = await fs.readFile(out, 'utf8');
  t.regex(html, /^<!doctype html>/);
  t.true((html.match(/<svg /g) ?? []).length >= 5, 'real charts as inline SVG');
  t.false(/<script|<link|src="http|href="http/.test(html), 'no external assets');
  t.regex(html, /<rect class="bar"[^>]*><title>1001 张敏: 90\.0<\/title>/);
  t.regex(html, /<title>zuoxi 报表 一班 /, 'the team by its name');
  t.regex(html, /generated \d{4}-\d\d-\d\d \d\d:\d\d UTC\+8/, 'in the center\'s time');
  const unknown = await exec('node', [bin, 'report', '--team', 'zz', '--period', 'month', '--format', 'html', '--data', dataDir, '--config', config]).then(() => undefined, (e: {code: number; stderr: string}) => e);
  t.is(unknown?.code, 2);
  t.regex(unknown?.stderr ?? '', /--team "zz" is not a team of .*\(teams: a\)/);
});

test('a day without calls has no rates: – in HTML, empty in CSV, not 0 %', t => {
  const report = buildTeamReport({team: 'a', range: periodRange('day', '2026-11-02'), generatedAt: 0, policy, agents: new Map([['1001', '张敏']]), records: [], scores: [], ledger: [], attendance: []});
  const html = reportHtml(report);
  t.notRegex(html, /0\.0%/);
  t.regex(html, /<div class="v">–<\/div><div class="l">接通率 Answer rate/);
  const [header, , team] = reportCsv(report).slice(1).trim().split('\r\n').map(l => l.split(','));
  t.is(team![header!.indexOf('answer_rate_pct')], '');
  t.is(team![header!.indexOf('service_level_pct')], '');
  t.is(team![header!.indexOf('offered')], '0');
});

test.serial('zuoxi report: bad flags and a missing data directory get clear errors', async t => {
  // 2: a usage error; 1: the flags were fine and the data was not there.
  const fail = async (args: string[], expected: 1 | 2 = 2) => {
    const {code, stderr} = await runCaptured(runReport, args);
    t.is(code, expected, stderr);
    return stderr;
  };
  t.regex(await fail(['--team', 'a', '--period', 'year', '--format', 'csv', '--data', dataDir]), /--period: expected day, week, month or quarter/);
  t.regex(await fail(['--team', 'a', '--period', 'day', '--format', 'pdf', '--data', dataDir]), /--format: expected csv, json or html/);
  t.regex(await fail(['--team', 'a', '--period', 'day', '--format', 'csv', '--date', '2026-13-01', '--data', dataDir]), /--date: expected a date/);
  t.regex(await fail(['--team', 'a', '--period', 'day', '--format', 'csv', '--colour']), /Unknown option '--colour'/);
  t.regex(await fail(['--period', 'day', '--format', 'csv', '--data', dataDir]), /--team is required/);
  t.regex(await fail(['--team', 'a', '--period', 'day', '--format', 'csv', '--data', path.join(dataDir, 'nope')], 1), /does not exist/);
});

test('terminal charts: bars and sparklines', t => {
  t.is(textBar(5, 10, 10), '█████');
  t.is(textBar(0, 10, 10), '');
  t.is(textBar(20, 10, 4), '████');
  t.is(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
  t.is(sparkline([]), '');
});

test('R-29 calibration: an evaluator consistently 10 points above peers on the same agents is flagged', t => {
  const doc = new Y.Doc();
  const qa = new QaBook(doc, ctx(), policy);
  const full = Object.fromEntries(defaultQaForm().criteria.map(c => [c.id, c.max]));
  for (let i = 0; i < 6; i++) {
    const agent = i % 2 === 0 ? '1001' : '1002';
    qa.score({callId: `p${i}`, agent, date: '2026-11-10', evaluator: '9001', at: at('2026-11-10', '10:00') + i, marks: {...full, five_w1h: 5}}); // 85
    qa.score({callId: `h${i}`, agent, date: '2026-11-10', evaluator: '1003', at: at('2026-11-10', '11:00') + i, marks: {...full, five_w1h: 15}}); // 95
  }
  const report = buildTeamReport({team: 'a', range: periodRange('quarter', '2026-11-10'), generatedAt: at('2026-12-31', '18:00'), policy, agents, records: [], scores: qa.scores(0), ledger: [], attendance: []});
  const high = report.calibration.find(c => c.evaluatorId === '1003');
  t.true(high?.flagged);
  t.is(high?.direction, 'high');
  t.is(high?.difference, 10);
  t.true(report.calibration.find(c => c.evaluatorId === '9001')?.flagged, 'the other one is as far off the other way');
});

test('CSV cells that a spreadsheet would run as formulas stay text', t => {
  const report = buildTeamReport({team: 'a', range: periodRange('day', '2026-11-02'), generatedAt: 0, policy, agents: new Map([['1001', '=HYPERLINK("x")'], ['1002', '李娜, "二组"']]), records: [], scores: [], ledger: [], attendance: []});
  const csv = reportCsv(report);
  t.true(csv.includes(',"\'=HYPERLINK(""x"")",'));
  t.regex(csv, /,"李娜, ""二组""",/);
});
