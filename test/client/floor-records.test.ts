// The wall reads the documents behind it through a real hub, read-only: a lead who attaches
// after the morning sees the morning's calls (the day's call log), QA progress from
// the QA book and R-33 points from the discipline ledger, and new entries as they are written.
import process from 'node:process';
import test from 'ava';
import * as Y from 'yjs';
import WebSocket from 'ws';
import {WebsocketProvider} from 'y-websocket';
import {defaultPolicy} from '../../src/rules/config.ts';
import {defaultQaForm} from '../../src/rules/lead-qa-form.ts';
import {CallLog} from '../../src/sync/call-log.ts';
import {callsDoc, dayKey, monthKey} from '../../src/sync/doc-name.ts';
import {LedgerBook} from '../../src/sync/lead/ledger-book.ts';
import {QaBook} from '../../src/sync/lead/qa-book.ts';
import {FloorModel} from '../../src/client/floor/floor-model.ts';
import {attachFloorRecords} from '../../src/client/floor/floor-records.ts';
import {DEMO_PIN, startHub, until} from '../sync/helpers.ts';
import {seat} from './floor-fixture.ts';

process.setMaxListeners(100);
const policy = defaultPolicy();

function writer(t: import('ava').ExecutionContext, url: string, name: string, agent: string) {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(url, name, doc, {WebSocketPolyfill: WebSocket as never, params: {agent, pin: DEMO_PIN}, disableBc: true, maxBackoffTime: 200});
  t.teardown(() => {
    p.destroy();
    p.awareness.destroy();
    doc.destroy();
  });
  return {doc, p};
}

test('late-attaching wall: the day\'s calls, QA progress (R-25) and discipline points (R-33) from /sync', async t => {
  const running = await startHub(t);
  const hubUrl = running.url.replace(/\/sync$/, '');
  const now = Date.now();
  const day = dayKey(now);
  const month = monthKey(now);

  // The morning, written before the lead attaches: two calls of 1001.
  // The switch writes call facts in-process (the hub refuses them from seats).
  const switchDoc = await running.hub.openDoc(callsDoc('a', day));
  t.teardown(() => running.hub.release(callsDoc('a', day)));
  const log = new CallLog(switchDoc, {onIssue: () => {}});
  const base = {direction: 'inbound' as const, queue: 'main', team: 'a', agent: '1001'};
  log.writeFacts({...base, callId: 'm1', caller: '13811112222', arrivedAt: now - 3 * 3600_000, offeredAt: now - 3 * 3600_000 + 5000, answeredAt: now - 3 * 3600_000 + 10_000, rings: 2, lateAnswer: false, endedAt: now - 3 * 3600_000 + 200_000, endReason: 'hangup', hungUpBy: 'caller'});
  log.writeFacts({...base, callId: 'm2', caller: '13833334444', arrivedAt: now - 20 * 60_000, offeredAt: now - 20 * 60_000, answeredAt: now - 20 * 60_000 + 25_000, rings: 6, lateAnswer: true, endedAt: now - 15 * 60_000, endReason: 'hangup', hungUpBy: 'caller'});

  const ctx = {team: 'a', month, agents: new Map([['1001', '张敏'], ['1002', '李娜'], ['9001', '班长 林']])};
  const qaSide = writer(t, running.url, `qa/a/${month}`, '9001');
  const ledgerSide = writer(t, running.url, `ledger/a/${month}`, '9001');
  await until(() => qaSide.p.synced && ledgerSide.p.synced, 5000, 'lead docs synced');
  const full = Object.fromEntries(defaultQaForm().criteria.map(c => [c.id, c.max]));
  const qa = new QaBook(qaSide.doc, ctx, policy);
  qa.score({callId: 'm1', agent: '1001', date: day, method: 'live', evaluator: '9001', at: now - 3600_000, marks: full});
  qa.score({callId: 'm2', agent: '1001', date: day, method: 'recording', evaluator: '9001', at: now - 60_000, marks: full});
  new LedgerBook(ledgerSide.doc, ctx, policy).record({agent: '1001', at: now - 30 * 60_000, code: 'break_overrun', recordedBy: '9001'});

  // The lead's wall attaches now (supervisor view with the lead's PIN).
  const model = new FloorModel({policy});
  model.apply({type: 'welcome', agent: '9001', name: '班长 林', team: 'a', role: 'supervisor', trainee: false, phoneMode: 'auto-answer', now, seats: [seat(0), seat(1)]});
  const records = attachFloorRecords({hubUrl, credentials: {agent: '9001', pin: DEMO_PIN}, team: 'a', model, policy});
  t.teardown(() => records.close());

  await until(() => (model.detail('1001')?.calls.length ?? 0) === 2, 5000, 'the morning\'s calls');
  await until(() => model.detail('1001')?.qa !== undefined && model.detail('1001')?.disciplinePoints !== undefined, 5000, 'QA and ledger');
  const detail = model.detail('1001')!;
  t.deepEqual(detail.calls.map(c => c.caller), ['138****4444', '138****2222'], 'newest first, masked (R-36)');
  t.is(detail.kpi.answered, 2);
  t.is(detail.kpi.lateAnswers, 1);
  t.like(detail.qa, {live: 1, recording: 1, sideBySide: 0, week: 2});
  t.is(detail.disciplinePoints, 2, 'a break overrun is a general violation: 2 points');
  t.is(model.view().hour.answered, 1, 'only m2 arrived in the last hour');

  // Live: a new score and a new violation show up without reattaching.
  qa.score({callId: 'm3', agent: '1001', date: day, method: 'side_by_side', evaluator: '9001', at: now, marks: full});
  new LedgerBook(ledgerSide.doc, ctx, policy).record({agent: '1001', at: now, code: 'rudeness', severity: 'serious', recordedBy: '9001'});
  await until(() => model.detail('1001')?.qa?.sideBySide === 1 && model.detail('1001')?.disciplinePoints === 12, 5000, 'live QA and ledger');
  t.pass();

  // The wall never wrote: the hub refused nothing and holds only what the others wrote.
  t.false(running.logs.some(line => line.includes('refused a write')), running.logs.join('\n'));
});
