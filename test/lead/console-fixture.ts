// In-memory documents of one team day for the console's component tests (the real hub-backed
// LeadLink is exercised by the end-to-end test).
import * as Y from 'yjs';
import {CallLog} from '../../src/sync/call-log.ts';
import {HandoverLog} from '../../src/sync/handover-log.ts';
import {WrapupLog} from '../../src/sync/wrapup-log.ts';
import {QaBook} from '../../src/sync/lead/qa-book.ts';
import {RosterBook} from '../../src/sync/lead/roster-book.ts';
import {LedgerBook} from '../../src/sync/lead/ledger-book.ts';
import type {LeadSource} from '../../src/tui/lead/use-lead-data.ts';
import {at, ctx, policy} from './helpers.ts';

export const day = '2026-11-23';

export function memorySource(): LeadSource & {docs: Y.Doc[]} {
  const docs = Array.from({length: 6}, () => new Y.Doc());
  const listeners = new Set<() => void>();
  for (const d of docs) d.on('afterTransaction', () => listeners.forEach(fn => fn()));
  const c = ctx('2026-11');
  return {
    docs,
    qa: new QaBook(docs[0], c, policy),
    roster: new RosterBook(docs[1], c, policy),
    ledger: new LedgerBook(docs[2], c, policy),
    calls: new CallLog(docs[3], {onIssue: () => {}}),
    handover: new HandoverLog(docs[4], {onIssue: () => {}}),
    wrapup: new WrapupLog(docs[5], {onIssue: () => {}}),
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    status: () => ({connected: 6, total: 6, synced: true, unsaved: 0, notices: []}),
  };
}

/** Today's calls: 1001 answers c1 on time and c2 late with a long hold; 1002 answers c3…c5. */
export function addCalls(source: LeadSource): void {
  const t = (time: string) => at(day, time);
  const base = {direction: 'inbound' as const, caller: '13812345678', queue: 'main', team: 'a', hungUpBy: 'caller' as const, endReason: 'hangup' as const};
  source.calls.writeFacts({...base, callId: 'c1', agent: '1001', arrivedAt: t('09:00'), offeredAt: t('09:00:01'), answeredAt: t('09:00:05'), endedAt: t('09:03')});
  source.calls.writeFacts({...base, callId: 'c2', agent: '1001', arrivedAt: t('10:00'), offeredAt: t('10:00'), answeredAt: t('10:00:21'), endedAt: t('10:08'), holds: [{start: t('10:02'), end: t('10:04:30')}]});
  source.calls.writeFacts({...base, callId: 'c3', agent: '1002', arrivedAt: t('11:00'), offeredAt: t('11:00'), answeredAt: t('11:00:03'), endedAt: t('11:04')});
  source.calls.writeFacts({...base, callId: 'c4', agent: '1002', arrivedAt: t('14:00'), offeredAt: t('14:00'), answeredAt: t('14:00:04'), endedAt: t('14:03'), hungUpBy: 'agent'});
  source.calls.writeFacts({...base, callId: 'c5', agent: '1002', arrivedAt: t('15:00'), offeredAt: t('15:00'), answeredAt: t('15:00:02'), endedAt: t('15:06')});
}
