// The packaging an operator installs: the systemd unit passes systemd-analyze, and the image's
// build steps (packaging/build-app.sh, which the Dockerfile runs) give an app that runs a center
// without the dev tools — run in a temporary copy, since docker cannot run on this machine.
import {execFile, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {demoConfig} from '../src/config.ts';
import {freePort} from './helpers/ports.ts';

const exec = promisify(execFile);
const root = path.resolve('.');

test('the systemd unit verifies clean', async t => {
  const {stdout, stderr} = await exec('systemd-analyze', ['verify', path.join(root, 'packaging/zuoxi.service')]);
  t.is(`${stdout}${stderr}`.trim(), '');
  const unit = fs.readFileSync(path.join(root, 'packaging/zuoxi.service'), 'utf8');
  for (const line of ['User=zuoxi', 'StateDirectory=zuoxi', 'Restart=on-failure', 'KillSignal=SIGTERM']) t.true(unit.includes(line), line);
  t.regex(unit, /ExecStartPost=.*\/readyz/, 'a readiness check');
});

test('the image build steps give a production app that runs a center', async t => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-pkg-'));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  const app = path.join(dir, 'app');
  const skip = new Set(['node_modules', 'dist', '.git', '.data', 'tmp']);
  fs.cpSync(root, app, {recursive: true, filter: src => !skip.has(path.relative(root, src).split(path.sep)[0] ?? '')});
  const built = await exec('bash', [path.join(app, 'packaging/build-app.sh'), app], {maxBuffer: 16 << 20});
  const {version} = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string};
  t.true(built.stdout.trim().endsWith(version), built.stdout.slice(-200));
  t.false(fs.existsSync(path.join(app, 'node_modules/ava')), 'dev tools pruned');
  t.true(fs.existsSync(path.join(app, 'dist')), 'client bundles built');

  const sip = await freePort();
  const config = demoConfig({agents: 2, overrides: {listen: {sip: `udp:127.0.0.1:${sip}`, control: '127.0.0.1:0', hub: '127.0.0.1:0'}}});
  fs.writeFileSync(path.join(dir, 'zuoxi.config.json'), JSON.stringify({...config, dataDir: path.join(dir, 'data')}));
  const server = spawn(process.execPath, [path.join(app, 'bin/zuoxi.js'), 'server', '--config', path.join(dir, 'zuoxi.config.json')], {cwd: dir, stdio: ['ignore', 'pipe', 'pipe']});
  t.teardown(() => server.kill('SIGKILL'));
  let out = '';
  server.stdout.on('data', d => {
    out += d;
  });
  server.stderr.on('data', d => {
    out += d;
  });
  const exited = new Promise<number | null>(resolve => server.on('exit', code => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!/hub\s+http:\/\/[\d.]+:\d+/.test(out) && Date.now() < deadline && server.exitCode === null) await new Promise(r => setTimeout(r, 100));
  t.regex(out, /hub\s+http:\/\/[\d.]+:\d+/, out);
  server.kill('SIGTERM');
  t.is(await exited, 0, out);
});
