// Simulated callers on one UDP socket: each call INVITEs the service number with an SDP offer,
// waits through 100/180 (queued, offered) — its INVITE transaction in Proceeding, without timer
// B (RFC 3261 §17.1.1.2), as a person waits on the line — ACKs the 200, talks for its talk time
// and hangs up (BYE); or, if nobody answers within its patience, CANCELs (abandon). Hold
// re-INVITEs and a BYE from the switch (agent released first) are answered. Every outcome is
// returned as data, with what the queue did to the caller.
import {getHeader, getTag, h, makeRequest, parseCSeq, type SipMessage} from '../../../server/engine/sip/message.ts';
import {type Dialog, dialogAsUac, directionOf, inDialogRequest, mirror, nextHop, sdp} from './dialog.ts';
import {type Address, SipEndpoint, type SipTimers, hostPort, isLocalResponse, newBranch, randomToken} from './endpoint.ts';

export type CallerOptions = {
  readonly server: Address;
  /** The dialled service number (a queue's number). */
  readonly serviceNumber?: string;
  readonly domain?: string;
  readonly bind?: Address;
  /** SIP timers (tests shorten T1). */
  readonly timers?: SipTimers;
};

export type CallPlan = {
  /** The caller's number (From user), unique per call so records can be traced. */
  readonly from: string;
  /** Talk time after answer, then the caller hangs up (R-07: customer first). */
  readonly talkMs: number;
  /** Waiting longer than this before an answer → CANCEL (abandon). */
  readonly patienceMs: number;
};

export type CallOutcome = 'completed' | 'abandoned' | 'rejected' | 'failed';

/**
 * What the queue did to the caller. `overflowed` and `callback-offered` are kept for the queue
 * policies of issue 14 (the switch does not signal them to a caller yet); `unreached`: no
 * answer from the switch at all (timer B, or the run closed the socket); `cut-at-end`: still
 * waiting when the run stopped.
 */
export type QueueOutcome =
  | {readonly kind: 'answered'; readonly waitedMs: number}
  | {readonly kind: 'abandoned'; readonly waitedMs: number}
  | {readonly kind: 'refused'; readonly waitedMs: number; readonly status: number; readonly reason: string}
  | {readonly kind: 'overflowed'; readonly waitedMs: number}
  | {readonly kind: 'callback-offered'; readonly waitedMs: number}
  | {readonly kind: 'unreached'; readonly waitedMs: number; readonly reason: string}
  | {readonly kind: 'cut-at-end'; readonly waitedMs: number};

export type QueueOutcomeKind = QueueOutcome['kind'];

export const queueOutcomeKinds: readonly QueueOutcomeKind[] = ['answered', 'abandoned', 'refused', 'overflowed', 'callback-offered', 'unreached', 'cut-at-end'];

export type CallResult = {
  readonly from: string;
  readonly callId: string;
  readonly outcome: CallOutcome;
  /** Final status of the INVITE when not 200 (e.g. 486, 503, 408 timeout). */
  readonly status?: number;
  readonly reason?: string;
  /** Epoch ms. */
  readonly inviteAt: number;
  readonly ringingAt?: number;
  readonly answeredAt?: number;
  readonly endedAt: number;
  /** Who sent BYE first, for answered calls. */
  readonly endedBy?: 'caller' | 'switch';
  readonly holds: number;
  /** Ended by hangupAll() (the run stopped), not by the caller's own plan. */
  readonly forced?: boolean;
  readonly queue: QueueOutcome;
};

type Live = {
  plan: CallPlan;
  invite: SipMessage;
  dialog?: Dialog;
  answered: boolean;
  /** A provisional came: the INVITE is in Proceeding and may be CANCELled (§9.1). */
  provisional: boolean;
  /** Patience ran out before any provisional: CANCEL as soon as one comes. */
  wantsCancel: boolean;
  cancelled: boolean;
  ended: boolean;
  holds: number;
  held: boolean;
  talkTimer?: NodeJS.Timeout;
  patienceTimer?: NodeJS.Timeout;
  endedBy?: 'caller' | 'switch';
  hangup: () => void;
  forced: boolean;
  finishTalk?: () => void;
};

export type CallerCounters = {placed: number; answered: number; abandoned: number; rejected: number; failed: number; reinvites: number; byesReceived: number};

