// Each wallboard panel with fixed data (ink-testing-library), the keyboard, and the two wall
// sizes: an 80×24 terminal and a 200×50 wall screen.
import test from 'ava';
import {renderToString} from 'ink';
import {render} from 'ink-testing-library';
import {Wallboard} from '../../src/tui/wallboard/Wallboard.tsx';
import {SeatsTable} from '../../src/tui/wallboard/SeatsTable.tsx';
import {QueuePanel} from '../../src/tui/wallboard/QueuePanel.tsx';
import {ServicePanel} from '../../src/tui/wallboard/ServicePanel.tsx';
import {PeakBanner, peakColors} from '../../src/tui/wallboard/PeakBanner.tsx';
import {AgentDetail} from '../../src/tui/wallboard/AgentDetail.tsx';
import {strings} from '../../src/tui/wallboard/i18n.ts';
import {fixtureFloor, MIN, queue, T0} from '../client/floor-fixture.ts';

const zh = strings('zh-CN');
const en = strings('en');
const tick = () => new Promise(resolve => setTimeout(resolve, 30));

/** The latest frame once it matches (or does not match) `pattern`; Ink throttles frames. */
async function frameWhen(lastFrame: () => string | undefined, pattern: RegExp, matches = true): Promise<string> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (pattern.test(frame) === matches || Date.now() > deadline) return frame;
    await tick();
  }
}

/** Terminal display width: CJK and full-width forms take two columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')) {
    const cp = ch.codePointAt(0)!;
    const wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

function busyFloor() {
  const floor = fixtureFloor();
  floor.model.apply(queue(T0 - 40 * MIN, 3));
  floor.model.apply(queue(T0 - 35 * MIN, 9));
  floor.model.apply(queue(T0 - 5 * MIN, 17));
  return floor;
}

test('seats table: states, timers, counts, CJK names, the selected row', t => {
  const {model} = busyFloor();
  const {lastFrame} = render(<SeatsTable seats={model.view().seats} selected={1} focused width={48} height={16} t={en} />);
  const frame = lastFrame()!;
  t.regex(frame, /›1002 李娜\s+Break\s+14:00/);
  t.regex(frame, / 1001 张敏\s+On call\s+1:35\s+1:35\s+7\s+1/);
  t.regex(frame, / 1004 刘洋\s+On call\s+3:20\s+3:20\s+0:50/, 'hold timer');
  t.regex(frame, / 1005 陈静\s+Offline\s+1:00:00/);
  for (const line of frame.split('\n')) t.is(displayWidth(line), 48, line);
});

test('seats table on a wide wall: masked caller (R-36), phone, reason, over-break flag', t => {
  const {model} = busyFloor();
  const {lastFrame} = render(<SeatsTable seats={model.view().seats} selected={0} focused={false} width={130} height={16} t={zh} />);
  const frame = lastFrame()!;
  t.regex(frame, /138\*\*\*\*5678/);
  t.notRegex(frame, /13812345678|1234567/);
  t.regex(frame, /李娜.*小休超时/);
  t.regex(frame, /王芳.*话后超时/);
  t.regex(frame, /杨帆.*rona/);
});

test('seats table scrolls to keep the selection visible', t => {
  const {model} = fixtureFloor({seats: 40});
  const {lastFrame} = render(<SeatsTable seats={model.view().seats} selected={35} focused width={48} height={10} t={en} />);
  const frame = lastFrame()!;
  t.regex(frame, /›1036/);
  t.notRegex(frame, /1001/);
});

test('queue panel: waiting, longest wait, sparkline of the last hour, R-17 mode', t => {
  const {model} = busyFloor();
  const view = model.view();
  const {lastFrame} = render(<QueuePanel queue={view.queue} peak={view.peak} predictablePeak={false} focused width={32} height={10} t={en} />);
  const frame = lastFrame()!;
  t.regex(frame, /Waiting\s+17/);
  t.regex(frame, /Longest wait\s+4:15/);
  t.regex(frame, /Last hour \(max 17, ≥8\/≥16\)/);
  t.regex(frame, /[▁▂▃▄▅▆▇█]{10,}/);
  t.regex(frame, /R-17: normal operation/);
  model.setPredictablePeak(true);
  const v2 = model.view();
  const predictable = render(<QueuePanel queue={v2.queue} peak={v2.peak} predictablePeak focused width={60} height={10} t={zh} />).lastFrame()!;
  t.regex(predictable, /R-17 可预见高峰:不批假,外呼回访≤2人/);
});

test('service panel: today and this hour with bars', t => {
  const {model} = busyFloor();
  const view = model.view();
  const {lastFrame} = render(<ServicePanel today={view.today} hour={view.hour} focused={false} width={40} height={10} t={en} />);
  const frame = lastFrame()!;
  t.regex(frame, /Offered\s+40\s+4/);
  t.regex(frame, /Answered\s+35\s+3/);
  t.regex(frame, /Abandoned\s+3\s+1/);
  t.regex(frame, /Answer r…\s+87\.5%\s+75\.0%\s+[█▉▊▋▌▍▎▏]+·*/);
  t.regex(frame, /AHT\s+3:55/);
});

