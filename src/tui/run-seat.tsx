// Starts the seat on the given streams: the CLI passes the process's, the demo runs it in-process.
import path from 'node:path';
import process from 'node:process';
import {render} from 'ink';
import type {PolicyConfig} from '../rules/config.ts';
import {defaultPolicy} from '../rules/config.ts';
import {localTime} from '../rules/calendar.ts';
import type {Lang} from './i18n.ts';
import {LocalRecords, type RecordSink} from '../client/seat-records.ts';
import {SeatApp, type SignedIn} from './SeatApp.tsx';
import {SeatSession} from '../client/seat-session.ts';
import {seatSink} from '../client/seat-sync.ts';
import {realTicker} from './ticker.ts';
import {frameDiffStream} from './frame-diff.ts';

export type SinkContext = {
  readonly hubUrl: string;
  readonly agent: string;
  readonly pin: string;
  readonly team: string;
  readonly day: string;
  readonly records: LocalRecords;
};

export type RunSeatOptions = {
  /** Hub base URL, e.g. ws://127.0.0.1:7070. */
  readonly hubUrl: string;
  readonly agent?: string;
  /** Absent: the sign-in screen asks. */
  readonly pin?: string;
  readonly lang?: Lang;
  /** Where the seat keeps its day file (drafts survive a crash). */
  readonly dataDir: string;
  /** Before sign-in, and when the switch sends no usable policy; otherwise the center's (welcome) rules. */
  readonly policy?: PolicyConfig;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  /** Forwards edits to the synced call log once signed in; default: the hub's calls/<team>/<day>. */
  readonly sink?: (context: SinkContext) => Promise<(RecordSink & {close?(): Promise<void> | void}) | undefined>;
  /** How long sign-in waits for the hub before saying it is out of reach (ms). */
  readonly reachWithinMs?: number;
};

/** Runs the seat until the agent quits (Ctrl+C); resolves with the exit code. */
export async function runSeat(options: RunSeatOptions): Promise<number> {
  const fallback = options.policy ?? defaultPolicy();
  let opened: {session: SeatSession; records?: LocalRecords; sink?: {close?(): Promise<void> | void}} | undefined;
  const signIn = async (agent: string, pin: string): Promise<SignedIn> => {
    const session = new SeatSession({hubUrl: options.hubUrl, agent, pin});
    // Known from the first message on, so a quit or a signal during sign-in still signs out.
    opened = {session};
    let profile;
    try {
      // A hub out of reach is said within seconds (the sign-in screen offers a retry).
      profile = await session.start({reachWithinMs: options.reachWithinMs ?? 5000});
    } catch (error) {
      session.stop();
      throw error;
    }
    // The seat runs on the center's policy, as the switch does (ring period, ACW, R-10 nudges).
    const policy = profile.policy && !profile.policyWarning ? profile.policy : fallback;
    const day = localTime(Date.now(), policy).date;
    const records = new LocalRecords({file: path.join(options.dataDir, `seat-${agent}.json`), day, owner: agent, complaintActWithinHours: policy.complaints.actWithinHours});
    const context = {hubUrl: options.hubUrl, agent, pin, team: profile.team, day, records};
    const sink = options.sink ? await options.sink(context) : await seatSink({...context, dir: options.dataDir, policy});
    records.attach(sink);
    opened = {session, records, sink};
    const notices = [...(profile.policyWarning ? [profile.policyWarning] : []), ...records.problems];
    return {session, records, policy, ...(notices.length > 0 ? {notice: notices.join('; ')} : {})};
  };
  const stdout = options.stdout;
  // Ctrl+C is the seat's own key (exitOnCtrlC off): during a live call it asks before quitting.
  const instance = render(
    <SeatApp lang={options.lang ?? 'zh-CN'} policy={fallback} ticker={realTicker} agent={options.agent} pin={options.pin} signIn={signIn}
      bell={() => stdout.write('\u0007')}/>,
    {stdin: options.stdin, stdout: frameDiffStream(stdout), exitOnCtrlC: false, patchConsole: false, incrementalRendering: false, maxFps: 20},
  );
  // The terminal going away (SIGHUP) or a service stop (SIGTERM) signs out as quitting does,
  // instead of leaving calls offered to a seat nobody sees for the 30 s grace.
  const onSignal = () => instance.unmount();
  process.once('SIGHUP', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGHUP', onSignal);
    process.off('SIGTERM', onSignal);
    // quitting signs the agent out at once (no 30 s grace with calls still offered to it);
    // a refusal (live call) or an unreachable switch still closes the seat.
    await opened?.session.signOut().catch(() => {});
    await opened?.sink?.close?.();
    instance.cleanup();
  }
  return 0;
}
