// The switch with media through a real embedded rtpengine: a caller and an agent phone that
// are drachtio-srf user agents on a second SIP engine, each sending its own G.711 tone. What
// the caller hears, what the agent hears, and the recording's channels are measured.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {dominantTone} from '../../server/media/tone.ts';
import {decodeWav} from '../../server/media/wav.ts';
import {Seat} from '../sip/helpers.ts';
import {AGENT, CALLER, call, CLOSED, fixture, MUSIC, OUTSIDE, recordedCall, TONES, WELCOME} from './media-fixture.ts';
import {sleep} from './rtp-peer.ts';

test('through rtpengine: both hear each other; on hold the caller hears music and no agent, the agent silence; resume restores; the WAV has the caller left and the agent right', async t => {
  const f = await fixture(t);
  t.true(f.center.media?.port.status.anchored, f.center.media?.port.status.why);
  const {dialog, callId} = await call(f);
  t.notRegex(dialog.remote.sdp, new RegExp(`m=audio ${f.agent.port} `), 'the caller is given rtpengine\'s port, not the phone\'s');
  const callerHears = await f.caller.hears(AGENT, TONES);
  t.true(callerHears[AGENT]! >= 12, `caller hears the agent: ${JSON.stringify(callerHears)}`);
  const agentHears = await f.agent.hears(CALLER, TONES);
  t.true(agentHears[CALLER]! >= 12, `agent hears the caller: ${JSON.stringify(agentHears)}`);

  t.like(await f.seat.command({type: 'hold', callId}), {type: 'ack'});
  let since = Date.now() + 200;
  await sleep(1200);
  const callerOnHold = f.caller.tonesSince(since, TONES, Date.now());
  t.true(callerOnHold[MUSIC] >= 15, `caller hears music on hold: ${JSON.stringify(callerOnHold)}`);
  t.is(callerOnHold[AGENT], 0, `nothing of the agent reaches the caller on hold: ${JSON.stringify(callerOnHold)}`);
  t.is(f.agent.tonesSince(since, TONES, Date.now())[CALLER], 0, 'the agent hears nothing of the caller on hold');

  t.like(await f.seat.command({type: 'resume', callId}), {type: 'ack'});
  since = Date.now() + 200;
  await sleep(1000);
  const callerAfter = f.caller.tonesSince(since, TONES, Date.now());
  t.true(callerAfter[AGENT] >= 12, `the agent again after resume: ${JSON.stringify(callerAfter)}`);
  t.is(callerAfter[MUSIC], 0);
  t.true(f.agent.tonesSince(since, TONES, Date.now())[CALLER] >= 12);

  t.like(await f.seat.command({type: 'hangup', callId}), {type: 'ack'});
  f.caller.stop();
  f.agent.stop();
  const facts = await f.center.sink.waitFor(x => x.callId === callId && x.recording !== undefined);
  const recording = facts.recording!;
  t.true(recording.recorded, JSON.stringify(recording));
  if (!recording.recorded) return;
  const file = path.join(f.center.dataDir, 'recordings', recording.name);
  t.is(fs.statSync(file).size, recording.bytes);
  t.true(recording.durationMs > 2000, `duration ${recording.durationMs} ms (hold 1.2 s and resume 1 s at least)`);
  const [left, right] = decodeWav(fs.readFileSync(file)).channels;
  const middle = (c: Int16Array) => c.subarray(8 * 300, c.length - 8 * 300);
  t.is(dominantTone(middle(left), TONES), CALLER, 'caller on the left');
  t.is(dominantTone(middle(right), TONES), AGENT, 'agent on the right');
  // The record keeps the recording after after-call work ends.
  const final = await f.center.sink.waitFor(x => x.callId === callId && x.wrapEndedAt !== undefined && x.recording !== undefined);
  t.deepEqual(final.recording, recording);
});

test('recording off for the queue: the call is anchored, the record says why there is no recording', async t => {
  const f = await fixture(t, {recording: {offForQueues: ['main']}});
  const {callId} = await call(f);
  await sleep(300);
  t.like(await f.seat.command({type: 'hangup', callId}), {type: 'ack'});
  const facts = await f.center.sink.waitFor(x => x.callId === callId && x.recording !== undefined);
  t.deepEqual(facts.recording, {recorded: false, why: 'recording off for queue main'});
});

