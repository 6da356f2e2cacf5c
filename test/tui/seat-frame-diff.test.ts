// The seat's line-level redraw over Ink's standard renderer: only changed lines are written,
// and anything it does not recognise passes through untouched.
import test from 'ava';
import {diffFrame} from '../../src/tui/frame-diff.ts';

const erase = (n: number) => `${'\u001B[2K\u001B[1A'.repeat(n - 1)}\u001B[2K\u001B[G`;

test('the first frame passes through and becomes the known frame', t => {
  const first = diffFrame(undefined, 'a\nb\nc\n');
  t.is(first.out, 'a\nb\nc\n');
  t.deepEqual(first.lines, ['a', 'b', 'c']);
});

test('a redraw of the same height rewrites only the changed lines, in place', t => {
  const next = diffFrame(['a', '计时 00:01', 'c'], `${erase(4)}a\n计时 00:02\nc\n`);
  t.is(next.out, '\u001B[3A\r\n计时 00:02\u001B[K\n\n');
  t.deepEqual(next.lines, ['a', '计时 00:02', 'c']);
  t.is(diffFrame(['x'], `${erase(2)}x\n`).out, '\u001B[1A\r\n', 'an unchanged frame only moves the cursor back down');
});

test('a frame of another height, or an unknown screen, is written whole', t => {
  const taller = `${erase(3)}a\nb\nc\n`;
  t.is(diffFrame(['a', 'b'], taller).out, taller);
  t.deepEqual(diffFrame(['a', 'b'], taller).lines, ['a', 'b', 'c']);
  t.is(diffFrame(undefined, `${erase(2)}z\n`).out, `${erase(2)}z\n`);
});

test('a clear, static text and cursor marks keep the bookkeeping right', t => {
  const cleared = diffFrame(['a', 'b'], erase(3));
  t.is(cleared.out, erase(3));
  t.is(cleared.lines, undefined);
  t.deepEqual(diffFrame(['a'], '\u001B[?2026h').lines, ['a'], 'synchronized-output marks do not move the cursor');
  t.deepEqual(diffFrame(['a'], '\u0007').lines, ['a'], 'nor does the bell');
  t.is(diffFrame(['a'], '\u001B[2J\u001B[Hfull screen').lines, undefined, 'a clear-screen redraw is unknown territory');
});
