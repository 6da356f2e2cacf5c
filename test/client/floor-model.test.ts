// The floor model with fixed data and a fixed clock: R-18 levels at exactly 30 min, R-23
// over-break, long ACW, R-36 masking, R-34 service figures, the per-minute queue series.
import test from 'ava';
import {defaultPolicy, PolicyConfig} from '../../src/rules/config.ts';
import {FloorModel} from '../../src/client/floor/floor-model.ts';
import {clockAt, fixtureFloor, MIN, queue, seat, T0} from './floor-fixture.ts';

function floor(policy = defaultPolicy()) {
  const clock = clockAt();
  const model = new FloorModel({policy, now: clock.now});
  model.apply({type: 'welcome', agent: '9001', name: '班长 林', team: 'a', role: 'supervisor', trainee: false, phoneMode: 'auto-answer', now: T0, seats: [seat(0), seat(1)]});
  return {model, clock};
}

const peakAt = test.macro({
  exec(t, samples: Array<[number, number]>, atMinutes: number, level: 0 | 1 | 2) {
    const {model, clock} = floor();
    for (const [minute, waiting] of samples) model.apply(queue(T0 + minute * MIN, waiting));
    clock.set(T0 + atMinutes * MIN);
    t.is(model.view().peak.level, level);
  },
  title: (given = '', _s, at: number, level: number) => `R-18 ${given}: level ${level} at ${at} min`,
});

test('queue 8 for 29:59', peakAt, [[0, 8]], 29.99, 0);
test('queue 8 for exactly 30:00', peakAt, [[0, 8]], 30, 1);
test('queue 7 for an hour', peakAt, [[0, 7]], 60, 0);
test('queue 16 for exactly 30:00', peakAt, [[0, 16]], 30, 2);
test('queue 9 then 16 for 30 min', peakAt, [[0, 9], [10, 16]], 40, 2);
test('queue 16 for 20 min after 10 min at 9', peakAt, [[0, 9], [10, 16]], 30, 1);
test('a dip to 7 restarts the clock', peakAt, [[0, 9], [20, 7], [21, 9]], 45, 0);
test('a dip to 7 then 30 min again', peakAt, [[0, 9], [20, 7], [21, 9]], 51, 1);

test('the banner data says how long the condition held and what is pending', t => {
  const {model, clock} = floor();
  model.apply(queue(T0, 10));
  model.apply(queue(T0 + 35 * MIN, 18));
  clock.set(T0 + 40 * MIN);
  const peak = model.view().peak;
  t.is(peak.level, 1);
  t.is(peak.heldMs, 40 * MIN);
  t.deepEqual(peak.actions, ['stop_callbacks', 'suspend_breaks']);
  t.deepEqual(peak.pending, {level: 2, heldMs: 5 * MIN, remainingMs: 25 * MIN});
  clock.set(T0 + 65 * MIN);
  const two = model.view().peak;
  t.is(two.level, 2);
  t.true(two.actions.includes('all_seats_take_calls'));
  t.is(two.heldMs, 30 * MIN);
});

test('a level held for hours keeps its start after the hour of samples is trimmed', t => {
  const {model, clock} = floor();
  model.apply(queue(T0, 9));
  // Two hours of changing queue lengths, all at or over 8.
  for (let m = 1; m <= 120; m++) model.apply(queue(T0 + m * MIN, 8 + (m % 3)));
  clock.set(T0 + 121 * MIN);
  const peak = model.view().peak;
  t.is(peak.level, 1);
  t.is(peak.heldMs, 121 * MIN);
});

test('the last hour is one value per minute, the most waiting in that minute, carried forward', t => {
  const {model, clock} = floor();
  model.apply(queue(T0 - 90 * MIN, 2));
  model.apply(queue(T0 - 10 * MIN, 5));
  model.apply(queue(T0 - 10 * MIN + 20_000, 11));
  model.apply(queue(T0 - 10 * MIN + 40_000, 4));
  clock.set(T0);
  const samples = model.view().queue.samples;
  t.is(samples.length, 60);
  t.is(samples[0], 2);
  t.is(samples[49], 11);
  t.is(samples[50], 4);
  t.is(samples[59], 4);
});

test('R-23: a break over its limit is flagged, and every break once R-18 suspends them', t => {
  const {model, clock} = floor();
  model.apply({type: 'seat', seat: seat(0, {state: 'break', since: T0})});
  model.apply({type: 'seat', seat: seat(1, {state: 'meal', since: T0})});
  clock.set(T0 + 10 * MIN);
  t.false(model.view().seats[0].overBreak, 'exactly 10 min is within the limit');
  clock.set(T0 + 10 * MIN + 1000);
  t.true(model.view().seats[0].overBreak);
  t.false(model.view().seats[1].overBreak, 'a meal has 30 min');
  model.apply(queue(T0 - 30 * MIN, 8));
  t.is(model.view().peak.level, 1);
  t.true(model.view().seats[1].overBreak, 'level 1 suspends breaks');
});

test('after-call work longer than the policy is flagged', t => {
  const {model, clock} = floor();
  model.apply({type: 'seat', seat: seat(0, {state: 'acw', since: T0})});
  clock.set(T0 + 30_000);
  t.false(model.view().seats[0].longAcw);
  clock.set(T0 + 31_000);
  t.true(model.view().seats[0].longAcw);
});

