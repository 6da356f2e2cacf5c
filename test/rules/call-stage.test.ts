import test from 'ava';
import {defaultPolicy, stageOptions, advanceStage, nextStage, hangUpFlag, callStages, type CallStage} from '../../src/rules/index.ts';

const policy = defaultPolicy();

test('each stage offers its phrases', t => {
  t.deepEqual(stageOptions('identify', policy).phrases.map(p => p.stage), ['ask_name', 'ask_name', 'ask_address', 'ask_address', 'ask_phone']);
  t.deepEqual(stageOptions('lookup', policy).phrases.map(p => p.zh), ['请稍等,帮您查询', '请稍等,正在帮您查询', '感谢您的耐心等待']);
  t.is(stageOptions('before_closing', policy).phrases[0].zh, '请问还有什么可以帮您?');
  t.is(stageOptions('closing', policy).phrases[0].zh, '感谢您的来电,再见。');
});

test('reactive replies are open while talking, not after the goodbye', t => {
  const need = stageOptions('need', policy).reactive.map(p => p.stage);
  t.true(need.includes('caller_thanks'));
  t.true(need.includes('bad_line'));
  t.deepEqual(stageOptions('wait_hangup', policy).reactive, []);
  t.deepEqual(stageOptions('closing', policy).reactive, []);
});

const move = test.macro({
  exec(t, from: CallStage, to: CallStage, ok: boolean, error?: RegExp) {
    const result = advanceStage(from, to);
    t.is(result.ok, ok);
    if (!result.ok && error) t.regex(result.error, error);
  },
  title: (_given, from, to, ok) => `${from} → ${to} ${ok ? 'allowed' : 'refused'}`,
});

test(move, 'opening', 'identify', true);
test(move, 'need', 'lookup', true);
test(move, 'answer', 'before_closing', true);
test(move, 'before_closing', 'closing', true);
test(move, 'before_closing', 'need', true); // the caller has another question
test(move, 'answer', 'closing', false, /R-07.*before_closing/);
test(move, 'need', 'closing', false, /R-07/);
test(move, 'closing', 'wait_hangup', true);
test(move, 'wait_hangup', 'opening', false, /next: none/);
test(move, 'opening', 'bogus' as CallStage, false, /unknown call stage "bogus"/);

test('R-07: the closing order is before-closing then closing, then wait for the customer', t => {
  let stage: CallStage = 'answer';
  const path: CallStage[] = [];
  for (const to of ['before_closing', 'closing', 'wait_hangup'] as const) {
    const r = advanceStage(stage, to);
    if (!r.ok) return t.fail(r.error);
    stage = r.stage;
    path.push(stage);
  }
  t.deepEqual(path, ['before_closing', 'closing', 'wait_hangup']);
  t.is(nextStage('closing'), 'wait_hangup');
  t.is(nextStage('wait_hangup'), undefined);
});

test('every stage but the last has a next stage', t => {
  for (const stage of callStages) t.is(nextStage(stage) === undefined, stage === 'wait_hangup', stage);
});

test('R-07: the agent hanging up first is flagged, except after the R-12 protocol', t => {
  t.is(hangUpFlag({by: 'agent'}), 'agent_hung_up_first');
  t.is(hangUpFlag({by: 'customer'}), undefined);
  t.is(hangUpFlag({by: 'agent', silentProtocol: true}), undefined);
});