test('signalling only (media off): the call connects phone to phone and its record says recordings off', async t => {
  const f = await fixture(t, {rtpengine: 'off'});
  t.false(f.center.media?.port.status.anchored);
  const {dialog, callId} = await call(f);
  t.regex(dialog.remote.sdp, new RegExp(`m=audio ${f.agent.port} `), 'the phone\'s own SDP reaches the caller');
  t.like(await f.seat.command({type: 'hangup', callId}), {type: 'ack'});
  const facts = await f.center.sink.waitFor(x => x.callId === callId && x.recording !== undefined);
  t.deepEqual(facts.recording, {recorded: false, why: 'recordings off: policy.media.rtpengine is "off"'});
});

test('transfer to an outside number through rtpengine: the caller then hears the outside party, who hears the caller', async t => {
  const f = await fixture(t);
  const {callId} = await call(f);
  await sleep(500);
  t.like(await f.seat.command({type: 'transfer', callId, target: {kind: 'number', value: '95566'}}), {type: 'ack'});
  await f.caller.hears(OUTSIDE, TONES, {min: 3, windowMs: 200});
  const since = Date.now();
  await sleep(900);
  const heard = f.caller.tonesSince(since, TONES, Date.now());
  t.true(heard[OUTSIDE] >= 12, `caller hears the outside number: ${JSON.stringify(heard)}`);
  t.is(heard[AGENT], 0, `the agent's phone is gone: ${JSON.stringify(heard)}`);
  t.true(f.outside.tonesSince(since, TONES, Date.now())[CALLER] >= 12, 'the outside number hears the caller');
});

test('callback through rtpengine: the agent phone (offering in its 200) and the customer hear each other; recorded customer left, agent right', async t => {
  const f = await fixture(t);
  t.like(await f.seat.command({type: 'callback', number: '95566'}), {type: 'ack'});
  const answered = await f.seat.next(m => m.type === 'answered') as {callId: string};
  // The agent's leg gets its answer in the ACK (third-party call control), a moment after
  // `answered` on a loaded machine.
  const customer = await f.outside.hears(AGENT, TONES);
  t.true(customer[AGENT]! >= 12, `customer hears the agent: ${JSON.stringify(customer)}`);
  const agent = await f.agent.hears(OUTSIDE, TONES);
  t.true(agent[OUTSIDE]! >= 12, `agent hears the customer: ${JSON.stringify(agent)}`);
  await sleep(1000); // both directions recorded for a while before the hang-up
  t.like(await f.seat.command({type: 'hangup', callId: answered.callId}), {type: 'ack'});
  const facts = await f.center.sink.waitFor(x => x.callId === answered.callId && x.recording !== undefined);
  t.true(facts.recording?.recorded, JSON.stringify(facts.recording));
  if (!facts.recording?.recorded) return;
  const [left, right] = decodeWav(fs.readFileSync(path.join(f.center.dataDir, 'recordings', facts.recording.name))).channels;
  const middle = (c: Int16Array) => c.subarray(8 * 300, c.length - 8 * 300);
  t.is(dominantTone(middle(left), TONES), OUTSIDE, 'the customer on the left');
  t.is(dominantTone(middle(right), TONES), AGENT, 'the agent on the right');
});

