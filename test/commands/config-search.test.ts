// Where commands find the config without --config (ZUOXI_CONFIG, then ./zuoxi.config.json,
// $XDG_CONFIG_HOME/zuoxi/, /etc/zuoxi/) and where the seat keeps its state.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {configSearchPath, findConfigFile} from '../../src/commands/config.ts';
import {seatStateDir} from '../../src/commands/seat.ts';

const exec = promisify(execFile);

function temp(t: import('ava').ExecutionContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-cfg-'));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  return dir;
}

test('--config, then ZUOXI_CONFIG, then the XDG config directory', async t => {
  const xdg = temp(t);
  fs.mkdirSync(path.join(xdg, 'zuoxi'));
  fs.writeFileSync(path.join(xdg, 'zuoxi', 'zuoxi.config.json'), '{}');
  const env = {XDG_CONFIG_HOME: xdg, HOME: xdg};
  t.is(await findConfigFile(undefined, env), path.join(xdg, 'zuoxi', 'zuoxi.config.json'));
  t.is(await findConfigFile(undefined, {...env, ZUOXI_CONFIG: '/srv/center.json'}), '/srv/center.json');
  t.is(await findConfigFile('mine.json', {...env, ZUOXI_CONFIG: '/srv/center.json'}), 'mine.json');
  t.is(await findConfigFile(undefined, {XDG_CONFIG_HOME: temp(t), HOME: temp(t)}), fs.existsSync('/etc/zuoxi/zuoxi.config.json') ? '/etc/zuoxi/zuoxi.config.json' : undefined);
  t.deepEqual(configSearchPath({HOME: '/home/ops'}), ['zuoxi.config.json', '/home/ops/.config/zuoxi/zuoxi.config.json', '/etc/zuoxi/zuoxi.config.json']);
});

test('zuoxi server reads the file ZUOXI_CONFIG names (its problems, with paths)', async t => {
  const dir = temp(t);
  const file = path.join(dir, 'center.json');
  fs.writeFileSync(file, JSON.stringify({agents: [{id: 'x'}]}));
  const error = await exec(process.execPath, [path.resolve('bin/zuoxi.js'), 'server'], {cwd: dir, env: {...process.env, ZUOXI_CONFIG: file}}).then(() => undefined, (e: {code: number; stderr: string}) => e);
  t.is(error?.code, 1);
  t.regex(error?.stderr ?? '', /agents\[0\]\.id/);
});

test('the seat keeps its day files under XDG_STATE_HOME (else ~/.local/state)', t => {
  t.is(seatStateDir({XDG_STATE_HOME: '/var/state', HOME: '/home/a'}), '/var/state/zuoxi/seat');
  t.is(seatStateDir({HOME: '/home/a'}), '/home/a/.local/state/zuoxi/seat');
});
