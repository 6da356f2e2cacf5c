// a QA score records how the call was monitored — "recording" only for a call that has
// one, "live" for a call a lead listened in on, "side-by-side" as the lead sets it — and the
// console refuses a method the call's facts do not support.
import test from 'ava';
import {render} from 'ink-testing-library';
import {defaultQaForm} from '../../src/rules/lead-qa-form.ts';
import {LeadApp} from '../../src/tui/lead/LeadApp.tsx';
import {leadActions} from '../../src/tui/lead/lead-actions.ts';
import {useLeadData, type LeadSource} from '../../src/tui/lead/use-lead-data.ts';
import {addCalls, day, memorySource} from './console-fixture.ts';
import {at, policy} from './helpers.ts';

const full = Object.fromEntries(defaultQaForm().criteria.map(c => [c.id, c.max]));

function records() {
  const source = memorySource();
  addCalls(source);
  const c1 = source.calls.get('c1')!.facts!;
  source.calls.writeFacts({...c1, recording: {recorded: true, name: `${day}/c1.wav`, durationMs: 175_000, bytes: 5_600_044}});
  const c3 = source.calls.get('c3')!.facts!;
  source.calls.writeFacts({...c3, listens: [{lead: '9001', at: at(day, '11:01'), ms: 90_000}], recording: {recorded: false, why: 'recordings off: rtpengine is not installed'}});
  return source;
}

const actionsOf = (source: LeadSource) => leadActions(source, {lead: '9001', day, policy, clock: () => at(day, '16:00')});
const score = (callId: string, agent: string, method?: 'recording' | 'live' | 'side_by_side') => ({callId, agent, date: day, marks: full, comment: '', ...(method ? {method} : {})});

test('the method follows the call\'s facts by default: recording, live, else side-by-side', t => {
  const source = records();
  const actions = actionsOf(source);
  actions.score(score('c1', '1001'));
  actions.score(score('c3', '1002'));
  actions.score(score('c4', '1002'));
  const methods = Object.fromEntries(source.qa.scores(0).map(s => [s.callId, s.method]));
  t.deepEqual(methods, {c1: 'recording', c3: 'live', c4: 'side_by_side'});
});

test('a method the call does not support is refused with why, and nothing is saved', t => {
  const source = records();
  const actions = actionsOf(source);
  t.throws(() => actions.score(score('c3', '1002', 'recording')), {message: 'call c3 has no recording (recordings off: rtpengine is not installed): score it as live or side-by-side'});
  t.throws(() => actions.score(score('c1', '1001', 'live')), {message: /call c1 had no listen-in/});
  t.is(source.qa.scores(0).length, 0);
  actions.score(score('c1', '1001', 'side_by_side'));
  t.is(source.qa.scores(0)[0].method, 'side_by_side', 'side-by-side as the lead typed it');
});

function Harness({source}: {readonly source: LeadSource}) {
  const clock = () => at(day, '16:00');
  const {data, status} = useLeadData(source, {day, policy, clock, lead: '9001'});
  return <LeadApp data={data} status={status} actions={actionsOf(source)} who="9001 班长 林" utcOffsetMinutes={480} columns={80} rows={30} />;
}

test('score form: the method row shows what the call supports; ←→ changes it; an unsupported one is refused on save', async t => {
  const source = records();
  source.qa.addSamples([{callId: 'c3', agent: '1002', date: day, reason: 'random', callAt: at(day, '11:00:03'), pickedAt: at(day, '15:00')}]);
  const app = render(<Harness source={source} />);
  t.teardown(() => app.unmount());
  const frame = () => app.lastFrame() ?? '';
  const until = async (check: (f: string) => boolean, what: string) => {
    for (let i = 0; i < 100; i++) {
      if (check(frame())) return;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    throw new Error(`timed out waiting for ${what}; frame:\n${frame()}`);
  };
  const press = async (keys: string) => {
    app.stdin.write(keys);
    await new Promise(resolve => setTimeout(resolve, 30));
  };
  await until(f => /c3\s+随机/.test(f), 'the sample');
  await press('\r');
  await until(f => f.includes('方式: ‹在线监听›'), 'the method of a listened call');
  for (let i = 0; i <= defaultQaForm().criteria.length; i++) await press('\t');
  await press('\u001B[D');
  await until(f => f.includes('方式: ‹录音抽检›'), 'the method changed');
  await press('\r');
  await until(f => f.includes('call c3 has no recording'), 'the refusal');
  t.is(source.qa.scores(0).length, 0);
  await press('\u001B[C');
  await press('\u001B[C');
  await until(f => f.includes('方式: ‹现场陪听›'), 'side by side');
  await press('\r');
  await until(f => f.includes('已评'), 'the saved score');
  t.is(source.qa.scores(0)[0].method, 'side_by_side');
});
