// linphone (linphonec 5.1, Debian 12) against the center, as the issue measured it failing
// before SDP bodies carried their Content-Type: as the agent's phone it rings and is answered,
// as a caller it stays up after the answer; audio through the embedded rtpengine both ways
// (what each linphone recorded, decoded), hold gives the caller music and none of the agent,
// resume restores, and the recording has the caller left and the agent right.
import test from 'ava';
import {demoPhonePassword} from '../../src/config.ts';
import {AGENT, CALLER, MUSIC, TONES} from '../media/media-fixture.ts';
import {sleep} from '../media/rtp-peer.ts';
import {Seat, tempDir} from '../sip/helpers.ts';
import {framesByTone, readMono, toneOf} from './audio.ts';
import {center, checkRecording} from './interop-center.ts';
import {Linphone} from './linphone.ts';

test('linphone as a handset agent phone and as a caller: rings, answered, both hear each other; hold plays music without the agent; resume; recorded', async t => {
  const c = await center(t, 'handset');
  const agent = await Linphone.start(t, tempDir(t), {toneHz: AGENT, account: {user: '1001', password: demoPhonePassword('1001'), realm: c.config.center.realm, registrar: `127.0.0.1:${c.sipPort}`}});
  await agent.registered();
  const seat = await Seat.open(t, c, '1001');
  await seat.command({type: 'set-state', state: 'ready'});
  const caller = await Linphone.start(t, tempDir(t), {toneHz: CALLER, identity: 'sip:13800138000@127.0.0.1'});
  caller.send(`call sip:12345@127.0.0.1:${c.sipPort}`);
  await agent.event('incoming');
  agent.send('answer');
  const {callId} = await seat.next(m => m.type === 'answered') as {callId: string};
  await caller.event('connected');
  await agent.event('media');
  await sleep(2000);
  t.like(await seat.command({type: 'hold', callId}), {type: 'ack'});
  await sleep(2000);
  t.like(await seat.command({type: 'resume', callId}), {type: 'ack'});
  await sleep(2000);
  t.false([...agent.events, ...caller.events].some(e => e.type === 'ended'), 'neither phone dropped the call');
  t.like(await seat.command({type: 'hangup', callId}), {type: 'ack'});
  await caller.event('ended');
  await agent.event('ended');
  await Promise.all([agent.close(), caller.close()]);

  const heardByAgent = readMono(agent.heardFile);
  t.is(toneOf(heardByAgent.samples, heardByAgent.rate, TONES), CALLER, 'the agent\'s linphone heard the caller');
  const heardByCaller = readMono(caller.heardFile);
  const frames = framesByTone(heardByCaller.samples, heardByCaller.rate, TONES);
  t.true((frames.get(AGENT) ?? 0) >= 150, `the caller heard the agent before hold and after resume: ${JSON.stringify([...frames])}`);
  t.true((frames.get(MUSIC) ?? 0) >= 60, `the caller heard music on hold: ${JSON.stringify([...frames])}`);
  // On hold the caller hears music and nothing of the agent: the agent's frames are the talk
  // before hold and after resume only (2 s each, 50 frames a second, some slack either side).
  t.true((frames.get(AGENT) ?? 0) <= 260, `no agent audio on hold: ${JSON.stringify([...frames])}`);
  await checkRecording(t, c, callId, CALLER, AGENT);
});
