// Per-queue policy: defaults, field-by-field overrides, caller priority by prefix, and the config
// errors an operator gets (unknown queues, calendars, agents, overflow loops, waits past timer C).
import test from 'ava';
import {ZuoxiConfig} from '../../src/config.ts';
import {callerPriorityOf, queuePolicy, queuePolicyDefaults, QueueingConfig} from '../../src/rules/queue-policy.ts';

const problems = (input: unknown) => {
  const result = ZuoxiConfig.safeParse(input);
  return result.success ? [] : result.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`);
};
const queues = [
  {id: 'main', name: 'Main', number: '12345', team: 'a'},
  {id: 'backup', name: 'Backup', number: '12346', team: 'a'},
];

test('a queue without its own policy has zuoxi\'s defaults; overrides apply field by field over the center\'s defaults', t => {
  t.deepEqual(queuePolicy(undefined, 'main'), queuePolicyDefaults);
  const q = QueueingConfig.parse({defaults: {maxWaitSeconds: 60, strategy: 'fewest-calls'}, queues: {main: {maxWaitSeconds: 30}}});
  t.like(queuePolicy(q, 'main'), {maxWaitSeconds: 30, strategy: 'fewest-calls', serviceLevelSeconds: 20, shortAbandonSeconds: 5});
  t.like(queuePolicy(q, 'other'), {maxWaitSeconds: 60});
  t.deepEqual(QueueingConfig.parse({queues: {main: {onFull: {action: 'reject'}}}}).queues.main!.onFull, {action: 'reject', status: 486});
});

const priority = test.macro((t, number: string, expected: number) => {
  t.is(callerPriorityOf(number, {callerPriority: [{prefix: '0', priority: 3}, {prefix: '010', priority: 5}, {prefix: '+86', priority: 2}]}), expected);
});
test('long-distance prefix 0', priority, '02188001234', 3);
test('the longest matching prefix wins', priority, '01088001234', 5);
test('international prefix', priority, '+8613800000000', 2);
test('a local number has no priority', priority, '88001234', 0);

const invalid = test.macro((t, queueing: unknown, expected: RegExp, extra: Record<string, unknown> = {}) => {
  const found = problems({queues, policy: {queueing, ...extra}});
  t.true(found.some(p => expected.test(p)), found.join('\n'));
});
test('unknown queue id', invalid, {queues: {nope: {}}}, /^policy\.queueing\.queues\.nope: no queue "nope"/);
test('overflow to an unknown queue', invalid, {queues: {main: {onMaxWait: {action: 'overflow', queue: 'x'}}}}, /onMaxWait\.queue: overflow to unknown queue "x"/);
test('overflow loop', invalid, {queues: {main: {onMaxWait: {action: 'overflow', queue: 'backup'}}, backup: {onMaxWait: {action: 'overflow', queue: 'main'}}}}, /overflow loops: main → backup → main/);
test('unknown calendar', invalid, {defaults: {calendar: 'moon'}}, /defaults\.calendar: no calendar named "moon"/);
test('unknown agent in penalties', invalid, {queues: {main: {penalties: {'9999': 1}}}}, /penalties\.9999: no agent "9999"/);
test('"wait" outside onNoAgents', invalid, {defaults: {onFull: {action: 'wait'}}}, /onFull: "wait" only applies to onNoAgents/);
test('bad final response', invalid, {defaults: {onFull: {action: 'reject', status: 404}}}, /expected 486, 480 or 503/);
test('max wait past timer C on ringback', invalid, {defaults: {maxWaitSeconds: 600}}, /maxWaitSeconds: 600 s is past 170 s.*timer C/);
test('unknown strategy', invalid, {defaults: {strategy: 'random'}}, /strategy/);

test('a long max wait is fine once the center answers queued callers (ringbackOnly off)', t => {
  t.deepEqual(problems({queues, policy: {queueing: {defaults: {maxWaitSeconds: 600}}, media: {ringbackOnly: false}}}), []);
});
