// The center the softphone tests call through: one agent (1001) in the given phone mode, media
// through a real embedded rtpengine with a music-on-hold tone, and how a call's recording is checked.
import fs from 'node:fs';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import {sine} from '../../server/media/tone.ts';
import {decodeWav, encodeWav} from '../../server/media/wav.ts';
import {MUSIC, TONES} from '../media/media-fixture.ts';
import {mediaPortRange} from '../media/media-ports.ts';
import {centerFor, tempDir, testConfig, type TestCenter} from '../sip/helpers.ts';
import {toneOf} from './audio.ts';

export type Mode = 'auto-answer' | 'handset';

export async function center(t: ExecutionContext, mode: Mode): Promise<TestCenter> {
  const dir = tempDir(t);
  const musicOnHold = path.join(dir, 'music.wav');
  fs.writeFileSync(musicOnHold, encodeWav({sampleRate: 8000, channels: [sine(MUSIC, 8000 * 3)]}));
  const config = testConfig(path.join(dir, 'center'), 1, {media: {prompts: {main: {musicOnHold}}}});
  for (const agent of config.agents) agent.phone.mode = mode;
  return centerFor(t, config, {media: {portRange: mediaPortRange()}});
}

/** The call's recording: the caller's tone on the left, the agent's on the right. */
export async function checkRecording(t: ExecutionContext, c: TestCenter, callId: string, left: number, right: number): Promise<void> {
  const facts = await c.sink.waitFor(x => x.callId === callId && x.recording !== undefined);
  t.true(facts.recording?.recorded, JSON.stringify(facts.recording));
  if (!facts.recording?.recorded) return;
  const channels = decodeWav(fs.readFileSync(path.join(c.dataDir, 'recordings', facts.recording.name))).channels;
  t.is(toneOf(channels[0]!, 8000, TONES), left, 'the caller on the left');
  t.is(toneOf(channels[1]!, 8000, TONES), right, 'the agent on the right');
}

