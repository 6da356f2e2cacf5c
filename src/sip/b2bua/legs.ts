// A call's SIP legs as objects with a lifetime. A Leg is one dialog (the caller's, an agent
// phone's, an outside number's); CallLegs owns a call's legs from the caller's INVITE (or the
// callback's first INVITE) to the end, and `end()` is the one way out on every path — so
// whatever a call holds besides its dialogs (its media session: offer/answer per leg, play/block
// media, recording) is created with the legs and released in `end()`.
import type Srf from 'drachtio-srf';
import {PassThroughLeg, type MediaLeg, type RecordingOutcome} from '../media-port.ts';

/** BYE a dialog; a dialog the far end already ended is no error worth more than a shrug. */
export function hangUp(dialog: Srf.Dialog): void {
  try {
    const done = dialog.destroy() as unknown;
    if (done && typeof (done as Promise<unknown>).catch === 'function') (done as Promise<unknown>).catch(() => {});
  } catch {}
}

export type LegRole = 'caller' | 'agent' | 'external' | 'listener';

export class Leg {
  readonly role: LegRole;
  readonly dialog: Srf.Dialog;
  #closed = false;

  constructor(role: LegRole, dialog: Srf.Dialog) {
    this.role = role;
    this.dialog = dialog;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The far end's SDP (its last offer or answer). */
  get remoteSdp(): string {
    return this.dialog.remote.sdp;
  }

  /** The far end hung up (BYE): runs once, and never after we closed the leg ourselves. */
  onGone(handler: () => void): void {
    this.dialog.on('destroy', () => {
      if (this.#closed) return;
      this.#closed = true;
      handler();
    });
  }

  /** A re-INVITE from the far end. */
  onModify(handler: (req: Srf.SrfRequest, res: Srf.SrfResponse) => void): void {
    this.dialog.on('modify', handler);
  }

  /** Re-INVITE the far end with `sdp`; resolves with its answer. */
  modify(sdp: string): Promise<string> {
    return this.dialog.modify(sdp);
  }

  /** Hang up (BYE) unless already ended. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    hangUp(this.dialog);
  }
}

/** The caller's INVITE, until it is answered (or refused). */
export type PendingInvite = {readonly req: Srf.SrfRequest; readonly res: Srf.SrfResponse};

export type CallLegsOptions = {
  readonly invite?: PendingInvite;
  readonly arrivedHr?: bigint;
  readonly media?: MediaLeg;
  /** The media session closed with a recording outcome. */
  readonly onRecorded?: (legs: CallLegs, outcome: RecordingOutcome) => void;
};

export class CallLegs {
  readonly callId: string;
  invite?: PendingInvite;
  /** The caller (inbound) or the customer (callback), once answered. */
  caller?: Leg;
  /** The agent's phone, or the outside number a call was transferred to. */
  agent?: Leg;
  /** Which dial attempt is current: a late answer of an older attempt is hung up. */
  attempt = 0;
  /** The caller's SDP (offer), sent to whichever phone takes the call. */
  callerSdp: string;
  /** The SDP the caller sees from us (the agent side's answer), and its o= version. */
  answerSdp?: string;
  /** The SDP the agent side sees from us (the caller's offer, through the media engine). */
  offerSdp?: string;
  /** Leads' phones listening in (by lead id); hung up with the call. */
  readonly listeners = new Map<string, Leg>();
  /** The center answering the caller for the queue (welcome, music), while it is in flight. */
  answering?: Promise<void>;
  /** The call's media session (rtpengine, or pass-through): closed in end(), on every path. */
  readonly media: MediaLeg;
  version = 0;
  #ended = false;
  /** A re-INVITE or transfer in flight: a second one would collide (glare), so it is refused. */
  busy?: string;
  /** process.hrtime of the caller's INVITE, for the offer-latency figure. */
  readonly arrivedHr?: bigint;
  /** The INVITE to the agent's phone while it rings, for CANCEL. */
  #ringing?: Srf.SrfRequest;
  readonly #onEnd: (legs: CallLegs) => void;
  readonly #onRecorded?: (legs: CallLegs, outcome: RecordingOutcome) => void;

  constructor(callId: string, callerSdp: string, onEnd: (legs: CallLegs) => void, options: CallLegsOptions = {}) {
    this.callId = callId;
    this.callerSdp = callerSdp;
    this.#onEnd = onEnd;
    this.media = options.media ?? new PassThroughLeg();
    if (options.onRecorded) this.#onRecorded = options.onRecorded;
    if (options.invite) this.invite = options.invite;
    if (options.arrivedHr !== undefined) this.arrivedHr = options.arrivedHr;
  }

  /** The call is over (end() ran): late answers and events of its legs are ignored. */
  get ended(): boolean {
    return this.#ended;
  }

  /** The agent's phone is ringing with this INVITE (`undefined`: it no longer is). */
  ringing(req: Srf.SrfRequest | undefined): void {
    this.#ringing = req;
  }

  /** Withdraw the call from the agent side: cancel a ringing phone, hang up an answered one. */
  dropAgent(): void {
    this.attempt++;
    const pending = this.#ringing;
    this.#ringing = undefined;
    if (pending) {
      try {
        pending.cancel(() => {});
      } catch {}
    }
    const agent = this.agent;
    this.agent = undefined;
    agent?.close();
  }

  /**
   * The end of the call, whatever ended it: hang up every leg still up (an unanswered caller
   * gets 480) and let the owner forget the call. Safe to call more than once.
   */
  end(): void {
    const first = !this.#ended;
    this.#ended = true;
    this.dropAgent();
    const caller = this.caller;
    this.caller = undefined;
    if (caller) {
      caller.close();
    } else if (this.invite && !this.invite.res.finalResponseSent) {
      try {
        this.invite.res.send(480, 'Temporarily Unavailable', {});
      } catch {}
    }
    this.invite = undefined;
    for (const listener of this.listeners.values()) listener.close();
    this.listeners.clear();
    if (!first) return;
    this.#onEnd(this);
    // The media session goes with the legs; its recording (or why there is none) becomes a fact.
    void this.media.close().then(outcome => {
      if (outcome) this.#onRecorded?.(this, outcome);
    }, () => {});
  }
}

/** A re-INVITE from one side goes to the other, and its answer back, both through the media session. */
export function relayModify(legs: CallLegs, from: 'caller' | 'agent', req: Srf.SrfRequest, res: Srf.SrfResponse): void {
  const other = from === 'caller' ? legs.agent : legs.caller;
  if (!other || !req.body) {
    const local = from === 'caller' ? legs.answerSdp : legs.offerSdp ?? legs.callerSdp;
    res.send(200, {body: local});
    return;
  }
  const to = from === 'caller' ? 'agent' : 'caller';
  const offer = req.body;
  legs.media.offer(from, offer).then(async out => {
    const answer = await legs.media.answer(to, await other.modify(out));
    if (from === 'caller') {
      legs.callerSdp = offer;
      legs.answerSdp = answer;
      legs.offerSdp = out;
    } else {
      legs.answerSdp = out;
      legs.offerSdp = answer;
    }
    res.send(200, {body: answer});
  }).catch(() => res.send(488));
}
