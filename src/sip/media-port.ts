// The switch's port to a media engine. A call's audio either flows phone to phone (signalling
// only: SDP passes through untouched) or is anchored in a media engine (server/media: rtpengine)
// that can play prompts and music, block a direction and record. The switch talks only to this
// interface, so it never imports server/, and works the same with or without media.
//
// A MediaLeg lives as long as the SIP legs it carries: opened when the call arrives, offer/answer
// for each SDP exchange (first INVITE, re-INVITEs, a transfer's new far end), play/block/record in
// between, and close() on every way the call ends, failures included.

/** Whose audio: the customer's leg, or the far leg (agent phone, transfer target, callback phone). */
export type MediaSide = 'caller' | 'agent';

/** What became of a call's recording: a fact on the call's record either way. */
export type RecordingOutcome =
  | {readonly recorded: true; readonly name: string; readonly durationMs: number; readonly bytes: number}
  | {readonly recorded: false; readonly why: string};

export type PlayOptions = {
  /** Play again and again until stopped (music). */
  readonly loop?: boolean;
};

/** Why a call carries no media through the center, in the words the record and the log use. */
export const RECORDINGS_OFF = 'recordings off';

export interface MediaLeg {
  /** Whether the engine carries this call's audio now (false: phone to phone). */
  readonly anchored: boolean;
  /** When not anchored: why (said in the call's facts). */
  readonly why?: string;
  /**
   * `from` offers `sdp`; resolves with the SDP to send the other side. Never rejects: if the engine
   * refuses, the leg falls back to phone to phone and says why.
   */
  offer(from: MediaSide, sdp: string): Promise<string>;
  /** `from` answers the other side's last offer with `sdp`; resolves with the SDP to send back. */
  answer(from: MediaSide, sdp: string): Promise<string>;
  /** Plays a prompt (WAV) to `to`. Resolves once playback started, with its length in ms when known. */
  play(to: MediaSide, file: string, options?: PlayOptions): Promise<number | undefined>;
  stopPlay(to: MediaSide): Promise<void>;
  /** Stops (and restarts) `from`'s audio reaching the other side. */
  block(from: MediaSide): Promise<void>;
  unblock(from: MediaSide): Promise<void>;
  /** Hold: the caller hears `music` and nothing from the agent; the agent hears silence. */
  hold(music?: string): Promise<void>;
  /** Resume: both directions again, music stopped. */
  resume(): Promise<void>;
  /**
   * A queued caller is answered by the center (not left on ringback): resolves with the SDP to
   * answer the caller's `offer` with, or undefined when this leg cannot (not anchored: stay on
   * ringback). The far side is parked until an agent's phone answers.
   */
  answerForQueue(offer: string): Promise<string | undefined>;
  /** The queue's welcome, then its music, to the caller, until stopQueue() (or an agent answers). */
  playQueue(): Promise<void>;
  stopQueue(): Promise<void>;
  /**
   * Live listen-in (R-24): a silent copy of both parties for `listener`'s phone. Resolves with the
   * SDP offer for that phone (one audio section per party), or undefined when not anchored. The
   * caller and the agent hear nothing of it and their phones see no re-INVITE.
   */
  listenOffer(listener: string): Promise<string | undefined>;
  /** The listener's phone answered the listen-in offer with `sdp`. */
  listenAnswer(listener: string, sdp: string): Promise<void>;
  stopListening(listener: string): Promise<void>;
  /** Starts recording the call (both parties). */
  startRecording(): Promise<void>;
  /**
   * Ends the media session. Resolves with the recording's outcome when one was started, else
   * undefined. Safe to call twice (the second resolves with the first's outcome).
   */
  close(): Promise<RecordingOutcome | undefined>;
}

export type MediaOpenOptions = {
  /** The queue the call came in on (per-queue prompts and recording switch). */
  readonly queue?: string;
  /** Day key of the call (where its recording is filed). */
  readonly day?: string;
};

export interface MediaPort {
  /** Whether new calls are anchored now; `why` says, once, when they are not. */
  readonly status: {readonly anchored: boolean; readonly why?: string};
  /** A media leg for call `callId`; a pass-through leg when the engine is off or down. */
  open(callId: string, options?: MediaOpenOptions): MediaLeg;
  /** Prometheus lines for /metrics (empty when there is nothing to say). */
  metrics(): string;
  close(): Promise<void>;
}

/** A leg that touches nothing: SDP passes through, play/block/record are no-ops (signalling only). */
export class PassThroughLeg implements MediaLeg {
  readonly anchored = false;
  #recordingAsked = false;
  constructor(readonly why: string = RECORDINGS_OFF) {}
  offer(_from: MediaSide, sdp: string): Promise<string> { return Promise.resolve(sdp); }
  answer(_from: MediaSide, sdp: string): Promise<string> { return Promise.resolve(sdp); }
  play(): Promise<number | undefined> { return Promise.resolve(undefined); }
  answerForQueue(): Promise<string | undefined> { return Promise.resolve(undefined); }
  playQueue(): Promise<void> { return Promise.resolve(); }
  listenOffer(): Promise<string | undefined> { return Promise.resolve(undefined); }
  listenAnswer(): Promise<void> { return Promise.resolve(); }
  stopListening(): Promise<void> { return Promise.resolve(); }
  stopQueue(): Promise<void> { return Promise.resolve(); }
  stopPlay(): Promise<void> { return Promise.resolve(); }
  block(): Promise<void> { return Promise.resolve(); }
  unblock(): Promise<void> { return Promise.resolve(); }
  hold(): Promise<void> { return Promise.resolve(); }
  resume(): Promise<void> { return Promise.resolve(); }
  startRecording(): Promise<void> {
    this.#recordingAsked = true;
    return Promise.resolve();
  }
  /** An answered call (recording asked for) is "not recorded: why", so the record never hides it. */
  close(): Promise<RecordingOutcome | undefined> {
    return Promise.resolve(this.#recordingAsked ? {recorded: false, why: this.why} : undefined);
  }
}

/** Signalling only: every call phone to phone, as before the center owned media. */
export class NoMedia implements MediaPort {
  readonly status: {readonly anchored: boolean; readonly why?: string};
  constructor(why = `${RECORDINGS_OFF}: no media engine`) {
    this.status = {anchored: false, why};
  }
  open(): MediaLeg { return new PassThroughLeg(this.status.why); }
  metrics(): string { return ''; }
  close(): Promise<void> { return Promise.resolve(); }
}
