// The seat screen with ink-testing-library: injected clock, scripted switch events, real keys.
import test from 'ava';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {defaultPolicy} from '../../src/rules/config.ts';
import {SeatApp} from '../../src/tui/SeatApp.tsx';
import {LocalRecords} from '../../src/client/seat-records.ts';
import type {SeatPort} from '../../src/client/seat-session.ts';
import {ManualTicker} from '../../src/tui/ticker.ts';
import {FakeSeat, T0, flush} from './seat-fake.ts';

const policy = defaultPolicy();

async function setup(t: any, options: {lang?: 'zh-CN' | 'en'; seat?: Record<string, unknown>; columns?: number; rows?: number} = {}) {
  const ticker = new ManualTicker(T0);
  const seat = new FakeSeat(ticker, options.seat);
  const records = new LocalRecords({day: '2026-11-23'});
  const bells: number[] = [];
  const ui = render(<SeatApp lang={options.lang} policy={policy} ticker={ticker} agent="1001" pin="1234" columns={options.columns ?? 80} rows={options.rows ?? 24}
    bell={() => bells.push(ticker.now())} signIn={async () => ({session: seat as unknown as SeatPort, records})}/>);
  t.teardown(() => ui.unmount());
  const frame = () => ui.lastFrame() ?? '';
  /** The frame once it matches (Ink renders asynchronously); the last frame after 3 s. */
  const see = async (pattern: RegExp) => {
    for (let i = 0; i < 150 && !pattern.test(frame()); i++) await new Promise(r => setTimeout(r, 20));
    return frame();
  };
  await see(/今日/);
  const step = async (ms: number) => {
    ticker.advance(ms);
    await flush();
  };
  const keys = async (...inputs: string[]) => {
    // One key per stdin chunk, as a person types: wait for the frame to change (or 400 ms) so
    // two keys never arrive in one read.
    for (const input of inputs) {
      await flush(); // let React run the effects of the last frame (the input handler is one)
      const before = ui.frames.length;
      ui.stdin.write(input);
      for (let i = 0; i < 20 && ui.frames.length === before; i++) await new Promise(r => setTimeout(r, 20));
      await flush();
    }
  };
  return {ticker, seat, records, ui, step, keys, frame, see, bells};
}

function offer(seat: FakeSeat, at: number) {
  seat.update({offer: {callId: 'c1', caller: '13812345678', queue: '综合咨询', offeredAt: at, waitedMs: 4000, ringPeriodMs: 5000, direction: 'inbound', ticked: 1}});
  seat.seat({state: 'offered', since: at});
}

function answer(seat: FakeSeat, at: number, rings = 2, late = false) {
  seat.update({offer: undefined, call: {callId: 'c1', caller: '13812345678', queue: '综合咨询', direction: 'inbound', offeredAt: at - 5000, answeredAt: at, rings, late, holds: 0, heldMs: 0, transfers: []}});
  seat.seat({state: 'on-call', since: at, callId: 'c1', callSince: at});
}

test('the ring counter counts 1, 2, 3 and turns to the R-02 warning at the 4th ring', async t => {
  const {seat, step, frame, see, bells} = await setup(t);
  offer(seat, T0);
  await flush();
  t.regex(await see(/第 1 声/), /第 1 声/);
  t.notRegex(frame(), /先致歉/);
  await step(5000);
  t.regex(await see(/第 2 声/), /第 2 声/);
  await step(5000);
  t.regex(await see(/第 3 声/), /第 3 声/);
  t.notRegex(frame(), /让您久等了/);
  await step(5000);
  t.regex(await see(/第 4 声/), /第 4 声/);
  t.regex(await see(/已超过 3 声: 接起时先致歉 \(R-02\)/), /已超过 3 声: 接起时先致歉 \(R-02\)/);
  t.regex(await see(/您好,让您久等了/), /您好,让您久等了/);
  await flush();
  t.is(bells.length, 4, 'the terminal bell sounds once per ring, not once per redraw');
});

test('Enter accepts the offered call', async t => {
  const {seat, keys, see} = await setup(t);
  offer(seat, T0);
  await see(/第 1 声/);
  await keys('\r');
  t.deepEqual(seat.sent.map(c => c.type), ['accept']);
});

