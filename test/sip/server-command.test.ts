// `zuoxi server` as an operator runs it: config errors with paths, where each service listens,
// a seat signing in over /control, SIGTERM → clean exit.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import WebSocket from 'ws';
import {DEMO_PIN, demoConfig} from '../../src/config.ts';
import {collect, serverProcess} from '../helpers/server-process.ts';
import {freePort, tempDir} from './helpers.ts';

const bin = path.resolve('bin/zuoxi.js');

function runCli(t: import('ava').ExecutionContext, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const run = collect(t, process.execPath, [bin, 'server', ...args], {cwd, env: {...process.env, ...env}});
  return {...run, done: run.exited};
}

test('invalid config: every problem with its path; no config: points at config check', async t => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({agents: [{id: 'x'}], policy: {ringPeriodSeconds: 'five'}, polcy: {}}));
  const bad = runCli(t, ['--config', 'bad.json'], dir);
  t.is(await bad.done, 1);
  t.regex(bad.err(), /agents\[0\]\.id/);
  t.regex(bad.err(), /policy\.ringPeriodSeconds/);
  t.regex(bad.err(), /warning: bad\.json: polcy: unknown key, ignored/);
  const none = runCli(t, [], dir);
  t.is(await none.done, 2);
  t.regex(none.err(), /zuoxi config check/);
  const flag = runCli(t, ['--drachtio', 'nonsense'], dir);
  t.is(await flag.done, 2);
  t.regex(flag.err(), /--drachtio: "nonsense" is not HOST:PORT:SECRET/);
  // HOST:PORT alone: the secret from ZUOXI_DRACHTIO_SECRET or the config, never required in argv.
  fs.writeFileSync(path.join(dir, 'zuoxi.config.json'), JSON.stringify(demoConfig({agents: 1})));
  const noSecret = runCli(t, ['--drachtio', '127.0.0.1:9022'], dir, {ZUOXI_DRACHTIO_SECRET: ''});
  t.is(await noSecret.done, 2);
  t.regex(noSecret.err(), /--drachtio: no secret \(HOST:PORT:SECRET, ZUOXI_DRACHTIO_SECRET, or drachtioSecret in the config\)/);
});

test('starts engine + switch + hub, a seat signs in, SIGTERM closes it', async t => {
  const server = await serverProcess(t, {tcp: true});
  const sip = server.sipPort;
  const hub = await server.hub();
  t.truthy(hub, `no hub address in: ${server.out()} ${server.err()}`);
  t.regex(server.out(), new RegExp(`SIP\\s+udp:127.0.0.1:${sip}, tcp:127.0.0.1:${sip}`));
  const ws = new WebSocket(`ws://${hub!}/control`);
  t.teardown(() => ws.terminate());
  await new Promise(r => ws.once('open', r));
  ws.send(JSON.stringify({type: 'hello', role: 'agent', agent: '1001', pin: DEMO_PIN}));
  const welcome = await new Promise<{type: string; agent: string}>(r => ws.once('message', d => r(JSON.parse(String(d)))));
  t.like(welcome, {type: 'welcome', agent: '1001'});
  server.proc.kill('SIGTERM');
  t.is(await server.exited, 0);
});

test.serial('secrets from the environment only: an engine with ZUOXI_ENGINE_SECRET, the server on it with ZUOXI_DRACHTIO_SECRET', async t => {
  const dir = tempDir(t);
  const [sip, control] = [await freePort(), await freePort()];
  const secret = 'from-the-environment';
  const engine = collect(t, process.execPath, [bin, 'engine', '--sip', `udp:127.0.0.1:${sip}`, '--control', `127.0.0.1:${control}`, '--log-level', 'error'], {cwd: dir, env: {...process.env, ZUOXI_ENGINE_SECRET: secret}});
  const until = async (ready: () => boolean, what: () => string) => {
    const deadline = Date.now() + 20_000;
    while (!ready() && Date.now() < deadline) await new Promise(r => setTimeout(r, 50));
    t.true(ready(), what());
  };
  await until(() => engine.out().includes('control'), () => `engine: ${engine.out()}`);
  const config = demoConfig({agents: 1, overrides: {listen: {hub: '127.0.0.1:0', ssh: `127.0.0.1:${await freePort()}`}}});
  fs.writeFileSync(path.join(dir, 'zuoxi.config.json'), JSON.stringify(config));
  const server = runCli(t, ['--drachtio', `127.0.0.1:${control}`], dir, {ZUOXI_DRACHTIO_SECRET: secret});
  await until(() => /drachtio\s+127\.0\.0\.1:\d+ \(external\)/.test(server.out()), () => `server: ${server.out()} ${server.err()}`);
  server.proc.kill('SIGTERM');
  t.is(await server.done, 0, server.err());
});
