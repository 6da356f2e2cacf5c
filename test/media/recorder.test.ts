// The recorder's failure paths: each is an outcome ("not recorded: why"), never a throw.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {encodeUlaw} from '../../server/media/g711.ts';
import {writePcap} from '../../server/media/pcap.ts';
import {Recorder} from '../../server/media/recorder.ts';
import {buildRtp} from '../../server/media/rtp.ts';
import {sine} from '../../server/media/tone.ts';

function spool(t: {teardown: (fn: () => void) => void}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-recorder-'));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  for (const sub of ['pcaps', 'metadata', 'tmp']) fs.mkdirSync(path.join(dir, 'spool', sub), {recursive: true});
  return dir;
}

const capture = (port: number) => writePcap(Array.from({length: 50}, (_, i) => ({
  atMs: 1_800_000_000_000 + i * 20, src: '127.0.0.1', srcPort: 5000, dst: '127.0.0.1', dstPort: port,
  payload: buildRtp({payloadType: 0, marker: false, sequence: i, timestamp: i * 160, ssrc: 7, payload: encodeUlaw(sine(440, 160, {from: i * 160}))}),
})));

test('a filed recording: the WAV is written, the capture and its metadata removed', async t => {
  const dir = spool(t);
  fs.writeFileSync(path.join(dir, 'spool', 'pcaps', 'zx_a_1-0123abcd.pcap'), capture(40000));
  fs.writeFileSync(path.join(dir, 'spool', 'pcaps', 'zx_a_10-0123abcd.pcap'), capture(40000));
  fs.writeFileSync(path.join(dir, 'spool', 'metadata', 'rtpengine-meta-zx_a_1-0123abcd.txt'), 'x');
  const recorder = new Recorder({spoolDir: path.join(dir, 'spool'), recordingsDir: path.join(dir, 'rec')});
  const outcome = await recorder.file('zx_a_1', '2026-12-03', 'a@b', () => 'caller');
  t.like(outcome, {recorded: true, name: path.join('2026-12-03', 'a_b.wav'), durationMs: 1000});
  t.deepEqual(fs.readdirSync(path.join(dir, 'spool', 'pcaps')), ['zx_a_10-0123abcd.pcap'], 'another call\'s capture is left alone');
  t.deepEqual(fs.readdirSync(path.join(dir, 'spool', 'metadata')), []);
});

test('no capture, no G.711, an unwritable directory: each an outcome saying why', async t => {
  const dir = spool(t);
  const recorder = new Recorder({spoolDir: path.join(dir, 'spool'), recordingsDir: path.join(dir, 'rec'), settleMs: 50});
  const none = await recorder.file('zx_none_1', '2026-12-03', 'none', () => 'caller');
  t.regex(none.recorded ? '' : none.why, /wrote no capture/);

  fs.writeFileSync(path.join(dir, 'spool', 'pcaps', 'zx_b_1-00ff.pcap'), capture(40000));
  const unknown = await recorder.file('zx_b_1', '2026-12-03', 'b', () => undefined);
  t.regex(unknown.recorded ? '' : unknown.why, /no G\.711 audio/);

  fs.writeFileSync(path.join(dir, 'spool', 'pcaps', 'zx_c_1-00ff.pcap'), capture(40000));
  fs.writeFileSync(path.join(dir, 'blocked'), 'a file where the recordings directory should be');
  const blocked = new Recorder({spoolDir: path.join(dir, 'spool'), recordingsDir: path.join(dir, 'blocked'), settleMs: 50});
  const failed = await blocked.file('zx_c_1', '2026-12-03', 'c', () => 'agent');
  t.regex(failed.recorded ? '' : failed.why, /recording conversion failed: .*(ENOTDIR|EEXIST)/);

  fs.writeFileSync(path.join(dir, 'spool', 'pcaps', 'zx_d_1-00ff.pcap'), Buffer.from('not a capture at all, just text'));
  const broken = await recorder.file('zx_d_1', '2026-12-03', 'd', () => 'agent');
  t.regex(broken.recorded ? '' : broken.why, /not a pcap file/);
});
