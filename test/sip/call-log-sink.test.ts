// A running center writes each call's facts into the day's call log in the hub
// (`calls/<team>/<yyyy-mm-dd>`), the same document seats annotate.
import test from 'ava';
import {startCenter} from '../../server/center.ts';
import {CallLog} from '../../src/sync/call-log.ts';
import {callsDoc, dayKey} from '../../src/sync/doc-name.ts';
import {Seat, freePort, registerPhones, sipp, tempDir, testConfig, type TestCenter} from './helpers.ts';

test('call facts land in calls/<team>/<day> in the hub', async t => {
  const config = testConfig(tempDir(t), 1);
  const sipPort = await freePort();
  const center = await startCenter(config, {sipPort, hubPort: 0, controlPort: 0, hubHost: '127.0.0.1'});
  t.teardown(() => center.close());
  const phonePort = await freePort();
  sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
  t.is((await registerPhones(t, {...center, sipPort} as unknown as TestCenter, ['1001'], phonePort)).code, 0);
  const seat = await Seat.open(t, center, '1001');
  seat.acceptOffers();
  await seat.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${sipPort}`, service: '12345', pauseMs: 100});
  const answered = await seat.next(m => m.type === 'answered') as {callId: string};
  await seat.next(m => m.type === 'ended');
  t.is((await caller.done).code, 0);
  const name = callsDoc('a', dayKey(Date.now(), config.center.timeZone));
  const log = new CallLog(await center.sync.openDoc(name));
  t.teardown(() => center.sync.release(name));
  const deadline = Date.now() + 5000;
  while (log.get(answered.callId)?.facts?.endedAt === undefined && Date.now() < deadline) await new Promise(r => setTimeout(r, 20));
  t.like(log.get(answered.callId)?.facts, {callId: answered.callId, agent: '1001', team: 'a', queue: 'main', hungUpBy: 'caller', endReason: 'hangup'});
});
