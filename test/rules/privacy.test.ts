import test from 'ava';
import {defaultPolicy, PolicyConfig, maskNumber, maskNumberFor, seatLocked} from '../../src/rules/index.ts';

const mask = test.macro({
  exec(t, input: string, expected: string) {
    t.is(maskNumber(input), expected);
  },
  title: (_given, input: string, expected: string) => `R-36: ${input || '(empty)'} → ${expected || '(empty)'}`,
});

test(mask, '13812345678', '138****5678');
test(mask, '02165432100', '021****2100');
test(mask, '12345678', '123*5678');
test(mask, '1234567', '12***67'); // too short for 3+4: most stays hidden
test(mask, '110', '1*0');
test(mask, '12', '**');
test(mask, '', '');

test('R-36: the center\'s mask settings', t => {
  const p = PolicyConfig.parse({privacy: {maskKeepPrefix: 0, maskKeepSuffix: 4, maskChar: '#'}});
  t.is(maskNumberFor('13812345678', p), '#######5678');
});

test('R-36: the seat locks on a break or after the idle limit', t => {
  const p = defaultPolicy();
  t.false(seatLocked(5 * 60_000 - 1, false, p));
  t.true(seatLocked(5 * 60_000, false, p));
  t.true(seatLocked(0, true, p));
});
