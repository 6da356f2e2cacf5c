import test from 'ava';
import {MediaConfig, PolicyConfig} from '../../src/rules/config.ts';

test('media defaults: embedded rtpengine, every call recorded for 90 days, ringback kept', t => {
  const media = PolicyConfig.parse({}).media;
  t.like(media, {rtpengine: 'embedded', interface: '127.0.0.1', portMin: 30000, portMax: 39999, language: 'zh', ringbackOnly: true, announceEverySeconds: 60});
  t.deepEqual(media.recording, {enabled: true, offForQueues: [], retentionDays: 90});
  t.deepEqual(media.prompts, {});
});

test('media: external rtpengines, per-queue prompts and recording off', t => {
  const media = MediaConfig.parse({rtpengine: ['10.0.0.5:2223', '[::1]:2223'], recording: {offForQueues: ['hr']}, prompts: {main: {language: 'en', welcome: '/srv/w.wav'}}});
  t.deepEqual(media.rtpengine, ['10.0.0.5:2223', '[::1]:2223']);
  t.deepEqual(media.recording.offForQueues, ['hr']);
  t.is(media.prompts.main.welcome, '/srv/w.wav');
  t.is(media.recording.retentionDays, 90, 'a partial recording section keeps the other defaults');
});

const refused = test.macro((t, input: unknown, path: string, message: RegExp) => {
  const result = MediaConfig.safeParse(input);
  t.false(result.success);
  const issue = result.error?.issues.find(i => i.path.join('.') === path);
  t.truthy(issue, JSON.stringify(result.error?.issues));
  t.regex(issue?.message ?? '', message);
});

test('refused: an rtpengine that is neither a mode nor HOST:PORT', refused, {rtpengine: ['localhost']}, 'rtpengine.0', /HOST:PORT/);
test('refused: an empty list of rtpengines', refused, {rtpengine: []}, 'rtpengine', /at least one/);
test('refused: a port range too small', refused, {portMin: 30000, portMax: 30001}, 'portMax', /at least 4 ports/);
test('refused: a port below 1024', refused, {portMin: 80}, 'portMin', /1024/);
test('refused: zero retention', refused, {recording: {retentionDays: 0}}, 'recording.retentionDays', /0|positive|>/i);
