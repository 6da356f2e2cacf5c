// Proxy core (§16): an app's `proxy` request forwards a received request to its destinations,
// in turn or all at once, and sends the best final response upstream.
import {getHeader, h, popHeaderValue, type SipMessage} from './sip/message.ts';
import {parseMessage} from './sip/parser.ts';
import {serialize} from './sip/serialize.ts';
import type {ControlClient, ControlFrame} from './control.ts';
import {newBranch, recordRouteFor, viaFor} from './build.ts';
import type {Core, InTxn, OutTxn} from './context.ts';
import type {Flow} from './transport.ts';

const skip = new Set(['via', 'content-length', 'from', 'to', 'call-id', 'cseq', 'max-forwards']);

export class ProxyCore {
  constructor(private readonly core: Core) {}

  onAppProxy(client: ControlClient, f: ControlFrame): void {
    const {core} = this;
    const [txnId = '', remain = '', , , forking = '', , , ...destinations] = f.args;
    const it = core.txns.inById.get(txnId);
    if (!it || it.txn.lastStatus >= 200) { client.reply(f.msgId, false, 'unknown transaction'); return; }
    const dests = destinations.filter(Boolean);
    if (dests.length === 0) { client.reply(f.msgId, false, 'Invalid proxy request: no destination'); return; }
    const parsed = parseMessage(f.body);
    const extra = parsed.ok ? parsed.msg.headers.filter(x => !skip.has(x.name)) : [];
    const simultaneous = forking === 'simultaneous' && dests.length > 1;
    it.proxy = {client, msgId: f.msgId, destinations: dests, next: 0, recordRoute: remain === 'remainInDialog', extra, finished: false, simultaneous, outs: [], pending: 0};
    if (!simultaneous) { this.#next(it); return; }
    const p = it.proxy;
    p.pending = dests.length;
    p.next = dests.length;
    for (const dest of dests) {
      const flow = core.locate.target(dest);
      if (flow) { this.#to(it, dest, flow); continue; }
      void core.locate.resolveTarget(dest).then(found => {
        if (it.txn.state === 'terminated' || p.finished) return;
        if (found) this.#to(it, dest, found);
        else this.#branchFailed(it);
      });
    }
  }

  /** A simultaneous branch ended without success; the last one to end decides the answer. */
  #branchFailed(it: InTxn): void {
    const p = it.proxy!;
    p.pending--;
    if (p.pending <= 0) this.#finish(it);
  }

  #next(it: InTxn): void {
    const p = it.proxy!;
    const dest = p.destinations[p.next++];
    if (dest === undefined) { this.#finish(it); return; }
    const flow = this.core.locate.target(dest);
    if (flow) { this.#to(it, dest, flow); return; }
    void this.core.locate.resolveTarget(dest).then(f => {
      if (it.txn.state === 'terminated' || p.finished) return;
      if (f) this.#to(it, dest, f);
      else this.#next(it);
    });
  }

  #to(it: InTxn, dest: string, flow: Flow): void {
    const p = it.proxy!;
    const req = it.txn.request;
    const mf = Number(getHeader(req, 'max-forwards') ?? '70');
    const extraNames = new Set(p.extra.map(x => x.name));
    const headers = req.headers.filter(x => x.name !== 'max-forwards' && !extraNames.has(x.name));
    headers.unshift(h('max-forwards', String(Math.max(0, mf - 1))));
    if (p.recordRoute) headers.unshift(h('record-route', recordRouteFor(flow.local)));
    const branch = newBranch();
    headers.unshift(h('via', viaFor(flow.local, branch)));
    headers.push(...p.extra);
    const fwd: SipMessage = {method: req.method, uri: dest.includes(':') ? dest : `sip:${dest}`, status: 0, reason: '', headers, body: req.body};
    this.core.counters.proxied++;
    it.proxyOut = this.core.uac.startOut({proxyFor: it}, fwd, flow, branch);
    p.outs.push(it.proxyOut);
  }

  /** A response on one branch (synthetic: a timeout or transport failure, not told to the app). */
  onResponse(out: OutTxn, msg: SipMessage, synthetic: boolean): void {
    const it = out.proxyFor!;
    const p = it.proxy!;
    if (p.finished) return;
    if (!synthetic) p.client.proxyProgress(p.msgId, msg, out.txn.flow, out.txn.id);
    const status = msg.status;
    if (status === 100) return;
    const up: SipMessage = {...msg, headers: msg.headers.map(x => ({...x}))};
    popHeaderValue(up, 'via');
    if (status < 200) { it.txn.respond(status, serialize(up)); return; }
    if (p.simultaneous) {
      if (status < 300) {
        // the first 2xx wins; the other branches are cancelled (RFC 3261 §16.7 step 10)
        this.#cancelOthers(p.outs, out, [h('reason', 'SIP ;cause=200 ;text="Call completed elsewhere"')]);
        p.lastFinal = up;
        this.#finish(it);
        return;
      }
      // keep the best failure: a 6xx ends the search, otherwise the lowest code (§16.7 step 6)
      if (!p.lastFinal || (p.lastFinal.status < 600 && (status >= 600 || status < p.lastFinal.status))) p.lastFinal = up;
      if (status >= 600) {
        this.#cancelOthers(p.outs, out, []);
        this.#finish(it);
        return;
      }
      this.#branchFailed(it);
      return;
    }
    p.lastFinal = up;
    if (status >= 300 && status < 600 && p.next < p.destinations.length) { this.#next(it); return; }
    this.#finish(it);
  }

  #cancelOthers(outs: OutTxn[], winner: OutTxn, reason: ReturnType<typeof h>[]): void {
    for (const o of outs) if (o !== winner && !o.txn.finalStatus && o.txn.state !== 'terminated') this.core.uac.cancelOut(o, reason);
  }

  #finish(it: InTxn): void {
    const p = it.proxy!;
    if (p.finished) return;
    p.finished = true;
    if (p.lastFinal) it.txn.respond(p.lastFinal.status, serialize(p.lastFinal));
    else this.core.uas.respond(it, 503, 'Service Unavailable - no destination reachable');
    p.client.proxyDone(p.msgId);
  }
}