test('the queue speaks (ringbackOnly off): a queued caller is answered, hears the welcome then music; an agent\'s answer bridges them and the wait still counts', async t => {
  const f = await fixture(t, {ringbackOnly: false}, {ready: false});
  const arrived = Date.now();
  const dialog = await f.srf.createUAC(`sip:12345@127.0.0.1:${f.center.sipPort}`, {localSdp: f.caller.sdp(), headers: {From: '<sip:13800138000@caller.example>'}});
  f.caller.sendTone(CALLER, dialog.remote.sdp);
  await sleep(2500);
  // In 100 ms windows: the welcome comes first, music after it, never the welcome again (the
  // welcome starts when the center has answered, later on a loaded machine: no fixed offsets).
  const windows: Array<{at: number; heard: Record<number, number>}> = [];
  for (let at = arrived; at + 100 <= Date.now(); at += 100) windows.push({at, heard: f.caller.tonesSince(at, TONES, at + 100)});
  const lastWelcome = Math.max(...windows.filter(w => w.heard[WELCOME]! > 0).map(w => w.at));
  const firstMusic = Math.min(...windows.filter(w => w.heard[MUSIC]! > 0).map(w => w.at));
  const total = (tone: number) => windows.reduce((n, w) => n + (w.heard[tone] ?? 0), 0);
  t.true(total(WELCOME) >= 10, `the welcome: ${total(WELCOME)} frames`);
  t.true(total(MUSIC) >= 10, `then music: ${total(MUSIC)} frames`);
  t.true(lastWelcome <= firstMusic, `the welcome ends (${lastWelcome - arrived} ms) before the music starts (${firstMusic - arrived} ms)`);
  const stats = f.center.switch.queueStats();
  t.is(stats.waiting, 1, 'still queued: answering the caller does not end the wait');

  await f.seat.command({type: 'set-state', state: 'ready'});
  const answered = await f.seat.next(m => m.type === 'answered') as {callId: string};
  await f.caller.hears(AGENT, TONES, {min: 3, windowMs: 200});
  const since = Date.now();
  await sleep(900);
  const talk = f.caller.tonesSince(since, TONES, Date.now());
  t.true(talk[AGENT] >= 12, `the agent after answer: ${JSON.stringify(talk)}`);
  t.is(talk[MUSIC], 0, `no music once bridged: ${JSON.stringify(talk)}`);
  t.true(f.agent.tonesSince(since, TONES, Date.now())[CALLER] >= 12, 'the agent hears the caller');
  t.like(await f.seat.command({type: 'hangup', callId: answered.callId}), {type: 'ack'});
  const facts = await f.center.sink.waitFor(x => x.callId === answered.callId && x.recording !== undefined);
  t.true(facts.answeredAt! - facts.arrivedAt >= 2000, 'the time in queue is the wait');
  t.true(facts.recording?.recorded, JSON.stringify(facts.recording));
});

test('R-19 with the queue speaking: a caller outside service hours is answered, hears the out-of-hours announcement, then is hung up; a callback task is filed', async t => {
  const other = (new Date(Date.now() + 8 * 3_600_000).getUTCDay() + 3) % 7;
  const policy = {calendars: {definitions: {elsewhen: {days: [other], open: '09:00', close: '10:00'}}}, queueing: {queues: {main: {calendar: 'elsewhen'}}}};
  const f = await fixture(t, {ringbackOnly: false}, {ready: true, policy});
  const arrived = Date.now();
  const dialog = await f.srf.createUAC(`sip:12345@127.0.0.1:${f.center.sipPort}`, {localSdp: f.caller.sdp(), headers: {From: '<sip:13800138000@caller.example>'}});
  const gone = new Promise<number>(resolve => dialog.on('destroy', () => resolve(Date.now())));
  const hungUp = await gone;
  const heard = f.caller.tonesSince(arrived, TONES, hungUp);
  t.true(heard[CLOSED] >= 10, `the out-of-hours announcement: ${JSON.stringify(heard)}`);
  t.is(heard[AGENT], 0, 'no agent');
  const facts = await f.center.sink.waitFor(x => x.endReason === 'queue-policy');
  t.like(facts.queueOutcomes![0], {reason: 'closed', action: 'callback'});
  t.is(f.seat.messages.filter(m => m.type === 'offered').length, 0, 'never offered to the Ready agent');
  await sleep(300);
  t.is(f.center.switch.legCount(), 0, 'no legs left');
});

test('the queue speaks: a caller who hangs up while hearing music is abandoned with its wait', async t => {
  const f = await fixture(t, {ringbackOnly: false}, {ready: false});
  const dialog = await f.srf.createUAC(`sip:12345@127.0.0.1:${f.center.sipPort}`, {localSdp: f.caller.sdp(), headers: {From: '<sip:13800138000@caller.example>'}});
  await sleep(500);
  await dialog.destroy();
  const facts = await f.center.sink.waitFor(x => x.endedAt !== undefined);
  t.is(facts.endReason, 'abandoned');
  t.true((facts.abandonWaitMs ?? 0) >= 400);
  await sleep(300);
  t.is(f.center.switch.legCount(), 0, 'no legs left');
});

