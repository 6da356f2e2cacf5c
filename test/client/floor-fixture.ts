// Fixed floor data for the wallboard panel tests: a 12-seat team on a fixed clock.
import {defaultPolicy} from '../../src/rules/config.ts';
import type {SeatSnapshot, ServerMessage} from '../../src/sip/protocol.ts';
import {FloorModel} from '../../src/client/floor/floor-model.ts';

/** 2026-11-23 10:00:00 China time. */
export const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);
export const MIN = 60_000;

export function clockAt(start = T0) {
  let now = start;
  return {now: () => now, set: (ms: number) => { now = ms; }, advance: (ms: number) => { now += ms; }};
}

const names = ['张敏', '李娜', '王芳', '刘洋', '陈静', '杨帆', '赵磊', '黄丽', '周杰', '吴霞', '徐强', '孙悦'];

export function seat(i: number, over: Partial<SeatSnapshot> = {}): SeatSnapshot {
  return {agent: String(1001 + i), name: names[i % names.length], team: 'a', state: 'ready', since: T0 - 60_000, phoneRegistered: true, callsToday: 0, lateToday: 0, ...over};
}

/** A floor with every kind of seat, a queue over the level-1 threshold and a few calls. */
export function fixtureFloor(options: {seats?: number; start?: number} = {}) {
  const clock = clockAt(options.start);
  const model = new FloorModel({policy: defaultPolicy(), now: clock.now});
  const count = options.seats ?? 12;
  const seats = Array.from({length: count}, (_, i) => seat(i));
  seats[0] = seat(0, {state: 'on-call', callId: 'c1', callSince: T0 - 95_000, since: T0 - 95_000, callsToday: 7, lateToday: 1});
  seats[1] = seat(1, {state: 'break', since: T0 - 14 * MIN, callsToday: 4});
  seats[2] = seat(2, {state: 'acw', since: T0 - 45_000, callsToday: 5});
  if (count > 3) seats[3] = seat(3, {state: 'on-call', callId: 'c2', callSince: T0 - 200_000, holdSince: T0 - 50_000, since: T0 - 200_000, callsToday: 6, lateToday: 2});
  if (count > 4) seats[4] = seat(4, {state: 'offline', phoneRegistered: false, since: T0 - 3600_000});
  if (count > 5) seats[5] = seat(5, {state: 'not-ready', reason: 'rona', since: T0 - 30_000});
  const messages: ServerMessage[] = [
    {type: 'welcome', agent: '9001', name: '班长 林', team: 'a', role: 'supervisor', trainee: false, phoneMode: 'auto-answer', now: T0, seats},
    {type: 'offered', callId: 'c1', agent: '1001', caller: '13812345678', queue: 'main', offeredAt: T0 - 105_000, waitedMs: 20_000, ringPeriodMs: 5000, direction: 'inbound'},
    {type: 'answered', callId: 'c1', agent: '1001', answeredAt: T0 - 95_000, rings: 2, late: false},
    {type: 'offered', callId: 'c2', agent: '1004', caller: '13998765432', queue: 'main', offeredAt: T0 - 220_000, waitedMs: 40_000, ringPeriodMs: 5000, direction: 'inbound'},
    {type: 'answered', callId: 'c2', agent: '1004', answeredAt: T0 - 200_000, rings: 5, late: true},
    {type: 'held', callId: 'c2', agent: '1004', at: T0 - 50_000},
    {type: 'offered', callId: 'c0', agent: '1001', caller: '02112345678', queue: 'main', offeredAt: T0 - 20 * MIN, waitedMs: 10_000, ringPeriodMs: 5000, direction: 'inbound'},
    {type: 'answered', callId: 'c0', agent: '1001', answeredAt: T0 - 20 * MIN + 5000, rings: 2, late: false},
    {type: 'ended', callId: 'c0', agent: '1001', at: T0 - 16 * MIN, by: 'caller', reason: 'hangup'},
    {type: 'ended', callId: 'cx', at: T0 - 10 * MIN, by: 'caller', reason: 'abandoned'},
  ];
  for (const m of messages) model.apply(m);
  return {model, clock};
}

export function queue(at: number, waiting: number, extra: Partial<Extract<ServerMessage, {type: 'queue'}>> = {}): ServerMessage {
  return {type: 'queue', at, waiting, longestWaitMs: waiting * 15_000, queues: [{id: 'main', name: '综合咨询', waiting, longestWaitMs: waiting * 15_000}], offered: 40, answered: 35, abandoned: 3, ...extra};
}
