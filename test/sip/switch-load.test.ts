// 10 agents, 100 calls over real SIP: every call answered once, none lost or offered twice, and
// the longest-idle rule spreads them fairly.
import test from 'ava';
import type {ServerMessage} from '../../src/sip/protocol.ts';
import {Seat, centerFor, freePort, registerPhones, sipp, tempDir, testConfig, until} from './helpers.ts';

test('10 agents, 100 calls: none lost or double-offered, fair longest-idle spread', async t => {
  const agents = Array.from({length: 10}, (_, i) => String(1001 + i));
  const center = await centerFor(t, testConfig(tempDir(t), 10, {afterCallWorkSeconds: 0.1}));
  const phonePort = await freePort();
  const phones = sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 100, timeoutS: 60});
  t.is((await registerPhones(t, center, agents, phonePort)).code, 0);
  const offers: Array<Extract<ServerMessage, {type: 'offered'}>> = [];
  for (const id of agents) {
    const seat = await Seat.open(t, center, id);
    seat.onMessage = m => {
      if (m.type !== 'offered') return;
      offers.push(m);
      seat.send({type: 'accept', callId: m.callId});
    };
    await seat.command({type: 'set-state', state: 'ready'});
  }
  const callers = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', calls: 100, rate: 25, pauseMs: 300, timeoutS: 60});
  const run = await callers.done;
  t.is(run.code, 0, `callers: ${run.stderr.slice(0, 2000)}`);
  t.is((await phones.done).code, 0);
  await until(() => center.switch.acd.activeCalls() === 0, 10_000, 'all calls wrapped up');
  await until(() => center.switch.legCount() === 0, 5000, 'no SIP legs left behind');
  const engine = center.engine!.metrics();
  await until(() => center.engine!.metrics().dialogs === 0, 5000, `engine dialogs drained (${engine.dialogs})`);
  const facts = [...center.sink.calls.values()];
  t.is(facts.length, 100);
  t.true(facts.every(f => f.answeredAt !== undefined && f.endedAt !== undefined && f.hungUpBy === 'caller'), 'every call answered and ended by the caller');
  t.is(offers.length, 100, 'one offer per call');
  t.is(new Set(offers.map(o => o.callId)).size, 100, 'no call offered twice');
  const perAgent = new Map<string, number>();
  for (const f of facts) perAgent.set(f.agent!, (perAgent.get(f.agent!) ?? 0) + 1);
  const counts = agents.map(a => perAgent.get(a) ?? 0);
  t.log('calls per agent', counts.join(' '));
  t.true(Math.min(...counts) >= 7 && Math.max(...counts) <= 13, `spread ${counts.join(',')}`);
  const stats = center.switch.queueStats();
  t.like(stats, {offered: 100, answered: 100, abandoned: 0, waiting: 0});
});
