// A farm of simulated agent phones (headset softphones) on one UDP socket. Each phone registers
// as its agent's SIP user with digest auth and keeps the binding fresh; an INVITE carrying
// `Call-Info: …;answer-after=0` is answered at once (auto-answer), any other INVITE rings (180)
// and is answered after `handsetAnswerMs` or by `answer(user)`; hold re-INVITEs are answered
// mirroring the offer (sendonly → recvonly); BYE ends the call; `hangup(user)` sends BYE.
import {EventEmitter} from 'node:events';
import {getHeader, h, makeRequest, parseCSeq, parseNameAddr, parseUri, type SipMessage} from '../../../server/engine/sip/message.ts';
import {type Dialog, dialogAsUas, digestAuthorization, directionOf, inDialogRequest, mirror, nextHop, sdp, wantsAutoAnswer} from './dialog.ts';
import {type Address, SipEndpoint, hostPort, newBranch, randomToken} from './endpoint.ts';

export type PhoneSpec = {readonly user: string; readonly password: string};

export type PhoneFarmOptions = {
  /** The registrar / switch SIP address (UDP). */
  readonly server: Address;
  readonly phones: readonly PhoneSpec[];
  /** SIP domain of the AOR (To/From host); default the server's host. */
  readonly domain?: string;
  readonly expires?: number;
  /** Handset mode (no answer-after): ms until the phone is picked up; undefined = wait for answer(). */
  readonly handsetAnswerMs?: (user: string, invite: SipMessage) => number | undefined;
  readonly bind?: Address;
};

type Call = {
  dialog: Dialog;
  invite: SipMessage;
  source: Address;
  answered: boolean;
  held: boolean;
  startedAt: number;
  timer?: NodeJS.Timeout;
};

type Phone = PhoneSpec & {
  registered: boolean;
  cseq: number;
  callId: string;
  refresh?: NodeJS.Timeout;
  call?: Call;
};

export type PhoneFailure = {user: string; what: string; at: number};

export type PhoneEvents = {
  invite: [{user: string; callId: string; at: number; auto: boolean; from: string}];
  answered: [{user: string; callId: string; at: number}];
  held: [{user: string; callId: string; at: number}];
  resumed: [{user: string; callId: string; at: number}];
  ended: [{user: string; callId: string; at: number; by: 'phone' | 'switch'}];
};

export type PhoneCounters = {
  registrations: number;
  registerFailures: number;
  invites: number;
  autoAnswered: number;
  reinvites: number;
  byesReceived: number;
  byesSent: number;
  busy: number;
  failures: number;
};

export class PhoneFarm extends EventEmitter<PhoneEvents> {
  readonly counters: PhoneCounters = {registrations: 0, registerFailures: 0, invites: 0, autoAnswered: 0, reinvites: 0, byesReceived: 0, byesSent: 0, busy: 0, failures: 0};
  readonly failures: PhoneFailure[] = [];
  readonly endpoint: SipEndpoint;
  readonly #options: PhoneFarmOptions;
  readonly #phones = new Map<string, Phone>();
  /** Call-ID → phone user, for in-dialog requests. */
  readonly #byCallId = new Map<string, string>();
  #closed = false;

