import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {announcementParts, composeAnnouncement, defaultPromptsDir, promptFile} from '../../server/media/prompts.ts';
import {decodeWav} from '../../server/media/wav.ts';

const durationOf = (file: string) => {
  const wav = decodeWav(fs.readFileSync(file));
  return wav.channels[0].length / wav.sampleRate;
};

test('the shipped prompts are 8 kHz mono 16-bit, in zh and en, and small', t => {
  let bytes = 0;
  for (const language of ['zh', 'en'] as const) {
    for (const name of ['welcome', 'out-of-hours', 'music-on-hold'] as const) {
      const file = promptFile(name, {language});
      const wav = decodeWav(fs.readFileSync(file));
      t.is(wav.sampleRate, 8000, file);
      t.is(wav.channels.length, 1, file);
      t.true(durationOf(file) > 1, `${file} has speech or music`);
    }
    for (const part of [...announcementParts(20, 20), 'more-than']) t.true(fs.existsSync(path.join(defaultPromptsDir, language, `${part}.wav`)), `${language}/${part}`);
  }
  for (const entry of fs.readdirSync(defaultPromptsDir, {recursive: true, withFileTypes: true})) {
    if (entry.isFile()) bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  t.true(bytes < 1.5 * 1024 * 1024, `prompts total ${bytes} bytes`);
});

test('a queue\'s own prompt file overrides the default', t => {
  t.is(promptFile('welcome', {language: 'en', files: {welcome: '/srv/own.wav'}}), '/srv/own.wav');
  t.is(promptFile('music-on-hold', {language: 'en'}), path.join(defaultPromptsDir, 'music-on-hold.wav'));
});

test('announcements: position and wait composed from pieces, numbers over 20 said as "more than 20"', t => {
  t.deepEqual(announcementParts(3), ['ahead-before', 'n-3', 'ahead-after']);
  t.deepEqual(announcementParts(0, 0), ['ahead-before', 'n-0', 'ahead-after', 'wait-before', 'n-1', 'wait-after']);
  t.deepEqual(announcementParts(35, 4.4), ['ahead-before', 'more-than', 'n-20', 'ahead-after', 'wait-before', 'n-4', 'wait-after']);
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-prompts-'));
  t.teardown(() => fs.rmSync(cache, {recursive: true, force: true}));
  const file = composeAnnouncement({language: 'zh'}, cache, 3, 2);
  const pieces = announcementParts(3, 2).map(p => durationOf(path.join(defaultPromptsDir, 'zh', `${p}.wav`)));
  t.true(Math.abs(durationOf(file) - pieces.reduce((a, b) => a + b, 0)) < 0.001);
  t.is(composeAnnouncement({language: 'zh'}, cache, 3, 2), file, 'cached');
});
