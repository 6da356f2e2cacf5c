// UAC core: requests the engine sends (for apps, or itself: session refreshes, BYEs ending a
// dialog), their client transactions and the responses to them (§8.1, §13.2, §17.1), early
// and confirmed UAC dialogs, CANCEL (§9.1).
import crypto from 'node:crypto';
import {getHeader, getHeaderValues, getTag, h, parseCSeq, parseNameAddr, type SipHeader, type SipMessage} from './sip/message.ts';
import {serialize} from './sip/serialize.ts';
import type {ControlClient} from './control.ts';
import {ackFor, addProduct, BRANCH_PREFIX, contactFor, fixLocalhostContact, newBranch, newCallId, newTag, responseTo, topVia, typeBody, viaFor} from './build.ts';
import type {Core, OutTxn} from './context.ts';
import {dialogId, type Dialog} from './dialogs/dialog.ts';
import {inDialogRequest} from './dialogs/request.ts';
import {PRODUCT} from './version.ts';
import {ackRefresh, armSession, refreshFailed} from './dialogs/session-timer.ts';
import {ClientTransaction, type ClientTxnUser} from './transactions.ts';
import type {Flow} from './transport.ts';

const inDialogReserved = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'content-length', 'max-forwards', 'route']);
const requestReserved = new Set(['via', 'content-length', 'from', 'to', 'call-id', 'cseq', 'max-forwards']);
const needsContact = new Set(['INVITE', 'SUBSCRIBE', 'REGISTER', 'REFER', 'NOTIFY']);

