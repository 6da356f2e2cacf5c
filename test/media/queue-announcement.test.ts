// The queue speaks (issue 13): a queued caller answered by the center hears the welcome, music, and
// every policy.media.announceEverySeconds the position (and expected wait) over the music, which
// stops at once when an agent answers. Real embedded rtpengine; every prompt is its own tone.
import test from 'ava';
import {AGENT, ANNOUNCE, CALLER, fixture, MUSIC, TONES, WELCOME} from './media-fixture.ts';
import {sleep} from './rtp-peer.ts';

const ALL = [...TONES, ANNOUNCE];

test('the queue speaks: welcome, music, then the position announced every announceEverySeconds over the music; never once an agent answers', async t => {
  const f = await fixture(t, {ringbackOnly: false, announceEverySeconds: 2}, {ready: false});
  const arrived = Date.now();
  const dialog = await f.srf.createUAC(`sip:12345@127.0.0.1:${f.center.sipPort}`, {localSdp: f.caller.sdp(), headers: {From: '<sip:13800138000@caller.example>'}});
  f.caller.sendTone(CALLER, dialog.remote.sdp);
  await sleep(8000);
  const windows: Array<{at: number; heard: Record<number, number>}> = [];
  for (let at = arrived; at + 100 <= Date.now(); at += 100) windows.push({at, heard: f.caller.tonesSince(at, ALL, at + 100)});
  const has = (w: {heard: Record<number, number>}, tone: number) => (w.heard[tone] ?? 0) >= 2;
  // An announcement starts in a window with its tone after one without it.
  const starts = windows.filter((w, i) => has(w, ANNOUNCE) && i > 0 && !has(windows[i - 1]!, ANNOUNCE)).map(w => w.at - arrived);
  const lastWelcome = Math.max(...windows.filter(w => has(w, WELCOME)).map(w => w.at - arrived));
  const firstMusic = Math.min(...windows.filter(w => has(w, MUSIC)).map(w => w.at - arrived));
  t.true(lastWelcome <= firstMusic, `the welcome (until ${lastWelcome} ms) before the music (from ${firstMusic} ms)`);
  t.true(starts.length >= 3, `announcements at ${JSON.stringify(starts)} ms`);
  t.true(starts[0]! > lastWelcome, `not over the welcome: first at ${starts[0]} ms, welcome until ${lastWelcome} ms`);
  t.true(Math.abs(starts[0]! - firstMusic - 2000) <= 500, `first after 2 s of music: music ${firstMusic} ms, announcement ${starts[0]} ms`);
  for (let i = 1; i < starts.length; i++) t.true(Math.abs(starts[i]! - starts[i - 1]! - 2000) <= 500, `every 2 s: ${JSON.stringify(starts)}`);
  // Music between announcements, and the announcement is the only thing while it plays.
  const between = windows.filter(w => w.at - arrived > starts[0]! + 800 && w.at - arrived < starts[1]! - 100);
  t.true(between.some(w => has(w, MUSIC)), 'music again after the announcement');
  t.false(windows.some(w => has(w, ANNOUNCE) && has(w, MUSIC) && (w.heard[MUSIC] ?? 0) > 3), 'music stopped under the announcement');

  await f.seat.command({type: 'set-state', state: 'ready'});
  await f.seat.next(m => m.type === 'answered');
  await f.caller.hears(AGENT, ALL, {min: 3, windowMs: 200});
  const since = Date.now();
  await sleep(2600);
  const talk = f.caller.tonesSince(since, ALL, Date.now());
  t.true(talk[AGENT]! >= 100, `the agent after answer: ${JSON.stringify(talk)}`);
  t.is(talk[ANNOUNCE], 0, `no announcement once bridged: ${JSON.stringify(talk)}`);
  t.is(talk[MUSIC], 0, `no music once bridged: ${JSON.stringify(talk)}`);
  await dialog.destroy();
});
