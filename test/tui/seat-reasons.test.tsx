// Not Ready with a reason (the policy's list) and the center's policy replacing the seat's
// fallback once signed in; the wallboard shows the reason. Component tests with a scripted seat.
import test from 'ava';
import {render} from 'ink-testing-library';
import {defaultPolicy, PolicyConfig} from '../../src/rules/config.ts';
import {SeatApp} from '../../src/tui/SeatApp.tsx';
import {LocalRecords} from '../../src/client/seat-records.ts';
import type {SeatPort} from '../../src/client/seat-session.ts';
import {ManualTicker} from '../../src/tui/ticker.ts';
import {SeatsTable} from '../../src/tui/wallboard/SeatsTable.tsx';
import {strings} from '../../src/tui/wallboard/i18n.ts';
import {FakeSeat, T0, flush} from './seat-fake.ts';
import {fixtureFloor} from '../client/floor-fixture.ts';

// The center's policy as the switch's welcome gives it: its own reasons and a 10 s ACW.
const center = PolicyConfig.parse({notReadyReasons: ['小结', '培训', '带教新人'], afterCallWorkSeconds: 10});

async function setup(t: any, options: {lang?: 'zh-CN' | 'en'; seat?: Record<string, unknown>} = {}) {
  const ticker = new ManualTicker(T0);
  const seat = new FakeSeat(ticker, options.seat);
  const records = new LocalRecords({day: '2026-11-23'});
  const ui = render(<SeatApp lang={options.lang} policy={defaultPolicy()} ticker={ticker} agent="1001" pin="1234" columns={80} rows={24}
    signIn={async () => ({session: seat as unknown as SeatPort, records, policy: center})}/>);
  t.teardown(() => ui.unmount());
  const frame = () => ui.lastFrame() ?? '';
  const see = async (pattern: RegExp) => {
    for (let i = 0; i < 150 && !pattern.test(frame()); i++) await new Promise(r => setTimeout(r, 20));
    return frame();
  };
  const keys = async (...inputs: string[]) => {
    for (const input of inputs) {
      await flush();
      const before = ui.frames.length;
      ui.stdin.write(input);
      for (let i = 0; i < 20 && ui.frames.length === before; i++) await new Promise(r => setTimeout(r, 20));
      await flush();
    }
  };
  await see(/今日|today/i);
  return {seat, frame, see, keys};
}

test('n asks why: the center\'s reasons are listed, a digit picks one and the switch is told', async t => {
  const {seat, see, keys} = await setup(t);
  await keys('n');
  const picker = await see(/未就绪原因/);
  t.regex(picker, /1 小结/);
  t.regex(picker, /3 带教新人/, 'the center\'s own reason, not the defaults');
  t.notRegex(picker, /系统故障/);
  t.deepEqual(seat.sent, [], 'nothing is sent until a reason is picked');
  await keys('3');
  await flush();
  t.deepEqual(seat.sent, [{type: 'set-state', state: 'not-ready', reason: '带教新人'}]);
  t.notRegex(await see(/^(?![\s\S]*未就绪原因)/), /未就绪原因/, 'the picker closes');
});

test('the picker: arrows and Enter pick, Esc leaves the state alone; the state bar shows the reason', async t => {
  const {seat, see, keys} = await setup(t);
  await keys('n');
  await see(/未就绪原因/);
  await keys('\u001B');
  await flush();
  t.deepEqual(seat.sent, [], 'Esc: no change');
  t.notRegex(await see(/^(?![\s\S]*未就绪原因)/), /未就绪原因/);
  await keys('n');
  await see(/未就绪原因/);
  await keys('\u001B[B', '\r');
  await flush();
  t.deepEqual(seat.sent, [{type: 'set-state', state: 'not-ready', reason: '培训'}]);
  seat.seat({state: 'not-ready', reason: '培训', since: T0});
  t.regex(await see(/未就绪[^\n]*培训/), /未就绪[^\n]*培训/);
});

test('en: the default reasons read in English; the reason sent stays the policy\'s', async t => {
  const {seat, see, keys} = await setup(t, {lang: 'en'});
  await keys('n');
  const picker = await see(/Not Ready: why\?/);
  t.regex(picker, /1 wrap-up/);
  t.regex(picker, /3 带教新人/, 'a center\'s own reason shows as written');
  await keys('1');
  await flush();
  t.deepEqual(seat.sent, [{type: 'set-state', state: 'not-ready', reason: '小结'}]);
});

test('signed in, the seat runs on the center\'s policy: after-call work counts down from its 10 s', async t => {
  const {seat, see} = await setup(t, {seat: {state: 'acw', since: T0}});
  seat.update({ended: {callId: 'c1', caller: '13812345678', queue: 'q', direction: 'inbound', answeredAt: T0 - 60_000, rings: 1, late: false,
    holds: 0, heldMs: 0, transfers: [], endedAt: T0, by: 'caller', reason: 'hangup'}});
  t.regex(await see(/剩余 10 秒/), /剩余 10 秒/, 'not the default 30 s');
});

test('the wallboard shows why a seat is Not Ready, on an 80-column wall too', t => {
  const {model} = fixtureFloor();
  model.apply({type: 'seat', seat: {agent: '1003', name: '王芳', team: 'a', state: 'not-ready', reason: '系统故障', since: T0 - 60_000, phoneRegistered: true, callsToday: 2, lateToday: 0}});
  const narrow = render(<SeatsTable seats={model.view().seats} selected={0} focused width={78} height={16} t={strings('zh-CN')}/>);
  t.regex(narrow.lastFrame()!, /1003 王芳\s+未就绪[^\n]*系统故障/);
  const wide = render(<SeatsTable seats={model.view().seats} selected={0} focused width={130} height={16} t={strings('en')}/>);
  t.regex(wide.lastFrame()!, /1003 王芳[^\n]*system fault/);
});
