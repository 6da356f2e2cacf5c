// The seat screen with ink-testing-library: injected clock, scripted switch events, real keys.
import test from 'ava';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {defaultPolicy} from '../../src/rules/config.ts';
import {SeatApp} from '../../src/tui/SeatApp.tsx';
import {LocalRecords} from '../../src/tui/seat-records.ts';
import type {SeatPort} from '../../src/tui/seat-session.ts';
import {ManualTicker} from '../../src/tui/ticker.ts';
import {FakeSeat, T0, flush} from './seat-fake.ts';

const policy = defaultPolicy();

async function setup(t: any, options: {lang?: 'zh-CN' | 'en'; seat?: Record<string, unknown>; columns?: number; rows?: number} = {}) {
  const ticker = new ManualTicker(T0);
  const seat = new FakeSeat(ticker, options.seat);
  const records = new LocalRecords({day: '2026-11-23'});
  const ui = render(<SeatApp lang={options.lang} policy={policy} ticker={ticker} agent="1001" pin="1234" columns={options.columns ?? 80} rows={options.rows ?? 24}
    signIn={async () => ({session: seat as unknown as SeatPort, records})}/>);
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
      const before = ui.frames.length;
      ui.stdin.write(input);
      for (let i = 0; i < 20 && ui.frames.length === before; i++) await new Promise(r => setTimeout(r, 20));
      await flush();
    }
  };
  return {ticker, seat, records, ui, step, keys, frame, see};
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
  const {seat, step, frame, see} = await setup(t);
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
  await keys('z');
  t.regex(await see(/no move from identify to before_closing|阶段: 核实身份/), /no move from identify to before_closing|阶段: 核实身份/);
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
