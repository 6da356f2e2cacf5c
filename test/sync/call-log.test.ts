// Merge scenarios over an in-memory network (Yjs-test style: no ports, no sleeps), plus the
// schema edges of the call log, handover and wrap-up APIs.
import test from 'ava';
import * as Y from 'yjs';
import {CallLog} from '../../src/sync/call-log.ts';
import {HandoverLog} from '../../src/sync/handover-log.ts';
import {WrapupLog} from '../../src/sync/wrapup-log.ts';
import {dayKey, parseDocName, daysBetween} from '../../src/sync/doc-name.ts';
import type {SyncIssue} from '../../src/sync/issues.ts';
import {wrapupFigures} from '../../src/sync/wrapup-figures.ts';
import {defaultPolicy} from '../../src/rules/config.ts';

/** Replicas that exchange updates only when flushed; offline ones queue nothing and catch up by state vector. */
function network(count: number) {
  const docs = Array.from({length: count}, () => new Y.Doc());
  const online = new Set(docs);
  const flush = () => {
    const live = [...online];
    for (const a of live) for (const b of live) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
  };
  return {docs, online, flush};
}

const base = {direction: 'inbound' as const, caller: '13812345678', queue: 'main', team: 'a', arrivedAt: 1_700_000_000_000};

test('switch facts and agent fields written concurrently on the same call merge', t => {
  const {docs, flush} = network(3);
  const [hub, seat1, seat2] = docs.map(d => new CallLog(d));
  hub.writeFacts({...base, callId: 'c1'});
  seat1.annotate('c1', {notes: {when: '今天', who: '张先生', where: '', what: '路灯不亮', why: '', how: '派单'}, disposition: 'work_order'}, {by: '1001', at: 5});
  seat2.annotate('c1', {owner: '1002'});
  hub.writeFacts({callId: 'c1', answeredAt: base.arrivedAt + 3000, rings: 1});
  flush();
  for (const log of [hub, seat1, seat2]) {
    const r = log.get('c1');
    t.is(r?.facts?.answeredAt, base.arrivedAt + 3000);
    t.is(r?.facts?.caller, '13812345678');
    t.is(r?.seat.notes?.what, '路灯不亮');
    t.is(r?.seat.disposition, 'work_order');
    t.is(r?.seat.owner, '1002');
    t.is(r?.seat.editedBy, '1001');
  }
  t.deepEqual(Y.encodeStateVector(docs[0]), Y.encodeStateVector(docs[2]));
});

test('an offline replica annotating a call it has not seen loses nothing when it rejoins', t => {
  const {docs, online, flush} = network(3);
  const [hub, seat1, seat2] = docs.map(d => new CallLog(d));
  online.delete(docs[2]);
  seat2.annotate('c9', {category: 'dispatch', caller: {surname: '李', address: '人民路1号', phone: '13900001111'}});
  hub.writeFacts({...base, callId: 'c9'});
  seat1.annotate('c9', {disposition: 'resolved'});
  flush();
  t.is(seat2.get('c9')?.facts, undefined);
  online.add(docs[2]);
  flush();
  for (const log of [hub, seat1, seat2]) {
    const r = log.get('c9');
    t.is(r?.facts?.queue, 'main');
    t.is(r?.seat.caller?.surname, '李');
    t.is(r?.seat.disposition, 'resolved');
    t.deepEqual(log.ids(), ['c9']);
  }
});

test('a malformed value from an old client is reported and skipped, the rest of the record stays', t => {
  const issues: SyncIssue[] = [];
  const doc = new Y.Doc();
  const log = new CallLog(doc, {onIssue: i => issues.push(i)});
  log.writeFacts({...base, callId: 'c2'});
  log.annotate('c2', {disposition: 'resolved'});
  // An old client writing raw values that no longer match the schema.
  doc.getMap('seat').set('c2|1009', JSON.stringify({f: {offers: {made: 'two'}, colour: 'red'}, t: 1}));
  doc.getMap('seat').set('c2|1010', '{not json');
  doc.getMap('facts').set('c3', JSON.stringify({callId: 'c3', caller: 42}));
  const r = log.get('c2');
  t.is(r?.seat.disposition, 'resolved');
  t.is(r?.seat.offers, undefined);
  t.is(log.get('c3'), undefined);
  t.deepEqual(log.list().map(x => x.callId), ['c2']);
  t.true(issues.some(i => i.where === 'seat[c2|1009].offers' && i.error.includes('made')));
  t.true(issues.some(i => i.where === 'seat[c2|1009].colour' && i.error.includes('unknown field')));
  t.true(issues.some(i => i.where === 'seat[c2|1010]'));
  t.true(issues.some(i => i.where === 'facts[c3]'));
});

test('two agents setting the same field: the later edit wins on every replica', t => {
  const {docs, flush} = network(2);
  const [a, b] = docs.map(d => new CallLog(d));
  a.annotate('c5', {disposition: 'callback', owner: '1001'}, {by: '1001', at: 100});
  b.annotate('c5', {disposition: 'resolved'}, {by: '1002', at: 200});
  a.annotate('c5', {category: 'inquiry'}, {by: '1001', at: 150});
  flush();
  for (const log of [a, b]) {
    const r = log.get('c5');
    t.is(r?.seat.disposition, 'resolved');
    t.is(r?.seat.owner, '1001');
    t.is(r?.seat.category, 'inquiry');
  }
});

