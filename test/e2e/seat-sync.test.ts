// The seat's records through SeatStore and a real hub: notes land in the team's call record,
// a handover reaches the next agent who acknowledges it, the wrap-up is submitted then amended.
import test from 'ava';
import {DEMO_PIN} from '../../src/config.ts';
import {defaultPolicy} from '../../src/rules/config.ts';
import {LocalRecords} from '../../src/client/seat-records.ts';
import {seatSink} from '../../src/client/seat-sync.ts';
import {seatCenter, tempDir, until} from './seat-helpers.ts';

const day = '2026-11-23';

async function seatFor(t: any, hubUrl: string, agent: string) {
  const records = new LocalRecords({day});
  const sink = await seatSink({hubUrl, agent, pin: DEMO_PIN, team: 'a', day, dir: tempDir(t), records, policy: defaultPolicy()});
  t.teardown(() => sink.close());
  records.attach(sink);
  return {records, sink};
}

test('notes, handover and wrap-up go through the hub to a colleague', async t => {
  const center = await seatCenter(t);
  const a = await seatFor(t, center.hubUrl, '1001');
  const b = await seatFor(t, center.hubUrl, '1002');
  await until(() => a.records.sync().kind === 'synced' && b.records.sync().kind === 'synced', 'both seats synced');

  a.records.seen('call-1', {caller: '13812345678', queue: 'main', answeredAt: 1, endedAt: 2});
  a.records.annotate('call-1', {what: '咨询公积金', surname: '赵', disposition: 'resolved'});
  await until(() => b.sink.store.calls.get('call-1')?.seat.notes?.what === '咨询公积金', 'the note at the colleague');
  t.like(b.sink.store.calls.get('call-1')?.seat, {disposition: 'resolved', owner: '1001', caller: {surname: '赵'}});

  a.records.setHandover('王女士明早回电');
  a.records.submitHandover();
  await until(() => b.records.received().length === 1, 'the handover at the next shift');
  t.like(b.records.received()[0], {from: '1001', text: '王女士明早回电', acknowledged: false});
  t.deepEqual(a.records.received(), [], 'nobody receives their own handover');
  b.records.acknowledge(b.records.received()[0]!.id);
  await until(() => a.sink.store.handover.list()[0]?.ack?.by === '1002', 'the acknowledgement back at the giver');

  a.records.setWrapup('今日顺利');
  a.records.submitWrapup();
  await until(() => b.sink.store.wrapup.get('1001')?.remarks === '今日顺利', 'the wrap-up at the hub');
  a.records.setWrapup('今日顺利,一通投诉');
  a.records.submitWrapup();
  await until(() => b.sink.store.wrapup.get('1001')?.remarks === '今日顺利,一通投诉', 'the amended wrap-up');
  t.is(b.sink.store.wrapup.get('1001')?.history.length, 1, 'the first version kept in history');
  t.is(b.sink.store.wrapup.get('1001')?.figures.answered, 1);
});

test('notes typed while the seat had no sync (offline, or before a crash) reach the hub when it next starts', async t => {
  const center = await seatCenter(t);
  const file = `${tempDir(t)}/seat-1001.json`;
  const offline = new LocalRecords({file, day});
  offline.seen('call-9', {caller: '13900000009', queue: 'main', answeredAt: 1, endedAt: 2});
  offline.annotate('call-9', {what: '断电报修', address: '人民路1号', callType: 'dispatch'});
  // The next start reads the day file and replays it into the synced call log.
  const records = new LocalRecords({file, day});
  const sink = await seatSink({hubUrl: center.hubUrl, agent: '1001', pin: DEMO_PIN, team: 'a', day, dir: tempDir(t), records, policy: defaultPolicy()});
  t.teardown(() => sink.close());
  records.attach(sink);
  const reader = await seatFor(t, center.hubUrl, '1002');
  await until(() => reader.sink.store.calls.get('call-9')?.seat.notes?.what === '断电报修', 'the offline note at the hub');
  t.like(reader.sink.store.calls.get('call-9')?.seat, {category: 'dispatch', caller: {address: '人民路1号'}});
});

test('a note typed on a seat reaches the hub record field by field through the one model, nothing dropped', async t => {
  const center = await seatCenter(t);
  const policy = defaultPolicy();
  const file = `${tempDir(t)}/seat-1001.json`;
  const records = new LocalRecords({file, day, owner: '1001', complaintActWithinHours: policy.complaints.actWithinHours});
  const sink = await seatSink({hubUrl: center.hubUrl, agent: '1001', pin: DEMO_PIN, team: 'a', day, dir: tempDir(t), records, policy});
  t.teardown(() => sink.close());
  records.attach(sink);
  const reader = await seatFor(t, center.hubUrl, '1002');
  records.seen('call-7', {caller: '13812345678', queue: 'main', answeredAt: 1});
  // Key by key, as the notes form sends them; the complaint's department comes before its
  // content, so for a while it is only a draft (an invalid complaint), then a field.
  let at = 100;
  const type = (name: 'what' | 'surname' | 'complaintDept' | 'complaintContent' | 'address', text: string) => {
    for (let i = 1; i <= [...text].length; i++) records.annotate('call-7', {[name]: [...text].slice(0, i).join(''), updatedAt: at++});
  };
  type('surname', '钱');
  type('address', '中山路8号');
  records.annotate('call-7', {callType: 'complaint', updatedAt: at++});
  type('complaintDept', '城管');
  t.like(records.calls()[0]?.draft, {complaintDept: '城管'}, 'half-typed: waiting in the draft');
  type('complaintContent', '夜间施工扰民');
  type('what', '投诉夜间施工');
  records.annotate('call-7', {disposition: 'callback', updatedAt: at++});
  records.annotate('call-7', {callbackPromise: 'working_days', callbackDueMs: 5_000, updatedAt: at++});
  records.annotate('call-7', {offers: 1, offersDeclined: 1, updatedAt: at++});
  const row = records.calls()[0]!;
  t.deepEqual(row.draft, {}, 'nothing left outside the fields');

  const hubRecord = () => reader.sink.store.calls.get('call-7')?.seat;
  await until(() => hubRecord()?.editedAt === row.fields.editedAt && hubRecord()?.offers?.made === 1, 'the last edit at the hub');
  const hub = hubRecord()!;
  for (const [key, value] of Object.entries(row.fields)) t.deepEqual(hub[key as keyof typeof hub], value, `field ${key}`);
  t.deepEqual(Object.keys(hub).filter(k => k !== 'editedBy').sort(), Object.keys(row.fields).sort(), 'the same fields, no more, no fewer');
  t.like(hub, {
    owner: '1001', category: 'complaint', disposition: 'callback',
    caller: {surname: '钱', address: '中山路8号'}, notes: {what: '投诉夜间施工'},
    complaint: {content: '夜间施工扰民', department: '城管', callerPhone: '13812345678'},
    callback: {kind: 'five_business_days', due: 5_000, phone: '13812345678'}, offers: {made: 1, declined: 1},
  });
  // The day file holds the very same fields.
  t.deepEqual(new LocalRecords({file, day}).calls()[0]?.fields, row.fields);
});
