// Turns what rtpengine captured for a call (pcap files under its recording dir) into the call's
// stereo WAV under the recordings directory, and cleans up after itself: the pcap and metadata
// files are removed once the WAV is written. Also the daily clean-up of recordings past retention.
import fs from 'node:fs/promises';
import path from 'node:path';
import type {RecordingOutcome} from '../../src/sip/media-port.ts';
import {readPcap, type UdpDatagram} from './pcap.ts';
import {stereoRecording, type Party} from './recording-wav.ts';

export type RecorderOptions = {
  /** rtpengine's --recording-dir (pcaps/, metadata/, tmp/ beneath it). */
  readonly spoolDir: string;
  /** Where WAVs go: <recordingsDir>/<day>/<name>.wav. */
  readonly recordingsDir: string;
  /** How long to wait for rtpengine to close a call's files after `delete`. */
  readonly settleMs?: number;
};

/** A file-name-safe form of an id (rtpengine names its files after the ng call-id). */
export const safeName = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 120);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Less free space than this under the spool: a capture that went wrong is put down to the disk. */
const FULL_BELOW_BYTES = 64 * 1024;

/** rtpengine-meta-<call-id>-<hex>.tmp (or .txt once closed). */
const metaOf = (file: string, ngCallId: string) => file.startsWith(`rtpengine-meta-${ngCallId}-`) && /^-[0-9a-f]+\.\w+$/.test(file.slice(`rtpengine-meta-${ngCallId}`.length));

async function listing(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export class Recorder {
  constructor(readonly options: RecorderOptions) {}

  /** The pcap files of ng call `ngCallId` (rtpengine appends a random suffix). */
  async pcapsOf(ngCallId: string): Promise<string[]> {
    const dir = path.join(this.options.spoolDir, 'pcaps');
    const mine = new RegExp(`^${escapeRegExp(ngCallId)}-[0-9a-f]+\\.pcap$`);
    return (await listing(dir)).filter(f => mine.test(f)).map(f => path.join(dir, f));
  }

  /**
   * Writes the stereo WAV of ng call `ngCallId` as `<day>/<name>.wav`. `partyOf` tells caller from
   * agent packets (by the rtpengine port they arrived at). Never rejects: a failure is an outcome.
   */
  async file(ngCallId: string, day: string, name: string, partyOf: (d: UdpDatagram) => Party | undefined): Promise<RecordingOutcome> {
    try {
      await this.#settled(ngCallId);
      const pcaps = await this.pcapsOf(ngCallId);
      if (pcaps.length === 0) return {recorded: false, why: await this.#full() ?? `rtpengine wrote no capture for ${ngCallId} under ${this.options.spoolDir}`};
      const datagrams: UdpDatagram[] = [];
      for (const file of pcaps) datagrams.push(...readPcap(await fs.readFile(file)));
      const recording = stereoRecording(datagrams, partyOf);
      if (recording.packets.caller + recording.packets.agent === 0) {
        await this.#discard(ngCallId, pcaps);
        return {recorded: false, why: 'no G.711 audio reached the center (codec not PCMU/PCMA, or no RTP)'};
      }
      const relative = path.join(DAY.test(day) ? day : 'undated', `${safeName(name)}.wav`);
      const target = path.join(this.options.recordingsDir, relative);
      await fs.mkdir(path.dirname(target), {recursive: true});
      // Written aside and renamed: a reader never sees half a WAV.
      await fs.writeFile(`${target}.part`, recording.wav);
      await fs.rename(`${target}.part`, target);
      await this.#discard(ngCallId, pcaps);
      return {recorded: true, name: relative, durationMs: recording.durationMs, bytes: recording.wav.length};
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === 'ENOSPC') return {recorded: false, why: 'disk full while writing the recording'};
      return {recorded: false, why: await this.#full() ?? `recording conversion failed: ${e.message}`};
    }
  }

  /**
   * Why a capture is missing or cut when the spool's disk is full (rtpengine's writes fail
   * silently, leaving an empty or truncated pcap), else undefined.
   */
  async #full(): Promise<string | undefined> {
    const stats = await fs.statfs(this.options.spoolDir).catch(() => undefined);
    if (!stats || stats.bavail * stats.bsize >= FULL_BELOW_BYTES) return undefined;
    return `disk full: no space for the call's capture under ${this.options.spoolDir} (${Math.floor(stats.bavail * stats.bsize / 1024)} KiB free)`;
  }

  /** Deletes recordings of days older than `days` (by the day directory's name). Returns what went. */
  async prune(days: number, today: string): Promise<string[]> {
    if (!DAY.test(today)) throw new TypeError(`prune: expected today as YYYY-MM-DD, got ${today}`);
    const cutoff = Date.parse(`${today}T00:00:00Z`) - days * 86_400_000;
    const removed: string[] = [];
    for (const entry of await listing(this.options.recordingsDir)) {
      if (!DAY.test(entry) || Date.parse(`${entry}T00:00:00Z`) >= cutoff) continue;
      await fs.rm(path.join(this.options.recordingsDir, entry), {recursive: true, force: true});
      removed.push(entry);
    }
    return removed;
  }

  /** rtpengine moves a call's metadata from tmp/ to metadata/ once it has closed the call's files. */
  async #settled(ngCallId: string): Promise<void> {
    const deadline = Date.now() + (this.options.settleMs ?? 2000);
    const tmp = path.join(this.options.spoolDir, 'tmp');
    while (Date.now() < deadline) {
      const open = (await listing(tmp)).some(f => metaOf(f, ngCallId));
      if (!open) return;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }

  async #discard(ngCallId: string, pcaps: string[]): Promise<void> {
    const metadata = path.join(this.options.spoolDir, 'metadata');
    const metas = (await listing(metadata)).filter(f => metaOf(f, ngCallId)).map(f => path.join(metadata, f));
    await Promise.all([...pcaps, ...metas].map(f => fs.rm(f, {force: true})));
  }
}
