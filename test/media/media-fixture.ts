// The media tests' center: a real embedded rtpengine, prompts with their own tones, and user
// agents on a second SIP engine — the caller, agent 1001's phone, the lead 9001's phone (receive
// only) and outside numbers (the trunk) — each sending its own G.711 tone.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import type Srf from 'drachtio-srf';
import type {ZuoxiConfig} from '../../src/config.ts';
import {connectSrf} from '../../server/center.ts';
import {startEngine} from '../../server/engine/index.ts';
import {sine} from '../../server/media/tone.ts';
import {encodeWav} from '../../server/media/wav.ts';
import {centerFor, freePort, registerPhones, Seat, tempDir, testConfig, type TestCenter} from '../sip/helpers.ts';
import {mediaPortRange} from './media-ports.ts';
import {RtpPeer, sleep} from './rtp-peer.ts';

export const CALLER = 440;
export const AGENT = 1000;
export const MUSIC = 600;
export const OUTSIDE = 1500;
export const WELCOME = 750;
export const CLOSED = 1250;
export const TONES = [CALLER, AGENT, MUSIC, OUTSIDE, WELCOME, CLOSED];
/** Every piece of the queue announcement (position, wait) is this tone. */
export const ANNOUNCE = 1800;
/** Each announcement piece lasts this long (an announcement is 3 or 6 pieces). */
export const PIECE_MS = 200;

/** A SIP engine with an srf app on it: the test's phone and caller. */
export async function userAgents(t: ExecutionContext): Promise<{srf: Srf; port: number}> {
  const port = await freePort();
  const secret = crypto.randomBytes(9).toString('hex');
  const engine = await startEngine({sip: [{transport: 'udp', host: '127.0.0.1', port}], control: {host: '127.0.0.1', port: 0}, secret, logLevel: 'error'});
  const srf = await connectSrf({host: engine.control.host, port: engine.control.port, secret});
  t.teardown(async () => {
    srf.disconnect();
    await engine.close();
  });
  return {srf, port};
}

export type Fixture = {center: TestCenter; srf: Srf; caller: RtpPeer; agent: RtpPeer; outside: RtpPeer; lead: RtpPeer; seat: Seat; agentInvites: Srf.SrfRequest[]; leadCalls: {up: number; dialogs: Srf.Dialog[]}};

export async function fixture(t: ExecutionContext, media: Record<string, unknown> = {}, {ready = true, edit, policy = {}}: {ready?: boolean; edit?: (config: ZuoxiConfig) => void; policy?: Record<string, unknown>} = {}): Promise<Fixture> {
  const dir = tempDir(t);
  const music = path.join(dir, 'music.wav');
  fs.writeFileSync(music, encodeWav({sampleRate: 8000, channels: [sine(MUSIC, 8000 * 3)]}));
  const welcome = path.join(dir, 'welcome.wav');
  fs.writeFileSync(welcome, encodeWav({sampleRate: 8000, channels: [sine(WELCOME, 8000)]}));
  const outOfHours = path.join(dir, 'out-of-hours.wav');
  fs.writeFileSync(outOfHours, encodeWav({sampleRate: 8000, channels: [sine(CLOSED, 8000)]}));
  const promptsDir = path.join(dir, 'prompts');
  fs.mkdirSync(path.join(promptsDir, 'zh'), {recursive: true});
  const pieces = ['ahead-before', 'ahead-after', 'wait-before', 'wait-after', 'more-than', ...Array.from({length: 21}, (_, n) => `n-${n}`)];
  for (const piece of pieces) fs.writeFileSync(path.join(promptsDir, 'zh', `${piece}.wav`), encodeWav({sampleRate: 8000, channels: [sine(ANNOUNCE, 8 * PIECE_MS)]}));
  const config = testConfig(path.join(dir, 'center'), 1, {media: {prompts: {main: {musicOnHold: music, welcome, outOfHours}}, ...media}, ...policy});
  edit?.(config);
  const {srf, port} = await userAgents(t);
  // The same user agents are the trunk: outside numbers (transfer targets, callback customers).
  const center = await centerFor(t, config, {media: {portRange: mediaPortRange(), promptsDir}, trunk: `127.0.0.1:${port}`});
  const caller = await RtpPeer.open();
  const agent = await RtpPeer.open();
  const outside = await RtpPeer.open();
  const lead = await RtpPeer.open();
  t.teardown(() => { caller.close(); agent.close(); outside.close(); lead.close(); });
  const agentInvites: Srf.SrfRequest[] = [];
  const leadCalls = {up: 0, dialogs: [] as Srf.Dialog[]};
  // The agent's phone answers with its own SDP and talks (its tone) to what the switch offered;
  // an INVITE without SDP (a callback's third-party call control) gets its offer in the 200 and
  // the answer in the ACK. Any other number is the outside party.
  srf.invite((req, res) => {
    if (/^sip:9001@/.test(req.uri)) {
      // The lead's phone: receive only, every offered section on its one port.
      const sections = (req.body.match(/^m=audio /gm) ?? []).length;
      const answer = ['v=0', 'o=- 9 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
        ...Array.from({length: sections}, () => [`m=audio ${lead.port} RTP/AVP 0`, 'a=rtpmap:0 PCMU/8000', 'a=recvonly']).flat(), ''].join('\r\n');
      srf.createUAS(req, res, {localSdp: answer}).then(dialog => {
        leadCalls.up++;
        leadCalls.dialogs.push(dialog);
        dialog.on('destroy', () => leadCalls.up--);
      }, () => {});
      return;
    }
    if (/^sip:1001@/.test(req.uri)) agentInvites.push(req);
    const peer = /^sip:1001@/.test(req.uri) ? agent : outside;
    const tone = peer === agent ? AGENT : OUTSIDE;
    srf.createUAS(req, res, {localSdp: peer.sdp()}).then(dialog => {
      // A phone that is hung up stops talking.
      dialog.on('destroy', () => peer.stop());
      if (req.body) peer.sendTone(tone, req.body);
      else dialog.once('ack', (ack => peer.sendTone(tone, (ack as unknown as Srf.SrfRequest).body)) as (msg: Srf.SrfResponse) => void);
    }, () => {});
  });
  t.is((await registerPhones(t, center, ['1001', '9001'], port)).code, 0);
  const seat = await Seat.open(t, center, '1001');
  seat.acceptOffers();
  if (ready) await seat.command({type: 'set-state', state: 'ready'});
  return {center, srf, caller, agent, outside, lead, seat, agentInvites, leadCalls};
}

export async function call(f: Fixture): Promise<{dialog: Srf.Dialog; callId: string}> {
  const dialog = await f.srf.createUAC(`sip:12345@127.0.0.1:${f.center.sipPort}`, {localSdp: f.caller.sdp(), headers: {From: '<sip:13800138000@caller.example>'}});
  f.caller.sendTone(CALLER, dialog.remote.sdp);
  const answered = await f.seat.next(m => m.type === 'answered') as {callId: string};
  return {dialog, callId: answered.callId};
}

/** A call talked for 1.5 s, hung up by the agent, and its recording filed: its call id. */
export async function recordedCall(t: ExecutionContext, f: Fixture): Promise<string> {
  const {callId} = await call(f);
  await sleep(1500);
  t.like(await f.seat.command({type: 'hangup', callId}), {type: 'ack'});
  f.caller.stop();
  f.agent.stop();
  await f.center.sink.waitFor(x => x.callId === callId && x.recording?.recorded === true);
  return callId;
}