test('in call: the opening, then Tab moves through the stages and digits pick alternatives', async t => {
  const {seat, keys, see} = await setup(t);
  answer(seat, T0);
  await flush();
  t.regex(await see(/13812345678/), /13812345678/, 'the active call shows the full number (R-36 exception)');
  t.regex(await see(/阶段: 开场/), /阶段: 开场/);
  t.regex(await see(/您好,12345服务专线,请问有什么可以帮您?/), /您好,12345服务专线,请问有什么可以帮您?/);
  await keys('\t');
  t.regex(await see(/阶段: 核实身份/), /阶段: 核实身份/);
  t.regex(await see(/请问您贵姓\?/), /请问您贵姓\?/);
  await keys('2');
  t.regex(await see(/现在说: 「请问您怎么称呼\?」/), /现在说: 「请问您怎么称呼\?」/);
  await keys('B');
  t.regex(await see(/很抱歉,我没有听清,请您再重复一遍好吗\?/), /很抱歉,我没有听清,请您再重复一遍好吗\?/);
  await keys('B');
  t.regex(await see(/很抱歉,请您慢点说好吗\?/), /很抱歉,请您慢点说好吗\?/);
  await keys('T');
  t.regex(await see(/现在说: 「不客气」/), /现在说: 「不客气」/);
  // z goes to the closing question from any talking stage (issue 17: no internal refusal).
  await keys('z');
  t.regex(await see(/阶段: 结束前确认/), /阶段: 结束前确认/);
});

test('hold nudges at 20 s, the patience phrase from 45 s and the callback proposal at 120 s (R-10)', async t => {
  const {seat, keys, step, frame, see} = await setup(t);
  answer(seat, T0);
  await see(/通话中/);
  await keys('h');
  t.deepEqual(seat.sent.map(c => c.type), ['hold']);
  seat.update({call: {...seat.state.call!, holdSince: T0, holds: 1}});
  await flush();
  t.regex(await see(/保持中 00:00/), /保持中 00:00/);
  t.regex(await see(/请稍等,帮您查询/), /请稍等,帮您查询/);
  t.notRegex(frame(), /现在提醒/);
  await step(19_000);
  t.notRegex(frame(), /现在提醒/);
  await step(1000);
  t.regex(await see(/现在提醒: 「请稍等,正在帮您查询」/), /现在提醒: 「请稍等,正在帮您查询」/);
  await step(25_000);
  t.regex(await see(/现在提醒: 「感谢您的耐心等待」/), /现在提醒: 「感谢您的耐心等待」/);
  t.regex(await see(/恢复时说: 「感谢您的耐心等待」/), /恢复时说: 「感谢您的耐心等待」/);
  await step(75_000);
  t.regex(await see(/保持过久 \(R-10\): 建议改用另行回话的方式/), /保持过久 \(R-10\): 建议改用另行回话的方式/);
  await keys('h');
  t.is(seat.sent.at(-1)?.type, 'resume');
});

test('R-13: two declined offers disable the offer for the rest of the call', async t => {
  const {seat, records, keys, see} = await setup(t);
  answer(seat, T0);
  await see(/通话中/);
  await keys('o');
  t.regex(await see(/客户: y 接受/), /请问您需要增值服务吗/);
  await keys('d');
  t.regex(await see(/已推荐 1 次 \(接受 0, 拒绝 1\)/), /已推荐 1 次 \(接受 0, 拒绝 1\)/);
  await keys('o', 'd');
  t.regex(await see(/已拒绝 2 次: 本通不再推荐/), /已推荐 2 次 \(接受 0, 拒绝 2\)/);
  await keys('o');
  // The note line, above the key hints.
  t.regex((await see(/已拒绝 2 次: 本通不再推荐\s*\n[^\n]*$/)).split('\n').at(-2) ?? '', /已拒绝 2 次: 本通不再推荐/, 'the refusal, in Chinese');
  t.like(records.notes('c1'), {offers: 2, offersDeclined: 2});
});

test('R-12: the silent-call protocol steps at 5 s and 10 s, then releases without the R-07 flag', async t => {
  const {seat, records, keys, step, see} = await setup(t);
  answer(seat, T0);
  await see(/通话中/);
  await keys('s');
  t.regex(await see(/无声电话 \(R-12\) {2}1\/3/), /说: 「您好,电话已接通,请讲」/);
  await step(5000);
  t.regex(await see(/2\/3/), /您好,电话已接通,请讲/);
  await step(5000);
  const frame = await see(/3\/3/);
  t.regex(frame, /很抱歉,听不到您的声音,请挂机重拨,感谢来电,再见/);
  t.regex(frame, /e 释放电话/);
  await keys('e');
  t.deepEqual(seat.sent.at(-1), {type: 'hangup', silent: true});
  t.like(records.notes('c1'), {disposition: 'silent', silent: true});
});

