// The seat's defects of issue 17, each as an agent meets it: keys in one chunk, the first key,
// a panel opened while a call rings, z, R-13 offers, the notes cursor when the call ends,
// Ctrl+C during a call, the manual lock.
import test, {type ExecutionContext} from 'ava';
import {render} from 'ink-testing-library';
import {defaultPolicy} from '../../src/rules/config.ts';
import {SeatApp} from '../../src/tui/SeatApp.tsx';
import {LocalRecords} from '../../src/client/seat-records.ts';
import type {SeatPort} from '../../src/client/seat-session.ts';
import {splitKeys} from '../../src/tui/key-chunks.ts';
import {ManualTicker} from '../../src/tui/ticker.ts';
import {FakeSeat, T0, flush} from './seat-fake.ts';

const policy = defaultPolicy();

async function setup(t: ExecutionContext, seatPatch: Record<string, unknown> = {}) {
  const ticker = new ManualTicker(T0);
  const seat = new FakeSeat(ticker, seatPatch);
  const records = new LocalRecords({day: '2026-11-23'});
  const ui = render(<SeatApp policy={policy} ticker={ticker} agent="1001" pin="1234" columns={80} rows={24}
    signIn={async () => ({session: seat as unknown as SeatPort, records})}/>);
  t.teardown(() => ui.unmount());
  const frame = () => ui.lastFrame() ?? '';
  const see = async (pattern: RegExp) => {
    for (let i = 0; i < 150 && !pattern.test(frame()); i++) await new Promise(r => setTimeout(r, 20));
    return frame();
  };
  // The first frame of the signed-in seat, and not a moment later: keys may come at once.
  await see(/今日/);
  /** One key per chunk, each after the last one's frame. */
  const keys = async (...inputs: string[]) => {
    for (const input of inputs) {
      await flush();
      ui.stdin.write(input);
      await flush();
    }
  };
  return {ticker, seat, records, ui, frame, see, keys};
}

function answer(seat: FakeSeat, at: number) {
  seat.update({offer: undefined, call: {callId: 'c1', caller: '13812345678', queue: '综合咨询', direction: 'inbound', offeredAt: at - 5000, answeredAt: at, rings: 1, late: false, holds: 0, heldMs: 0, transfers: []}});
  seat.seat({state: 'on-call', since: at, callId: 'c1', callSince: at});
}

function offer(seat: FakeSeat, at: number) {
  seat.update({offer: {callId: 'c1', caller: '13812345678', queue: '综合咨询', offeredAt: at, waitedMs: 4000, ringPeriodMs: 5000, direction: 'inbound', ticked: 1}});
  seat.seat({state: 'offered', since: at});
}

test('a chunk splits into its keys: Backspaces, Enter then text, CR LF and LF as Enter, escapes whole', t => {
  t.deepEqual(splitKeys('\u007F\u007F'), ['\u007F', '\u007F']);
  t.deepEqual(splitKeys('\r路灯'), ['\r', '路', '灯']);
  t.deepEqual(splitKeys('a\r\nb\nc'), ['a', '\r', 'b', '\r', 'c']);
  t.deepEqual(splitKeys('\u001B[A'), ['\u001B[A']);
  t.deepEqual(splitKeys('r'), ['r']);
});

test('two Backspaces in one chunk delete two characters of a note', async t => {
  const {seat, records, ui, see, keys} = await setup(t);
  answer(seat, T0);
  await see(/h 保持\/恢复/);
  await keys('n');
  await see(/↑↓ 选择/);
  await keys('\u001B[B', '王五六');
  await see(/王五六/);
  ui.stdin.write('\u007F\u007F');
  await flush();
  await flush();
  t.is(records.notes('c1').surname, '王');
});

test('Enter followed at once by text, and a pasted multi-line text, keep their line breaks (handover)', async t => {
  const {records, ui, see, keys} = await setup(t, {state: 'not-ready'});
  await keys('o');
  await see(/上一班交接/);
  ui.stdin.write('路灯\r坏了');
  await flush();
  await flush();
  t.is(records.handover(), '路灯\n坏了');
  ui.stdin.write('\n东门\n北门');
  await flush();
  await flush();
  t.is(records.handover(), '路灯\n坏了\n东门\n北门');
});

test('r pressed as soon as the idle seat shows is not lost', async t => {
  const {seat, ui, frame} = await setup(t, {state: 'not-ready', reason: 'login'});
  t.regex(frame(), /按 r 就绪/);
  ui.stdin.write('r');
  await flush();
  t.deepEqual(seat.sent.map(c => [c.type, c.state]), [['set-state', 'ready']]);
});

