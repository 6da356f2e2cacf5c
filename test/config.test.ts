import test from 'ava';
import {Auth} from '../server/auth.ts';
import {ZuoxiConfig, demoConfig, hashPin, verifyPin} from '../src/config.ts';

const problems = (input: unknown) => {
  const result = ZuoxiConfig.safeParse(input);
  return result.success ? [] : result.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`);
};

test('the embedded defaults are valid: Asia/Shanghai and the policy\'s UTC+8 agree', t => {
  t.deepEqual(problems({}), []);
  t.deepEqual(problems({center: {timeZone: 'Asia/Kolkata'}, policy: {calendars: {utcOffsetMinutes: 330}}}), []);
});

test('a time zone the policy\'s calendars disagree with is refused, naming both', t => {
  const [problem] = problems({center: {timeZone: 'UTC'}});
  t.regex(problem, /^policy\.calendars\.utcOffsetMinutes: is 480 but center\.timeZone UTC is UTC\+00:00/);
  t.regex(problems({center: {timeZone: 'Europe/Berlin'}, policy: {calendars: {utcOffsetMinutes: 60}}})[0], /\+01:00 \/ \+02:00.*daylight saving/);
});

test('an unknown time zone is named', t => {
  t.deepEqual(problems({center: {timeZone: 'Mars/Olympus'}}), ['center.timeZone: unknown time zone "Mars/Olympus"']);
});

test('PINs are stored as scrypt hashes and checked against them', t => {
  const hash = hashPin('2468', 1024);
  t.regex(hash, /^scrypt:1024:/);
  t.false(hash.includes('2468'));
  t.true(verifyPin('2468', hash));
  t.false(verifyPin('2469', hash));
  t.false(verifyPin('2468', 'plain:2468'));
});

test('Auth: agents, leads and the read-only supervisor view', async t => {
  const auth = new Auth(demoConfig({agents: 2}));
  t.like(auth.verify('1001', '1234'), {agent: '1001', role: 'agent', team: 'a'});
  t.is(auth.verify('1001', '9999'), undefined);
  t.is(auth.verify('1001', '1234', {asSupervisor: true}), undefined, 'an agent gets no wallboard');
  t.like(await auth.verifyAsync('9001', '1234', {asSupervisor: true}), {agent: '9001', role: 'supervisor'});
  t.is(await auth.verifyAsync('4242', '1234'), undefined);
  const token = auth.issueToken({agent: '9001', name: 'x', team: 'a', role: 'supervisor'});
  t.like(auth.resolveToken(token), {role: 'supervisor'});
  auth.revokeToken(token);
  t.is(auth.resolveToken(token), undefined);
});
