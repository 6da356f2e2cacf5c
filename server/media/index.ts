// The center's media as `zuoxi server` runs it: from policy.media, an embedded rtpengine (a child
// process), external rtpengines, or none — in which case every call is signalling only, and that
// is said once at start (the returned `status.why`) and in each call's record. Never fails the
// center: an rtpengine that cannot start is a warning and signalling only.
import path from 'node:path';
import type {MediaConfig} from '../../src/rules/config.ts';
import {NoMedia, RECORDINGS_OFF, type MediaPort} from '../../src/sip/media-port.ts';
import {composeAnnouncement, promptFile} from './prompts.ts';
import {Recorder} from './recorder.ts';
import {RtpMedia} from './rtp-media.ts';
import {findRtpengine, startRtpengine, type RtpEngineProcess} from './rtpengine-process.ts';
import {RtpEngine} from './rtpengine.ts';

export type CenterMedia = {
  readonly port: MediaPort;
  /** The embedded rtpengine, when one runs. */
  readonly process?: RtpEngineProcess;
  readonly recorder?: Recorder;
  close(): Promise<void>;
};

export type StartMediaOptions = {
  readonly media: MediaConfig;
  /** The center's data directory: recordings go to <dataDir>/recordings. */
  readonly dataDir: string;
  readonly log?: (entry: Record<string, unknown>) => void;
  /** rtpengine binary (tests); default: rtpengine on PATH. */
  readonly binary?: string;
  /** Port range override for the embedded rtpengine (tests running several centers). */
  readonly portRange?: {readonly portMin: number; readonly portMax: number};
  /** A queued call's standing (callers ahead, expected wait) for the queue announcement; absent: none. */
  readonly standing?: (callId: string) => {readonly ahead: number; readonly waitMinutes?: number} | undefined;
  /** Announcement pieces (<dir>/<language>/ahead-before.wav …); default: the shipped prompts (tests use tones). */
  readonly promptsDir?: string;
  /** Today's day key (YYYY-MM-DD) for the retention clean-up; default: from the clock (UTC). */
  readonly today?: () => string;
};

const DAY_MS = 86_400_000;

export async function startMedia(options: StartMediaOptions): Promise<CenterMedia> {
  const {media} = options;
  const log = options.log ?? (() => {});
  const off = (why: string): CenterMedia => {
    log({level: 'warn', msg: `media: ${why}; calls go phone to phone`});
    return {port: new NoMedia(why), close: () => Promise.resolve()};
  };
  if (media.rtpengine === 'off') return off(`${RECORDINGS_OFF}: policy.media.rtpengine is "off"`);

  const recordingsDir = path.join(options.dataDir, 'recordings');
  const spoolDir = path.join(recordingsDir, 'spool');
  let closing = false;
  let child: RtpEngineProcess | undefined;
  let engines: RtpEngine[];
  if (media.rtpengine === 'embedded') {
    if (!findRtpengine(options.binary)) return off(`${RECORDINGS_OFF}: rtpengine is not installed (Debian package rtpengine-daemon)`);
    try {
      child = await startRtpengine({
        interface: media.interface, portMin: options.portRange?.portMin ?? media.portMin, portMax: options.portRange?.portMax ?? media.portMax,
        recordingDir: spoolDir, ...(options.binary ? {binary: options.binary} : {}), log,
      });
    } catch (error) {
      return off(`${RECORDINGS_OFF}: ${(error as Error).message}`);
    }
    engines = [new RtpEngine({...child.ng, pingEveryMs: 1000, log})];
    const embedded = child;
    void embedded.exited.then(({code, signal}) => {
      if (!closing) log({level: 'error', msg: 'embedded rtpengine exited: new calls are signalling only', code, signal});
    });
  } else {
    engines = media.rtpengine.map(address => {
      const i = address.lastIndexOf(':');
      return new RtpEngine({host: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)), pingEveryMs: 1000, log});
    });
  }
  await Promise.all(engines.map(e => e.ping()));
  const recorder = new Recorder({spoolDir, recordingsDir});
  const queuePrompts = (queue: string | undefined) => (queue ? media.prompts[queue] : undefined) ?? {};
  const port = new RtpMedia({
    engines, recorder, log,
    recordQueue: queue => media.recording.enabled && !(queue && media.recording.offForQueues.includes(queue)),
    welcome: queue => {
      const own = queuePrompts(queue);
      return promptFile('welcome', {language: own.language ?? media.language, files: own.welcome ? {welcome: own.welcome} : {}});
    },
    ...(options.standing ? {announceEveryMs: media.announceEverySeconds * 1000} : {}),
    announcement: (queue, callId) => {
      const at = options.standing?.(callId);
      if (!at) return undefined;
      const own = queuePrompts(queue);
      try {
        return composeAnnouncement({language: own.language ?? media.language, ...(options.promptsDir ? {dir: options.promptsDir} : {})}, path.join(options.dataDir, 'prompt-cache'), at.ahead, at.waitMinutes);
      } catch (error) {
        log({level: 'warn', msg: 'queue announcement not composed', error: (error as Error).message});
        return undefined;
      }
    },
    holdMusic: queue => {
      const own = queuePrompts(queue);
      return promptFile('music-on-hold', {language: own.language ?? media.language, files: own.musicOnHold ? {'music-on-hold': own.musicOnHold} : {}});
    },
  });
  if (!port.status.anchored) log({level: 'warn', msg: `media: ${port.status.why}; calls go phone to phone until it answers`});
  else log({level: 'info', msg: 'media: calls carried by rtpengine, recorded', recordings: recordingsDir, rtpengine: engines.map(e => e.address)});

  // Retention: the daily clean-up of recordings past policy.media.recording.retentionDays.
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  const prune = () => recorder.prune(media.recording.retentionDays, today())
    .then(removed => { if (removed.length) log({level: 'info', msg: 'recordings past retention deleted', days: removed}); })
    .catch((error: Error) => log({level: 'warn', msg: 'recording clean-up failed', error: error.message}));
  void prune();
  const daily = setInterval(() => void prune(), DAY_MS);
  daily.unref();

  return {
    port, recorder, ...(child ? {process: child} : {}),
    async close() {
      closing = true;
      clearInterval(daily);
      await port.close();
      for (const engine of engines) engine.close();
      await child?.stop();
    },
  };
}