export class UacCore {
  readonly #user: ClientTxnUser = {
    response: (t, msg) => this.#onOutResponse(t, msg),
    timeout: (t, reason) => {
      const {core} = this;
      if (!core.txns.outById.get(t.id)) return;
      const status = reason === 'timeout' ? 408 : 503;
      core.log('info', 'client transaction failed', {method: t.method, reason});
      const fake = responseTo(t.request, status, reason === 'timeout' ? 'Request Timeout' : 'Service Unavailable - transport failure');
      try {
        this.#onOutResponse(t, fake, true);
      } catch (error) {
        core.counters.internal_errors++;
        core.log('error', 'failed to handle a transaction timeout', {error: (error as Error).stack});
      }
    },
    terminated: t => this.core.txns.removeOut(t),
    buildAck: (t, response) => serialize(ackFor(t.request, response)),
  };

  constructor(private readonly core: Core) {}

  /** A response from the network: to one of our client transactions, or forwarded on. */
  onResponse(msg: SipMessage, flow: Flow): void {
    const {core} = this;
    const {counters} = core;
    const via = topVia(msg);
    const cseq = parseCSeq(getHeader(msg, 'cseq'));
    if (!via || !cseq || !via.branch.startsWith(BRANCH_PREFIX)) {
      counters.dropped++;
      core.log('debug', 'response not for us dropped', {peer: `${flow.address}:${flow.port}`});
      return;
    }
    const out = core.txns.outByKey.get(`${via.branch}|${cseq.method}`);
    if (out) { out.txn.receive(msg); return; }
    if (getHeaderValues(msg, 'via').length > 1) { core.locate.forwardResponseStateless(msg); return; }
    if (cseq.method === 'INVITE' && msg.status >= 200 && msg.status < 300) {
      // a retransmitted 2xx: our ACK got lost (§13.2.2.4)
      counters.retransmissions_received++;
      const dialog = core.dialogs.find(getHeader(msg, 'call-id'), getTag(getHeader(msg, 'from')));
      if (dialog?.lastAck && dialog.lastAck.seq === cseq.seq) {
        core.send(dialog.lastAck.flow, dialog.lastAck.data);
        counters.retransmissions_sent++;
      }
      return;
    }
    counters.dropped++;
  }

  startOut(out: Omit<OutTxn, 'txn'>, request: SipMessage, flow: Flow, branch: string): OutTxn {
    const o = out as OutTxn;
    o.txn = new ClientTransaction(crypto.randomUUID(), `${branch}|${request.method}`, request.method, request, serialize(request), flow, this.core.host, this.#user);
    this.core.txns.addOut(o);
    o.txn.start();
    return o;
  }

  #onOutResponse(t: ClientTransaction, msg: SipMessage, synthetic = false): void {
    const {core} = this;
    const out = core.txns.outById.get(t.id);
    if (!out) return;
    if (out.proxyFor) { core.proxy.onResponse(out, msg, synthetic); return; }
    const status = msg.status;
    if (status < 200 && out.pendingCancel) {
      const c = out.pendingCancel;
      out.pendingCancel = undefined;
      core.txns.addOut({txn: c});
      c.start();
    }
    let id = out.dialog?.id ?? '';
    if (t.method === 'INVITE' && !out.dialog && status > 100 && status < 200 && getTag(getHeader(msg, 'to'))) {
      // an early dialog, so a PRACK or UPDATE can be sent inside it (RFC 3262, RFC 3311)
      out.early ??= this.#uacDialog(t, msg, out.client, true);
      id = out.early.id;
    }
    if (t.method === 'INVITE' && status >= 200) {
      out.pendingCancel = undefined;
      if (status < 300) {
        if (out.dialog) {
          const contact = getHeaderValues(msg, 'contact')[0];
          if (contact) out.dialog.remoteTarget = parseNameAddr(contact).uri;
        } else {
          id = this.#uacDialog(t, msg, out.client).id;
          core.counters.calls_answered++;
          core.app.cdr('start', 'network', msg, 'uac');
        }
      } else if (!out.dialog) {
        id = dialogId(getHeader(t.request, 'call-id'), getTag(getHeader(t.request, 'from')));
        if (out.early?.early) core.dialogs.remove(out.early);
        core.app.cdr('stop', 'network', msg, 'call-rejected');
      }
    }
    if ((t.method === 'INVITE' || t.method === 'UPDATE') && status >= 200 && status < 300) {
      const d = out.dialog ?? core.dialogs.byId(id);
      if (d) {
        if (t.request.body.length) d.localSdp = t.request.body;
        if (out.refresh) ackRefresh(core, d);
        armSession(core, d, getHeader(msg, 'session-expires'), 'uac');
      }
    } else if (out.refresh && t.method === 'INVITE' && status >= 300 && out.dialog && core.dialogs.holds(out.dialog)) {
      refreshFailed(core, out.dialog, status);
    }
    if (out.refresh) return; // the app never asked for it
    // a challenged BYE keeps its dialog so the app's authenticated BYE can go out in it, as
    // drachtio-server does (srf retries with credentials)
    if (t.method === 'BYE' && status >= 200 && status !== 401 && status !== 407 && out.dialog) core.dialogs.remove(out.dialog);
    if (status >= 200 && out.onFinal) out.onFinal();
    if (out.client?.open) out.client.sendSip(msg, t.flow, t.id, id);
  }

  #uacDialog(t: ClientTransaction, res: SipMessage, client: ControlClient | undefined, early = false): Dialog {
    const callId = getHeader(t.request, 'call-id')!;
    const localTag = getTag(getHeader(t.request, 'from'))!;
    const remoteTag = getTag(getHeader(res, 'to')) ?? '';
    const contact = getHeaderValues(res, 'contact')[0];
    const id = dialogId(callId, localTag);
    const existing = this.core.dialogs.byId(id);
    if (existing) {
      if (existing.early && !early) {
        // the 2xx confirms the early dialog: its target and route set are the 2xx's (§13.2.2.4)
        existing.early = false;
        existing.remoteTag = remoteTag;
        existing.remoteUri = getHeader(res, 'to')!;
        if (contact) existing.remoteTarget = parseNameAddr(contact).uri;
        existing.routeSet = getHeaderValues(res, 'record-route').reverse();
      }
      return existing;
    }
    const seq = parseCSeq(getHeader(t.request, 'cseq'))!.seq;
    const d: Dialog = {
      id, callId, localTag, remoteTag,
      localUri: getHeader(t.request, 'from')!,
      remoteUri: getHeader(res, 'to')!,
      localSeq: seq, inviteSeq: seq,
      remoteTarget: contact ? parseNameAddr(contact).uri : t.request.uri,
      routeSet: getHeaderValues(res, 'record-route').reverse(),
      flow: t.flow, client, role: 'uac', confirmed: !early, early,
    };
    this.core.dialogs.add(d);
    this.core.counters.dialogs_created++;
    return d;
  }

  /**
   * Send BYE for a dialog the engine ends itself and tell the app (drachtio's "unsolicited"
   * BYE); srf reports the Reason's text as the dialog's destroy reason, so the texts are
   * drachtio-server's ('ACK timeout', 'Session timer expired') where it has one.
   */
  byeOnBehalf(d: Dialog, onFinal?: () => void, text = 'dialog ended by the engine'): void {
    const bye = inDialogRequest(this.core.locate, d, 'BYE', [h('reason', `SIP ;cause=200 ;text="${text}"`), h('user-agent', PRODUCT)], Buffer.alloc(0));
    this.core.dialogs.remove(d);
    if (!bye) { onFinal?.(); return; }
    this.startOut({onFinal}, bye.msg, bye.flow, bye.branch);
    if (d.client?.open) d.client.sendSip(bye.msg, bye.flow, 'unsolicited', d.id, 'application');
  }

  appInDialog(client: ControlClient, msgId: string, id: string, app: SipMessage): void {
    const {core} = this;
    const d = core.dialogs.byId(id);
    if (!d) { client.reply(msgId, false, `unable to find dialog for dialog id ${id}`); return; }
    const extra = app.headers.filter(x => !inDialogReserved.has(x.name));
    fixLocalhostContact(extra, d.flow.local);
    if (!typeBody(extra, app.body)) { client.reply(msgId, false, 'missing content-type'); return; }
    addProduct(extra, 'user-agent');
    if (app.method === 'ACK') {
      const ack = inDialogRequest(core.locate, d, 'ACK', extra, app.body, d.inviteSeq);
      if (!ack) { client.reply(msgId, false, 'no route to the dialog peer'); return; }
      const data = serialize(ack.msg);
      d.lastAck = {seq: d.inviteSeq, data, flow: ack.flow};
      core.send(ack.flow, data);
      client.replySent(msgId, ack.flow, ack.msg, crypto.randomUUID());
      return;
    }
    const built = inDialogRequest(core.locate, d, app.method, extra, app.body);
    if (!built) { client.reply(msgId, false, 'no route to the dialog peer'); return; }
    if (app.method === 'INVITE') d.inviteSeq = parseCSeq(getHeader(built.msg, 'cseq'))!.seq;
    const out = this.startOut({client, dialog: d}, built.msg, built.flow, built.branch);
    if (app.method === 'BYE') core.app.cdr('stop', 'application', built.msg, 'normal-release');
    client.replySent(msgId, built.flow, built.msg, out.txn.id);
  }

  /** An app's request outside any dialog, to its route URL, top Route or Request-URI. */
  appRequest(client: ControlClient, msgId: string, app: SipMessage, routeUrl: string): void {
    let routeTarget = routeUrl;
    const route = getHeaderValues(app, 'route')[0];
    if (!routeTarget && route) routeTarget = parseNameAddr(route).uri;
    const target = routeTarget || app.uri;
    const flow = this.core.locate.target(target);
    if (flow) { this.#appRequestTo(client, msgId, app, flow); return; }
    void this.core.locate.resolveTarget(target).then(f => {
      if (f) this.#appRequestTo(client, msgId, app, f);
      else client.reply(msgId, false, `cannot send to ${target}: unsupported or unresolvable target`);
    });
  }

  #appRequestTo(client: ControlClient, msgId: string, app: SipMessage, flow: Flow): void {
    const method = app.method;
    const branch = newBranch();
    const extra = app.headers.filter(x => !requestReserved.has(x.name));
    if (!typeBody(extra, app.body)) { client.reply(msgId, false, 'missing content-type'); return; }
    addProduct(extra, 'user-agent');
    let from = getHeader(app, 'from') ?? `<sip:${flow.local.host}>`;
    if (from.includes('@localhost')) from = from.replace('@localhost', `@${flow.local.host}`);
    if (!getTag(from)) from = `${from};tag=${newTag()}`;
    const to = getHeader(app, 'to') ?? `<${app.uri}>`;
    const headers: SipHeader[] = [
      h('via', viaFor(flow.local, branch)),
      h('max-forwards', getHeader(app, 'max-forwards') ?? '70'),
      h('from', from),
      h('to', to),
      h('call-id', getHeader(app, 'call-id') ?? newCallId(flow.local.host)),
      h('cseq', getHeader(app, 'cseq') ?? `${Math.floor(Math.random() * 1000) + 1} ${method}`),
    ];
    fixLocalhostContact(extra, flow.local);
    if (needsContact.has(method) && !extra.some(x => x.name === 'contact')) headers.push(h('contact', contactFor(flow.local)));
    headers.push(...extra);
    const msg: SipMessage = {method, uri: app.uri, status: 0, reason: '', headers, body: app.body};
    const out = this.startOut({client}, msg, flow, branch);
    if (method === 'INVITE') {
      this.core.counters.calls_out++;
      this.core.app.cdr('attempt', 'application', msg);
    }
    client.replySent(msgId, flow, msg, out.txn.id);
  }

  appCancel(client: ControlClient, msgId: string, txnId: string, app: SipMessage): void {
    const out = this.core.txns.outById.get(txnId);
    if (!out || out.txn.method !== 'INVITE' || out.txn.finalStatus) {
      client.reply(msgId, false, 'unknown transaction or final response already received');
      return;
    }
    const cancel = this.cancelOut(out, app.headers.filter(x => x.name === 'reason'));
    client.replySent(msgId, out.txn.flow, cancel.request, cancel.id);
  }

  /** CANCEL a client INVITE: same branch, sent once a provisional arrived (§9.1). */
  cancelOut(out: OutTxn, extra: SipHeader[]): ClientTransaction {
    const inv = out.txn.request;
    const headers: SipHeader[] = [
      h('via', getHeaderValues(inv, 'via')[0]),
      h('max-forwards', '70'),
      ...inv.headers.filter(x => x.name === 'route'),
      h('from', getHeader(inv, 'from')!),
      h('to', getHeader(inv, 'to')!),
      h('call-id', getHeader(inv, 'call-id')!),
      h('cseq', `${parseCSeq(getHeader(inv, 'cseq'))!.seq} CANCEL`),
      ...extra,
    ];
    const msg: SipMessage = {method: 'CANCEL', uri: inv.uri, status: 0, reason: '', headers, body: Buffer.alloc(0)};
    const branch = topVia(inv)!.branch;
    const c = new ClientTransaction(crypto.randomUUID(), `${branch}|CANCEL`, 'CANCEL', msg, serialize(msg), out.txn.flow, this.core.host, this.#user);
    if (out.txn.gotProvisional) {
      this.core.txns.addOut({txn: c});
      c.start();
    } else {
      out.pendingCancel = c;
    }
    return c;
  }
}
