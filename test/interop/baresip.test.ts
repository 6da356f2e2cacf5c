// baresip 1.0 (Debian 12) against the center: as a handset agent phone picked up on the phone,
// as an auto-answer agent phone, and as a caller into the queue, with the audio through the
// embedded rtpengine checked both ways (what each side heard, decoded), on hold and after
// resume, and in the recording. baresip 1.0 has no header-driven auto-answer (no Call-Info or
// Alert-Info handling: it came in later releases), so its account sets answermode=auto.
import fs from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {demoPhonePassword} from '../../src/config.ts';
import {AGENT, CALLER, MUSIC, TONES, userAgents} from '../media/media-fixture.ts';
import {RtpPeer, sleep} from '../media/rtp-peer.ts';
import {Seat, tempDir, type TestCenter} from '../sip/helpers.ts';
import {readMono, toneOf} from './audio.ts';
import {Baresip} from './baresip.ts';
import {center, checkRecording} from './interop-center.ts';

async function phone(t: ExecutionContext, c: TestCenter, user: string, toneHz: number, accountParams = ''): Promise<Baresip> {
  const p = await Baresip.start(t, tempDir(t), {user, password: demoPhonePassword(user), realm: c.config.center.realm, registrar: `127.0.0.1:${c.sipPort}`, toneHz, accountParams});
  await p.registered();
  return p;
}

/** What a baresip heard in its last call (the sndfile filter's decoder file). */
function heardBy(t: ExecutionContext, p: Baresip): number | undefined {
  const [file] = p.audioFiles('dec');
  t.truthy(file, `baresip wrote what it heard: ${fs.readdirSync(path.join(p.dir, 'audio')).join(', ')}`);
  if (!file) return undefined;
  const {samples, rate} = readMono(file);
  return toneOf(samples, rate, TONES);
}

test('baresip as a handset agent phone: rings, is picked up on the phone, both directions carry audio, hold gives the caller music and none of the agent, resume restores', async t => {
  const c = await center(t, 'handset');
  const agent = await phone(t, c, '1001', AGENT);
  const seat = await Seat.open(t, c, '1001');
  await seat.command({type: 'set-state', state: 'ready'});
  const {srf} = await userAgents(t);
  const caller = await RtpPeer.open();
  t.teardown(() => caller.close());
  const answered = srf.createUAC(`sip:12345@127.0.0.1:${c.sipPort}`, {localSdp: caller.sdp(), headers: {From: '<sip:13800138000@caller.example>'}});
  await agent.event('CALL_INCOMING');
  t.like(await agent.command('accept'), {ok: true}, 'the agent picks up');
  const dialog = await answered;
  caller.sendTone(CALLER, dialog.remote.sdp);
  const {callId} = await seat.next(m => m.type === 'answered') as {callId: string};
  await agent.event('CALL_ESTABLISHED');
  const talk = await caller.hears(AGENT, TONES);
  t.true(talk[AGENT]! >= 12, `the caller hears baresip: ${JSON.stringify(talk)}`);
  await sleep(1000);

  t.like(await seat.command({type: 'hold', callId}), {type: 'ack'});
  await caller.hears(MUSIC, TONES, {min: 3, windowMs: 200});
  const held = Date.now();
  await sleep(1200);
  const onHold = caller.tonesSince(held, TONES, Date.now());
  t.true(onHold[MUSIC]! >= 15, `music on hold: ${JSON.stringify(onHold)}`);
  t.is(onHold[AGENT], 0, `none of the agent on hold: ${JSON.stringify(onHold)}`);
  t.like(await seat.command({type: 'resume', callId}), {type: 'ack'});
  const after = await caller.hears(AGENT, TONES);
  t.true(after[AGENT]! >= 12, `baresip again after resume: ${JSON.stringify(after)}`);
  t.false(agent.events.some(e => e.type === 'CALL_CLOSED'), 'still the same call on the phone');
  await sleep(1000);

  t.like(await seat.command({type: 'hangup', callId}), {type: 'ack'});
  await agent.event('CALL_CLOSED');
  caller.stop();
  t.is(heardBy(t, agent), CALLER, 'baresip heard the caller');
  await checkRecording(t, c, callId, CALLER, AGENT);
});

test('baresip as a caller into the queue and as an auto-answer agent phone (answermode=auto: baresip 1.0 has no header-driven auto-answer); the agent hangs up on the phone', async t => {
  const c = await center(t, 'auto-answer');
  const agent = await phone(t, c, '1001', AGENT, ';answermode=auto');
  const seat = (await Seat.open(t, c, '1001')).acceptOffers();
  await seat.command({type: 'set-state', state: 'ready'});
  // The caller: an account that does not register, dialling the queue's number.
  const caller = await Baresip.start(t, tempDir(t), {user: '13800138000', password: 'x', realm: 'caller.example', registrar: `127.0.0.1:${c.sipPort}`, toneHz: CALLER, accountParams: ';regint=0'});
  t.like(await caller.command('dial', `sip:12345@127.0.0.1:${c.sipPort}`), {ok: true});
  const {callId} = await seat.next(m => m.type === 'answered') as {callId: string};
  await caller.event('CALL_ESTABLISHED');
  await agent.event('CALL_ESTABLISHED');
  t.false(agent.events.some(e => e.type === 'CALL_CLOSED'), 'the agent\'s phone is in the call');
  await sleep(2000);
  t.like(await agent.command('hangup'), {ok: true}, 'the agent hangs up on the phone');
  await caller.event('CALL_CLOSED');
  const ended = await seat.next(m => m.type === 'ended') as {callId: string};
  t.is(ended.callId, callId);
  t.is(heardBy(t, caller), AGENT, 'the caller heard the agent');
  t.is(heardBy(t, agent), CALLER, 'the agent heard the caller');
  await checkRecording(t, c, callId, CALLER, AGENT);
});
