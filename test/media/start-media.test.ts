import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {MediaConfig} from '../../src/rules/config.ts';
import {startMedia} from '../../server/media/index.ts';
import {Recorder} from '../../server/media/recorder.ts';
import {mediaPortRange} from './media-ports.ts';

const tmp = (t: {teardown: (fn: () => void) => void}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-media-start-'));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  return dir;
};

test('media off by policy: signalling only, said why', async t => {
  const logs: Array<Record<string, unknown>> = [];
  const media = await startMedia({media: MediaConfig.parse({rtpengine: 'off'}), dataDir: tmp(t), log: e => logs.push(e)});
  t.false(media.port.status.anchored);
  t.is(media.port.status.why, 'recordings off: policy.media.rtpengine is "off"');
  t.false(media.port.open('x').anchored);
  t.true(logs.some(e => e.level === 'warn' && String(e.msg).includes('phone to phone')));
  await media.close();
});

test('embedded but rtpengine not installed: signalling only, said why', async t => {
  const media = await startMedia({media: MediaConfig.parse({}), dataDir: tmp(t), binary: '/nonexistent/rtpengine'});
  t.regex(media.port.status.why ?? '', /rtpengine is not installed/);
  await media.close();
});

test('embedded rtpengine that cannot start (bad interface): signalling only with its error', async t => {
  const media = await startMedia({media: MediaConfig.parse({interface: '203.0.113.77'}), dataDir: tmp(t), portRange: mediaPortRange()});
  t.false(media.port.status.anchored);
  t.regex(media.port.status.why ?? '', /recordings off: rtpengine/);
  t.is(media.process, undefined);
  await media.close();
});

test('embedded rtpengine: started, anchored, stopped with the center', async t => {
  const media = await startMedia({media: MediaConfig.parse({}), dataDir: tmp(t), portRange: mediaPortRange()});
  t.true(media.port.status.anchored, media.port.status.why);
  const pid = media.process!.pid;
  t.notThrows(() => process.kill(pid, 0));
  t.regex(media.port.metrics(), /zuoxi_media_up\{rtpengine="127\.0\.0\.1:\d+"\} 1/);
  await media.close();
  t.throws(() => process.kill(pid, 0), {code: 'ESRCH'});
});

test('retention: day directories older than the limit go, others stay', async t => {
  const dir = tmp(t);
  for (const day of ['2026-08-01', '2026-09-03', '2026-09-04', '2026-12-03', 'spool']) fs.mkdirSync(path.join(dir, day), {recursive: true});
  const recorder = new Recorder({spoolDir: path.join(dir, 'spool'), recordingsDir: dir});
  t.deepEqual((await recorder.prune(90, '2026-12-03')).sort(), ['2026-08-01', '2026-09-03']);
  t.deepEqual(fs.readdirSync(dir).sort(), ['2026-09-04', '2026-12-03', 'spool']);
  await t.throwsAsync(recorder.prune(90, 'today'), {instanceOf: TypeError});
});
