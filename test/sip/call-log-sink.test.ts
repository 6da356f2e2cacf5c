// A running center writes each call's facts into the day's call log in the hub
// (`calls/<team>/<yyyy-mm-dd>`), the same document seats annotate.
import test from 'ava';
import {startCenter} from '../../server/center.ts';
import {CallLog} from '../../src/sync/call-log.ts';
import {callsDoc, dayKey} from '../../src/sync/doc-name.ts';
import {answeredCall, freePort, tempDir, testConfig} from './helpers.ts';

test('call facts land in calls/<team>/<day> in the hub', async t => {
  const config = testConfig(tempDir(t), 1);
  const sipPort = await freePort();
  const center = await startCenter(config, {sipPort, hubPort: 0, controlPort: 0, hubHost: '127.0.0.1'});
  t.teardown(() => center.close());
  const call = await answeredCall(t, center, sipPort);
  t.is(call.callerCode, 0);
  const name = callsDoc('a', dayKey(Date.now(), config.center.timeZone));
  const log = new CallLog(await center.sync.openDoc(name));
  t.teardown(() => center.sync.release(name));
  const deadline = Date.now() + 5000;
  while (log.get(call.callId)?.facts?.endedAt === undefined && Date.now() < deadline) await new Promise(r => setTimeout(r, 20));
  t.like(log.get(call.callId)?.facts, {callId: call.callId, agent: '1001', team: 'a', queue: 'main', hungUpBy: 'caller', endReason: 'hangup'});
});
