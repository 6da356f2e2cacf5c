// The queue's spoken prompts: the shipped defaults (server/media/prompts, made by
// scripts/make-prompts.sh) or a center's own files per queue, and announcements composed from
// pieces ("您前面还有" + "三" + "位来电在等候") into one WAV that rtpengine can play.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {decodeWav, encodeWav} from './wav.ts';

export type PromptLanguage = 'zh' | 'en';
export type PromptName = 'welcome' | 'out-of-hours' | 'music-on-hold';

/** Where the shipped prompts are. */
export const defaultPromptsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'prompts');

/** Largest number spoken as such; beyond it "more than 20". */
const MAX_SPOKEN = 20;

export type PromptSet = {
  readonly language: PromptLanguage;
  /** Per-prompt overrides (a center's own WAV files). */
  readonly files?: Partial<Record<PromptName, string>>;
  readonly dir?: string;
};

/** The file of prompt `name` for `set` (an override, else the shipped default). */
export function promptFile(name: PromptName, set: PromptSet): string {
  const own = set.files?.[name];
  if (own) return own;
  const dir = set.dir ?? defaultPromptsDir;
  return name === 'music-on-hold' ? path.join(dir, 'music-on-hold.wav') : path.join(dir, set.language, `${name}.wav`);
}

function numberParts(n: number): string[] {
  const whole = Math.max(0, Math.round(n));
  return whole > MAX_SPOKEN ? ['more-than', `n-${MAX_SPOKEN}`] : [`n-${whole}`];
}

/** Piece names of the queue announcement: position, then the expected wait in minutes when known. */
export function announcementParts(position: number, waitMinutes?: number): string[] {
  const parts = ['ahead-before', ...numberParts(position), 'ahead-after'];
  if (waitMinutes !== undefined) parts.push('wait-before', ...numberParts(Math.max(1, waitMinutes)), 'wait-after');
  return parts;
}

/**
 * Writes the announcement for `position` (callers ahead) and `waitMinutes` into `cacheDir` (once
 * per distinct text) and returns its path.
 */
export function composeAnnouncement(set: PromptSet, cacheDir: string, position: number, waitMinutes?: number): string {
  const parts = announcementParts(position, waitMinutes);
  const target = path.join(cacheDir, `${set.language}-${parts.join('+')}.wav`);
  if (fs.existsSync(target)) return target;
  const dir = path.join(set.dir ?? defaultPromptsDir, set.language);
  const pieces = parts.map(p => decodeWav(fs.readFileSync(path.join(dir, `${p}.wav`))));
  for (const piece of pieces) {
    if (piece.sampleRate !== pieces[0].sampleRate || piece.channels.length !== 1) throw new Error(`prompt pieces in ${dir} must all be mono at one sample rate`);
  }
  const total = pieces.reduce((n, p) => n + p.channels[0].length, 0);
  const joined = new Int16Array(total);
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece.channels[0], at);
    at += piece.channels[0].length;
  }
  fs.mkdirSync(cacheDir, {recursive: true});
  fs.writeFileSync(`${target}.part`, encodeWav({sampleRate: pieces[0].sampleRate, channels: [joined]}));
  fs.renameSync(`${target}.part`, target);
  return target;
}
