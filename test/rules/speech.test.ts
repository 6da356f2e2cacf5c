// R-11 speech rate.
import test from 'ava';
import {defaultPolicy, speechRate, type SpeechRate} from '../../src/rules/index.ts';

const policy = defaultPolicy();

const rate = test.macro({
  exec(t, characters: number, expected: SpeechRate['verdict']) {
    t.is(speechRate(characters, 60_000, policy).verdict, expected);
  },
  title: (_given, characters: number, expected: string) => `R-11: ${characters} characters a minute is ${expected}`,
});

test(rate, 179, 'too_slow');
test(rate, 180, 'ok');
test(rate, 250, 'ok');
test(rate, 251, 'too_fast');
test(rate, 300, 'too_fast'); // normal conversational speed is too fast on the phone

test('R-11: a zero duration is a RangeError', t => {
  t.throws(() => speechRate(10, 0, policy), {instanceOf: RangeError, message: /durationMs/});
});
