// The media facts of a call (R-24): its recording (or why there is none) and the leads'
// listen-ins. They arrive beside the ACD's facts — a recording is filed after the call ended,
// a listen-in ends whenever the lead hangs up — and every facts write is a whole snapshot
// (facts-sink.ts), so the ACD's later writes must carry them, and a call's final facts wait
// for its recording.
import type {CallFacts, ListenFact} from '../sync/schema.ts';
import type {RecordingOutcome} from './media-port.ts';

type Extras = {recording?: RecordingOutcome; listens: ListenFact[]};

export type MediaFactsOptions = {
  readonly write: (facts: CallFacts) => void;
  /** The ACD's facts of a call it still tracks. */
  readonly tracked: (callId: string) => CallFacts | undefined;
  readonly log: (entry: Record<string, unknown>) => void;
};

export class MediaFacts {
  readonly #options: MediaFactsOptions;
  /** Media facts of calls the ACD still tracks: every later facts write carries them. */
  readonly #extras = new Map<string, Extras>();
  /** Final facts of answered calls whose recording is still being filed (the ACD let them go). */
  readonly #awaiting = new Map<string, CallFacts>();

  constructor(options: MediaFactsOptions) {
    this.#options = options;
  }

  /** The ACD wrote `facts`: written with the media facts known so far. */
  facts(facts: CallFacts): void {
    const extras = this.#extras.get(facts.callId);
    const full = this.#with(facts, extras);
    if (facts.wrapEndedAt !== undefined) {
      if (extras?.recording) this.#extras.delete(facts.callId);
      else if (facts.answeredAt !== undefined) this.#awaiting.set(facts.callId, full);
      else this.#extras.delete(facts.callId);
    }
    this.#options.write(full);
  }

  /** The call's recording (name, duration, size) or why there is none. */
  recorded(callId: string, outcome: RecordingOutcome): void {
    this.#add(callId, 'recording', extras => {
      extras.recording = outcome;
    }, {outcome});
  }

  /** a lead's listen-in ended after `ms`. */
  listened(callId: string, listen: ListenFact): void {
    this.#add(callId, 'listen-in', extras => {
      extras.listens.push(listen);
    }, {listen});
  }

  #add(callId: string, what: string, change: (extras: Extras) => void, detail: Record<string, unknown>): void {
    const tracked = this.#options.tracked(callId);
    const awaiting = this.#awaiting.get(callId);
    if (tracked && !awaiting) {
      const extras = this.#extras.get(callId) ?? {listens: []};
      change(extras);
      this.#extras.set(callId, extras);
      this.#options.write(this.#with(tracked, extras));
      return;
    }
    if (awaiting) {
      const extras: Extras = {...(awaiting.recording ? {recording: awaiting.recording} : {}), listens: [...(awaiting.listens ?? [])]};
      change(extras);
      const full = this.#with(awaiting, extras);
      // The recording was the last fact the call waited for.
      if (extras.recording) {
        this.#awaiting.delete(callId);
        this.#extras.delete(callId);
      } else {
        this.#awaiting.set(callId, full);
      }
      this.#options.write(full);
      return;
    }
    this.#options.log({level: 'warn', msg: `${what} for a call no longer tracked`, callId, ...detail});
  }

  #with(facts: CallFacts, extras: Extras | undefined): CallFacts {
    if (!extras) return facts;
    return {
      ...facts,
      ...(extras.recording ? {recording: extras.recording} : {}),
      ...(extras.listens.length > 0 ? {listens: [...extras.listens]} : {}),
    };
  }
}
