// A small month of team "a" with known figures, written as the hub persists documents
// (<dataDir>/sync/<kind>/<team>/<period>.ylog), for the report tests.
import path from 'node:path';
import * as Y from 'yjs';
import {CallLog} from '../../src/sync/call-log.ts';
import {UpdateLog} from '../../src/sync/update-log.ts';
import type {CallFacts} from '../../src/sync/schema.ts';
import {QaBook} from '../../src/sync/lead/qa-book.ts';
import {LedgerBook} from '../../src/sync/lead/ledger-book.ts';
import {RosterBook} from '../../src/sync/lead/roster-book.ts';
import {defaultQaForm} from '../../src/rules/lead-qa-form.ts';
import {at, ctx, policy} from './helpers.ts';

const full = Object.fromEntries(defaultQaForm().criteria.map(c => [c.id, c.max]));

type Facts = Partial<CallFacts> & {callId: string};
const call = (callId: string, agent: string, date: string, arrived: string, offeredS: number, answeredS: number | undefined, endS: number, extra: Partial<CallFacts> = {}): Facts => {
  const t0 = at(date, arrived);
  return {
    callId, direction: 'inbound', caller: '13812345678', queue: 'main', agent, team: 'a', arrivedAt: t0, offeredAt: t0 + offeredS * 1000,
    ...(answeredS === undefined ? {} : {answeredAt: t0 + answeredS * 1000}), endedAt: t0 + endS * 1000, hungUpBy: 'caller', endReason: answeredS === undefined ? 'abandoned' : 'hangup', ...extra,
  };
};

export const fixtureCalls: Record<string, Facts[]> = {
  '2026-11-02': [
    call('c1', '1001', '2026-11-02', '09:00', 2, 7, 187),
    // 18 s after the offer: ring 4 → late answer; a 150 s hold → long hold.
    call('c2', '1001', '2026-11-02', '09:10', 0, 18, 300, {holds: [{start: at('2026-11-02', '09:11'), end: at('2026-11-02', '09:13:30')}]}),
    call('c3', '1002', '2026-11-02', '10:00', 1, 3, 123, {hungUpBy: 'agent'}),
    call('c4', '1002', '2026-11-02', '10:30', 1, undefined, 40),
  ],
  '2026-11-03': [
    call('c5', '1002', '2026-11-03', '14:00', 0, 4, 304, {wrapEndedAt: at('2026-11-03', '14:05:34')}),
  ],
};

async function persist(dataDir: string, name: string, doc: Y.Doc): Promise<void> {
  const {log} = await UpdateLog.open(path.join(dataDir, 'sync', ...name.split('/')) + '.ylog');
  await log.append(Y.encodeStateAsUpdate(doc));
  await log.close();
}

/** Write the fixture month into `dataDir` the way the hub stores it. */
export async function writeFixture(dataDir: string): Promise<void> {
  for (const [day, calls] of Object.entries(fixtureCalls)) {
    const doc = new Y.Doc();
    const log = new CallLog(doc);
    for (const facts of calls) log.writeFacts(facts);
    await persist(dataDir, `calls/a/${day}`, doc);
  }
  const qaDoc = new Y.Doc();
  const qa = new QaBook(qaDoc, ctx(), policy);
  qa.score({callId: 'c2', agent: '1001', date: '2026-11-02', evaluator: '9001', at: at('2026-11-02', '16:00'), marks: {...full, greeting: 0}}); // 85
  qa.dispute({callId: 'c2', agent: '1001', at: at('2026-11-02', '17:00'), reason: '已致歉'});
  qa.decide({callId: 'c2', by: '9001', at: at('2026-11-03', '09:30'), marks: {...full, greeting: 5}}); // 90
  qa.score({callId: 'c3', agent: '1002', date: '2026-11-02', evaluator: '9001', at: at('2026-11-02', '16:10'), marks: {...full, closing: 0}}); // 85
  await persist(dataDir, 'qa/a/2026-11', qaDoc);

  const ledgerDoc = new Y.Doc();
  const ledger = new LedgerBook(ledgerDoc, ctx(), policy);
  for (const day of ['02', '03', '04']) ledger.record({agent: '1002', at: at(`2026-11-${day}`, '12:40'), code: 'break_overrun', recordedBy: '9001'});
  await persist(dataDir, 'ledger/a/2026-11', ledgerDoc);

  const rosterDoc = new Y.Doc();
  const roster = new RosterBook(rosterDoc, ctx(), policy);
  for (const date of ['2026-11-02', '2026-11-03']) for (const agent of ['1001', '1002']) roster.setShift({date, agent, calendar: 'spring'});
  roster.sign({agent: '1001', kind: 'in', at: at('2026-11-02', '08:45')});
  roster.sign({agent: '1001', kind: 'in', at: at('2026-11-03', '08:55')});
  roster.sign({agent: '1002', kind: 'in', at: at('2026-11-03', '08:40')});
  await persist(dataDir, 'roster/a/2026-11', rosterDoc);
}