test('R-18 banner: normal at 29:59, level 1 at exactly 30:00, level 2 after 30 min at ≥16', t => {
  const {model, clock} = fixtureFloor();
  model.apply(queue(T0, 9));
  clock.set(T0 + 30 * MIN - 1000);
  const before = render(<PeakBanner peak={model.view().peak} width={120} t={en} />).lastFrame()!;
  t.regex(before, /peak plan: normal · queue ≥ 8 for 29:59, level 1 in 0:01/);
  clock.set(T0 + 30 * MIN);
  const one = render(<PeakBanner peak={model.view().peak} width={120} t={en} />).lastFrame()!;
  t.regex(one, /LEVEL 1 · stop callback service, suspend all breaks · queue ≥ 8 for 30:00/);
  model.apply(queue(T0 + 30 * MIN, 16));
  clock.set(T0 + 60 * MIN);
  const two = render(<PeakBanner peak={model.view().peak} width={160} t={zh} />).lastFrame()!;
  t.regex(two, /2级 · 停止回访服务, 暂停所有小休, 班长接听电话, 所有坐席接听 · 排队≥16 已持续 30:00/);
  t.deepEqual(peakColors, {0: 'green', 1: 'yellow', 2: 'red'});
});

test('agent drill-down: KPIs, QA quota progress (R-25), discipline (R-33), masked calls', t => {
  const {model} = busyFloor();
  model.setQa('1001', {live: 2, recording: 5, sideBySide: 1, week: 2});
  model.setDiscipline('1001', 2);
  const {lastFrame} = render(<AgentDetail detail={model.detail('1001')!} width={100} height={20} utcOffsetMinutes={480} t={en} />);
  const frame = lastFrame()!;
  t.regex(frame, /Agent 1001 张敏/);
  t.regex(frame, /live\s+2\/5/);
  t.regex(frame, /recordings\s+5\/5/);
  t.regex(frame, /side-by-side\s+1\/3/);
  t.regex(frame, /this week\s+2\/3/);
  t.regex(frame, /2 points this month/);
  t.regex(frame, /09:40:00 021\*\*\*\*5678/);
  t.notRegex(frame, /13812345678|02112345678/);
  const none = render(<AgentDetail detail={model.detail('1002')!} width={60} height={20} utcOffsetMinutes={480} t={zh} />).lastFrame()!;
  t.regex(none, /尚无监控记录/);
  t.regex(none, /无记录/);
});

