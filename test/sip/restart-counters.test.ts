// A center restarted on the same data keeps today's figures: the switch rebuilds its counters
// (offered, answered, each agent's calls today) from the day's call records (issues 15 and 17).
import test from 'ava';
import {startCenter} from '../../server/center.ts';
import {answeredCall, freePort, tempDir, testConfig} from './helpers.ts';

test('after a restart the day\'s counters are rebuilt from the call log', async t => {
  const config = testConfig(tempDir(t), 1);
  const sipPort = await freePort();
  const first = await startCenter(config, {sipPort, hubPort: 0, controlPort: 0, hubHost: '127.0.0.1'});
  const call = await answeredCall(t, first, sipPort);
  t.is(call.callerCode, 0);
  t.like(first.switch.queueStats(), {offered: 1, answered: 1});
  t.is(first.switch.acd.snapshot('1001').callsToday, 1);
  call.seat.ws.terminate();
  await first.close();

  const second = await startCenter(config, {sipPort: await freePort(), hubPort: 0, controlPort: 0, hubHost: '127.0.0.1'});
  t.teardown(() => second.close());
  t.like(second.switch.queueStats(), {offered: 1, answered: 1, abandoned: 0});
  t.is(second.switch.acd.snapshot('1001').callsToday, 1, 'the seat\'s 今日 N 通 survives the restart');
});
