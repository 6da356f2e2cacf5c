// The drachtio app link: control connections from drachtio-srf apps, their authentication
// and routes, which app gets a new request (by method, round robin), and the frames apps send.
import crypto from 'node:crypto';
import type net from 'node:net';
import {getHeader, type SipMessage} from './sip/message.ts';
import {parseMessage} from './sip/parser.ts';
import {ControlClient, type ControlFrame} from './control.ts';
import type {Core} from './context.ts';
import {ENGINE_VERSION} from './version.ts';

export {ENGINE_VERSION};

/**
 * Answered by the stack (ACK, CANCEL, PRACK, OPTIONS) or passed to the app owning the dialog
 * (BYE, INFO, UPDATE, which srf dialogs take) whatever the apps route.
 */
const STACK_METHODS = ['ACK', 'BYE', 'CANCEL', 'OPTIONS', 'PRACK', 'INFO', 'UPDATE'];

export class AppLink {
  readonly #rr = new Map<string, number>();

  constructor(private readonly core: Core) {}

  /** The next authenticated app routing `method` (or `cdr:…`), round robin. */
  pick(method: string): ControlClient | undefined {
    const m = method.toLowerCase();
    const candidates: ControlClient[] = [];
    for (const c of this.core.clients) if (c.authenticated && c.open && c.routes.has(m)) candidates.push(c);
    if (candidates.length === 0) return undefined;
    const n = (this.#rr.get(m) ?? 0) % candidates.length;
    this.#rr.set(m, n + 1);
    return candidates[n];
  }

  /** Some authenticated app is connected (the switch is up). */
  anyConnected(): boolean {
    for (const c of this.core.clients) if (c.authenticated && c.open) return true;
    return false;
  }

  /** The Allow header's value: what the stack handles itself plus what connected apps route. */
  allowed(): string {
    const methods = new Set(STACK_METHODS);
    for (const c of this.core.clients) {
      if (!c.authenticated || !c.open) continue;
      for (const r of c.routes) if (!r.startsWith('cdr:')) methods.add(r.toUpperCase());
    }
    return [...methods].join(', ');
  }

  /** A call detail record to one app that asked for them. */
  cdr(type: 'attempt' | 'start' | 'stop', source: 'network' | 'application', msg: SipMessage, detail?: string): void {
    this.pick(`cdr:${type}`)?.sendCdr(type, source, msg, detail);
  }

  onConnection(socket: net.Socket): void {
    const {core} = this;
    const client = new ControlClient(socket);
    core.clients.add(client);
    core.counters.control_connections++;
    socket.setNoDelay(true);
    // a peer that never authenticates must not hold a connection
    const authTimer = setTimeout(() => { if (!client.authenticated) socket.destroy(); }, 5000);
    authTimer.unref();
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      clearTimeout(authTimer);
      core.clients.delete(client);
      this.#orphaned(client);
    });
    socket.on('data', chunk => {
      const r = client.push(chunk);
      for (const f of r.frames) {
        try {
          this.#onFrame(client, f);
        } catch (error) {
          core.counters.control_errors++;
          core.log('error', 'control message failed', {type: f.type, error: (error as Error).message});
          client.reply(f.msgId, false, 'internal error');
        }
        if (!client.open) return;
      }
      if (r.error) {
        core.counters.control_errors++;
        core.log('warn', 'control client sent junk; closing', {error: r.error, peer: `${socket.remoteAddress}:${socket.remotePort}`});
        socket.destroy();
      }
    });
  }

  /** An app went away: answer what it left unanswered so callers are not left hanging. */
  #orphaned(client: ControlClient): void {
    if (!client.authenticated) return;
    let n = 0;
    for (const it of this.core.txns.inById.values()) {
      if (it.client !== client || it.txn.lastStatus >= 200 || it.txn.state === 'terminated' || it.proxy) continue;
      const method = it.txn.request.method;
      if (method === 'CANCEL' || method === 'ACK') continue;
      // a BYE has already ended its dialog here; anything else could not be handled
      if (method === 'BYE') this.core.uas.respond(it, 200);
      else if (method === 'INVITE') this.core.uas.respond(it, 480, 'Temporarily Unavailable - application disconnected');
      else this.core.uas.respond(it, 503, 'Service Unavailable - application disconnected');
      n++;
    }
    this.core.log('info', 'app disconnected', {client: client.id, answered: n});
  }

  #onFrame(client: ControlClient, f: ControlFrame): void {
    const {core} = this;
    if (!client.authenticated) {
      if (f.type !== 'authenticate') {
        core.counters.control_errors++;
        client.reply(f.msgId, false, 'authenticate first');
        client.socket.end();
        return;
      }
      if (!constantTimeEqual(f.args[0] ?? '', core.opts.secret)) {
        core.counters.auth_failures++;
        core.log('warn', 'control client failed to authenticate', {peer: `${client.socket.remoteAddress}:${client.socket.remotePort}`});
        client.reply(f.msgId, false, 'incorrect secret');
        client.socket.end();
        return;
      }
      client.authenticated = true;
      for (const t of (f.args[1] ?? '').split(',')) if (t) client.tags.add(t);
      client.replyAuthenticated(f.msgId, core.sip.map(s => `${s.transport}/${s.host}:${s.port}`).join(','), ENGINE_VERSION);
      core.log('info', 'app connected', {client: client.id});
      return;
    }
    switch (f.type) {
      case 'ping': client.reply(f.msgId, true, 'pong'); return;
      case 'route': {
        const verb = (f.args[0] ?? '').toLowerCase();
        if (!verb) { client.reply(f.msgId, false, 'Route request includes unsupported verb'); return; }
        client.routes.add(verb);
        client.reply(f.msgId, true);
        core.uas.held.release(verb);
        return;
      }
      case 'remove_route':
        client.routes.delete((f.args[0] ?? '').toLowerCase());
        client.reply(f.msgId, true);
        return;
      case 'authenticate': client.reply(f.msgId, true); return;
      case 'sip': this.#onAppSip(client, f); return;
      case 'proxy': core.proxy.onAppProxy(client, f); return;
      default:
        core.counters.control_errors++;
        client.reply(f.msgId, false, 'Unknown message type');
    }
  }

  #onAppSip(client: ControlClient, f: ControlFrame): void {
    const {core} = this;
    const [txnId = '', dialogId = '', routeUrl = ''] = f.args;
    const parsed = parseMessage(f.body);
    if (!parsed.ok) {
      core.counters.control_errors++;
      client.reply(f.msgId, false, `invalid SIP message: ${parsed.error}`);
      return;
    }
    const msg = parsed.msg;
    if (msg.status) { core.uas.appResponse(client, f.msgId, txnId, msg); return; }
    if (dialogId) { core.uac.appInDialog(client, f.msgId, dialogId, msg); return; }
    if (txnId && msg.method === 'CANCEL') { core.uac.appCancel(client, f.msgId, txnId, msg); return; }
    if (msg.method === 'ACK') { client.reply(f.msgId, false, 'ACK for non-success responses is automatically generated by the stack'); return; }
    // like drachtio-server: a request naming the Call-ID of a dialog we hold goes inside it
    const callId = getHeader(msg, 'call-id');
    const byCallId = callId ? core.dialogs.byCallId(callId) : undefined;
    if (byCallId) { core.uac.appInDialog(client, f.msgId, byCallId.id, msg); return; }
    core.uac.appRequest(client, f.msgId, msg, routeUrl);
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
