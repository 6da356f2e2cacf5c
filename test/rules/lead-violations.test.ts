// R-33: the documents' discipline catalog, each item with its severity.
import test from 'ava';
import {violationCatalog, violationKind, type ViolationSeverity} from '../../src/rules/lead-violations.ts';

const severity = test.macro({
  exec(t, code: string, expected: ViolationSeverity) {
    const kind = violationKind(code);
    t.truthy(kind, code);
    t.is(kind?.severity, expected);
  },
  title: (_title, code: string, expected: ViolationSeverity) => `R-33: ${code} is ${expected}`,
});

// R-33's serious service violations.
test(severity, 'rudeness', 'serious');
test(severity, 'forbidden_phrase', 'serious');
test(severity, 'process_breach', 'serious');
test(severity, 'ownership_ignored', 'serious');
// R-33's general items (R-23 overruns, R-20 sign-in/out, chatting).
test(severity, 'break_overrun', 'general');
test(severity, 'meal_overrun', 'general');
test(severity, 'no_sign_in', 'general');
test(severity, 'chatting', 'general');
// Seed 004 第五篇: lateness and leaving early, going out, swapping shifts, leaving the post,
// chatting on the seat's phone are serious; snacks, mobile chat, dress are general.
test(severity, 'late', 'serious');
test(severity, 'absent_without_leave', 'serious');
test(severity, 'unapproved_shift_swap', 'serious');
test(severity, 'post_left', 'serious');
test(severity, 'seat_phone_chat', 'serious');
test(severity, 'games', 'serious');
test(severity, 'leave_procedure', 'general');
test(severity, 'eating_on_duty', 'general');
test(severity, 'mobile_chat', 'general');
test(severity, 'dress_code', 'general');

test('R-33: every section of the handbook has its items', t => {
  const areas = new Set(violationCatalog.map(v => v.area));
  t.deepEqual([...areas].sort(), ['attendance', 'equipment', 'floor', 'hygiene', 'other', 'security', 'service']);
  for (const area of areas) t.true(violationCatalog.some(v => v.area === area && v.severity === 'serious'), area);
});

test('R-33: an unknown code is not in the catalog', t => {
  t.is(violationKind('parking'), undefined);
  t.is(violationKind(''), undefined);
});

test('R-33: codes are unique and every item is named in zh and en', t => {
  t.is(new Set(violationCatalog.map(v => v.code)).size, violationCatalog.length);
  for (const v of violationCatalog) {
    t.true(v.zh.length > 0 && v.en.length > 0, v.code);
    t.not(v.zh, v.en, v.code);
  }
});

test('the violation catalog has the R-33 serious service violations and general items', t => {
  t.is(violationKind('forbidden_phrase')?.severity, 'serious');
  t.is(violationKind('break_overrun')?.severity, 'general');
  t.true(violationCatalog.filter(v => v.severity === 'serious').length >= 4);
  t.is(violationKind('nope'), undefined);
});
