// UAS core: requests from the network (§8.2, §12.2.2, §17.2) — validation, matching to server
// transactions, CANCEL and ACK, requests inside our dialogs — handed to the app that routes
// them, and the responses apps send back (2xx, early dialogs, 100rel).
import crypto from 'node:crypto';
import {
  getHeader, getHeaderValues, getTag, h, parseCSeq, parseNameAddr, parseUri, parseVia, popHeaderValue, reasons,
  type SipHeader, type SipMessage, type Via,
} from './sip/message.ts';
import {serialize} from './sip/serialize.ts';
import type {ControlClient} from './control.ts';
import {addProduct, BRANCH_PREFIX, contactFor, fixLocalhostContact, newTag, replaceTopVia, responseTo, topVia, typeBody} from './build.ts';
import type {Core, InTxn} from './context.ts';
import {dialogId, stopPending2xx, stopReliable, type Dialog} from './dialogs/dialog.ts';
import {retransmit2xx, retransmitReliable} from './dialogs/retransmit.ts';
import {armSession} from './dialogs/session-timer.ts';
import {HeldRequests} from './held.ts';
import {ServerTransaction} from './transactions.ts';
import type {Flow} from './transport.ts';

/** What an OPTIONS answered by the engine itself says we take (RFC 3261 §11.2). */
const ACCEPT = 'application/sdp';
/** Session timers (RFC 4028) and reliable provisional responses (RFC 3262) are the stack's. */
const SUPPORTED = 'timer, 100rel';
const responseReserved = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'content-length', 'record-route']);

export class UasCore {
  readonly held: HeldRequests;

  constructor(private readonly core: Core) {
    this.held = new HeldRequests(core, it => this.#unrouted(it, true));
  }

  onParseError(error: string, partial: SipMessage | undefined, flow: Flow): void {
    const {core} = this;
    core.counters.parse_errors++;
    core.log('info', 'unparsable SIP message', {error, peer: `${flow.address}:${flow.port}`, transport: flow.transport});
    // A request whose Via we could read gets a 400; anything else is dropped and counted.
    if (partial && partial.method && partial.method !== 'ACK' && topVia(partial)) {
      core.counters.bad_requests++;
      this.#stamp(partial, flow);
      core.locate.sendStateless(partial, flow, responseTo(partial, 400, `Bad Request - ${error.slice(0, 100).replace(/[\r\n]/g, ' ')}`, [], newTag()));
    } else {
      core.counters.dropped++;
    }
  }

  /** RFC 3581 / §18.2.1: record where the request really came from in its top Via. */
  #stamp(msg: SipMessage, flow: Flow): Via | undefined {
    const via = topVia(msg);
    if (!via) return undefined;
    const first = getHeaderValues(msg, 'via')[0];
    let value = first;
    if (via.host !== flow.address) value = setParam(value, 'received', flow.address);
    if (via.params.has('rport')) value = setParam(value, 'rport', String(flow.port));
    if (value !== first) replaceTopVia(msg, value);
    return via;
  }

