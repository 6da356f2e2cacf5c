// R-29 evaluator calibration.
import test from 'ava';
import {defaultPolicy, calibrateEvaluators, type QaScore} from '../../src/rules/index.ts';

const policy = defaultPolicy();

const scoresWith = (bias: number): QaScore[] => ['e1', 'e2', 'e3'].flatMap(evaluatorId =>
  ['a1', 'a2', 'a3', 'a4', 'a5'].map((agentId, i) => ({evaluatorId, agentId, score: 70 + i * 5 + (evaluatorId === 'e3' ? bias : 0)})));

const calibration = test.macro({
  exec(t, bias: number, flagged: boolean, direction?: 'high' | 'low') {
    const e3 = calibrateEvaluators(scoresWith(bias), policy).find(e => e.evaluatorId === 'e3');
    t.is(e3?.flagged, flagged);
    t.is(e3?.direction, direction);
    t.true(Math.abs((e3?.difference ?? Number.NaN) - bias) < 1e-9);
  },
  title: (_given, bias: number, flagged) => `R-29: an evaluator ${bias} points off peers is ${flagged ? '' : 'not '}flagged`,
});

test(calibration, 0, false);
test(calibration, 4.9, false);
test(calibration, 5, true, 'high');
test(calibration, -6, true, 'low');

test('R-29: compared on the same agents; too few scores are not flagged', t => {
  const scores: QaScore[] = [
    ...scoresWith(0),
    // e4 only reviews the best agent a5 and scores like peers: not biased.
    ...Array.from({length: 5}, () => ({evaluatorId: 'e4', agentId: 'a5', score: 90})),
    // e5 scores 20 points high but only twice.
    {evaluatorId: 'e5', agentId: 'a1', score: 90}, {evaluatorId: 'e5', agentId: 'a2', score: 95},
  ];
  const result = calibrateEvaluators(scores, policy);
  t.false(result.find(e => e.evaluatorId === 'e4')?.flagged);
  t.false(result.find(e => e.evaluatorId === 'e5')?.flagged);
});
