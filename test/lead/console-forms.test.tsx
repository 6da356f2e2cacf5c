// The console's entry forms at 80×24 in Chinese and English: morning-meeting minutes,
// training records, placement exams, and the calibration screen. Bad input
// is refused with a message naming the problem and nothing is written.
import test from 'ava';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {LeadApp} from '../../src/tui/lead/LeadApp.tsx';
import {leadActions} from '../../src/tui/lead/lead-actions.ts';
import {useLeadData, type LeadSource} from '../../src/tui/lead/use-lead-data.ts';
import type {ScreenId} from '../../src/tui/lead/LeadHeader.tsx';
import type {Lang} from '../../src/tui/lead/i18n.ts';
import {defaultQaForm} from '../../src/rules/lead-qa-form.ts';
import {placementExam} from '../../src/rules/exam.ts';
import {day, memorySource} from './console-fixture.ts';
import {at, policy} from './helpers.ts';

const down = '\t';
const enter = '\r';
const backspace = '\u007F';

function Harness({source, now, lang, screen}: {readonly source: LeadSource; readonly now: () => number; readonly lang: Lang; readonly screen: ScreenId}) {
  const {data, status} = useLeadData(source, {day, policy, clock: now, lead: '9001'});
  const actions = leadActions(source, {lead: '9001', day, policy, clock: now, lang});
  return <LeadApp data={data} status={status} actions={actions} who="9001 班长 林" lang={lang} initialScreen={screen} utcOffsetMinutes={480} columns={80} rows={24} />;
}

function start(lang: Lang, screen: ScreenId) {
  const source = memorySource();
  const now = at(day, '08:55');
  const app = render(<Harness source={source} now={() => now} lang={lang} screen={screen} />);
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
    await new Promise(resolve => setTimeout(resolve, 25));
  };
  return {source, app, frame, until, press};
}

const fits = (frame: string) => frame.split('\n').length <= 24 && frame.split('\n').every(line => stringWidth(line) <= 80);
const words = {
  'zh-CN': {meeting: '早会纪要', present: '出席(工号): 1001', training: '培训记录', topic: '主题', exam: '上岗考试', pass: '通过', fail: '未通过'},
  en: {meeting: 'Morning meeting minutes', present: 'present (ids): 1001', training: 'Training record', topic: 'topic', exam: 'Placement exam', pass: 'pass', fail: 'fail'},
} as const;