test('l while a call rings keeps the ring on screen, and Enter still answers', async t => {
  const {seat, frame, see, keys} = await setup(t);
  offer(seat, T0);
  await see(/第 1 声/);
  await keys('l');
  t.regex(frame(), /来电振铃/);
  t.notRegex(frame(), /今日通话/);
  await keys('\r');
  t.deepEqual(seat.sent.map(c => c.type), ['accept']);
});

test('z from the opening goes to the closing question, with no internal message', async t => {
  const {seat, records, frame, see, keys} = await setup(t);
  answer(seat, T0);
  await see(/阶段: 开场/);
  await keys('z');
  t.regex(await see(/阶段: 结束前确认/), /阶段: 结束前确认/);
  t.notRegex(frame(), /no move|opening|before_closing/);
  t.is(records.notes('c1').stage, 'before_closing');
});

test('R-13: an accepted offer is shown as accepted, and two offers end the offers without "declined"', async t => {
  const {seat, frame, see, keys} = await setup(t);
  answer(seat, T0);
  await see(/h 保持\/恢复/);
  await keys('o', 'y');
  t.regex(await see(/接受 1/), /已推荐 1 次 \(接受 1, 拒绝 0\)/);
  await keys('o', 'd');
  t.regex(await see(/拒绝 1/), /已推荐 2 次 \(接受 1, 拒绝 1\)/);
  t.regex(frame(), /上限/);
  t.notRegex(frame(), /已拒绝 1 次/);
});

test('the call ending while the disposition is being edited keeps the selection on 处理结果', async t => {
  const {seat, records, see, keys} = await setup(t);
  answer(seat, T0);
  await see(/h 保持\/恢复/);
  await keys('n');
  await see(/↑↓ 选择/);
  for (let i = 0; i < 10; i++) await keys('\u001B[B');
  await keys('\u001B[C');
  t.is(records.notes('c1').disposition, 'resolved', 'the selection is on 处理结果');
  seat.update({call: undefined, ended: {callId: 'c1', caller: '13812345678', queue: '综合咨询', answeredAt: T0, endedAt: T0 + 30_000, by: 'caller', reason: 'hangup', late: false, heldMs: 0, longestHoldMs: 0} as any});
  seat.seat({state: 'acw', since: T0 + 30_000, callId: undefined});
  await see(/话后处理/);
  await keys('\u001B[C');
  t.is(records.notes('c1').disposition, 'callback', '→ changed 处理结果 again');
  t.is(records.notes('c1').callType, undefined, '来电类型 untouched');
});

test('Ctrl+C during a live call asks first; the second Ctrl+C quits', async t => {
  const {seat, ui, frame, see, keys} = await setup(t);
  answer(seat, T0);
  await see(/h 保持\/恢复/);
  await keys('\u0003');
  t.regex(await see(/再按 Ctrl\+C 退出/), /通话仍在话机上继续/);
  await keys('\u0003');
  const frames = ui.frames.length;
  await keys('h');
  t.deepEqual(seat.sent, [], 'the seat has quit: h does nothing');
  t.is(ui.frames.length, frames);
  t.pass(frame());
});

test('a key other than Ctrl+C disarms the quit question', async t => {
  const {seat, see, keys, frame} = await setup(t);
  answer(seat, T0);
  await see(/h 保持\/恢复/);
  await keys('\u0003', 'h', '\u0003');
  t.regex(await see(/再按 Ctrl\+C 退出/), /再按 Ctrl\+C 退出/);
  t.deepEqual(seat.sent.map(c => c.type), ['hold']);
  t.regex(frame(), /通话中/);
});

test('L locks the seat as a manual lock, not as idle', async t => {
  const {see, keys, frame} = await setup(t, {state: 'not-ready'});
  await keys('L');
  await see(/坐席已锁定/);
  t.regex(frame(), /已手动锁屏/);
  t.notRegex(frame(), /长时间无操作/);
});

test('a hub out of reach: the sign-in screen says so in Chinese, not as a wrong PIN', async t => {
  const ticker = new ManualTicker(T0);
  const ui = render(<SeatApp policy={policy} ticker={ticker} agent="1001" pin="1234" columns={80} rows={24}
    signIn={async () => {
      throw Object.assign(new Error('ws://127.0.0.1:9 (connect ECONNREFUSED 127.0.0.1:9)'), {code: 'unreachable'});
    }}/>);
  t.teardown(() => ui.unmount());
  for (let i = 0; i < 100 && !/连接不上中心/.test(ui.lastFrame() ?? ''); i++) await flush();
  t.regex(ui.lastFrame() ?? '', /连接不上中心 ws:\/\/127\.0\.0\.1:9/);
  t.notRegex(ui.lastFrame() ?? '', /工号或密码错误/);
});

