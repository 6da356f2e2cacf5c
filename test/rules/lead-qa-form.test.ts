// The lead's QA form (R-24…R-28 scoring): the documents' criteria, marks checked per criterion.
import test from 'ava';
import {defaultQaForm, scoreMarks, QaForm} from '../../src/rules/lead-qa-form.ts';

const full = Object.fromEntries(defaultQaForm().criteria.map(c => [c.id, c.max]));

test('the default QA form has the documents\' seven criteria and totals 100', t => {
  const form = defaultQaForm();
  t.deepEqual(form.criteria.map(c => c.id), ['greeting', 'five_w1h', 'hold', 'polite_words', 'closing', 'no_forbidden', 'ownership']);
  t.is(form.criteria.reduce((n, c) => n + c.max, 0), 100);
  const r = scoreMarks(form, full);
  t.true(r.ok && r.total === 100 && r.percent === 100);
});

const bad = test.macro((t, marks: Record<string, number>, message: RegExp) => {
  const r = scoreMarks(defaultQaForm(), marks);
  t.false(r.ok);
  if (!r.ok) t.regex(r.errors.join('\n'), message);
});
test('a mark above the criterion\'s maximum is refused', bad, {...full, greeting: 16}, /greeting.*16 is outside 0…15/);
test('a negative mark is refused', bad, {...full, hold: -1}, /hold.*outside/);
test('a fractional mark is refused', bad, {...full, hold: 7.5}, /hold.*outside/);
test('an unknown criterion is refused', bad, {...full, smile: 3}, /unknown criterion "smile"/);
test('a missing criterion is refused', bad, {greeting: 10}, /"five_w1h".*no mark/);

test('a form with duplicate criteria is refused', t => {
  const r = QaForm.safeParse({criteria: [{id: 'a', zh: '甲', en: 'A', max: 5}, {id: 'a', zh: '乙', en: 'B', max: 5}]});
  t.false(r.success);
});