test('listen-in: the lead\'s phone receives both parties, the agent\'s phone sees no re-INVITE; stopping or the call\'s end hangs it up', async t => {
  const f = await fixture(t);
  const {callId} = await call(f);
  const invitesBefore = f.agentInvites.length;
  await t.throwsAsync(f.center.switch.listen('1001', callId), {message: /only a team lead/});
  await f.center.switch.listen('9001', callId);
  await f.lead.hears(CALLER, TONES, {min: 3, windowMs: 200});
  const since = Date.now();
  await sleep(900);
  const heard = f.lead.tonesSince(since, TONES, Date.now());
  t.true(heard[CALLER] >= 12 && heard[AGENT] >= 12, `the lead hears both: ${JSON.stringify(heard)}`);
  t.true(f.caller.tonesSince(since, TONES, Date.now())[AGENT] >= 12, 'the call goes on');
  t.is(f.agentInvites.length, invitesBefore, 'no re-INVITE to the agent\'s phone');
  await t.throwsAsync(f.center.switch.listen('9001', callId), {message: /already listening/});
  t.is(f.leadCalls.up, 1);
  await f.center.switch.listen('9001', callId, false);
  await sleep(100);
  t.is(f.leadCalls.up, 0, 'stopping hangs up the lead\'s phone');
  const stopped = Date.now() + 200;
  await sleep(600);
  t.is(f.lead.tonesSince(stopped, TONES, Date.now())[CALLER], 0, 'nothing after stop');
  // Listening again, then the call ends: the lead's phone is hung up with it.
  await f.center.switch.listen('9001', callId);
  t.like(await f.seat.command({type: 'hangup', callId}), {type: 'ack'});
  await sleep(300);
  t.is(f.center.switch.legCount(), 0);
  t.is(f.leadCalls.up, 0, 'the lead\'s phone is hung up with the call');
});