test('observe reports changed call ids with the writer as origin', t => {
  const doc = new Y.Doc();
  const log = new CallLog(doc);
  const seen: Array<[string[], unknown]> = [];
  const off = log.observe(c => seen.push([[...c.callIds], c.origin]));
  log.writeFacts({...base, callId: 'x1'});
  log.annotate('x1', {owner: '1001'});
  off();
  log.annotate('x1', {owner: '1002'});
  t.deepEqual(seen, [[['x1'], 'switch'], [['x1'], 'seat']]);
});

test('misuse throws a TypeError naming the problem', t => {
  const log = new CallLog(new Y.Doc());
  t.throws(() => log.writeFacts({callId: 'c1', caller: '1'}), {instanceOf: TypeError, message: /direction/});
  t.throws(() => log.annotate('c1', {disposition: 'maybe' as never}), {instanceOf: TypeError, message: /disposition/});
  t.throws(() => log.annotate('c1', {colour: 'red'} as never), {instanceOf: TypeError, message: /unknown field "colour"/});
  t.throws(() => log.annotate('c1', {owner: 'bob'}), {instanceOf: TypeError, message: /owner/});
});

test('handover: item and acknowledgement from different replicas merge', t => {
  const {docs, flush} = network(2);
  const [giver, receiver] = docs.map(d => new HandoverLog(d));
  giver.add({id: 'h1', from: '1001', kind: 'callback', text: '明天回电张先生', due: 1_700_100_000_000, createdAt: 1});
  giver.add({id: 'h2', from: '1001', to: '1003', kind: 'note', text: '系统升级', due: null, createdAt: 2});
  flush();
  receiver.acknowledge('h1', {by: '1002', at: 10, note: ''});
  t.throws(() => receiver.acknowledge('nope', {by: '1002', at: 10, note: ''}), {message: /no item "nope"/});
  flush();
  t.deepEqual(giver.open().map(i => i.id), ['h2']);
  t.deepEqual(giver.open('1002').map(i => i.id), []);
  t.is(giver.list()[0].ack?.by, '1002');
});

test('wrap-up: submitted once, amended with history', t => {
  const log = new WrapupLog(new Y.Doc());
  log.submit({agent: '1001', date: '2026-11-23', at: 100, figures: {answered: 40}, remarks: '正常'});
  t.throws(() => log.submit({agent: '1001', date: '2026-11-23', at: 101, figures: {}, remarks: ''}), {message: /already submitted/});
  const amended = log.amend({agent: '1001', at: 200, figures: {answered: 41}, reason: '漏记一通'});
  t.is(amended.figures.answered, 41);
  t.is(amended.remarks, '正常');
  t.deepEqual(amended.history.map(h => [h.at, h.figures.answered, h.reason]), [[100, 40, '漏记一通']]);
  t.throws(() => log.amend({agent: '1002', at: 1, reason: 'x'}), {message: /nothing submitted/});
});

test('document names and day keys', t => {
  t.deepEqual(parseDocName('calls/a/2026-11-23'), {ok: true, name: {kind: 'calls', team: 'a', period: '2026-11-23'}});
  t.deepEqual(parseDocName('qa/team-2/2026-11'), {ok: true, name: {kind: 'qa', team: 'team-2', period: '2026-11'}});
  for (const bad of ['calls/a/2026-02-30', 'calls/A/2026-11-23', 'calls/../2026-11-23', 'x/a/2026-11-23', 'calls/a', 'qa/a/2026-11-23', '']) {
    const r = parseDocName(bad);
    t.false(r.ok, bad);
  }
  // 2026-11-22 16:30 UTC is already the 23rd in Shanghai (UTC+8).
  t.is(dayKey(Date.UTC(2026, 10, 22, 16, 30)), '2026-11-23');
  t.is(dayKey(Date.UTC(2026, 10, 22, 16, 30), 'UTC'), '2026-11-22');
  t.deepEqual(daysBetween('2026-02-27', '2026-03-01'), ['2026-02-27', '2026-02-28', '2026-03-01']);
});

test('wrap-up figures come from the day records through the rules KPIs', t => {
  const log = new CallLog(new Y.Doc());
  const at = Date.UTC(2026, 10, 23, 1);
  log.writeFacts({...base, callId: 'w1', agent: '1001', arrivedAt: at, offeredAt: at + 1000, answeredAt: at + 4000, endedAt: at + 64_000});
  log.writeFacts({...base, callId: 'w2', agent: '1001', arrivedAt: at, offeredAt: at + 1000, answeredAt: at + 30_000, endedAt: at + 90_000, lateAnswer: true});
  log.writeFacts({...base, callId: 'w3', agent: '1002', arrivedAt: at, answeredAt: at + 2000, endedAt: at + 10_000});
  log.annotate('w1', {category: 'dispatch', caller: {surname: '赵', address: '', phone: '1'}, complaint: {content: '态度', against: '', callerPhone: '1', at, department: '', attitude: true, status: 'open'}});
  const figures = wrapupFigures(log.list(), '1001', defaultPolicy());
  t.is(figures.answered, 2);
  t.is(figures.serviceLevel, 0.5);
  t.is(figures.complaints, 1);
  t.is(figures.missingCallerFields, 1);
  t.is(figures.lateAnswers, 1);
});