  onRequest(msg: SipMessage, flow: Flow): void {
    const {core} = this;
    const {counters} = core;
    const via = this.#stamp(msg, flow);
    if (!via) {
      counters.parse_errors++;
      counters.dropped++;
      core.log('info', 'request without a usable Via dropped', {peer: `${flow.address}:${flow.port}`});
      return;
    }
    const problem = validate(msg);
    if (problem) {
      counters.parse_errors++;
      if (msg.method === 'ACK') { counters.dropped++; return; }
      counters.bad_requests++;
      core.locate.sendStateless(msg, flow, responseTo(msg, 400, `Bad Request - ${problem}`, [], newTag()));
      return;
    }
    const method = msg.method;
    const key = serverKey(via, msg, method === 'ACK' ? 'INVITE' : method);
    // loose routing: a top Route naming us is ours to remove (§16.4); only requests that were
    // routed through us this way may be forwarded on (no open relay)
    const route = getHeaderValues(msg, 'route')[0];
    let routedViaUs = false;
    if (route) {
      const u = parseUri(parseNameAddr(route).uri);
      if (u && core.transports.isLocal(u.host, u.port)) {
        popHeaderValue(msg, 'route');
        routedViaUs = true;
      }
    }
    if (method === 'ACK') {
      const inv = core.txns.inByKey.get(key);
      if (inv && inv.txn.state === 'completed') { inv.txn.ack(); return; }
      if (inv && inv.txn.state === 'confirmed') return;
      if (inv?.proxy) { core.locate.forwardStateless(msg); return; }
      this.#onAck(msg, flow, routedViaUs);
      return;
    }
    const existing = core.txns.inByKey.get(key);
    if (existing) {
      counters.retransmissions_received++;
      existing.txn.retransmission();
      return;
    }
    const rflow = core.locate.responseFlow(via, flow);
    if (method === 'CANCEL') { this.#onCancel(msg, rflow, via, key); return; }

    const mf = getHeader(msg, 'max-forwards');
    if (mf !== undefined && Number(mf) <= 0) { this.#reject(msg, rflow, key, 483); return; }
    if (this.#isLoop(msg)) { this.#reject(msg, rflow, key, 482); return; }
    const toTag = getTag(getHeader(msg, 'to'));
    if (toTag) { this.#onInDialog(msg, rflow, key, toTag, routedViaUs); return; }

    const it = this.#newIn(msg, rflow, key);
    if (method === 'INVITE') {
      counters.calls_in++;
      it.started = performance.now();
      this.respond(it, 100);
      core.app.cdr('attempt', 'network', msg);
    }
    if (core.closing) { this.respond(it, 503); return; }
    const client = core.app.pick(method);
    if (!client) {
      // the switch may be starting or reconnecting: give it a moment before refusing
      if (method !== 'OPTIONS' && !core.app.anyConnected() && this.held.hold(it, flow)) return;
      this.#unrouted(it, false);
      return;
    }
    it.client = client;
    client.sendSip(msg, flow, it.txn.id, '');
  }

  /**
   * A request no app routes. OPTIONS is answered with what we take; with no app connected at
   * all it is 503 as drachtio-server answers; otherwise the method is one nobody handles: 405
   * with the methods that are (RFC 3261 §21.4.6).
   */
  #unrouted(it: InTxn, afterHold: boolean): void {
    const {core} = this;
    const allow = h('allow', core.app.allowed());
    if (it.txn.request.method === 'OPTIONS') {
      this.respond(it, 200, undefined, [allow, h('accept', ACCEPT), h('supported', SUPPORTED)]);
    } else if (!core.app.anyConnected() || core.closing) {
      if (afterHold) core.log('warn', 'no app connected in time; request refused', {method: it.txn.request.method});
      this.respond(it, 503, afterHold ? 'Service Unavailable - no application connected' : undefined);
    } else {
      this.respond(it, 405, undefined, [allow]);
    }
  }

  /** A request that already passed through us with one of our branches is looping (§16.3 step 4, basic form). */
  #isLoop(msg: SipMessage): boolean {
    const vias = getHeaderValues(msg, 'via');
    for (let i = 1; i < vias.length; i++) {
      const v = parseVia(vias[i]);
      if (v && v.branch.startsWith(BRANCH_PREFIX) && this.core.transports.isLocal(v.host, v.port)) return true;
    }
    return false;
  }

  #newIn(msg: SipMessage, flow: Flow, key: string): InTxn {
    const {txns} = this.core;
    const it: InTxn = {txn: undefined as unknown as ServerTransaction};
    it.txn = new ServerTransaction(crypto.randomUUID(), key, msg, flow, this.core.host, () => txns.removeIn(it));
    txns.addIn(it);
    return it;
  }

  #reject(msg: SipMessage, flow: Flow, key: string, status: number): void {
    if (msg.method === 'ACK') return;
    this.respond(this.#newIn(msg, flow, key), status);
  }

  /** Send a response the engine builds itself on a server transaction. */
  respond(it: InTxn, status: number, reason?: string, extra: SipHeader[] = []): void {
    if (status >= 300 && it.dialog?.early && it.txn.request.method === 'INVITE') this.core.dialogs.remove(it.dialog);
    if (status > 100 && !it.toTag) it.toTag = newTag();
    const headers = [...extra];
    addProduct(headers, 'server');
    const res = responseTo(it.txn.request, status, reason, headers, it.toTag);
    it.txn.respond(status, serialize(res));
  }

  #onCancel(msg: SipMessage, flow: Flow, via: Via, key: string): void {
    const {core} = this;
    const ct = this.#newIn(msg, flow, key);
    const inv = core.txns.inByKey.get(serverKey(via, msg, 'INVITE'));
    if (!inv || inv.txn.state === 'terminated') { this.respond(ct, 481); return; }
    this.respond(ct, 200);
    if (inv.txn.lastStatus >= 200) return; // too late: the INVITE has its final response
    if (inv.proxy) {
      for (const o of inv.proxy.outs) if (!o.txn.finalStatus && o.txn.state !== 'terminated') core.uac.cancelOut(o, []);
      return;
    }
    this.respond(inv, 487);
    core.app.cdr('stop', 'network', msg, 'call-canceled');
    inv.client?.sendSip(msg, flow, inv.txn.id, '');
  }

