// R-17 at the switch, over the real control channel and real SIP: while a declared predictable
// peak is in force, a 3rd agent asking for an outbound callback is refused (2 already are);
// once one of them hangs up, the 3rd may call.
import test from 'ava';
import {Seat, centerFor, freePort, registerPhones, sipp, tempDir, testConfig} from './helpers.ts';

test('R-17: at most 2 agents on outbound callbacks during a declared predictable peak', async t => {
  const trunkPort = await freePort();
  const now = Date.now();
  const predictable = [{name: '年度登记', from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 3_600_000).toISOString()}];
  const center = await centerFor(t, testConfig(tempDir(t), 3, {peak: {predictable}}), {trunk: `127.0.0.1:${trunkPort}`});
  const phonePort = await freePort();
  const phones = sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 3});
  const customers = sipp(t, {scenario: 'switch-customer.xml', port: trunkPort, calls: 3});
  t.is((await registerPhones(t, center, ['1001', '1002', '1003'], phonePort)).code, 0);
  const [a, b, c] = await Promise.all(['1001', '1002', '1003'].map(agent => Seat.open(t, center, agent)));
  t.like(await a!.command({type: 'callback', number: '13812345678'}), {type: 'ack'});
  t.like(await b!.command({type: 'callback', number: '13812345679'}), {type: 'ack'});
  const first = await a!.next(m => m.type === 'answered') as {callId: string};
  await b!.next(m => m.type === 'answered');
  const refused = await c!.command({type: 'callback', number: '13812345670'});
  t.like(refused, {type: 'error', code: 'peak'});
  t.regex((refused as {message: string}).message, /R-17 predictable peak "年度登记": at most 2 agents on outbound callbacks/);
  t.is(center.switch.acd.snapshot('1003').callId, undefined, 'the refusal changed nothing');
  // One of the two hangs up: the 3rd may now call back.
  t.like(await a!.command({type: 'hangup', callId: first.callId}), {type: 'ack'});
  await a!.next(m => m.type === 'ended' && m.callId === first.callId);
  t.like(await c!.command({type: 'callback', number: '13812345670'}), {type: 'ack'});
  const third = await c!.next(m => m.type === 'answered') as {callId: string};
  const second = b!.messages.find(m => m.type === 'answered') as {callId: string};
  t.like(await c!.command({type: 'hangup', callId: third.callId}), {type: 'ack'});
  t.like(await b!.command({type: 'hangup', callId: second.callId}), {type: 'ack'});
  t.is((await phones.done).code, 0);
  t.is((await customers.done).code, 0);
});
