// As a person would: tmux runs `zuoxi seat` against a real center, with a sipp auto-answer
// phone and a sipp caller; send-keys signs in, goes Ready, accepts, holds, resumes, types a
// note and hangs up; capture-pane shows each step; the records hold the note and the facts.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {DEMO_PIN} from '../../src/config.ts';
import {localTime} from '../../src/rules/calendar.ts';
import {defaultPolicy} from '../../src/rules/config.ts';
import {SeatStore} from '../../src/sync/seat-store.ts';
import {freePort, registerPhone, root, seatCenter, sipp, tempDir, until} from './seat-helpers.ts';

const exec = promisify(execFile);

test('an agent works a call from the seat TUI in tmux', async t => {
  const center = await seatCenter(t, {ringPeriodSeconds: 2, noAnswerSeconds: 60});
  const phonePort = await freePort();
  const phone = sipp(t, {scenario: 'seat-phone.xml', port: phonePort, timeoutS: 100});
  await registerPhone(t, center, '1001', phonePort);

  const dataDir = tempDir(t, 'zuoxi-seat-data-');
  // Our own tmux server on a socket inside a temp dir, removed with it.
  const socket = path.join(tempDir(t, 'zuoxi-seat-tmux-'), 'tmux.sock');
  const tmux = (...args: string[]) => exec('tmux', ['-u', '-S', socket, ...args], {timeout: 10_000, env: {...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8'}});
  t.teardown(async () => {
    await tmux('kill-server').catch(() => {});
  });
  const command = `node ${path.join(root, 'bin/zuoxi.js')} seat --agent 1001 --hub ${center.hubUrl} --data ${dataDir}`;
  await tmux('new-session', '-d', '-s', 'seat', '-x', '80', '-y', '24', '-e', 'TERM=xterm-256color', '-e', 'LANG=C.UTF-8', command);
  const screen = async () => (await tmux('capture-pane', '-p', '-t', 'seat')).stdout;
  const shown: string[] = [];
  const see = async (pattern: RegExp, what: string, timeoutMs = 15_000) => {
    const end = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < end) {
      last = await screen();
      if (pattern.test(last)) {
        shown.push(`── ${what}\n${last}`);
        return last;
      }
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`screen never showed ${what} (${pattern}); last screen:\n${last}`);
  };
  const keys = (...k: string[]) => tmux('send-keys', '-t', 'seat', ...k);
  const type = (text: string) => tmux('send-keys', '-t', 'seat', '-l', text);

  await see(/坐席登录/, 'the sign-in screen');
  await type('1234');
  await see(/密码: ••••/, 'the PIN typed (not echoed)');
  await keys('Enter');
  let s = await see(/今日 0 通/, 'the signed-in seat');
  t.regex(s, /未就绪/);
  await keys('r');
  await see(/ 就绪 /, 'Ready');

  const caller = sipp(t, {scenario: 'seat-caller.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', timeoutS: 100});
  s = await see(/来电振铃[\s\S]*来电号码/, 'the ringing call');
  t.regex(s, /第 1 声/);
  t.regex(s, /来电号码: 1390000\d+/);
  await see(/第 2 声/, 'the second ring');
  await keys('Enter');
  s = await see(/☎ 通话中[\s\S]*现在说/, 'the answered call');
  t.regex(s, /您好,12345服务专线,请问有什么可以帮您?/);
  await keys('h');
  s = await see(/保持中/, 'the hold');
  t.regex(s, /请稍等,帮您查询/);
  await keys('h');
  await see(/^(?![\s\S]*保持中)[\s\S]*通话中/, 'the resumed call');
  await keys('Tab');
  // Not "Tab 下一阶段: 核实身份" of the opening line: the stage itself.
  await see(/(?<!一)阶段: 核实身份/, 'the identify stage');

  // Notes: surname (2nd field) and what (8th), saved as typed.
  await keys('n');
  await see(/↑↓ 选择/, 'the notes form');
  await keys('Down');
  await type('王');
  await see(/王先生\/女士/, 'the surname slot filled');
  for (let i = 0; i < 6; i++) await keys('Down');
  await type('社保卡补办xx');
  await see(/何事\s+社保卡补办xx/, 'the note typed');
  // Two Backspaces in one send (one read of the seat's stdin): both delete (issue 17).
  await keys('BSpace', 'BSpace');
  await see(/何事\s+社保卡补办(?!x)/, 'both Backspaces applied');
  await keys('Escape');
  await see(/h 保持\/恢复/, 'the call keys again');

  await keys('e');
  await see(/应待客户先挂机/, 'the R-07 warning');
  await keys('e');
  // The status line can be redrawn a moment before the body: wait for the whole after-call frame.
  s = await see(/话后处理[\s\S]*通话已结束/, 'after-call work');
  t.regex(s, /139\*+\d{4}/, 'the number is masked once the call is over (R-36)');

  // The seat's own day file has the note (saved as typed, as the record's fields) next to what it saw of the call.
  const day = JSON.parse(fs.readFileSync(path.join(dataDir, 'seat-1001.json'), 'utf8'));
  const row = day.calls.at(-1);
  t.like(row?.fields, {caller: {surname: '王'}, notes: {what: '社保卡补办'}, owner: '1001'});
  t.like(row?.facts, {hungUpBy: 'agent'});

  // The hub's call record has the switch's facts and the agent's note: a colleague's seat
  // (1002, same team) syncing the day sees both.
  const reader = await SeatStore.open({dir: tempDir(t), team: 'a', day: localTime(Date.now(), defaultPolicy()).date,
    hubUrl: `${center.hubUrl}/sync`, credentials: {agent: '1002', pin: DEMO_PIN}, onIssue: () => {}});
  t.teardown(() => reader.close());
  await until(() => {
    const record = reader.calls.get(row.callId);
    return record?.facts?.endedAt !== undefined && record.seat.notes?.what === '社保卡补办';
  }, 'the facts and the note in the hub\'s call record');
  const record = reader.calls.get(row.callId)!;
  t.like(record.seat, {caller: {surname: '王', address: '', phone: ''}, owner: '1001'});
  t.deepEqual({caller: record.seat.caller, notes: record.seat.notes}, {caller: row.fields.caller, notes: row.fields.notes}, 'the hub holds what the day file holds');
  t.like(record.facts, {agent: '1001', hungUpBy: 'agent'});
  t.is(record.facts!.holds.length, 1);
  t.true((record.facts!.rings ?? 0) >= 2);

  const [callerRun, phoneRun] = await Promise.all([caller.done, phone.done]);
  t.is(callerRun.code, 0, callerRun.stderr);
  t.is(phoneRun.code, 0, phoneRun.stderr);
  t.log(shown.at(-1));
});