test('R-07: hanging up first warns once, the second e hangs up', async t => {
  const {seat, keys, see} = await setup(t);
  answer(seat, T0);
  await see(/通话中/);
  await keys('e');
  t.regex(await see(/应待客户先挂机/), /感谢您的来电,再见。/);
  t.is(seat.sent.length, 0);
  await keys('e');
  t.deepEqual(seat.sent.at(-1), {type: 'hangup'});
});

test('notes are saved into the call record as they are typed; R-05 asks for caller fields on dispatch calls', async t => {
  const {seat, records, keys, see} = await setup(t);
  answer(seat, T0);
  await see(/通话中/);
  await keys('n');
  await see(/↑↓ 选择/);
  await keys('\u001B[C'); // → : call type inquiry
  await keys('\u001B[C', '\u001B[C', '\u001B[C'); // complaint, suggestion, dispatch
  t.regex(await see(/缺少必填/), /缺少必填: 姓氏、联系电话、地址 \(R-05\)/);
  await keys('\u001B[B', '张');
  t.is(records.notes('c1').surname, '张');
  t.regex(await see(/张先生\/女士/), /张先生\/女士/, 'the surname slot is filled once typed');
  await keys('\u001B[B', '1', '3', '9');
  t.is(records.notes('c1').phone, '139');
  await keys('\u001B', 'x');
  t.regex(await see(/转接/), /我帮您转接/);
});

test('R-36: Break locks the seat and only the PIN unlocks it; idle time locks it too', async t => {
  const {seat, keys, step, see, frame} = await setup(t, {seat: {state: 'not-ready'}});
  seat.seat({state: 'break', since: T0});
  t.regex(await see(/坐席已锁定/), /小休中/);
  await keys('9', '9', '\r');
  t.regex(await see(/密码错误/), /坐席已锁定/);
  await keys('r');
  t.is(seat.sent.length, 0, 'keys do nothing while locked');
  await keys('\u007f', '1', '2', '3', '4', '\r');
  t.notRegex(await see(/等待来电/), /坐席已锁定/);
  seat.seat({state: 'not-ready', since: ticker_now(seat)});
  await step(5 * 60_000);
  t.regex(await see(/长时间无操作/), /坐席已锁定/);
  t.notRegex(frame(), /13812345678/);
});

function ticker_now(seat: FakeSeat) {
  return seat.now();
}

test('80×24 with Chinese text: no line wider than 80 columns, no frame taller than 23 rows', async t => {
  const {seat, records, keys, see, frame} = await setup(t);
  const screens = [await see(/等待来电|就绪/)];
  offer(seat, T0 - 20_000);
  screens.push(await see(/第 5 声/));
  answer(seat, T0, 5, true);
  screens.push(await see(/h 保持\/恢复/));
  records.annotate('c1', {what: '咨询社保卡补办流程以及异地就医备案需要携带的材料和办理地点'.repeat(3), surname: '欧阳'});
  await keys('n');
  screens.push(await see(/欧阳/));
  await keys('\u001B', '?');
  screens.push(await see(/按键说明/));
  await keys('x');
  seat.update({call: undefined, ended: {...seat.state.call!, answeredAt: T0 - 60_000, endedAt: T0, by: 'caller', reason: 'hangup'}});
  seat.seat({state: 'acw', since: T0});
  screens.push(await see(/话后处理/));
  for (const screen of screens) {
    // <Static> lines (finished calls) are scrollback above the live frame, not part of it.
    const lines = screen.split('\n').filter(line => !/^\d\d:\d\d ✓/.test(line));
    t.true(lines.length <= 23, `${lines.length} rows`);
    for (const line of lines) t.true(stringWidth(line) <= 80, `too wide (${stringWidth(line)}): ${line}`);
  }
  t.regex(frame(), /剩余 30 秒/);
  t.regex(frame(), /QA: 迟接 \(R-02\)/, 'the agent sees what QA will look at');
  t.regex(frame(), /138\*\*\*\*5678/, 'after the call the number is masked (R-36)');
  t.notRegex(frame(), /13812345678/);
  t.notRegex(frame(), /undefined|NaN/);
});

test('English UI', async t => {
  const {seat, see} = await setup(t, {lang: 'en'});
  offer(seat, T0);
  t.regex(await see(/ring 1/), /Enter to answer/);
  t.regex(await see(/Hello, 12345 service line/), /Caller: 13812345678/);
});