  private constructor(endpoint: SipEndpoint, options: PhoneFarmOptions) {
    super();
    this.endpoint = endpoint;
    this.#options = options;
    for (const spec of options.phones) this.#phones.set(spec.user, {...spec, registered: false, cseq: 0, callId: `${randomToken(8)}@sim-phone`});
    endpoint.onRequest((request, source) => this.#request(request, source));
  }

  static async start(options: PhoneFarmOptions): Promise<PhoneFarm> {
    const endpoint = await SipEndpoint.open(options.bind?.host ?? '127.0.0.1', options.bind?.port ?? 0);
    return new PhoneFarm(endpoint, options);
  }

  get users(): string[] {
    return [...this.#phones.keys()];
  }

  isRegistered(user: string): boolean {
    return this.#phones.get(user)?.registered ?? false;
  }

  /** The user's call in progress, if any. */
  callOf(user: string): {callId: string; answered: boolean; held: boolean} | undefined {
    const call = this.#phones.get(user)?.call;
    return call && {callId: call.dialog.callId, answered: call.answered, held: call.held};
  }

  /** Register every phone, `concurrency` at a time. Resolves with the users that failed. */
  async registerAll(concurrency = 32): Promise<{ok: number; failed: string[]}> {
    const queue = [...this.#phones.values()];
    const failed: string[] = [];
    let ok = 0;
    await Promise.all(Array.from({length: Math.min(concurrency, queue.length)}, async () => {
      for (let phone = queue.shift(); phone; phone = queue.shift()) {
        if (await this.register(phone.user)) ok++;
        else failed.push(phone.user);
      }
    }));
    return {ok, failed};
  }

  /** Register (or with expires 0, unregister) one phone; answers a 401/407 challenge once. */
  async register(user: string, expires = this.#options.expires ?? 300): Promise<boolean> {
    const phone = this.#phones.get(user);
    if (!phone || (this.#closed && expires > 0)) return false;
    const server = this.#options.server;
    const domain = this.#options.domain ?? server.host;
    const uri = `sip:${hostPort(server)}`;
    const build = (auth?: {name: string; value: string}) => {
      const headers = [
        this.endpoint.via(newBranch()),
        h('max-forwards', '70'),
        h('from', `<sip:${user}@${domain}>;tag=${randomToken(4)}`),
        h('to', `<sip:${user}@${domain}>`),
        h('call-id', phone.callId),
        h('cseq', `${++phone.cseq} REGISTER`),
        h('contact', `<sip:${user}@${hostPort(this.endpoint.address)};transport=udp>`),
        h('expires', String(expires)),
        h('user-agent', 'zuoxi-sim-phone'),
      ];
      if (auth) headers.push(h(auth.name, auth.value));
      return makeRequest('REGISTER', uri, headers);
    };
    let response = await this.endpoint.request(build(), server);
    if (response.status === 401 || response.status === 407) {
      const challenge = getHeader(response, response.status === 401 ? 'www-authenticate' : 'proxy-authenticate') ?? '';
      const authorization = digestAuthorization(challenge, 'REGISTER', uri, user, phone.password);
      response = await this.endpoint.request(build({name: response.status === 401 ? 'authorization' : 'proxy-authorization', value: authorization}), server);
    }
    clearTimeout(phone.refresh);
    if (response.status >= 200 && response.status < 300) {
      phone.registered = expires > 0;
      if (expires > 0) {
        this.counters.registrations++;
        // Refresh well before the binding lapses (the registrar may shorten Expires).
        const granted = Number(/expires=(\d+)/i.exec(getHeader(response, 'contact') ?? '')?.[1] ?? getHeader(response, 'expires') ?? expires) || expires;
        phone.refresh = setTimeout(() => void this.register(user, expires), Math.max(1, granted * 0.8) * 1000);
        phone.refresh.unref();
      }
      return true;
    }
    phone.registered = false;
    this.counters.registerFailures++;
    this.#fail(user, `REGISTER answered ${response.status} ${response.reason}`);
    return false;
  }

  /** Pick up a ringing handset-mode call. */
  answer(user: string): boolean {
    const phone = this.#phones.get(user);
    const call = phone?.call;
    if (!phone || !call || call.answered) return false;
    this.#answer(phone, call);
    return true;
  }

  /** Hang up the phone's call (BYE when answered, 486 while still ringing). */
  async hangup(user: string): Promise<boolean> {
    const phone = this.#phones.get(user);
    const call = phone?.call;
    if (!phone || !call) return false;
    if (!call.answered) {
      clearTimeout(call.timer);
      this.endpoint.reply(call.invite, 486, 'Busy Here', call.source, {toTag: call.dialog.localTag});
      this.#end(phone, 'phone');
      return true;
    }
    this.counters.byesSent++;
    const bye = inDialogRequest(this.endpoint, call.dialog, 'BYE');
    this.#end(phone, 'phone');
    const response = await this.endpoint.request(bye, nextHop(call.dialog));
    if (response.status >= 300 && response.status !== 481) this.#fail(user, `BYE answered ${response.status} ${response.reason}`);
    return response.status < 300;
  }

  /** Unregister every phone (best effort) and close the socket. */
  async close(options: {unregister?: boolean} = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const phone of this.#phones.values()) {
      clearTimeout(phone.refresh);
      clearTimeout(phone.call?.timer);
    }
    if (options.unregister) {
      const registered = [...this.#phones.values()].filter(p => p.registered);
      await Promise.race([
        Promise.all(registered.map(p => this.register(p.user, 0))),
        new Promise(resolve => setTimeout(resolve, 2000)),
      ]);
    }
    await this.endpoint.close();
  }

  #fail(user: string, what: string): void {
    this.counters.failures++;
    if (this.failures.length < 1000) this.failures.push({user, what, at: Date.now()});
  }

  #request(request: SipMessage, source: Address): void {
    const callId = getHeader(request, 'call-id') ?? '';
    if (request.method === 'INVITE' && !/;\s*tag=/i.test(getHeader(request, 'to') ?? '')) {
      this.#invite(request, source);
      return;
    }
    const user = this.#byCallId.get(callId);
    const phone = user ? this.#phones.get(user) : undefined;
    const call = phone?.call;
    if (request.method === 'ACK') return; // ends 2xx retransmission in the endpoint
    if (request.method === 'OPTIONS') {
      this.endpoint.reply(request, 200, 'OK', source, {toTag: randomToken(4)});
      return;
    }
    if (!phone || !call || call.dialog.callId !== callId) {
      this.endpoint.reply(request, 481, 'Call/Transaction Does Not Exist', source, {toTag: randomToken(4)});
      return;
    }
    switch (request.method) {
      case 'INVITE': {
        // re-INVITE: hold (sendonly/inactive) or resume (sendrecv); answer mirroring the offer.
        this.counters.reinvites++;
        const offered = directionOf(request.body.toString('utf8'));
        const wasHeld = call.held;
        call.held = offered === 'sendonly' || offered === 'inactive';
        this.endpoint.reply(request, 200, 'OK', source, {
          toTag: call.dialog.localTag,
          headers: [this.#contact(phone.user)],
          body: sdp(this.endpoint.address.host, this.#rtpPort(phone.user), mirror(offered), 2 + this.counters.reinvites),
        });
        const at = Date.now();
        if (call.held && !wasHeld) this.emit('held', {user: phone.user, callId, at});
        if (!call.held && wasHeld) this.emit('resumed', {user: phone.user, callId, at});
        return;
      }
      case 'BYE':
        this.counters.byesReceived++;
        this.endpoint.reply(request, 200, 'OK', source);
        this.#end(phone, 'switch');
        return;
      case 'CANCEL': {
        this.endpoint.reply(request, 200, 'OK', source);
        if (!call.answered && parseCSeq(getHeader(request, 'cseq'))?.seq === parseCSeq(getHeader(call.invite, 'cseq'))?.seq) {
          clearTimeout(call.timer);
          this.endpoint.reply(call.invite, 487, 'Request Terminated', call.source, {toTag: call.dialog.localTag});
          this.#end(phone, 'switch');
        }
        return;
      }
      case 'INFO':
      case 'UPDATE':
      case 'NOTIFY':
        this.endpoint.reply(request, 200, 'OK', source);
        return;
      default:
        this.endpoint.reply(request, 405, 'Method Not Allowed', source, {headers: [h('allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE')]});
    }
  }

  #invite(invite: SipMessage, source: Address): void {
    this.counters.invites++;
    const user = parseUri(invite.uri)?.user ?? '';
    const phone = this.#phones.get(user);
    const toTag = randomToken(4);
    if (!phone) {
      this.endpoint.reply(invite, 404, 'Not Found', source, {toTag});
      return;
    }
    if (phone.call) {
      this.counters.busy++;
      this.#fail(user, `INVITE while busy with ${phone.call.dialog.callId}`);
      this.endpoint.reply(invite, 486, 'Busy Here', source, {toTag});
      return;
    }
    const dialog = dialogAsUas(invite, toTag, source);
    const call: Call = {dialog, invite, source, answered: false, held: false, startedAt: Date.now()};
    phone.call = call;
    this.#byCallId.set(dialog.callId, user);
    const auto = wantsAutoAnswer(invite);
    this.emit('invite', {user, callId: dialog.callId, at: call.startedAt, auto, from: parseNameAddr(getHeader(invite, 'from') ?? '').uri});
    if (auto) {
      this.counters.autoAnswered++;
      this.#answer(phone, call);
      return;
    }
    this.endpoint.reply(invite, 180, 'Ringing', source, {toTag, headers: [this.#contact(user)]});
    const after = this.#options.handsetAnswerMs?.(user, invite);
    if (after !== undefined) call.timer = setTimeout(() => this.#answer(phone, call), after);
  }

  #answer(phone: Phone, call: Call): void {
    if (phone.call !== call || call.answered) return;
    call.answered = true;
    const offered = directionOf(call.invite.body.toString('utf8'));
    this.endpoint.reply(call.invite, 200, 'OK', call.source, {
      toTag: call.dialog.localTag,
      headers: [this.#contact(phone.user)],
      body: sdp(this.endpoint.address.host, this.#rtpPort(phone.user), mirror(offered)),
      onAckTimeout: () => this.#fail(phone.user, `no ACK for the 200 to ${call.dialog.callId}`),
    });
    this.emit('answered', {user: phone.user, callId: call.dialog.callId, at: Date.now()});
  }

  #end(phone: Phone, by: 'phone' | 'switch'): void {
    const call = phone.call;
    if (!call) return;
    clearTimeout(call.timer);
    phone.call = undefined;
    // Keep the Call-ID mapping briefly so a retransmitted BYE still finds its 481/200 path.
    const callId = call.dialog.callId;
    setTimeout(() => {
      if (this.#byCallId.get(callId) === phone.user && phone.call?.dialog.callId !== callId) this.#byCallId.delete(callId);
    }, 5000).unref();
    this.emit('ended', {user: phone.user, callId, at: Date.now(), by});
  }

  #contact(user: string) {
    return h('contact', `<sip:${user}@${hostPort(this.endpoint.address)};transport=udp>`);
  }

  #rtpPort(user: string): number {
    // A plausible even RTP port per phone (no media flows in phase 1).
    return 20_000 + (Number(user) % 10_000) * 2;
  }
}
