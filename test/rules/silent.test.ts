import test from 'ava';
import {defaultPolicy, silentCall, type SilentStep} from '../../src/rules/index.ts';

const policy = defaultPolicy();

const step = test.macro({
  exec(t, elapsedS: number, expected: SilentStep, phrase: string, mayRelease: boolean) {
    const s = silentCall(elapsedS * 1000, policy);
    t.is(s.step, expected);
    t.is(s.phrase, phrase);
    t.is(s.mayRelease, mayRelease);
  },
  title: (_given, elapsedS, expected) => `R-12: ${elapsedS} s after marking silent → ${expected}`,
});

test(step, 0, 'greet', '您好,电话已接通,请讲', false);
test(step, 4.999, 'greet', '您好,电话已接通,请讲', false);
test(step, 5, 'repeat', '您好,电话已接通,请讲', false);
test(step, 9.999, 'repeat', '您好,电话已接通,请讲', false);
test(step, 10, 'farewell', '很抱歉,听不到您的声音,请挂机重拨,感谢来电,再见', true);

test('R-12: the next step times', t => {
  t.is(silentCall(0, policy).nextAtMs, 5000);
  t.is(silentCall(6000, policy).nextAtMs, 10_000);
  t.is(silentCall(10_000, policy).nextAtMs, undefined);
});