test('listen-in needs media: on a signalling-only center it is refused with why', async t => {
  const f = await fixture(t, {rtpengine: 'off'});
  const {callId} = await call(f);
  await t.throwsAsync(f.center.switch.listen('9001', callId), {message: /listen-in needs the call's media through the center \(recordings off/});
  t.like(await f.seat.command({type: 'hangup', callId}), {type: 'ack'});
});

test('listen-in from a lead\'s /control link: the lead hears both, is told when it starts and ends, the agent is told nothing; the record keeps who, when, how long', async t => {
  const f = await fixture(t);
  const {callId} = await call(f);
  const lead = await Seat.open(t, f.center, '9001', {role: 'supervisor'});
  t.like(await lead.command({type: 'hold', callId}), {type: 'error', code: 'read-only'}, 'the lead\'s link still changes no call');
  const asked = Date.now();
  t.like(await lead.command({type: 'listen', callId}), {type: 'ack'});
  t.like(await lead.next(m => m.type === 'listening'), {type: 'listening', callId, lead: '9001', target: '1001', on: true});
  t.is(f.leadCalls.up, 1, 'the lead\'s phone rang and answered');
  await f.lead.hears(CALLER, TONES, {min: 3, windowMs: 200});
  const since = Date.now();
  await sleep(900);
  const heard = f.lead.tonesSince(since, TONES, Date.now());
  t.true(heard[CALLER] >= 12 && heard[AGENT] >= 12, `the lead hears both: ${JSON.stringify(heard)}`);
  t.like(await lead.command({type: 'listen', callId, on: false}), {type: 'ack'});
  const ended = await lead.next(m => m.type === 'listening' && !m.on) as {ms: number; at: number};
  t.true(ended.ms >= 1000 && ended.at >= asked, `how long: ${ended.ms} ms`);
  await sleep(100);
  t.is(f.leadCalls.up, 0, 'stopping hangs up the lead\'s phone');

  // Again, and this time the lead hangs up the phone: that ends it too.
  t.like(await lead.command({type: 'listen', callId}), {type: 'ack'});
  await sleep(500);
  await f.leadCalls.dialogs.at(-1)!.destroy();
  const second = await lead.next(m => m.type === 'listening' && !m.on && m.at > ended.at) as {ms: number};
  t.true(second.ms >= 400, `second listen-in: ${second.ms} ms`);
  t.like(await lead.command({type: 'listen', callId, on: false}), {type: 'error', code: 'bad-state'}, 'nothing left to stop');
  t.false(f.seat.messages.some(m => m.type === 'listening'), 'the agent\'s seat hears nothing of it');

  t.like(await f.seat.command({type: 'hangup', callId}), {type: 'ack'});
  const facts = await f.center.sink.waitFor(x => x.callId === callId && x.wrapEndedAt !== undefined && x.recording !== undefined);
  t.is(facts.listens?.length, 2, JSON.stringify(facts.listens));
  t.like(facts.listens?.[0], {lead: '9001', ms: ended.ms});
  t.true(facts.recording?.recorded, 'the recording is kept beside the listen-ins');
});

test('listen-in over /control is refused with a reason: an agent, a call that is not up, a center without media', async t => {
  const f = await fixture(t, {rtpengine: 'off'});
  const {callId} = await call(f);
  const lead = await Seat.open(t, f.center, '9001', {role: 'supervisor'});
  t.like(await lead.command({type: 'listen', callId}), {type: 'error', code: 'no-media'});
  t.like(await lead.command({type: 'listen', callId: 'nope'}), {type: 'error', code: 'unknown-call'});
  t.like(await f.seat.command({type: 'listen', callId}), {type: 'error', code: 'forbidden'});
  const stats = lead.messages.find(m => m.type === 'queue') as {media?: {anchored: boolean; why?: string}};
  t.deepEqual(stats.media, {anchored: false, why: 'recordings off: policy.media.rtpengine is "off"'}, 'leads are told the center runs without media');
  t.like(await f.seat.command({type: 'hangup', callId}), {type: 'ack'});
});

test('recording review: play-recording from a lead\'s link rings the lead\'s phone with the call\'s recording; stop hangs it up; agents and unknown calls are refused', async t => {
  const f = await fixture(t);
  const callId = await recordedCall(t, f);
  const lead = await Seat.open(t, f.center, '9001', {role: 'supervisor'});
  t.like(await f.seat.command({type: 'play-recording', callId}), {type: 'error', code: 'forbidden'}, 'an agent cannot');
  t.like(await lead.command({type: 'play-recording', callId: 'no-such-call'}), {type: 'error', code: 'unknown-call'});
  t.like(await lead.command({type: 'play-recording', callId, day: 'yesterday'}), {type: 'error', code: 'bad-message'});
  const since = Date.now();
  t.like(await lead.command({type: 'play-recording', callId}), {type: 'ack'});
  t.like(await lead.next(m => m.type === 'playback' && m.on), {callId, lead: '9001'});
  t.is(f.leadCalls.up, 1, 'the lead\'s phone answered');
  await sleep(1200);
  // The stereo file reaches the phone mixed down: both parties at once.
  const mixed = f.lead.mixedSince(since, CALLER, AGENT, Date.now());
  t.true(mixed >= 20, `the lead hears both parties of the recorded call: ${mixed} packets, ${JSON.stringify(f.lead.tonesSince(since, TONES, Date.now()))}`);
  t.like(await lead.command({type: 'play-recording', callId}), {type: 'error', code: 'bad-state'}, 'one playback at a time');
  t.like(await lead.command({type: 'play-recording', callId, on: false}), {type: 'ack'});
  await lead.next(m => m.type === 'playback' && !m.on);
  await sleep(100);
  t.is(f.leadCalls.up, 0, 'stop hangs up the lead\'s phone');
  t.like(await lead.command({type: 'play-recording', callId, on: false}), {type: 'error', code: 'bad-state'});
  t.false(f.seat.messages.some(m => m.type === 'playback'), 'the agent is not told');
});

test('recording review of a call that was not recorded says why', async t => {
  const f = await fixture(t, {recording: {offForQueues: ['main']}});
  const {callId} = await call(f);
  t.like(await f.seat.command({type: 'hangup', callId}), {type: 'ack'});
  await f.center.sink.waitFor(x => x.callId === callId && x.recording !== undefined);
  const lead = await Seat.open(t, f.center, '9001', {role: 'supervisor'});
  const reply = await lead.command({type: 'play-recording', callId});
  t.like(reply, {type: 'error', code: 'no-recording', message: `call ${callId} was not recorded: recording off for queue main`});
  t.is(f.leadCalls.up, 0);
});
