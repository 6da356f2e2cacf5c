// A real rtpengine (userspace forwarding) between two RTP peers: offer/answer, recording into a
// stereo WAV checked by its tones, hold with music and no leak, resume, bad SDP, engine killed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import anyTest, {type TestFn} from 'ava';
import {findRtpengine, startRtpengine, type RtpEngineProcess} from '../../server/media/rtpengine-process.ts';
import {RtpEngine} from '../../server/media/rtpengine.ts';
import {RtpMedia} from '../../server/media/rtp-media.ts';
import {Recorder} from '../../server/media/recorder.ts';
import {dominantTone, sine} from '../../server/media/tone.ts';
import {decodeWav, encodeWav} from '../../server/media/wav.ts';
import {mediaPortRange} from './media-ports.ts';
import {RtpPeer, sleep} from './rtp-peer.ts';

type Context = {dir: string; engine: RtpEngineProcess; client: RtpEngine; media: RtpMedia; music: string};
const test = anyTest as TestFn<Context>;
const CALLER = 440;
const AGENT = 1000;
const MUSIC = 600;
const TONES = [CALLER, AGENT, MUSIC];

test.before(async t => {
  if (!findRtpengine()) throw new Error('rtpengine not on PATH (apt-get install rtpengine-daemon)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-media-'));
  const engine = await startRtpengine({interface: '127.0.0.1', ...mediaPortRange(), recordingDir: path.join(dir, 'spool')});
  const client = new RtpEngine({...engine.ng, pingEveryMs: 200, timeoutMs: 300});
  await client.ping();
  const music = path.join(dir, 'music.wav');
  fs.writeFileSync(music, encodeWav({sampleRate: 8000, channels: [sine(MUSIC, 8000 * 2)]}));
  const recorder = new Recorder({spoolDir: path.join(dir, 'spool'), recordingsDir: path.join(dir, 'recordings')});
  const media = new RtpMedia({engines: [client], recorder, holdMusic: () => music, recordQueue: q => q !== 'quiet'});
  t.context = {dir, engine, client, media, music};
});

test.after.always(async t => {
  await t.context.media?.close();
  t.context.client?.close();
  await t.context.engine?.stop();
  if (t.context.dir) fs.rmSync(t.context.dir, {recursive: true, force: true});
});

test.serial('a call through rtpengine: both hear each other, hold plays music without the agent, resume restores, the WAV has caller left and agent right', async t => {
  const {media} = t.context;
  t.true(media.status.anchored);
  const caller = await RtpPeer.open();
  const agent = await RtpPeer.open();
  t.teardown(() => { caller.close(); agent.close(); });
  const leg = media.open('call-1@example', {day: '2026-12-03', queue: 'general'});
  const toAgent = await leg.offer('caller', caller.sdp());
  t.not(toAgent, caller.sdp(), 'rtpengine rewrote the SDP toward the agent');
  const toCaller = await leg.answer('agent', agent.sdp());
  t.true(leg.anchored, leg.why);
  await leg.startRecording();
  const recordingFrom = Date.now();
  caller.sendTone(CALLER, toCaller);
  agent.sendTone(AGENT, toAgent);
  const callerHears = await caller.hears(AGENT, TONES, {min: 15});
  t.true(callerHears[AGENT]! >= 15, JSON.stringify(callerHears));
  const agentHears = await agent.hears(CALLER, TONES, {min: 15});
  t.true(agentHears[CALLER]! >= 15, JSON.stringify(agentHears));

  await leg.hold();
  const held = Date.now() + 150;
  await sleep(1200);
  const onHold = caller.tonesSince(held, TONES, Date.now());
  t.true(onHold[MUSIC] >= 20, `caller hears music on hold: ${JSON.stringify(onHold)}`);
  t.is(onHold[AGENT], 0, `nothing of the agent on hold: ${JSON.stringify(onHold)}`);
  t.is(agent.tonesSince(held, TONES, Date.now())[CALLER], 0, 'the agent hears nothing of the caller on hold');

  await leg.resume();
  const resumed = Date.now() + 150;
  await sleep(1000);
  const after = caller.tonesSince(resumed, TONES, Date.now());
  t.true(after[AGENT] >= 15, `agent again after resume: ${JSON.stringify(after)}`);
  t.is(after[MUSIC], 0, `music stopped: ${JSON.stringify(after)}`);
  t.true(agent.tonesSince(resumed, TONES, Date.now())[CALLER] >= 15);

  caller.stop();
  agent.stop();
  const outcome = await leg.close();
  t.true(outcome?.recorded, JSON.stringify(outcome));
  if (!outcome?.recorded) return;
  t.is(outcome.name, path.join('2026-12-03', 'call-1_example.wav'));
  const file = path.join(t.context.dir, 'recordings', outcome.name);
  t.is(fs.statSync(file).size, outcome.bytes);
  const talked = Date.now() - recordingFrom;
  t.true(outcome.durationMs > 2000 && outcome.durationMs <= talked, `duration ${outcome.durationMs} ms of ${talked} ms`);
  const wav = decodeWav(fs.readFileSync(file));
  t.is(wav.sampleRate, 8000);
  t.is(wav.channels.length, 2);
  const [left, right] = wav.channels;
  const middle = (c: Int16Array) => c.subarray(8 * 200, c.length - 8 * 200);
  t.is(dominantTone(middle(left), TONES), CALLER, 'caller on the left');
  t.is(dominantTone(middle(right), TONES), AGENT, 'agent on the right');
  t.deepEqual(fs.readdirSync(path.join(t.context.dir, 'spool', 'pcaps')).filter(f => f.includes('call-1')), [], 'the capture is removed once filed');
  t.deepEqual(await leg.close(), outcome, 'closing twice is harmless');
});

