import test from 'ava';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {LeadApp} from '../../src/tui/lead/LeadApp.tsx';
import {leadActions} from '../../src/tui/lead/lead-actions.ts';
import {useLeadData, type LeadSource} from '../../src/tui/lead/use-lead-data.ts';
import type {ScreenId} from '../../src/tui/lead/LeadHeader.tsx';
import type {Lang} from '../../src/tui/lead/i18n.ts';
import {defaultQaForm} from '../../src/rules/lead-qa-form.ts';
import {addCalls, day, memorySource} from './console-fixture.ts';
import {at, policy} from './helpers.ts';

const full = Object.fromEntries(defaultQaForm().criteria.map(c => [c.id, c.max]));

function Harness({source, now, lang, screen}: {readonly source: LeadSource; readonly now: () => number; readonly lang?: Lang; readonly screen?: ScreenId}) {
  const {data, status} = useLeadData(source, {day, policy, clock: now, lead: '9001'});
  const actions = leadActions(source, {lead: '9001', day, policy, clock: now, lang});
  return <LeadApp data={data} status={status} actions={actions} who="9001 班长 林" lang={lang} initialScreen={screen} utcOffsetMinutes={480} columns={80} rows={24} />;
}

function start(options: {lang?: Lang; screen?: ScreenId; now?: number} = {}) {
  const source = memorySource();
  addCalls(source);
  let now = options.now ?? at(day, '16:00');
  const app = render(<Harness source={source} now={() => now} lang={options.lang} screen={options.screen} />);
  const frame = () => app.lastFrame() ?? '';
  const until = async (check: (f: string) => boolean, what: string) => {
    for (let i = 0; i < 100; i++) {
      if (check(frame())) return frame();
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    throw new Error(`timed out waiting for ${what}; frame:\n${frame()}`);
  };
  const press = async (keys: string) => {
    app.stdin.write(keys);
    await new Promise(resolve => setTimeout(resolve, 30));
  };
  return {source, app, frame, until, press, setNow: (ms: number) => (now = ms)};
}

const fits = (frame: string) => frame.split('\n').every(line => stringWidth(line) <= 80);

test('QA screen: d draws today\'s sample (flagged calls always in), Chinese at 80×24', async t => {
  const {app, frame, until, press, source} = start();
  t.teardown(() => app.unmount());
  await until(f => f.includes('今日尚无抽样'), 'the empty sample hint');
  await press('d');
  await until(f => f.includes('已抽取') && f.includes('c4'), 'the drawn sample');
  // 1001: c2 flagged (late answer + long hold) + 1 clean call; 1002: c4 flagged + both clean ones.
  t.is(source.qa.samples({date: day}).length, 5);
  t.regex(frame(), /c2\s+标记.*迟接 长保持/);
  t.regex(frame(), /c4\s+标记.*坐席先挂/);
  t.true(fits(frame()));
  t.true(frame().split('\n').length <= 24);
});

test('score form: an out-of-range mark is refused with the reason and nothing is saved; then saved', async t => {
  const {app, frame, until, press, source} = start();
  t.teardown(() => app.unmount());
  await until(f => f.includes('今日尚无抽样'), 'the console');
  await press('d');
  await until(f => /c\d\s+(随机|标记)/.test(f), 'the sample');
  await press('\r');
  await until(f => f.includes('开始语与专线名称'), 'the form');
  await press('99');
  await press('\r');
  await until(f => f.includes('outside 0…15'), 'the range error');
  t.regex(frame().replace(/\n/g, ' '), /"greeting".*mark 99 is\s+outside 0…15/);
  t.is(source.qa.scores(0).length, 0, 'nothing saved');
  await press('12');
  await until(f => f.includes(' 12/15'), 'the corrected mark');
  await press('\r');
  await until(f => f.includes('已评 97'), 'the saved score in the sample list');
  t.is(source.qa.scores(0)[0].total, 97);
  t.is(source.qa.scores(0)[0].evaluator, '9001');
});

test('disputes screen: an agent\'s dispute is shown and the lead upholds it (R-28)', async t => {
  const {app, frame, until, press, source} = start({screen: 'disputes'});
  t.teardown(() => app.unmount());
  source.qa.score({callId: 'c3', agent: '1002', date: day, evaluator: '9001', at: at(day, '15:00'), marks: {...full, closing: 5}});
  source.qa.dispute({callId: 'c3', agent: '1002', at: at(day, '15:30'), reason: '客户先挂的机', via: 'seat'});
  await until(f => f.includes('待裁定'), 'the open dispute');
  t.regex(frame(), /申诉\(1\)/);
  t.regex(frame(), /理由: 客户先挂的机/);
  await press('u');
  await until(f => f.includes('已裁定'), 'the decision');
  t.is(source.qa.disputes()[0].decision?.outcome, 'upheld');
  t.is(source.qa.disputes()[0].decision?.by, '9001');
});

test('disputes screen: revise through the form', async t => {
  const {app, until, press, source} = start({screen: 'disputes'});
  t.teardown(() => app.unmount());
  source.qa.score({callId: 'c3', agent: '1002', date: day, evaluator: '9001', at: at(day, '15:00'), marks: {...full, closing: 5}});
  source.qa.dispute({callId: 'c3', agent: '1002', at: at(day, '15:30'), reason: '客户先挂的机', via: 'lead'});
  await until(f => f.includes('待裁定'), 'the dispute');
  await press('r');
  await until(f => f.includes('裁定申诉 c3'), 'the decision form');
  for (let i = 0; i < 4; i++) await press('\u001B[B'); // down to "closing"
  await press('15');
  await press('\r');
  await until(f => f.includes('改为 100'), 'the revised score');
  t.is(source.qa.scores(0)[0].finalTotal, 100);
});

test('feedback screen: overdue feedback in red after the R-27 deadline, f clears it', async t => {
  const {app, frame, until, press, source} = start({screen: 'feedback', now: at('2026-11-24', '18:30')});
  t.teardown(() => app.unmount());
  source.qa.score({callId: 'c1', agent: '1001', date: day, evaluator: '9001', at: at(day, '16:00'), marks: full});
  await until(f => f.includes('已超期'), 'the overdue row');
  t.regex(frame(), /反馈\(1\)/);
  t.regex(frame(), /反馈期限 2026-11-24 18:00/);
  await press('f');
  await until(f => f.includes('没有待反馈的评分'), 'the empty list');
  t.truthy(source.qa.scores(0)[0].feedbackGivenAt);
});

test('workforce screen: plan the month, sign-in, leave routed to the team lead approved, meeting', async t => {
  const {app, frame, until, press, source} = start({screen: 'workforce', now: at(day, '08:55')});
  t.teardown(() => app.unmount());
  source.roster.requestLeave({agent: '1002', kind: 'personal', from: '2026-11-25', to: '2026-11-26', requestedAt: at(day, '08:00'), reason: '家事'});
  await until(f => f.includes('今日无排班') && f.includes('1002 personal'), 'the empty roster and the leave request');
  t.regex(frame(), /1002 personal 2026-11-25…2026-11-26 \(2\) 班长审批/);
  await press('p');
  await until(f => f.includes('09:00-18:00'), 'the planned shifts');
  await press('i');
  await until(f => /签到 08:55 迟到/.test(f), 'the late sign-in (due 08:50, R-20)');
  await press('m');
  await until(f => f.includes('早会纪要') && f.includes('出席(工号): 1001'), 'the meeting form, signed-in agents present');
  await press('\r');
  await until(f => f.includes('出席 1 缺席 2'), 'the meeting');
  for (let i = 0; i < 4; i++) await press('\u001B[B');
  await press('a');
  await until(f => f.includes('无待批请假'), 'the decided leave');
  t.is(source.roster.leave()[0].status, 'approved');
});

test('ledger screen: record a forbidden phrase (10 points) and a general item', async t => {
  const {app, frame, until, press, source} = start({screen: 'ledger'});
  t.teardown(() => app.unmount());
  await until(f => f.includes('n 记录'), 'the ledger');
  await press('n');
  await until(f => f.includes('◀ 对客户不礼貌'), 'the kind chooser');
  await press('\u001B[C');
  await until(f => f.includes('◀ 使用服务禁语'), 'forbidden phrase');
  await press('\r');
  await until(f => /1001 张敏\s+10\s+1\s+0/.test(f), 'the points');
  t.is(source.ledger.entries()[0].code, 'forbidden_phrase');
  t.true(fits(frame()));
});

test('post-shift review: handovers and wrap-ups of the day (R-35)', async t => {
  const {app, frame, until, source} = start({screen: 'review'});
  t.teardown(() => app.unmount());
  source.handover.add({id: 'h1', from: '1001', to: '1002', kind: 'callback', text: '回电李先生 地址变更', due: null, createdAt: at(day, '17:00')});
  source.wrapup.submit({agent: '1001', date: day, at: at(day, '17:30'), figures: {answered: 2, late: 1}, remarks: '系统卡顿'});
  await until(f => f.includes('回电李先生'), 'the handover');
  t.regex(frame(), /待接收 张敏→李娜 \[callback\]/);
  t.regex(frame(), /1001 张敏\s+answered 2 · late 1 系统卡顿/);
  t.regex(frame(), /1002 李娜\s+未提交日结/);
});

test('report screen in English: bars, sparkline, service level', async t => {
  const {app, frame, until} = start({screen: 'report', lang: 'en'});
  t.teardown(() => app.unmount());
  await until(f => f.includes("Today's report"), 'the report');
  t.regex(frame(), /offered 5 · answered 5 · SL 80\.0%/);
  t.regex(frame(), /calls by hour [▁-█]+/);
  t.regex(frame(), /1002 李娜\s+█+\s+3 SL 100%/);
  t.true(fits(frame()));
});

test('workforce screen: a leave request taken down for an agent; wrong date order refused, then routed (R-22)', async t => {
  const {app, until, press, source} = start({screen: 'workforce', now: at(day, '09:30')});
  t.teardown(() => app.unmount());
  await until(f => f.includes('今日排班'), 'the workforce screen');
  await press('l');
  await until(f => f.includes('登记请假 1001 张敏'), 'the leave form');
  for (const ch of '2026-11-27') await press(ch);
  await press('\t');
  for (const ch of '2026-11-25') await press(ch);
  await press('\r');
  await until(f => f.includes('wrong order'), 'the date-order error');
  t.is(source.roster.leave().length, 0, 'nothing saved');
  for (let i = 0; i < 10; i++) await press('\u007f');
  for (const ch of '2026-11-28') await press(ch);
  await press('\t');
  for (const ch of '家中有事') await press(ch);
  await press('\r');
  await until(f => f.includes('已登记: 班长审批'), 'the saved request');
  // The list row follows the saved notice by a render: wait for it rather than read at once.
  await until(f => /1001 personal 2026-11-27…2026-11-28 \(2\) 班长审批 家中有事/.test(f), 'the request listed');
  t.is(source.roster.leave()[0].approver, 'team_lead');
});

test('workforce screen: a break seen on the floor during a peak, over its limit, booked in the ledger (R-23, R-33)', async t => {
  const {app, frame, until, press, source} = start({screen: 'workforce', now: at(day, '11:00')});
  t.teardown(() => app.unmount());
  source.roster.observeBreak({agent: '1002', kind: 'break', start: at(day, '10:00'), peak: 1});
  source.roster.observeBreak({agent: '1002', kind: 'break', start: at(day, '10:00'), end: at(day, '10:15'), peak: 0});
  await until(f => f.includes('小休超时 5 分'), 'the overrun');
  t.regex(frame(), /1002 李娜.*小休超时 5 分 高峰期小休 \(R-23\)/);
  await press('\u001B[B');
  await press('b');
  await until(f => f.includes('1002 break_overrun'), 'the booking');
  t.deepEqual(source.ledger.entries().map(e => [e.agent, e.code, e.severity]), [['1002', 'break_overrun', 'general']]);
  t.is(source.roster.breaks()[0].duringPeak, true, 'the peak mark stays when the break ends');
});