test('a wrong PIN is said in Chinese, without the switch\'s English reason', async t => {
  const ticker = new ManualTicker(T0);
  const ui = render(<SeatApp policy={policy} ticker={ticker} agent="1001" pin="0000" columns={80} rows={24}
    signIn={async () => {
      throw Object.assign(new Error('auth: wrong agent id, PIN or token'), {code: 'refused'});
    }}/>);
  t.teardown(() => ui.unmount());
  for (let i = 0; i < 100 && !/工号或密码错误/.test(ui.lastFrame() ?? ''); i++) await flush();
  t.regex(ui.lastFrame() ?? '', /工号或密码错误/);
  t.notRegex(ui.lastFrame() ?? '', /wrong agent/);
});

test('a refused transfer is not recorded as 已转接, and the refusal is said in Chinese', async t => {
  const {seat, records, frame, see, keys} = await setup(t);
  (seat as any).transfer = (target: unknown) => {
    seat.sent.push({type: 'transfer', target});
    return Promise.reject(Object.assign(new Error('agent 1002 is not available (acw)'), {code: 'unavailable'}));
  };
  answer(seat, T0);
  await see(/h 保持\/恢复/);
  await keys('x');
  await see(/先说: 「我帮您转接/);
  await keys('1', '0', '0', '2', '\r');
  t.regex(await see(/不能接听/), /操作失败: 坐席 1002 现在不能接听 \(话后处理\)/);
  t.notRegex(frame(), /not available/);
  t.not(records.notes('c1').disposition, 'transferred');
});

test('80×24: the footer always ends with ? 帮助, and the R-07 warning keeps its instruction', async t => {
  const {seat, frame, see, keys} = await setup(t, {state: 'not-ready'});
  const footer = () => frame().split('\n').at(-1) ?? '';
  t.regex(footer(), /\? 帮助$/, 'idle');
  answer(seat, T0);
  await see(/h 保持\/恢复/);
  t.regex(footer(), /\? 帮助$/, 'in call');
  await keys('e');
  await see(/R-07/);
  t.regex(footer(), /再按 e 仍挂断 \(将被标记\)/);
  t.regex(footer(), /感谢您的来电/, 'and the closing phrase to say first');
});

test('80×24 in English: the header keeps a space between the name and the counts', async t => {
  const ticker = new ManualTicker(T0);
  const seat = new FakeSeat(ticker, {state: 'not-ready', reason: 'login', callsToday: 12, lateToday: 10});
  seat.update({queue: {waiting: 24, longestWaitMs: 0, queues: []} as any});
  const records = new LocalRecords({day: '2026-11-23'});
  const ui = render(<SeatApp lang="en" policy={policy} ticker={ticker} agent="1001" pin="1234" columns={80} rows={24}
    signIn={async () => ({session: seat as unknown as SeatPort, records})}/>);
  t.teardown(() => ui.unmount());
  for (let i = 0; i < 100 && !/today/.test(ui.lastFrame() ?? ''); i++) await flush();
  const header = (ui.lastFrame() ?? '').split('\n')[0] ?? '';
  t.regex(header, /张敏\s+today/);
  t.notRegex(header, /张敏today/);
});

test('a caller hanging up while the call rings is announced, the number masked', async t => {
  const {seat, see} = await setup(t);
  offer(seat, T0);
  await see(/第 1 声/);
  seat.update({offer: undefined, missed: {callId: 'c1', caller: '13812345678', at: T0 + 3000, by: 'caller', reason: 'abandoned'}});
  seat.seat({state: 'ready', since: T0 + 3000});
  const frame = await see(/在振铃时挂机/);
  t.regex(frame, /来电 138\*+5678 在振铃时挂机了/);
  t.notRegex(frame, /来电振铃/);
});

test('phrase slots the seat cannot fill show as blanks to fill, never as {department}', async t => {
  const {seat, frame, see, keys} = await setup(t);
  answer(seat, T0);
  await see(/h 保持\/恢复/);
  await keys('x');
  t.regex(await see(/我帮您转接/), /我帮您转接［部门］/);
  t.notRegex(frame(), /\{\w+\}/);
});

test('disconnected, the idle seat no longer promises that calls ring here', async t => {
  const {seat, see, frame} = await setup(t);
  t.regex(frame(), /已就绪,来电将在此振铃/);
  seat.update({connection: 'offline', offlineSince: T0});
  await see(/与交换机断开: 重新连上之前不会有来电/);
  t.notRegex(frame(), /来电将在此振铃/);
});

test('Ctrl+S in the handover confirms the save until the next edit', async t => {
  const {see, keys} = await setup(t, {state: 'not-ready'});
  await keys('o');
  await see(/上一班交接/);
  await keys('路', '灯');
  t.notRegex(await see(/路灯/), /✓ 已保存/);
  await keys('\u0013');
  t.regex(await see(/✓ 已保存/), /✓ 已保存/);
  await keys('坏');
  t.notRegex(await see(/路灯坏/), /✓ 已保存/);
});
