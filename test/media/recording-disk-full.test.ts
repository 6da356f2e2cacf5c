// The recordings disk full (a real 1 MiB tmpfs under the center's recordings directory): the call
// itself goes on and is heard, its record says it was not recorded and why; once space returns
// the next call is recorded. Needs root (mount).
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {AGENT, call, CALLER, fixture, TONES} from './media-fixture.ts';
import {sleep} from './rtp-peer.ts';

function smallDisk(t: ExecutionContext, dir: string): void {
  fs.mkdirSync(dir, {recursive: true});
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], {stdio: 'pipe'});
  } catch (error) {
    throw new Error(`cannot mount a 1 MiB tmpfs on ${dir} (this test needs root): ${(error as Error).message}`);
  }
  // Registered before the fixture's own teardown so it runs after the center has stopped.
  t.teardown(() => execFileSync('umount', ['-l', dir]));
}

/** Fills the file system holding `file` until ENOSPC. */
function fill(file: string): void {
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(16 * 1024, 7);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

test('recordings disk full: the call is heard and ends normally, its record says it was not recorded for lack of space; freed, the next call is recorded', async t => {
  let recordings = '';
  const f = await fixture(t, {}, {edit: config => {
    recordings = path.join(config.dataDir, 'recordings');
    smallDisk(t, recordings);
  }});
  const filler = path.join(recordings, 'filler');
  fill(filler);

  const first = await call(f);
  const heard = await f.caller.hears(AGENT, TONES);
  t.true(heard[AGENT]! >= 12, `the call is heard with the disk full: ${JSON.stringify(heard)}`);
  t.true((await f.agent.hears(CALLER, TONES))[CALLER]! >= 12, 'both ways');
  await sleep(500);
  t.like(await f.seat.command({type: 'hangup', callId: first.callId}), {type: 'ack'});
  const facts = await f.center.sink.waitFor(x => x.callId === first.callId && x.recording !== undefined);
  t.false(facts.recording?.recorded, JSON.stringify(facts.recording));
  t.regex(facts.recording?.recorded === false ? facts.recording.why : '', /disk full|no space/i);
  t.is(facts.hungUpBy, 'agent', 'the call itself ended as the agent ended it');

  fs.rmSync(filler);
  await f.center.sink.waitFor(x => x.callId === first.callId && x.wrapEndedAt !== undefined);
  await f.seat.command({type: 'set-state', state: 'ready'});
  const answered = f.seat.wait(m => m.type === 'answered', 'the second call answered') as Promise<{callId: string}>;
  const dialog = await f.srf.createUAC(`sip:12345@127.0.0.1:${f.center.sipPort}`, {localSdp: f.caller.sdp(2), headers: {From: '<sip:13800138001@caller.example>'}});
  f.caller.sendTone(CALLER, dialog.remote.sdp);
  const second = await answered;
  await f.caller.hears(AGENT, TONES);
  await sleep(1000);
  t.like(await f.seat.command({type: 'hangup', callId: second.callId}), {type: 'ack'});
  const after = await f.center.sink.waitFor(x => x.callId === second.callId && x.recording !== undefined);
  t.true(after.recording?.recorded, `recorded once space returned: ${JSON.stringify(after.recording)}`);
});