for (const lang of ['zh-CN', 'en'] as const) {
  const w = words[lang];

  test(`meeting minutes (R-21), ${lang}: an unknown attendee is refused and nothing saved; then minutes and attendance recorded`, async t => {
    const {app, frame, until, press, source} = start(lang, 'workforce');
    t.teardown(() => app.unmount());
    source.roster.sign({agent: '1001', kind: 'in', at: at(day, '08:45'), makeUp: false});
    await until(f => f.includes('08:45'), 'the sign-in on the roster');
    await press('m');
    await until(f => f.includes(w.meeting) && f.includes(w.present), 'the form with the signed-in agent present');
    t.true(fits(frame()), frame());
    await press(' 7777');
    await press(down);
    await press('系统升级 9:30');
    await press(down);
    await press('投诉热点: 停水');
    await press(down);
    await press('回访 20 户');
    await press(enter);
    await until(f => f.includes('unknown agent "7777"'), 'the refusal');
    t.is(source.roster.meetings().length, 0, 'nothing saved');
    t.true(frame().includes(w.meeting), 'the form stays open');
    // Back to the attendance field and remove the unknown id.
    await press('\u001B[A');
    await press('\u001B[A');
    await press('\u001B[A');
    for (let i = 0; i < 5; i++) await press(backspace);
    await press(enter);
    await until(f => !f.includes(w.meeting), 'the form closes');
    const [meeting] = source.roster.meetings();
    t.like(meeting, {date: day, chair: '9001', present: ['1001'], notices: '系统升级 9:30', knowledge: '投诉热点: 停水', tasks: '回访 20 户', attire: ''});
    t.deepEqual(meeting.absent, ['1002', '1003']);
    t.true(fits(frame()), frame());
  });

  test(`training record (R-31), ${lang}: a training without a topic is refused; then recorded with its kind`, async t => {
    const {app, frame, until, press, source} = start(lang, 'workforce');
    t.teardown(() => app.unmount());
    await until(f => f.includes(' 0/1') || f.includes('0/1'), 'the console');
    await press('t');
    await until(f => f.includes(w.training), 'the training form');
    t.true(frame().includes(`${day}`), 'today by default');
    t.true(fits(frame()), frame());
    await press(enter);
    await until(f => f.includes('a training needs a topic'), 'the refusal');
    t.is(source.roster.trainings().length, 0, 'nothing saved');
    await press(down);
    await press('\u001B[C'); // kind → best/worst recordings review
    await press(down);
    await press('月度优劣录音评析');
    await press(enter);
    await until(f => !f.includes(w.training) && f.includes('1/1') === false, 'the form closes');
    const [training] = source.roster.trainings();
    t.like(training, {date: day, kind: 'recording_review', topic: '月度优劣录音评析'});
    t.deepEqual(training.attendees, ['1001', '1002', '1003']);
    // A second one, scheduled: counts toward R-31's monthly minimum shown on the screen.
    await press('t');
    await until(f => f.includes(w.training), 'the form again');
    await press(down);
    await press(down);
    await press('Scripts');
    await press(enter);
    await until(f => f.includes('1/1'), 'the scheduled training counted');
    t.is(source.roster.trainingsDue().held, 1);
  });

  test(`placement exam (R-30), ${lang}: out-of-range and missing scores refused, then pass and fail as the rules say`, async t => {
    const {app, frame, until, press, source} = start(lang, 'workforce');
    t.teardown(() => app.unmount());
    await until(f => f.includes('1001'), 'the roster');
    await press('e');
    await until(f => f.includes(w.exam), 'the exam form for the selected agent');
    t.true(fits(frame()), frame());
    await press(down);
    await press(down);
    await press('55');
    await press(enter);
    await until(f => f.includes('recording: 55 is outside 0…50') || f.includes('written: "" is not a score'), 'the refusal');
    t.regex(frame().replace(/\n/g, ' '), /written: "" is not a\s+score/);
    t.is(source.roster.exams().length, 0, 'nothing saved');
    await press(down);
    await press('40');
    await press(enter);
    await until(f => f.includes('recording: 55 is outside 0…50'), 'the range refusal');
    t.is(source.roster.exams().length, 0, 'nothing saved');
    await press('\u001B[A');
    await press(backspace);
    await press(backspace);
    await press('45');
    await press(enter);
    await until(f => f.includes(`85: ${w.pass}`) || f.includes(`85 分: ${w.pass}`), 'the pass');
    t.like(source.roster.exams()[0], {agent: '1001', recording: 45, written: 40, total: 85, passed: true});
    // 1002 (second row): 50 + 29 — total 79 < 80, so probation is extended.
    await press('j');
    await press('e');
    await until(f => f.includes(w.exam) && f.includes('1002'), 'the form for 1002');
    await press(down);
    await press(down);
    await press('50');
    await press(down);
    await press('29');
    await press(enter);
    await until(f => f.includes(w.fail), 'the fail');
    const exam = source.roster.exams().find(x => x.agent === '1002');
    t.is(exam?.passed, placementExam({recording: 50, written: 29}, policy).passed);
    t.false(exam?.passed);
    await until(f => /1001 85 ✓ 1002 79 ✗/.test(f), 'both exams on the workforce screen');
  });
}

test('calibration screen (R-29): an evaluator too high and one too low against each other, zh and en', async t => {
  const full = Object.fromEntries(defaultQaForm().criteria.map(c => [c.id, c.max]));
  for (const lang of ['zh-CN', 'en'] as const) {
    const {app, frame, until, press, source} = start(lang, 'qa');
    t.teardown(() => app.unmount());
    for (let i = 0; i < 5; i++) {
      const agent = i % 2 === 0 ? '1001' : '1002';
      source.qa.score({callId: `h${i}`, agent, date: day, evaluator: '9001', at: at(day, '10:00'), marks: full});
      source.qa.score({callId: `l${i}`, agent, date: day, evaluator: '1003', at: at(day, '10:00'), marks: {...full, five_w1h: 0}});
    }
    await until(f => f.includes('9001 班长 林'), 'the console');
    await press('8');
    await until(f => f.includes('R-29'), 'the calibration screen');
    const f = frame();
    t.true(fits(f), f);
    t.regex(f, /9001.*\+20\.0/);
    t.regex(f, /1003.*-20\.0/);
    t.true(f.includes(lang === 'en' ? 'TOO HIGH' : '偏高'), f);
    t.true(f.includes(lang === 'en' ? 'TOO LOW' : '偏低'), f);
    app.unmount();
  }
});