export class CallerSim {
  readonly counters: CallerCounters = {placed: 0, answered: 0, abandoned: 0, rejected: 0, failed: 0, reinvites: 0, byesReceived: 0};
  readonly endpoint: SipEndpoint;
  readonly #options: CallerOptions;
  readonly #live = new Map<string, Live>();
  #stopping = false;

  private constructor(endpoint: SipEndpoint, options: CallerOptions) {
    this.endpoint = endpoint;
    this.#options = options;
    endpoint.onRequest((request, source) => this.#request(request, source));
  }

  static async start(options: CallerOptions): Promise<CallerSim> {
    return new CallerSim(await SipEndpoint.open(options.bind?.host ?? '127.0.0.1', options.bind?.port ?? 0, options.timers), options);
  }

  /** Calls in progress. */
  get active(): number {
    return this.#live.size;
  }

  /** Place one call and follow it to its end. Never rejects: failures are outcomes. */
  async call(plan: CallPlan): Promise<CallResult> {
    this.counters.placed++;
    const server = this.#options.server;
    const domain = this.#options.domain ?? server.host;
    const number = this.#options.serviceNumber ?? '12345';
    const callId = `${randomToken(10)}@sim-caller`;
    const invite = makeRequest('INVITE', `sip:${number}@${hostPort(server)}`, [
      this.endpoint.via(newBranch()),
      h('max-forwards', '70'),
      h('from', `<sip:${plan.from}@${domain}>;tag=${randomToken(4)}`),
      h('to', `<sip:${number}@${domain}>`),
      h('call-id', callId),
      h('cseq', '1 INVITE'),
      h('contact', `<sip:${plan.from}@${hostPort(this.endpoint.address)};transport=udp>`),
      h('user-agent', 'zuoxi-sim-caller'),
      h('content-type', 'application/sdp'),
    ], sdp(this.endpoint.address.host, 30_000 + (this.counters.placed % 10_000) * 2));
    const inviteAt = Date.now();
    let ringingAt: number | undefined;
    let resolveHangup: () => void = () => {};
    const live: Live = {plan, invite, answered: false, provisional: false, wantsCancel: false, cancelled: false, ended: false, holds: 0, held: false, forced: false, hangup: () => resolveHangup()};
    this.#live.set(callId, live);
    let queue: QueueOutcome = {kind: 'unreached', waitedMs: 0, reason: 'no outcome'};
    const result = (outcome: CallOutcome, extra: Partial<CallResult> = {}): CallResult => {
      this.#live.delete(callId);
      clearTimeout(live.talkTimer);
      clearTimeout(live.patienceTimer);
      this.counters[outcome === 'completed' ? 'answered' : outcome]++;
      return {from: plan.from, callId, outcome, inviteAt, ringingAt, endedAt: Date.now(), holds: live.holds, ...(live.forced ? {forced: true} : {}), queue, ...extra};
    };

    // Patience: no answer in time → CANCEL (§9.1: only after a provisional; the switch sends 100 at once).
    live.patienceTimer = setTimeout(() => this.#giveUp(live), plan.patienceMs);
    resolveHangup = () => this.#giveUp(live);
    const final = await this.endpoint.request(invite, server, response => {
      if (response.status === 180 || response.status === 183) ringingAt ??= Date.now();
      live.provisional = true;
      if (live.wantsCancel) this.#cancel(live);
    });
    clearTimeout(live.patienceTimer);
    const waitedMs = Date.now() - inviteAt;
    if (final.status >= 300) {
      if (live.cancelled) {
        queue = live.forced ? {kind: 'cut-at-end', waitedMs} : {kind: 'abandoned', waitedMs};
        return result('abandoned', {status: final.status, reason: final.reason});
      }
      if (isLocalResponse(final)) {
        const reason = final.status === 408 ? 'no final response to INVITE (timer B)' : final.reason;
        queue = {kind: 'unreached', waitedMs, reason};
        return result('failed', {status: final.status, reason});
      }
      queue = {kind: 'refused', waitedMs, status: final.status, reason: final.reason};
      return result(final.status >= 500 || final.status === 408 ? 'failed' : 'rejected', {status: final.status, reason: final.reason});
    }
    queue = {kind: 'answered', waitedMs};
    const answeredAt = Date.now();
    const dialog = dialogAsUac(invite, final, server);
    live.dialog = dialog;
    live.answered = true;
    const ack = inDialogRequest(this.endpoint, dialog, 'ACK', {cseq: 1});
    this.endpoint.ack(invite, ack, nextHop(dialog));
    if (!getTag(getHeader(final, 'to'))) return result('failed', {status: final.status, reason: '200 OK without a To tag', answeredAt});

    // Talk, then hang up — unless the switch hangs up first (BYE handled in #request).
    const talkMs = live.cancelled ? 0 : plan.talkMs;
    await new Promise<void>(resolve => {
      live.finishTalk = resolve;
      resolveHangup = resolve;
      live.talkTimer = setTimeout(resolve, talkMs);
    });
    if (live.endedBy === 'switch') return result('completed', {answeredAt, endedBy: 'switch'});
    live.endedBy = 'caller';
    live.ended = true;
    const bye = inDialogRequest(this.endpoint, dialog, 'BYE');
    const byeResponse = await this.endpoint.request(bye, nextHop(dialog));
    // 481: the switch had already torn the call down (crossed BYEs): still a completed call.
    if (byeResponse.status >= 300 && byeResponse.status !== 481) {
      return result('failed', {answeredAt, endedBy: 'caller', status: byeResponse.status, reason: `BYE answered ${byeResponse.status} ${byeResponse.reason}`});
    }
    return result('completed', {answeredAt, endedBy: 'caller'});
  }

  /** End every call now (CANCEL the waiting, BYE the answered) and wait for them, bounded. */
  async hangupAll(timeoutMs = 5000): Promise<void> {
    this.#stopping = true;
    const live = [...this.#live.values()];
    for (const call of live) {
      call.forced = true;
      call.hangup();
    }
    const deadline = Date.now() + timeoutMs;
    while (this.#live.size > 0 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
  }

  async close(): Promise<void> {
    for (const call of this.#live.values()) {
      clearTimeout(call.talkTimer);
      clearTimeout(call.patienceTimer);
    }
    await this.endpoint.close();
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** Patience ran out or the run stops: CANCEL now, or once a provisional allows it (§9.1). */
  #giveUp(live: Live): void {
    if (live.answered || live.cancelled) return;
    if (live.provisional) this.#cancel(live);
    else live.wantsCancel = true;
  }

  #cancel(live: Live): void {
    if (live.answered || live.cancelled) return;
    live.cancelled = true;
    this.endpoint.cancelled(live.invite);
    const via = getHeader(live.invite, 'via') ?? '';
    const cancel = makeRequest('CANCEL', live.invite.uri, [
      h('via', via),
      h('max-forwards', '70'),
      h('from', getHeader(live.invite, 'from') ?? ''),
      h('to', getHeader(live.invite, 'to') ?? ''),
      h('call-id', getHeader(live.invite, 'call-id') ?? ''),
      h('cseq', `${parseCSeq(getHeader(live.invite, 'cseq'))?.seq ?? 1} CANCEL`),
    ]);
    void this.endpoint.request(cancel, this.#options.server);
  }

  #request(request: SipMessage, source: Address): void {
    const callId = getHeader(request, 'call-id') ?? '';
    const live = this.#live.get(callId);
    if (request.method === 'ACK') return;
    if (!live?.dialog || live.ended) {
      this.endpoint.reply(request, 481, 'Call/Transaction Does Not Exist', source, {toTag: randomToken(4)});
      return;
    }
    switch (request.method) {
      case 'INVITE': {
        this.counters.reinvites++;
        const offered = directionOf(request.body.toString('utf8'));
        const held = offered === 'sendonly' || offered === 'inactive';
        if (held && !live.held) live.holds++;
        live.held = held;
        this.endpoint.reply(request, 200, 'OK', source, {
          headers: [h('contact', `<sip:${live.plan.from}@${hostPort(this.endpoint.address)};transport=udp>`)],
          body: sdp(this.endpoint.address.host, 30_000, mirror(offered), 2 + this.counters.reinvites),
        });
        return;
      }
      case 'BYE':
        this.counters.byesReceived++;
        this.endpoint.reply(request, 200, 'OK', source);
        live.endedBy = 'switch';
        live.ended = true;
        live.finishTalk?.();
        return;
      case 'OPTIONS':
      case 'INFO':
      case 'UPDATE':
      case 'NOTIFY':
        this.endpoint.reply(request, 200, 'OK', source);
        return;
      default:
        this.endpoint.reply(request, 405, 'Method Not Allowed', source);
    }
  }
}
