// The zh-CN seat speaks Chinese: every screen an agent reaches is captured and scanned for
// Latin words outside an allow-list of key names, rule ids and codes (issue 17: English
// strings inside the Chinese UI).
import test from 'ava';
import {render} from 'ink-testing-library';
import {defaultPolicy} from '../../src/rules/config.ts';
import {SeatApp} from '../../src/tui/SeatApp.tsx';
import {LocalRecords} from '../../src/client/seat-records.ts';
import type {SeatPort} from '../../src/client/seat-session.ts';
import {ManualTicker} from '../../src/tui/ticker.ts';
import {FakeSeat, T0, flush} from './seat-fake.ts';

/** Key names, rule ids and codes an agent reads as they are. */
const allowed = /^(?:[A-Za-z]|R-\d+|5W1H|Enter|Tab|Esc|Ctrl\+[A-Z]|Ctrl|QA|SL|AHT|ws|PIN)$/;

function latinWords(frame: string): string[] {
  const words = frame.replace(/ws:\/\/\S+/g, '').match(/[A-Za-z0-9]*[A-Za-z][A-Za-z0-9+-]*/g) ?? [];
  return words.filter(w => !allowed.test(w) && !/^R-\d+$/.test(w));
}

test('no English word on any zh-CN seat screen', async t => {
  const policy = defaultPolicy();
  const ticker = new ManualTicker(T0);
  const seat = new FakeSeat(ticker, {state: 'not-ready', reason: 'rona'});
  const records = new LocalRecords({day: '2026-11-23'});
  const ui = render(<SeatApp policy={policy} ticker={ticker} agent="1001" pin="1234" columns={80} rows={24}
    signIn={async () => ({session: seat as unknown as SeatPort, records})}/>);
  t.teardown(() => ui.unmount());
  const frames: string[] = [];
  const settle = async () => {
    await flush();
    await flush();
    frames.push(ui.lastFrame() ?? '');
  };
  const key = async (k: string) => {
    ui.stdin.write(k);
    await settle();
  };
  for (let i = 0; i < 100 && !/今日/.test(ui.lastFrame() ?? ''); i++) await flush();
  await settle();
  for (const k of ['?', 'x', 'l', '\u001B', 'c', '\u001B', 'o', '\u001B', 'w', '\u001B', 'n']) await key(k);
  await key('\u001B');
  seat.update({offer: {callId: 'c1', caller: '13812345678', queue: '综合咨询', offeredAt: T0, waitedMs: 4000, ringPeriodMs: 5000, direction: 'inbound', ticked: 1}});
  seat.seat({state: 'offered', since: T0});
  await settle();
  seat.update({offer: undefined, call: {callId: 'c1', caller: '13812345678', queue: '综合咨询', direction: 'inbound', offeredAt: T0, answeredAt: T0 + 5000, rings: 2, late: false, holds: 0, heldMs: 0, transfers: []}});
  seat.seat({state: 'on-call', since: T0 + 5000, callId: 'c1', callSince: T0 + 5000});
  await settle();
  for (const k of ['\t', 'o', 'y', 'o', 'd', 'o', 's', 'x']) await key(k);
  await key('\u001B');
  await key('n');
  await key('\u001B');
  await key('e');
  seat.update({call: undefined, ended: {callId: 'c1', caller: '13812345678', queue: '综合咨询', direction: 'inbound', answeredAt: T0 + 5000, endedAt: T0 + 60_000, by: 'caller', reason: 'hangup', rings: 2, late: false, holds: 0, heldMs: 0, transfers: []} as any});
  seat.seat({state: 'acw', since: T0 + 60_000, callId: undefined});
  await settle();
  await key('n');
  await key('\u001B');
  seat.seat({state: 'break', since: T0 + 90_000});
  await settle();
  const found = new Map<string, string>();
  for (const frame of frames) for (const word of latinWords(frame)) if (!found.has(word)) found.set(word, frame);
  t.deepEqual([...found.keys()], [], [...found.entries()].map(([w, f]) => `── ${w}\n${f}`).join('\n'));
});