test('a seat that loses the switch says so, and keeps the bridged call on screen', async t => {
  const {seat, see} = await setup(t);
  answer(seat, T0);
  await see(/通话中/);
  seat.update({connection: 'offline', offlineSince: T0});
  const frame = await see(/与交换机断开,正在重连/);
  t.regex(frame, /13812345678/, 'the call and its notes stay');
  seat.update({connection: 'online', offlineSince: undefined});
  t.notRegex(await see(/^(?![\s\S]*断开)/), /断开/);
});

test("today's history masks numbers (R-36) and searches notes", async t => {
  const {records, keys, see} = await setup(t, {seat: {state: 'not-ready'}});
  records.seen('a', {caller: '13811112222', queue: 'main', answeredAt: T0 - 600_000, endedAt: T0 - 500_000});
  records.annotate('a', {surname: '赵', what: '公积金提取'});
  records.seen('b', {caller: '13933334444', queue: 'main', answeredAt: T0 - 400_000, endedAt: T0 - 300_000, hungUpBy: 'agent'});
  records.annotate('b', {surname: '钱', what: '路灯报修', disposition: 'work_order'});
  await keys('l');
  let frame = await see(/今日通话 \(2\)/);
  t.regex(frame, /138\*\*\*\*2222/);
  t.regex(frame, /139\*\*\*\*4444/);
  t.notRegex(frame, /13811112222|13933334444/);
  await keys('/', '路', '灯', '\r');
  frame = await see(/今日通话 \(1\)/);
  t.regex(frame, /路灯报修/);
  t.regex(frame, /\[先挂机\]/, 'R-07 flag shown on the row');
  t.notRegex(frame, /公积金/);
  await keys('\u001B');
  await see(/通话记录 \(2\)|今日通话 \(2\)/);
  await keys('\u001B');
  t.regex(await see(/最近通话/), /钱/);
});

test('a trainee seat opens with the trainee greeting (R-03)', async t => {
  const {seat, see} = await setup(t);
  seat.update({profile: {...seat.state.profile!, trainee: true}});
  answer(seat, T0);
  t.regex(await see(/实习话务员为您服务/), /您好,12345服务专线,实习话务员为您服务,请讲\?/);
});

test('a callback promise gets its R-08 due time and shows in callbacks due', async t => {
  const {seat, records, keys, see} = await setup(t);
  answer(seat, T0);
  await see(/通话中/);
  records.annotate('c1', {disposition: 'callback'});
  await keys('n');
  await see(/回电承诺/);
  for (let i = 0; i < 11; i++) await keys('\u001B[B');
  await keys('\u001B[C'); // next_business_day (specialist hours, 9:00–17:00)
  const notes = records.notes('c1');
  t.is(notes.callbackPromise, 'next_business_day');
  // Promised Monday 10:00 Shanghai → due by the close of Tuesday's specialist hours, 17:00.
  t.is(notes.callbackDueMs, Date.UTC(2026, 10, 24, 9, 0, 0));
  await keys('\u001B');
  seat.update({call: undefined, ended: {...seat.state.call!, endedAt: T0 + 1000, by: 'caller', reason: 'hangup'}});
  seat.seat({state: 'ready', since: T0 + 1000});
  await keys('c');
  const frame = await see(/待回电 \(1\)/);
  t.regex(frame, /138\*\*\*\*5678/);
  t.regex(frame, /2026-11-24 17:00/);
  await keys('\r');
  t.like(seat.sent.at(-1), {type: 'callback', number: '13812345678'});
});

test('help lists every key; the wrap-up shows the day\'s KPIs and submits on Ctrl+S', async t => {
  const {records, keys, see} = await setup(t, {seat: {state: 'not-ready'}});
  await keys('?');
  const help = await see(/按键说明/);
  for (const k of ['r 就绪', 'b 小休', 'Enter 接听', 'h 保持/恢复', 'x 转接', 'e 挂断', 's 无声', 'o 推荐', 'Tab 下一阶段', 'L 锁屏']) t.true(help.includes(k), k);
  await keys('x');
  records.seen('a', {caller: '1', queue: 'main', offeredAt: T0 - 700_000, answeredAt: T0 - 690_000, endedAt: T0 - 600_000});
  records.seen('b', {caller: '2', queue: 'main', offeredAt: T0 - 500_000, answeredAt: T0 - 480_000, endedAt: T0 - 300_000, holdMs: 20_000});
  await keys('w');
  const frame = await see(/今日指标/);
  // both answered within 20 s of entering the queue (b after 20 s, i.e. on ring 5, is late for R-01 but within T).
  t.regex(frame, /接入 2 {2}接听 2 {2}接通率 100\.0% {2}服务水平 100\.0%/);
  let submitted = 0;
  (records as any).attach({annotate() {}, wrapup: (text: string) => { submitted++; t.is(text, '今天顺利'); }});
  await keys('今', '天', '顺', '利', '\u0013');
  t.is(records.wrapup(), '今天顺利');
  t.is(submitted, 1);
});