test('R-36: numbers are masked even if the switch sent them whole', t => {
  const {model} = fixtureFloor();
  const rows = model.view().seats;
  t.is(rows[0].caller, '138****5678');
  const calls = model.detail('1001')!.calls;
  t.true(calls.every(c => !/\d{5,}/.test(c.caller)), JSON.stringify(calls.map(c => c.caller)));
  const strict = new FloorModel({policy: PolicyConfig.parse({privacy: {maskKeepPrefix: 0, maskKeepSuffix: 2}}), now: () => T0});
  strict.apply({type: 'offered', callId: 'z', agent: '1001', caller: '13812345678', queue: 'main', offeredAt: T0, waitedMs: 0, ringPeriodMs: 5000, direction: 'inbound'});
  strict.apply({type: 'welcome', agent: '9001', name: 'x', team: 'a', role: 'supervisor', trainee: false, phoneMode: 'auto-answer', now: T0, seats: [seat(0, {state: 'offered', callId: 'z'})]});
  t.is(strict.view().seats[0].caller, '*********78');
});

test('R-34 figures: answer rate, service level within 3 rings, ASA from arrival, AHT with ACW', t => {
  const {model, clock} = floor();
  const offer = (callId: string, at: number, waitedMs: number) => model.apply({type: 'offered', callId, agent: '1001', caller: '13800000000', queue: 'main', offeredAt: at, waitedMs, ringPeriodMs: 5000, direction: 'inbound'});
  offer('a', T0, 10_000);
  model.apply({type: 'answered', callId: 'a', agent: '1001', answeredAt: T0 + 10_000, rings: 3, late: false});
  model.apply({type: 'seat', seat: seat(0, {state: 'on-call', since: T0 + 10_000, callId: 'a', callSince: T0 + 10_000})});
  model.apply({type: 'ended', callId: 'a', agent: '1001', at: T0 + 70_000, by: 'caller', reason: 'hangup'});
  model.apply({type: 'seat', seat: seat(0, {state: 'acw', since: T0 + 70_000})});
  model.apply({type: 'seat', seat: seat(0, {state: 'ready', since: T0 + 90_000})});
  offer('b', T0 + 100_000, 0);
  model.apply({type: 'answered', callId: 'b', agent: '1001', answeredAt: T0 + 120_000, rings: 5, late: true});
  model.apply({type: 'ended', callId: 'b', agent: '1001', at: T0 + 180_000, by: 'caller', reason: 'hangup'});
  model.apply({type: 'ended', callId: 'c', at: T0 + 190_000, by: 'caller', reason: 'abandoned'});
  clock.set(T0 + 200_000);
  const hour = model.view().hour;
  t.is(hour.offered, 3);
  t.is(hour.answered, 2);
  t.is(hour.abandoned, 1);
  t.is(hour.answerRate, 2 / 3);
  t.is(hour.threeRingRate, 0.5, 'exactly 3 rings is within R-01, 5 rings is not');
  t.is(hour.serviceLevel, 2 / 3, 'a and b answered 20 s after entering the queue (within T); c abandoned after an unknown wait counts');
  t.is(hour.asaMs, (20_000 + 20_000) / 2);
  t.is(hour.ahtMs, (60_000 + 20_000 + 60_000) / 2);
  const detail = model.detail('1001')!;
  t.is(detail.kpi.answered, 2);
  t.is(detail.kpi.lateAnswers, 1);
  t.is(detail.calls.length, 2, 'the abandoned call is nobody\'s');
  // The switch's counters win for today (it saw the calls before the lead attached).
  model.apply(queue(T0 + 200_000, 0, {offered: 50, answered: 45, abandoned: 5}));
  t.is(model.view().today.offered, 50);
  t.is(model.view().today.answerRate, 0.9);
});

test('QA progress and discipline points appear once recorded', t => {
  const {model} = floor();
  t.is(model.detail('1001')!.qa, undefined);
  t.is(model.detail('1001')!.qaQuota.live, 5);
  model.setQa('1001', {live: 2, recording: 5, sideBySide: 1});
  model.setDiscipline('1001', 12);
  t.deepEqual(model.detail('1001')!.qa, {live: 2, recording: 5, sideBySide: 1});
  t.is(model.detail('1001')!.disciplinePoints, 12);
  t.is(model.detail('4242'), undefined);
});

test('the clock follows the switch: skew at welcome is corrected', t => {
  const clock = clockAt(T0 - 5000);
  const model = new FloorModel({policy: defaultPolicy(), now: clock.now});
  model.apply({type: 'welcome', agent: '9001', name: 'x', team: 'a', role: 'supervisor', trainee: false, phoneMode: 'auto-answer', now: T0, seats: [seat(0, {since: T0 - 60_000})]});
  t.is(model.view().seats[0].inStateMs, 60_000);
});

test('R-18 on a wall that attaches late: the queue before it came from the day\'s call log', t => {
  const {model, clock} = floor();
  const facts = (i: number, arrivedAt: number, offeredAt?: number) => ({
    callId: `q${i}`, direction: 'inbound' as const, caller: '13800000000', queue: 'main', team: 'a', arrivedAt,
    ...(offeredAt === undefined ? {} : {offeredAt}), holds: [], transfers: [], ronaAgents: [],
  });
  // Nine callers arrived between 40 and 39 min ago and are still waiting; one was offered early.
  const records = Array.from({length: 9}, (_, i) => facts(i, T0 - 40 * MIN + i * 1000));
  records.push(facts(9, T0 - 50 * MIN, T0 - 45 * MIN));
  model.ingestRecords(records);
  model.apply(queue(T0, 9));
  clock.set(T0);
  const peak = model.view().peak;
  t.is(peak.level, 1, 'the queue has been ≥ 8 for over 30 min, though the wall saw it only now');
  t.is(peak.heldMs, 40 * MIN - 7000, 'since the 8th caller arrived');
  const samples = model.view().queue.samples;
  t.is(samples[59 - 45], 1, '45 min ago one caller waited');
  t.is(samples[59 - 30], 9);
});
