// A center restarted on the same data keeps today's figures: the switch rebuilds its counters
// (offered, answered, each agent's calls today) from the day's call records (issues 15 and 17).
import test from 'ava';
import {startCenter} from '../../server/center.ts';
import {Seat, freePort, registerPhones, sipp, tempDir, testConfig, type TestCenter} from './helpers.ts';

test('after a restart the day\'s counters are rebuilt from the call log', async t => {
  const config = testConfig(tempDir(t), 1);
  const sipPort = await freePort();
  const first = await startCenter(config, {sipPort, hubPort: 0, controlPort: 0, hubHost: '127.0.0.1'});
  const phonePort = await freePort();
  sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
  t.is((await registerPhones(t, {...first, sipPort} as unknown as TestCenter, ['1001'], phonePort)).code, 0);
  const seat = await Seat.open(t, first, '1001');
  seat.acceptOffers();
  await seat.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${sipPort}`, service: '12345', pauseMs: 100});
  await seat.next(m => m.type === 'ended');
  t.is((await caller.done).code, 0);
  t.like(first.switch.queueStats(), {offered: 1, answered: 1});
  t.is(first.switch.acd.snapshot('1001').callsToday, 1);
  seat.ws.terminate();
  await first.close();

  const second = await startCenter(config, {sipPort: await freePort(), hubPort: 0, controlPort: 0, hubHost: '127.0.0.1'});
  t.teardown(() => second.close());
  t.like(second.switch.queueStats(), {offered: 1, answered: 1, abandoned: 0});
  t.is(second.switch.acd.snapshot('1001').callsToday, 1, 'the seat\'s 今日 N 通 survives the restart');
});