test('transfer: the transfer phrase first, the target typed, the failed phrase when it does not go through', async t => {
  const {seat, records, keys, see} = await setup(t);
  answer(seat, T0);
  await see(/通话中/);
  await keys('x');
  t.regex(await see(/转接/), /先说: 「我帮您转接/);
  await keys('\u001B[C', '\u001B[C'); // agent → queue → number
  await keys('1', '2', '3', '1', '9', '\r');
  t.deepEqual(seat.sent.at(-1), {type: 'transfer', target: {kind: 'number', value: '12319'}});
  t.is(records.notes('c1').disposition, 'transferred');
  seat.update({call: {...seat.state.call!, transfers: [{target: {kind: 'number', value: '12319'}, ok: false}]}});
  await keys('x');
  t.regex(await see(/转接失败/), /很抱歉,电话未接通,您记录一下号码稍后拨打可以吗\?/);
});

test('keys typed faster than a frame are not lost: a pasted "n ↓ 张三" lands in the surname', async t => {
  const {seat, records, ui, see} = await setup(t);
  answer(seat, T0);
  await see(/h 保持\/恢复/);
  await flush();
  ui.stdin.write('n\u001B[B张三');
  await see(/张三先生\/女士/);
  t.is(records.notes('c1').surname, '张三');
  t.deepEqual(seat.sent, [], 'no letter was taken for a call command');
  ui.stdin.write('\u001B');
  await see(/n 记录 · x 转接/);
  ui.stdin.write('h');
  await flush();
  t.is(records.notes('c1').surname, '张三', 'after Esc the next key is a command again, not typed into the form');
  t.deepEqual(seat.sent.map(c => c.type), ['hold']);
});

test('shift handover: items from the last shift are acknowledged with Ctrl+A; the own note is handed over on Esc (R-35)', async t => {
  const {records, keys, see} = await setup(t, {seat: {state: 'not-ready'}});
  const acked: string[] = [];
  const handed: string[] = [];
  const items = [{id: 'h1', from: '1002', kind: 'callback', text: '王女士明早回电', due: null, acknowledged: false}];
  (records as any).attach({
    annotate() {},
    received: () => items.map(i => ({...i, acknowledged: acked.includes(i.id)})),
    acknowledge: (id: string) => acked.push(id),
    handover: (text: string) => handed.push(text),
  });
  await keys('o');
  t.regex(await see(/上一班交接 \(1\)/), /1002 王女士明早回电/);
  await keys('\u0001');
  t.deepEqual(acked, ['h1']);
  await keys('路', '灯');
  t.regex(await see(/上一班交接 \(0\)/), /✓ 1002/);
  await keys('\u001B');
  t.deepEqual(handed, ['路灯']);
  t.is(records.handover(), '路灯');
});

test('a call that rings while the agent reads the history takes the screen, and Enter answers it', async t => {
  const {seat, keys, see} = await setup(t);
  await keys('l');
  await see(/今日通话/);
  offer(seat, T0);
  await see(/第 1 声/);
  await keys('\r');
  t.deepEqual(seat.sent.map(c => c.type), ['accept']);
});

test('a small (60×16) or large (160×50) terminal renders every screen without overflowing', async t => {
  for (const [columns, rows] of [[60, 16], [160, 50]] as const) {
    const {seat, keys, see, ui} = await setup(t, {columns, rows});
    offer(seat, T0 - 20_000);
    const screens = [await see(/第 5 声/)];
    answer(seat, T0, 5, true);
    screens.push(await see(/通话中/));
    await keys('h');
    seat.update({call: {...seat.state.call!, holdSince: T0, holds: 1}});
    screens.push(await see(/保持中/));
    for (const screen of screens) {
      const lines = screen.split('\n').filter(line => !/^\d\d:\d\d ✓/.test(line));
      t.true(lines.length <= rows - 1, `${columns}×${rows}: ${lines.length} rows`);
      for (const line of lines) t.true(stringWidth(line) <= columns, `${columns}×${rows} too wide: ${line}`);
    }
    ui.unmount();
  }
});