test.serial('a queue with recording off: the outcome says so; no WAV', async t => {
  const caller = await RtpPeer.open();
  const agent = await RtpPeer.open();
  t.teardown(() => { caller.close(); agent.close(); });
  const leg = t.context.media.open('call-quiet', {day: '2026-12-03', queue: 'quiet'});
  await leg.offer('caller', caller.sdp());
  await leg.answer('agent', agent.sdp());
  await leg.startRecording();
  t.deepEqual(await leg.close(), {recorded: false, why: 'recording off for queue quiet'});
});

test.serial('an SDP rtpengine refuses: the call falls back to phone to phone and says why', async t => {
  const leg = t.context.media.open('call-bad', {day: '2026-12-03'});
  const garbage = 'v=0\r\nthis is not sdp\r\n';
  t.is(await leg.offer('caller', garbage), garbage);
  t.false(leg.anchored);
  t.regex(leg.why ?? '', /recordings off: rtpengine offer failed/);
  t.is(await leg.answer('agent', 'v=0\r\n'), 'v=0\r\n');
  await leg.startRecording();
  const outcome = await leg.close();
  t.false(outcome?.recorded);
});

test.serial('the agent offering first (a callback leg) and a re-INVITE from the caller', async t => {
  const caller = await RtpPeer.open();
  const agent = await RtpPeer.open();
  t.teardown(() => { caller.close(); agent.close(); });
  const leg = t.context.media.open('callback-1', {day: '2026-12-03'});
  const toCaller = await leg.offer('agent', agent.sdp());
  const toAgent = await leg.answer('caller', caller.sdp());
  // The caller re-INVITEs (a new version of its SDP): the ports toward both stay usable.
  const reToAgent = await leg.offer('caller', caller.sdp(2));
  const reToCaller = await leg.answer('agent', agent.sdp(2));
  t.true(leg.anchored, leg.why);
  caller.sendTone(CALLER, reToCaller);
  agent.sendTone(AGENT, reToAgent);
  const callerHears = await caller.hears(AGENT, TONES, {min: 15});
  t.true(callerHears[AGENT]! >= 15, JSON.stringify(callerHears));
  const agentHears = await agent.hears(CALLER, TONES, {min: 15});
  t.true(agentHears[CALLER]! >= 15, JSON.stringify(agentHears));
  t.truthy(toCaller && toAgent);
  await leg.close();
});

test.serial('listen-in: a listener receives both parties; caller and agent are unchanged; stopping ends the copy', async t => {
  const caller = await RtpPeer.open();
  const agent = await RtpPeer.open();
  const lead = await RtpPeer.open();
  t.teardown(() => { caller.close(); agent.close(); lead.close(); });
  const leg = t.context.media.open('call-listen', {day: '2026-12-03'});
  const toAgent = await leg.offer('caller', caller.sdp());
  const toCaller = await leg.answer('agent', agent.sdp());
  caller.sendTone(CALLER, toCaller);
  agent.sendTone(AGENT, toAgent);
  const offer = await leg.listenOffer('9001');
  t.truthy(offer);
  const sections = [...(offer ?? '').matchAll(/^m=audio \d+ RTP\/AVP ([\d ]+)/gm)];
  t.is(sections.length, 2, `one audio section per party:\n${offer}`);
  // The lead's phone takes both sections on its one port, receive only.
  const answer = ['v=0', 'o=- 7 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
    ...sections.flatMap(() => [`m=audio ${lead.port} RTP/AVP 0`, 'a=rtpmap:0 PCMU/8000', 'a=recvonly']), ''].join('\r\n');
  await leg.listenAnswer('9001', answer);
  const since = Date.now();
  await sleep(1000);
  const heard = lead.tonesSince(since, TONES);
  t.true(heard[CALLER] >= 15 && heard[AGENT] >= 15, `the listener hears both: ${JSON.stringify(heard)}`);
  t.true(caller.tonesSince(since, TONES)[AGENT] >= 15, 'the caller still hears the agent');
  t.true(agent.tonesSince(since, TONES)[CALLER] >= 15, 'the agent still hears the caller');
  await leg.stopListening('9001');
  const stopped = Date.now() + 150;
  await sleep(600);
  t.deepEqual(lead.tonesSince(stopped, TONES), {none: 0, [CALLER]: 0, [AGENT]: 0, [MUSIC]: 0});
  await leg.close();
});

test.serial('rtpengine killed: health goes down, new calls fall back with a metric, the old leg closes cleanly', async t => {
  const {media, client, engine} = t.context;
  const leg = media.open('call-before-kill', {day: '2026-12-03'});
  const caller = await RtpPeer.open();
  t.teardown(() => caller.close());
  await leg.offer('caller', caller.sdp());
  process.kill(engine.pid, 'SIGKILL');
  await engine.exited;
  for (let i = 0; i < 40 && client.healthy; i++) await sleep(100);
  t.false(client.healthy);
  t.false(media.status.anchored);
  const after = media.open('call-after-kill');
  t.false(after.anchored);
  t.regex(after.why ?? '', /recordings off: rtpengine not answering/);
  t.regex(media.metrics(), /zuoxi_media_fallback_calls_total 1/);
  t.regex(media.metrics(), /zuoxi_media_up\{rtpengine="127.0.0.1:\d+"\} 0/);
  const outcome = await leg.close();
  t.is(outcome, undefined);
});
