// R-18 at the switch: 8 callers waiting for 30 minutes suspends breaks and meals and stops
// callbacks; 29:59 is not yet a peak. Driven through the switch with an injected clock, no SIP.
import test from 'ava';
import {demoConfig} from '../../src/config.ts';
import {MemoryFactsSink} from '../../src/sip/facts-sink.ts';
import {ServerMessage} from '../../src/sip/protocol.ts';
import {Switch, SwitchError} from '../../src/sip/switch.ts';

test('breaks, meals and callbacks are refused at R-18 level 1; Not Ready still works', async t => {
  let now = Date.UTC(2026, 10, 23, 2, 0, 0);
  const sw = new Switch({config: demoConfig({agents: 2, overrides: {dataDir: '/nonexistent-unused'}}), sink: new MemoryFactsSink(), now: () => now});
  t.teardown(() => sw.close());
  sw.seatConnected('1001', true);
  for (let i = 0; i < 8; i++) sw.acd.arrive(`c${i}`, 'main', `1380000000${i}`, now);
  now += 29 * 60_000 + 59_000;
  t.is(sw.peak().level, 0, '29:59 is not yet a peak');
  t.is(await sw.command('1001', {type: 'set-state', state: 'break'}), undefined);
  await sw.command('1001', {type: 'set-state', state: 'not-ready'});
  now += 1000;
  t.is(sw.peak().level, 1);
  t.is(await sw.command('1001', {type: 'set-state', state: 'break'}), undefined, 'seats get 2 s to hear of the level');
  await sw.command('1001', {type: 'set-state', state: 'not-ready'});
  now += 2000;
  t.is(sw.queueStats().peakLevel, 1);
  // The clients' copy of the plan: the whole state rides on the queue message and validates.
  const stats = ServerMessage.parse(JSON.parse(JSON.stringify(sw.queueStats())));
  t.like(stats, {type: 'queue', peak: {level: 1, actions: ['stop_callbacks', 'suspend_breaks'], aboveSinceMs: {level1: Date.UTC(2026, 10, 23, 2, 0, 0)}, sinceMs: Date.UTC(2026, 10, 23, 2, 30, 0)}});
  const refused = await t.throwsAsync(sw.command('1001', {type: 'set-state', state: 'meal'}), {instanceOf: SwitchError});
  t.is(refused?.code, 'peak');
  t.regex(refused!.message, /R-18 peak level 1.*R-23/);
  await t.throwsAsync(sw.command('1001', {type: 'callback', number: '13812345678'}), {message: /callback service is stopped/});
  t.is(sw.acd.snapshot('1001').state, 'not-ready', 'nothing changed');
  await sw.command('1001', {type: 'set-state', state: 'training'});
  t.is(sw.acd.snapshot('1001').state, 'training');
  t.is(sw.peak().level, 1, 'still level 1 until the queue falls');
  sw.acd.end('c0', 'caller', 'hangup', now);
  t.is(sw.peak().level, 0, 'the queue fell below 8: the plan stands down');
});
