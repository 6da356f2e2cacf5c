import test from 'ava';
import {defaultPolicy, disciplineLedger, type Violation} from '../../src/rules/index.ts';

const policy = defaultPolicy();
const cst = (local: string) => Date.parse(`${local}+08:00`);
const v = (local: string, severity: Violation['severity'], code: string, agentId = '1001'): Violation => ({agentId, atMs: cst(local), severity, code});

const points = test.macro({
  exec(t, violations: Violation[], monthPoints: number, seriousTotal: number, dismissal: boolean) {
    const [ledger] = disciplineLedger(violations, policy);
    t.is(ledger.months.at(-1)?.points, monthPoints);
    t.is(ledger.seriousTotal, seriousTotal);
    t.is(ledger.dismissal, dismissal);
  },
  title: given => `R-33: ${given}`,
});

test('a serious violation costs 10', points, [v('2026-11-02T10:00', 'serious', 'rudeness')], 10, 1, false);
test('a general one costs 2', points, [v('2026-11-02T10:00', 'general', 'chatting')], 2, 0, false);
test('two repeats of a general one cost 2 + 2', points, [v('2026-11-02T10:00', 'general', 'break_overrun'), v('2026-11-03T10:00', 'general', 'break_overrun')], 4, 0, false);
test('the third general repeat counts as serious', points, [
  v('2026-11-02T10:00', 'general', 'break_overrun'), v('2026-11-03T10:00', 'general', 'break_overrun'), v('2026-11-04T10:00', 'general', 'break_overrun'),
], 14, 1, false);
test('three different general ones stay general', points, [
  v('2026-11-02T10:00', 'general', 'break_overrun'), v('2026-11-03T10:00', 'general', 'chatting'), v('2026-11-04T10:00', 'general', 'no_sign_in'),
], 6, 0, false);
test('three serious violations lead to dismissal', points, [
  v('2026-09-02T10:00', 'serious', 'rudeness'), v('2026-10-02T10:00', 'serious', 'forbidden_phrase'), v('2026-11-02T10:00', 'serious', 'rudeness'),
], 10, 3, true);

test('R-33: counted per month: repeats do not carry into the next month', t => {
  const [ledger] = disciplineLedger([
    v('2026-10-30T10:00', 'general', 'chatting'), v('2026-10-31T10:00', 'general', 'chatting'), v('2026-11-01T10:00', 'general', 'chatting'),
  ], policy);
  t.deepEqual(ledger.months, [{month: '2026-10', points: 4, serious: 0, general: 2}, {month: '2026-11', points: 2, serious: 0, general: 1}]);
  t.deepEqual(ledger.entries.map(e => e.repeat), [1, 2, 1]);
});

test('R-33: months are the center\'s local months', t => {
  // 2026-11-01 00:30 in China is still October 31 in UTC.
  const [ledger] = disciplineLedger([v('2026-11-01T00:30', 'general', 'chatting')], policy);
  t.is(ledger.months[0].month, '2026-11');
});

test('R-33: one ledger per agent, entries in time order', t => {
  const ledgers = disciplineLedger([v('2026-11-03T10:00', 'general', 'chatting', '1002'), v('2026-11-02T10:00', 'serious', 'rudeness', '1001')], policy);
  t.deepEqual(ledgers.map(l => [l.agentId, l.months[0].points]), [['1001', 10], ['1002', 2]]);
});