  #onAck(msg: SipMessage, flow: Flow, routedViaUs: boolean): void {
    const {core} = this;
    const dialog = core.dialogs.find(getHeader(msg, 'call-id'), getTag(getHeader(msg, 'to')));
    if (!dialog) {
      if (routedViaUs && !core.locate.isForUs(msg)) core.locate.forwardStateless(msg);
      else core.counters.dropped++;
      return;
    }
    const seq = parseCSeq(getHeader(msg, 'cseq'))!.seq;
    if (!dialog.pending2xx || dialog.pending2xx.seq !== seq) {
      // a repeated ACK (the peer saw our 2xx twice) or one we did not ask for: absorbed here
      core.counters.retransmissions_received++;
      return;
    }
    stopPending2xx(dialog);
    dialog.confirmed = true;
    if (dialog.client?.open) dialog.client.sendSip(msg, flow, crypto.randomUUID(), dialog.id);
  }

  #onInDialog(msg: SipMessage, flow: Flow, key: string, toTag: string, routedViaUs: boolean): void {
    const {core} = this;
    const dialog = core.dialogs.find(getHeader(msg, 'call-id'), toTag);
    if (!dialog) {
      if (routedViaUs && !core.locate.isForUs(msg)) { core.locate.forwardStateless(msg); return; }
      this.#reject(msg, flow, key, 481);
      return;
    }
    const method = msg.method;
    const seq = parseCSeq(getHeader(msg, 'cseq'))!.seq;
    if (dialog.remoteSeq !== undefined && seq < dialog.remoteSeq) {
      const late = this.#newIn(msg, flow, key);
      late.toTag = toTag;
      this.respond(late, 500, 'Server Internal Error - CSeq out of order');
      return;
    }
    dialog.remoteSeq = seq;
    const it = this.#newIn(msg, flow, key);
    it.toTag = toTag;
    it.dialog = dialog;
    if (method === 'INVITE') this.respond(it, 100);
    if ((method === 'INVITE' || method === 'UPDATE') && getHeader(msg, 'contact')) {
      // target refresh (§12.2.2)
      dialog.remoteTarget = parseNameAddr(getHeaderValues(msg, 'contact')[0]).uri;
    }
    if (method === 'BYE') {
      core.dialogs.remove(dialog);
      core.app.cdr('stop', 'network', msg, 'normal-release');
    }
    // the stack answers PRACK itself, as drachtio's sofia does (RFC 3262 §3); the app is told
    if (method === 'PRACK') {
      const rack = /^\s*(\d+)/.exec(getHeader(msg, 'rack') ?? '');
      if (rack && dialog.pendingReliable?.rseq === Number(rack[1])) stopReliable(dialog);
      this.respond(it, 200);
    }
    const client = dialog.client;
    if (!client?.open) {
      // the app owning the dialog is gone: end what we can on its behalf
      this.respond(it, method === 'BYE' ? 200 : 481);
      return;
    }
    it.client = client;
    client.sendSip(msg, flow, it.txn.id, dialog.id);
  }

  /** An app's response to a request it was given. */
  appResponse(client: ControlClient, msgId: string, txnId: string, app: SipMessage): void {
    const {core} = this;
    const it = core.txns.inById.get(txnId);
    if (!it || it.txn.state === 'completed' || it.txn.state === 'confirmed' || it.txn.state === 'terminated') {
      client.reply(msgId, false, 'Response not sent due to unknown transaction');
      return;
    }
    const req = it.txn.request;
    const status = app.status;
    if (req.method === 'CANCEL') { client.reply(msgId, false, '200 OK to incoming CANCEL is automatically generated by the stack'); return; }
    if (status > 100 && !it.toTag) it.toTag = getTag(getHeader(app, 'to')) ?? newTag();
    const extra = app.headers.filter(x => !responseReserved.has(x.name));
    const dialogForming = req.method === 'INVITE' || req.method === 'SUBSCRIBE';
    if (dialogForming && status > 100 && status < 300 && !extra.some(x => x.name === 'contact')) {
      extra.push(h('contact', contactFor(it.txn.flow.local)));
    } else {
      fixLocalhostContact(extra, it.txn.flow.local);
    }
    if (!typeBody(extra, app.body)) core.log('warn', 'response body without Content-Type sent as is', {status, method: req.method});
    addProduct(extra, 'server');
    const res = responseTo(req, status, app.reason || reasons[status] || 'Unknown', extra, it.toTag, app.body);
    let id = it.dialog?.id ?? '';
    if (req.method === 'INVITE' && status > 100 && status < 200 && !it.dialog) {
      // a provisional response with our tag makes an early dialog (PRACK, UPDATE inside it)
      const d = this.#uasDialog(it, res, client);
      d.early = true;
      id = d.id;
    }
    if (dialogForming && status >= 200 && status < 300) {
      const seq = parseCSeq(getHeader(req, 'cseq'))!.seq;
      let d = it.dialog;
      if (d?.early) {
        d.early = false;
        d.localUri = getHeader(res, 'to')!;
        this.#answered(it, req, res);
      }
      if (!d) {
        d = this.#uasDialog(it, res, client);
        this.#answered(it, req, res);
      }
      id = d.id;
      if (req.method === 'INVITE') retransmit2xx(core, d, seq, serialize(res), it.txn.flow);
    } else if (dialogForming && status >= 300 && it.dialog?.early) {
      id = it.dialog.id;
      core.dialogs.remove(it.dialog);
      if (req.method === 'INVITE') core.app.cdr('stop', 'application', res, 'call-rejected');
    } else if (dialogForming && !it.dialog) {
      id = dialogId(getHeader(req, 'call-id'), getTag(getHeader(req, 'from')));
      if (req.method === 'INVITE' && status >= 300) core.app.cdr('stop', 'application', res, 'call-rejected');
    }
    const data = serialize(res);
    it.txn.respond(status, data);
    if (status >= 200 && status < 300 && it.dialog && (req.method === 'INVITE' || req.method === 'UPDATE')) {
      if (res.body.length) it.dialog.localSdp = res.body;
      // the 2xx says what was agreed; a 2xx without it leaves refreshing to the requester (RFC 4028 §9)
      const agreed = getHeader(res, 'session-expires');
      armSession(core, it.dialog, agreed ?? getHeader(req, 'session-expires'), 'uas', agreed ? undefined : 'uac');
    }
    const rseq = Number(getHeader(res, 'rseq'));
    if (status > 100 && status < 200 && rseq > 0 && it.dialog?.early && /\b100rel\b/i.test(getHeader(res, 'require') ?? '')) {
      retransmitReliable(core, it, it.dialog, rseq, data);
    } else if (status >= 200 && it.dialog) {
      stopReliable(it.dialog);
    }
    client.replySent(msgId, it.txn.flow, res, txnId, id);
  }

  #answered(it: InTxn, req: SipMessage, res: SipMessage): void {
    this.core.counters.calls_answered++;
    if (req.method === 'INVITE') this.core.app.cdr('start', 'application', res, 'uas');
    if (it.started !== undefined) this.core.metrics.answered(performance.now() - it.started);
  }

  #uasDialog(it: InTxn, res: SipMessage, client: ControlClient): Dialog {
    const req = it.txn.request;
    const callId = getHeader(req, 'call-id')!;
    const remoteTag = getTag(getHeader(req, 'from')) ?? '';
    const contact = getHeaderValues(req, 'contact')[0];
    const seq = parseCSeq(getHeader(req, 'cseq'))!.seq;
    const d: Dialog = {
      id: dialogId(callId, remoteTag), callId, localTag: it.toTag!, remoteTag,
      localUri: getHeader(res, 'to')!, remoteUri: getHeader(req, 'from')!,
      localSeq: Math.floor(Math.random() * 10000) + 1, inviteSeq: 0, remoteSeq: seq,
      remoteTarget: contact ? parseNameAddr(contact).uri : req.uri,
      routeSet: getHeaderValues(req, 'record-route'),
      flow: {...it.txn.flow}, client, role: 'uas', confirmed: false, early: false,
    };
    it.dialog = d;
    this.core.dialogs.add(d);
    this.core.counters.dialogs_created++;
    return d;
  }
}

