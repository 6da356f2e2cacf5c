// The packaging an operator installs: the systemd unit passes systemd-analyze, and the image's
// build steps (packaging/build-app.sh, which the Dockerfile runs) give an app that runs a center
// without the dev tools — run in a temporary copy, since docker cannot run on this machine.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {serverProcess} from './helpers/server-process.ts';

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

  // The built app's own bin, on a config written next to it (data there too, removed with it).
  const server = await serverProcess(t, {bin: path.join(app, 'bin/zuoxi.js'), dir});
  const hub = await server.hub(30_000);
  t.truthy(hub, server.out() + server.err());
  server.proc.kill('SIGTERM');
  t.is(await server.exited, 0, server.out() + server.err());
});
