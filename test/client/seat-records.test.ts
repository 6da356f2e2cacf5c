// The seat's day file: every edit is on disk before the next key (kill -9 loses nothing typed),
// a bad file is kept aside and reported, and the notes are the sync layer's SeatFields.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {SeatFields} from '../../src/sync/schema.ts';
import {LocalRecords} from '../../src/client/seat-records.ts';

function tempFile(t: any): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-seat-records-'));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  return path.join(dir, 'seat-1001.json');
}

test('notes typed before a kill -9 are there after restart', async t => {
  const file = tempFile(t);
  // A child process types a note key by key, then kills itself without any chance to flush.
  const script = `
    import {LocalRecords} from ${JSON.stringify(path.resolve('src/client/seat-records.ts'))};
    const r = new LocalRecords({file: ${JSON.stringify(file)}, day: '2026-11-23'});
    r.seen('c1', {caller: '13812345678', queue: 'main', answeredAt: 1});
    let text = '';
    for (const ch of '市民反映路灯不亮') { text += ch; r.annotate('c1', {what: text}); }
    r.annotate('c1', {surname: '李'});
    process.kill(process.pid, 'SIGKILL');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {stdio: 'pipe'});
  const signal = await new Promise(resolve => child.on('exit', (_code, sig) => resolve(sig)));
  t.is(signal, 'SIGKILL');
  const records = new LocalRecords({file, day: '2026-11-23'});
  t.like(records.notes('c1'), {what: '市民反映路灯不亮', surname: '李'});
  t.is(records.calls()[0]?.facts.caller, '13812345678');
});

test('a new day starts empty but keeps open callback promises (R-08)', t => {
  const file = tempFile(t);
  const day1 = new LocalRecords({file, day: '2026-11-23'});
  day1.annotate('a', {what: 'done'});
  day1.annotate('b', {callbackPromise: 'working_days', callbackDueMs: 5});
  day1.annotate('c', {callbackPromise: 'open_ended', callbackDone: true});
  const day2 = new LocalRecords({file, day: '2026-11-24'});
  t.deepEqual(day2.calls().map(c => c.callId), ['b']);
});

test('a corrupt day file is set aside as .bad and reported, not thrown', t => {
  const file = tempFile(t);
  fs.writeFileSync(file, '{"day": 12, "calls": "x"}');
  const records = new LocalRecords({file, day: '2026-11-23'});
  t.is(records.calls().length, 0);
  t.regex(records.problems[0] ?? '', /day/);
  t.true(fs.existsSync(`${file}.bad`));
  fs.writeFileSync(file, 'not json');
  t.regex(new LocalRecords({file, day: '2026-11-23'}).problems[0] ?? '', /not JSON/);
});

test('notes are the record\'s SeatFields as typed (R-05, R-15, R-16, R-08, R-13)', t => {
  const records = new LocalRecords({day: '2026-11-23', owner: '1001', complaintActWithinHours: 24});
  records.seen('c1', {caller: '13812345678', queue: 'main'});
  records.annotate('c1', {
    surname: '王', phone: '13900000000', address: '人民路1号', what: '路灯', callType: 'dispatch', disposition: 'work_order',
    complaintContent: '态度差', complaintAbout: '某窗口', complaintDept: '政务中心', workOrderDept: '市政', workOrderSummary: '修路灯',
    callbackPromise: 'working_days', callbackDueMs: 123, offers: 2, offersDeclined: 2, updatedAt: 99,
  });
  const row = records.calls()[0]!;
  t.true(SeatFields.safeParse(row.fields).success);
  t.like(row.fields, {
    category: 'dispatch', disposition: 'work_order', owner: '1001', editedAt: 99,
    caller: {surname: '王', address: '人民路1号', phone: '13900000000'},
    complaint: {content: '态度差', against: '某窗口', department: '政务中心', callerPhone: '13900000000', at: 99, actBy: 99 + 24 * 3_600_000},
    workOrder: {id: 'wo-c1', department: '市政', summary: '修路灯'},
    callback: {kind: 'five_business_days', due: 123, phone: '13900000000', done: false},
    offers: {made: 2, declined: 2},
  });
  t.is(row.fields.notes?.what, '路灯');
  t.deepEqual(row.draft, {});
  // The form reads the same fields back.
  t.like(records.notes('c1'), {surname: '王', complaintDept: '政务中心', callbackPromise: 'working_days', offers: 2, updatedAt: 99});
});

test('what is not a valid field yet waits in the call\'s draft, then becomes the field', t => {
  const file = tempFile(t);
  const records = new LocalRecords({file, day: '2026-11-23', owner: '1001'});
  records.seen('c1', {caller: '13812345678', queue: 'main'});
  // a complaint needs its content; the department typed first is kept, not dropped.
  records.annotate('c1', {complaintDept: '政务中心', updatedAt: 5});
  records.annotate('c1', {callType: 'nonsense'});
  t.is(records.calls()[0]?.fields.complaint, undefined);
  t.like(records.calls()[0]?.draft, {complaintDept: '政务中心', callType: 'nonsense'});
  t.like(new LocalRecords({file, day: '2026-11-23'}).notes('c1'), {complaintDept: '政务中心', callType: 'nonsense'}, 'the draft is in the day file');
  records.annotate('c1', {complaintContent: '态度差', callType: 'complaint'});
  t.like(records.calls()[0]?.fields, {category: 'complaint', complaint: {content: '态度差', department: '政务中心', callerPhone: '13812345678'}});
  t.deepEqual(records.calls()[0]?.draft, {});
});

test('a day file from before the one model (flat notes) is read as fields', t => {
  const file = tempFile(t);
  fs.writeFileSync(file, JSON.stringify({day: '2026-11-23', calls: [{callId: 'c1', facts: {caller: '1', queue: 'main', direction: 'inbound'}, notes: {what: '旧', surname: '周', silent: true, callbackPromise: 'open_ended'}}]}));
  const records = new LocalRecords({file, day: '2026-11-23'});
  t.deepEqual(records.problems, []);
  t.like(records.calls()[0], {facts: {silent: true}, fields: {notes: {what: '旧'}, caller: {surname: '周'}, callback: {kind: 'on_service_open'}}});
});
