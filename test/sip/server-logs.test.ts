// `zuoxi server`'s logs: one format for every component (JSON lines with time, level,
// component, msg), the level from ZUOXI_LOG_LEVEL or --log-level, the embedded engine's lines
// included, and refusals a security team wants — a wrong phone password, a wrong PIN — at warn.
import test from 'ava';
import WebSocket from 'ws';
import {serverProcess} from '../helpers/server-process.ts';
import {freePort, registerPhones, type TestCenter} from './helpers.ts';

async function server(t: import('ava').ExecutionContext, args: string[], env: Record<string, string> = {}) {
  const s = await serverProcess(t, {args, env});
  return {...s, sip: s.sipPort, hub: await s.hub()};
}

const entries = (text: string) => text.trim().split('\n').filter(Boolean).map(line => JSON.parse(line) as Record<string, unknown>);

test('JSON lines with the component; the engine\'s own lines; a wrong phone password and a wrong PIN at warn', async t => {
  const s = await server(t, [], {ZUOXI_LOG_LEVEL: 'info'});
  t.truthy(s.hub, s.out() + s.err());
  const ws = new WebSocket(`ws://${s.hub}/control`);
  t.teardown(() => ws.terminate());
  await new Promise(r => ws.once('open', r));
  ws.send(JSON.stringify({type: 'hello', role: 'agent', agent: '1001', pin: '0000'}));
  await new Promise(r => ws.once('message', r));
  const run = await registerPhones(t, {config: s.config, sipPort: s.sip} as unknown as TestCenter, ['1001'], await freePort(), {password: () => 'guess', scenario: 'switch-register-bad.xml'});
  t.is(run.code, 0, run.stderr);
  const deadline = Date.now() + 5000;
  while (!s.err().includes('SIP authentication failed') && Date.now() < deadline) await new Promise(r => setTimeout(r, 50));
  s.proc.kill('SIGTERM');
  t.is(await s.exited, 0, s.err());

  const lines = entries(s.err());
  for (const e of lines) {
    t.is(typeof e.time, 'string', JSON.stringify(e));
    t.true(['error', 'warn', 'info', 'debug'].includes(String(e.level)), JSON.stringify(e));
    t.is(typeof e.component, 'string', JSON.stringify(e));
    t.is(typeof e.msg, 'string', JSON.stringify(e));
  }
  t.true(lines.some(e => e.component === 'engine' && e.msg === 'engine listening'), 'the embedded engine logs through the center');
  t.true(lines.some(e => e.component === 'auth' && e.level === 'warn' && e.reason === 'wrong-pin' && e.agent === '1001'), 'the wrong PIN');
  t.true(lines.some(e => e.component === 'switch' && e.level === 'warn' && e.msg === 'SIP authentication failed' && e.user === '1001' && e.source === '127.0.0.1'), 'the wrong phone password');
  t.true(lines.some(e => e.component === 'center' && e.msg === 'closed'));
});

test('--log-level warn drops info; a bad level is a usage error', async t => {
  const s = await server(t, ['--log-level', 'warn']);
  t.truthy(s.hub);
  s.proc.kill('SIGTERM');
  t.is(await s.exited, 0);
  t.false(entries(s.err()).some(e => e.msg === 'engine listening'));
  const bad = await server(t, ['--log-level', 'loud']);
  t.is(await bad.exited, 2);
  t.regex(bad.err(), /--log-level: expected one of "error"\|"warn"\|"info"\|"debug"/);
});
