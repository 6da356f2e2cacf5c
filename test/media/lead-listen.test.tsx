// Live listen-in from the lead console, end to end: a real center with rtpengine, the
// console's real /control link (LeadFloor) and real components; `v` on an agent in a call rings
// the lead's phone (a test UA) with both parties, `v` again or the call's end stops it.
import test from 'ava';
import {render} from 'ink-testing-library';
import {DEMO_PIN} from '../../src/config.ts';
import {LeadFloor} from '../../src/client/lead/lead-floor.ts';
import {LeadApp} from '../../src/tui/lead/LeadApp.tsx';
import {leadActions} from '../../src/tui/lead/lead-actions.ts';
import {useLeadData, type LeadSource} from '../../src/tui/lead/use-lead-data.ts';
import {useLeadFloor} from '../../src/tui/lead/use-lead-floor.ts';
import {day, memorySource} from '../lead/console-fixture.ts';
import {policy} from '../lead/helpers.ts';
import {until} from '../sip/helpers.ts';
import {at} from '../lead/helpers.ts';
import {AGENT, CALLER, call, fixture, recordedCall, TONES} from './media-fixture.ts';
import {sleep} from './rtp-peer.ts';

function Console({source, floor, screen = 'workforce'}: {readonly source: LeadSource; readonly floor: LeadFloor; readonly screen?: 'workforce' | 'qa'}) {
  const clock = Date.now;
  const {data, status} = useLeadData(source, {day, policy, clock, lead: '9001'});
  const live = useLeadFloor(floor);
  return <LeadApp data={data} status={status} actions={leadActions(source, {lead: '9001', day, policy, clock})} who="9001 班长 林"
    initialScreen={screen} utcOffsetMinutes={480} columns={100} rows={24} live={live} />;
}

test('lead console: v on an agent in a call rings the lead\'s phone with both parties; v stops it; the call\'s end stops it', async t => {
  const f = await fixture(t);
  const floor = new LeadFloor({hubUrl: `ws://127.0.0.1:${f.center.addresses.hub.port}`, agent: '9001', pin: DEMO_PIN, team: 'a'});
  t.teardown(() => floor.close());
  const app = render(<Console source={memorySource()} floor={floor} />);
  t.teardown(() => app.unmount());
  const frame = () => app.lastFrame() ?? '';
  const shows = async (text: string) => {
    await until(() => frame().includes(text), 10_000, `"${text}" on the console`).catch(() => {
      throw new Error(`no "${text}" in:\n${frame()}`);
    });
  };

  await shows('1001');
  app.stdin.write('v');
  await shows('不在通话中');
  const {callId} = await call(f);
  await shows('☎ 通话中');
  app.stdin.write('v');
  await shows('正在呼叫您的电话');
  await until(() => f.leadCalls.up === 1, 10_000, 'the lead\'s phone answered');
  await shows('您的电话已接通');
  await shows('监听中 1001');
  const since = Date.now() + 200;
  await sleep(1000);
  const heard = f.lead.tonesSince(since, TONES, Date.now());
  t.true(heard[CALLER] >= 12 && heard[AGENT] >= 12, `the lead hears both: ${JSON.stringify(heard)}`);

  app.stdin.write('v');
  await until(() => f.leadCalls.up === 0, 10_000, 'the lead\'s phone hung up');
  await shows('监听已结束');
  t.is(floor.state().listening, undefined);

  // Again, then the agent hangs up: the listen-in ends with the call, and the console says so.
  app.stdin.write('v');
  await until(() => f.leadCalls.up === 1, 10_000, 'the lead\'s phone answered again');
  await shows('监听中 1001');
  t.like(await f.seat.command({type: 'hangup', callId}), {type: 'ack'});
  await until(() => f.leadCalls.up === 0 && floor.state().listening === undefined, 10_000, 'the listen-in ended with the call');
  await until(() => !frame().includes('监听中'), 5000, 'the header no longer says listening');
  const facts = await f.center.sink.waitFor(x => x.callId === callId && (x.listens?.length ?? 0) === 2);
  t.deepEqual(facts.listens?.map(l => l.lead), ['9001', '9001'], 'both listen-ins are facts of the call');
});

test('lead console on a center without media: the header says recordings off and v gives the switch\'s reason', async t => {
  const f = await fixture(t, {rtpengine: 'off'});
  const floor = new LeadFloor({hubUrl: `ws://127.0.0.1:${f.center.addresses.hub.port}`, agent: '9001', pin: DEMO_PIN, team: 'a'});
  t.teardown(() => floor.close());
  const app = render(<Console source={memorySource()} floor={floor} />);
  t.teardown(() => app.unmount());
  const frame = () => app.lastFrame() ?? '';
  await until(() => frame().includes('录音关闭'), 10_000, 'recordings off in the header');
  const {callId} = await call(f);
  await until(() => frame().includes('☎ 通话中'), 10_000, 'the agent on a call');
  app.stdin.write('v');
  await until(() => frame().includes('listen-in needs the call\'s media'), 10_000, 'the reason').catch(() => {
    throw new Error(frame());
  });
  t.is(f.leadCalls.up, 0);
  t.like(await f.seat.command({type: 'hangup', callId}), {type: 'ack'});
});

test('lead console: p on a sampled call plays its recording on the lead\'s phone; p again stops it', async t => {
  const f = await fixture(t);
  const callId = await recordedCall(t, f);
  const source = memorySource();
  source.qa.addSamples([{callId, agent: '1001', date: day, reason: 'random', callAt: at(day, '09:00'), pickedAt: at(day, '10:00')}]);
  const floor = new LeadFloor({hubUrl: `ws://127.0.0.1:${f.center.addresses.hub.port}`, agent: '9001', pin: DEMO_PIN, team: 'a'});
  t.teardown(() => floor.close());
  const app = render(<Console source={source} floor={floor} screen="qa" />);
  t.teardown(() => app.unmount());
  const frame = () => app.lastFrame() ?? '';
  await until(() => frame().includes(callId.slice(0, 8)) && floor.state().online, 10_000, 'the sample on the QA screen');
  const since = Date.now();
  app.stdin.write('p');
  await until(() => f.leadCalls.up === 1, 10_000, 'the lead\'s phone answered');
  await until(() => frame().includes('在您的电话上播放'), 10_000, 'the console says it plays').catch(() => {
    throw new Error(frame());
  });
  await until(() => frame().includes('放录音'), 5000, 'the header');
  await sleep(1000);
  const mixed = f.lead.mixedSince(since, CALLER, AGENT, Date.now());
  t.true(mixed >= 20, `the lead hears the recorded call: ${mixed} packets`);
  app.stdin.write('p');
  await until(() => f.leadCalls.up === 0 && floor.state().playing === undefined, 10_000, 'stopped');
  await until(() => frame().includes('放录音已停止'), 5000, 'the console says it stopped');
});