test('keyboard: j/k and arrows select, Enter drills down, Esc returns, Tab moves panels, ? helps, q quits', async t => {
  const {model} = busyFloor();
  let quit = 0;
  const app = render(<Wallboard view={model.view()} detailOf={a => model.detail(a)} lang="en" columns={80} rows={24} onQuit={() => quit++} />);
  const when = (pattern: RegExp, matches = true) => frameWhen(app.lastFrame, pattern, matches);
  t.regex(await when(/›1001/), /›1001/);
  app.stdin.write('j');
  t.regex(await when(/›1002/), /›1002/);
  app.stdin.write('\u001B[B');
  t.regex(await when(/›1003/), /›1003/);
  app.stdin.write('k');
  t.regex(await when(/›1002/), /›1002/);
  app.stdin.write('\r');
  const detail = await when(/Agent 1002 李娜/);
  t.regex(detail, /Agent 1002 李娜/);
  t.regex(detail, /over break/);
  app.stdin.write('\u001B');
  t.notRegex(await when(/Agent 1002/, false), /Agent 1002/);
  // Tab to the queue panel: j no longer moves the seat cursor.
  app.stdin.write('\t');
  await tick();
  app.stdin.write('j');
  await tick();
  await tick();
  t.regex(await when(/›1002/), /›1002/);
  app.stdin.write('\t');
  await tick();
  app.stdin.write('\t');
  await tick();
  app.stdin.write('j');
  t.regex(await when(/›1003/), /›1003/);
  app.stdin.write('?');
  t.regex(await when(/Read-only: no key/), /Read-only: no key changes the center\./);
  app.stdin.write('?');
  t.notRegex(await when(/Read-only: no key/, false), /Read-only: no key/);
  t.is(quit, 0);
  app.stdin.write('q');
  for (let i = 0; i < 50 && quit === 0; i++) await tick();
  t.is(quit, 1);
  app.unmount();
});

test('80×24: every line fits, the frame is one row short of the terminal, in both languages', t => {
  const {model} = busyFloor();
  for (const lang of ['zh-CN', 'en'] as const) {
    const out = renderToString(<Wallboard view={model.view()} detailOf={a => model.detail(a)} lang={lang} columns={80} rows={24} />, {columns: 80});
    const lines = out.split('\n');
    t.is(lines.length, 23, lang);
    for (const line of lines) t.true(displayWidth(line) <= 80, `${lang}: ${line}`);
    t.regex(out, lang === 'en' ? /LEVEL 1/ : /1级/);
    t.regex(out, /1012/, 'all twelve seats visible');
  }
});

test('200×50: wide columns, masked callers, a tall chart, every line fits', t => {
  const {model} = busyFloor();
  const out = renderToString(<Wallboard view={model.view()} detailOf={a => model.detail(a)} lang="zh-CN" columns={200} rows={50} />, {columns: 200});
  const lines = out.split('\n');
  t.is(lines.length, 49);
  for (const line of lines) t.true(displayWidth(line) <= 200, line);
  t.regex(out, /来电/);
  t.regex(out, /139\*\*\*\*5432/);
  const chartRows = lines.filter(line => /│[ ▁▂▃▄▅▆▇█]*█[ ▁▂▃▄▅▆▇█]*│$/.test(line)).length;
  t.true(chartRows >= 4, `chart rows: ${chartRows}`);
  t.regex(out, /接通率\s+87\.5%\s+75\.0%\s+█{20,}/);
});

test('200×50 with 50 seats shows 43 at once and says so', t => {
  const {model} = fixtureFloor({seats: 50});
  const out = renderToString(<Wallboard view={model.view()} detailOf={a => model.detail(a)} lang="en" columns={200} rows={50} />, {columns: 200});
  t.regex(out, /1001/);
  t.regex(out, /1043/);
  t.notRegex(out, /1044/);
  t.regex(out, /1–43\/50/);
  t.true(out.split('\n').length <= 49);
});

test('junk keystrokes change nothing and break nothing', async t => {
  const {model} = busyFloor();
  let quit = 0;
  const app = render(<Wallboard view={model.view()} detailOf={a => model.detail(a)} lang="zh-CN" columns={80} rows={24} onQuit={() => quit++} />);
  const junk = ['\u0000', '\u001B[999~', '\u001B[1;5Z', '坐席', 'ｑ', '\u007F', 'x'.repeat(500), '\u001B]0;title\u0007', '\u001B[M !!', 'r', 'h', 'l', ' '];
  for (const chunk of junk) {
    app.stdin.write(chunk);
    await tick();
  }
  const frame = await frameWhen(app.lastFrame, /›1001/);
  t.regex(frame, /›1001/, 'selection unchanged');
  t.regex(frame, /坐席监控墙/);
  t.is(quit, 0);
  app.stdin.write('q');
  for (let i = 0; i < 50 && quit === 0; i++) await tick();
  t.is(quit, 1);
  app.unmount();
});
