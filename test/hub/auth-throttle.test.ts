// The PIN throttle on a fake clock: free tries, a lock that doubles, the lock holding every try
// out, one check at a time per agent (parallel guesses wait) but many per source, a success
// clearing only the agent, decay and a bounded table.
import test from 'ava';
import {AuthThrottle, agentKey, sourceKey} from '../../server/auth-throttle.ts';

const agent = agentKey('1001');
const keys = [agent, sourceKey('127.0.0.1')!];

/** One wrong guess if the throttle lets it be checked. */
function guess(throttle: AuthThrottle, now: number, k: readonly string[] = keys): boolean {
  const verdict = throttle.begin(k, now, k.filter(key => key.startsWith('agent:')));
  if (verdict.allowed) throttle.failed(k, now);
  return verdict.allowed;
}

test('three free failures, then locks of 1, 2, 4 … s, capped', t => {
  const throttle = new AuthThrottle({maxDelayMs: 8000});
  let now = 0;
  for (let i = 0; i < 4; i++) t.true(guess(throttle, now), `attempt ${i + 1}`);
  const locked = throttle.begin(keys, now, [agent]);
  t.like(locked, {allowed: false, retryAfterMs: 1000, busy: false});
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) {
    const v = throttle.begin(keys, now, [agent]);
    t.false(v.allowed);
    if (!v.allowed) {
      waits.push(v.retryAfterMs);
      now += v.retryAfterMs;
      t.true(guess(throttle, now));
    }
  }
  t.deepEqual(waits, [1000, 2000, 4000, 8000, 8000, 8000]);
});

test('after ten failures an attacker gets at most one check a second, however fast it tries', t => {
  const throttle = new AuthThrottle();
  let checked = 0;
  // One try every 10 ms for ten minutes.
  for (let now = 0; now < 600_000; now += 10) if (guess(throttle, now)) checked++;
  t.true(checked <= 10 + 600, `${checked} checks`);
  t.true(checked < 15, `back-off doubling: ${checked} checks in 10 min`);
});

test('one check at a time per agent; a source may sign many agents in at once', t => {
  const throttle = new AuthThrottle();
  const parallel = Array.from({length: 32}, () => throttle.begin(keys, 0, [agent]));
  t.is(parallel.filter(v => v.allowed).length, 1);
  t.like(parallel[1], {allowed: false, busy: true});
  throttle.failed(keys, 0);
  t.true(throttle.begin(keys, 0, [agent]).allowed, 'the next guess once the first is settled');

  const office = sourceKey('10.0.0.1')!;
  const seats = Array.from({length: 50}, (_, i) => [agentKey(String(2000 + i)), office]);
  t.true(seats.every(k => throttle.begin(k, 0, [k[0]]).allowed), '50 seats behind one address');
  for (const k of seats) throttle.succeeded(k, [k[0]], 0);
  t.is(throttle.size, 2, 'successes leave nothing behind: only the first guesser\'s agent and source are kept');
});

test('a success clears the agent but not the source; other agents and sources are untouched', t => {
  const throttle = new AuthThrottle();
  const victim = [agentKey('1002'), sourceKey('10.0.0.9')!];
  for (let i = 0; i < 4; i++) guess(throttle, 0, victim);
  t.false(guess(throttle, 0, victim));
  t.true(guess(throttle, 0, [agentKey('1003'), sourceKey('10.0.0.8')!]), 'another agent from another source');
  t.false(guess(throttle, 0, [agentKey('1004'), sourceKey('10.0.0.9')!]), 'the guessing source is locked for every agent');
  t.false(guess(throttle, 0, [agentKey('1002'), sourceKey('10.0.0.8')!]), 'the guessed agent is locked from every source');

  const own = [agentKey('1005'), sourceKey('10.0.0.7')!];
  for (let i = 0; i < 3; i++) guess(throttle, 0, own);
  t.true(throttle.begin(own, 0, [own[0]]).allowed);
  throttle.succeeded(own, [own[0]], 0);
  t.is(throttle.failures(own[0], 0), 0);
  t.is(throttle.failures(own[1], 0), 3, 'the source keeps its earlier failures');
});

test('failures are forgotten after a quiet spell; the table is bounded', t => {
  const throttle = new AuthThrottle({forgetAfterMs: 60_000, maxKeys: 100});
  for (let i = 0; i < 5; i++) guess(throttle, 0);
  t.is(throttle.failures(agent, 30_000), 4, 'the fifth was refused unchecked, so not counted');
  t.is(throttle.failures(agent, 62_000), 0);
  for (let i = 0; i < 1000; i++) guess(throttle, 70_000, [sourceKey(`10.1.${i >> 8}.${i & 255}`)!]);
  t.is(throttle.size, 100);
});

test('IPv4-mapped addresses are one source with their IPv4 form; bad options are TypeErrors', t => {
  t.is(sourceKey('::ffff:127.0.0.1'), sourceKey('127.0.0.1'));
  t.is(sourceKey(undefined), undefined);
  t.throws(() => new AuthThrottle({baseDelayMs: 0}), {instanceOf: TypeError, message: /baseDelayMs/});
});
