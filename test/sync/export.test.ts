// `zuoxi export` as a real process over data a real hub persisted: masked by default,
// unmasked only for the team's lead with its PIN, clear errors for bad flags.
import test from 'ava';
import {execFile} from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {CallLog} from '../../src/sync/call-log.ts';
import {DEMO_PIN, startHub, tempDir, twoTeamConfig} from './helpers.ts';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function zuoxi(args: string[], env: Record<string, string> = {}): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await exec(process.execPath, ['bin/zuoxi.js', 'export', ...args], {cwd: root, env: {...process.env, ...env}, timeout: 30_000});
    return {code: 0, stdout, stderr};
  } catch (error) {
    const e = error as {code: number; stdout: string; stderr: string};
    return {code: e.code, stdout: e.stdout, stderr: e.stderr};
  }
}

test('export writes masked records; the lead may unmask; others may not', async t => {
  const dir = await tempDir(t);
  const configFile = path.join(dir, 'zuoxi.config.json');
  const config = twoTeamConfig();
  await fs.writeFile(configFile, JSON.stringify({...config, dataDir: path.join(dir, 'data')}));
  const {hub, server} = await startHub(t, {dataDir: path.join(dir, 'data')});
  const log = new CallLog(await hub.openDoc('calls/a/2026-11-23'));
  log.writeFacts({callId: 'e1', direction: 'inbound', caller: '13812345678', queue: 'main', team: 'a', agent: '1001', arrivedAt: Date.UTC(2026, 10, 23, 2), answeredAt: Date.UTC(2026, 10, 23, 2, 0, 5), rings: 1});
  log.annotate('e1', {disposition: 'callback', callback: {kind: 'next_business_day', due: Date.UTC(2026, 10, 24, 1), phone: '13900001111', note: '', done: false}, caller: {surname: '=SUM(A1)', address: '', phone: '13900001111'}, notes: {when: '', who: '张', where: '', what: '咨询, "社保"', why: '', how: ''}});
  const log2 = new CallLog(await hub.openDoc('calls/a/2026-11-24'));
  log2.writeFacts({callId: 'e2', direction: 'inbound', caller: '02155556666', queue: 'main', team: 'a', arrivedAt: Date.UTC(2026, 10, 24, 3)});
  await hub.close();
  await server.close();

  const base = ['--team', 'a', '--from', '2026-11-23', '--to', '2026-11-24', '--config', configFile];
  const csv = await zuoxi([...base, '--format', 'csv']);
  t.is(csv.code, 0, csv.stderr);
  t.true(csv.stdout.startsWith('\ufeff'), 'a BOM, so spreadsheets read UTF-8');
  const lines = csv.stdout.slice(1).trim().split('\r\n');
  t.is(lines.length, 3);
  t.true(lines[0].startsWith('date,call_id,direction,caller'));
  t.true(lines[1].includes('138****5678'));
  t.false(csv.stdout.includes('13812345678'));
  t.false(csv.stdout.includes('13900001111'));
  t.true(lines[1].includes('what: 咨询, ""社保""'), 'quotes doubled inside a quoted cell');
  t.true(lines[1].includes(`"'=SUM(A1)"`), 'formula neutralised');
  t.true(lines[2].includes('021****6666'));

  const json = await zuoxi([...base, '--format', 'json']);
  const rows = JSON.parse(json.stdout) as Array<{callId: string; facts: {caller: string}; seat: {callback?: {phone: string}}}>;
  t.deepEqual(rows.map(r => r.callId), ['e1', 'e2']);
  t.is(rows[0].seat.callback?.phone, '139****1111');

  const lead = await zuoxi([...base, '--format', 'json', '--unmasked', '--agent', '9001'], {ZUOXI_PIN: DEMO_PIN});
  t.is(lead.code, 0, lead.stderr);
  t.is(JSON.parse(lead.stdout)[0].facts.caller, '13812345678');

  const agent = await zuoxi([...base, '--format', 'json', '--unmasked', '--agent', '1001'], {ZUOXI_PIN: DEMO_PIN});
  t.is(agent.code, 3);
  t.regex(agent.stderr, /not the lead of team a/);
  t.is(agent.stdout, '');
  const wrongPin = await zuoxi([...base, '--format', 'json', '--unmasked', '--agent', '9001'], {ZUOXI_PIN: '9999'});
  t.is(wrongPin.code, 3);
  // A team the config does not have is an error, not an empty export that looks like a quiet day.
  const unknown = await zuoxi(['--team', 'zz', ...base.slice(2), '--format', 'csv']);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /--team "zz" is not a team of .*\(teams: a, b\)/);
});

test('export names a bad flag', async t => {
  const cases: Array<[string[], RegExp]> = [
    [['--team', 'a', '--from', '2026-11-23', '--to', '2026-11-23', '--format', 'xml'], /--format "xml"/],
    [['--team', 'a', '--from', '2026-11-31', '--to', '2026-11-23', '--format', 'csv'], /--from "2026-11-31"/],
    [['--team', 'a', '--from', '2026-11-23', '--to', '2026-11-01', '--format', 'csv'], /before --from/],
    [['--team', 'a', '--from', '2026-11-23', '--format', 'csv'], /--to is required/],
    [['--colour', 'red'], /colour/],
    [['--team', 'a', '--from', '2026-11-23', '--to', '2026-11-23', '--format', 'csv', '--data', '/nonexistent/zuoxi'], /does not exist/],
  ];
  for (const [args, pattern] of cases) {
    const r = await zuoxi(args);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, pattern);
  }
});