function validate(msg: SipMessage): string | undefined {
  for (const name of ['from', 'to', 'call-id', 'cseq']) if (getHeader(msg, name) === undefined) return `missing ${name} header`;
  const cseq = parseCSeq(getHeader(msg, 'cseq'));
  if (!cseq) return 'malformed CSeq';
  if (cseq.method !== msg.method) return 'CSeq method does not match the request method';
  const mf = getHeader(msg, 'max-forwards');
  if (mf !== undefined && !/^\d{1,3}$/.test(mf)) return 'malformed Max-Forwards';
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(msg.uri)) return 'malformed Request-URI';
  return undefined;
}

function serverKey(via: Via, msg: SipMessage, method: string): string {
  if (via.branch.startsWith('z9hG4bK')) return `${via.branch}|${via.host}:${via.port ?? 5060}|${method}`;
  // RFC 2543 peers: fall back to the dialog-ish identifiers (§17.2.3)
  return `${getHeader(msg, 'call-id')}|${getTag(getHeader(msg, 'from'))}|${parseCSeq(getHeader(msg, 'cseq'))?.seq}|${via.host}|${method}`;
}

function setParam(value: string, name: string, v: string): string {
  const re = new RegExp(`;\\s*${name}(=[^;]*)?`, 'i');
  return re.test(value) ? value.replace(re, `;${name}=${v}`) : `${value};${name}=${v}`;
}
