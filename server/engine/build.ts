// Building the messages the engine sends on its own behalf or completes for an app: responses
// from a request, ACKs for non-2xx, Via branches, tags, and the local Contact/Record-Route.
import crypto from 'node:crypto';
import {getHeader, getHeaderValues, getTag, h, parseVia, reasons, type SipHeader, type SipMessage, type Via} from './sip/message.ts';
import type {ListenSpec} from './transport.ts';
import {PRODUCT} from './version.ts';

/** Our branches carry this after the RFC 3261 magic cookie, so we know our own Via. */
export const BRANCH_PREFIX = 'z9hG4bK-zx';
/** Branches of statelessly forwarded requests (deterministic, so retransmissions map alike). */
export const STATELESS_PREFIX = `${BRANCH_PREFIX}sl`;

let counter = 0;
const seed = crypto.randomBytes(4).toString('hex');

export function newBranch(): string {
  return `${BRANCH_PREFIX}${seed}${(counter++).toString(36)}`;
}

export function newTag(): string {
  return crypto.randomBytes(6).toString('hex');
}

export function newCallId(host: string): string {
  return `${crypto.randomUUID()}@${host}`;
}

export function hostPort(l: ListenSpec): string {
  return l.host.includes(':') ? `[${l.host}]:${l.port}` : `${l.host}:${l.port}`;
}

export function viaFor(l: ListenSpec, branch: string): string {
  return `SIP/2.0/${l.transport.toUpperCase()} ${hostPort(l)};rport;branch=${branch}`;
}

export function contactFor(l: ListenSpec, user = ''): string {
  return `<sip:${user ? `${user}@` : ''}${hostPort(l)}${l.transport === 'udp' ? '' : `;transport=${l.transport}`}>`;
}

export function recordRouteFor(l: ListenSpec): string {
  return `<sip:${hostPort(l)};transport=${l.transport};lr>`;
}

/** drachtio's time stamp in the wire meta: HH:MM:SS.micro (UTC). */
export function wireTime(now = Date.now()): string {
  const d = new Date(now);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}`;
}

const dialogForming = new Set(['INVITE', 'SUBSCRIBE']);

/**
 * A response to `req`: Via, From, To (tagged when toTag is given and To has none), Call-ID and
 * CSeq come from the request (RFC 3261 §8.2.6.2); `extra` headers follow.
 */
export function responseTo(req: SipMessage, status: number, reason = reasons[status] ?? 'Unknown', extra: SipHeader[] = [], toTag?: string, body: Buffer = Buffer.alloc(0)): SipMessage {
  const headers: SipHeader[] = [];
  for (const x of req.headers) if (x.name === 'via') headers.push(x);
  const from = getHeader(req, 'from');
  if (from !== undefined) headers.push({name: 'from', value: from});
  let to = getHeader(req, 'to');
  if (to !== undefined && toTag && status > 100 && !getTag(to)) to = `${to};tag=${toTag}`;
  if (to !== undefined) headers.push({name: 'to', value: to});
  const callId = getHeader(req, 'call-id');
  if (callId !== undefined) headers.push({name: 'call-id', value: callId});
  const cseq = getHeader(req, 'cseq');
  if (cseq !== undefined) headers.push({name: 'cseq', value: cseq});
  if (status > 100 && status < 300 && dialogForming.has(req.method)) {
    for (const x of req.headers) if (x.name === 'record-route') headers.push(x);
  }
  headers.push(...extra);
  return {method: '', uri: '', status, reason, headers, body};
}

/** The ACK a client INVITE transaction sends for a non-2xx final response (§17.1.1.3). */
export function ackFor(invite: SipMessage, response: SipMessage): SipMessage {
  const headers: SipHeader[] = [];
  const topVia = getHeaderValues(invite, 'via')[0];
  if (topVia) headers.push(h('via', topVia));
  headers.push(h('max-forwards', '70'));
  for (const x of invite.headers) if (x.name === 'route') headers.push(x);
  headers.push(h('from', getHeader(invite, 'from') ?? ''));
  headers.push(h('to', getHeader(response, 'to') ?? getHeader(invite, 'to') ?? ''));
  headers.push(h('call-id', getHeader(invite, 'call-id') ?? ''));
  const seq = (getHeader(invite, 'cseq') ?? '1').trim().split(/\s+/)[0];
  headers.push(h('cseq', `${seq} ACK`));
  return {method: 'ACK', uri: invite.uri, status: 0, reason: '', headers, body: Buffer.alloc(0)};
}

/** The top Via of a message, parsed. */
export function topVia(msg: SipMessage): Via | undefined {
  for (const x of msg.headers) {
    if (x.name !== 'via') continue;
    const comma = firstListItem(x.value);
    return parseVia(comma);
  }
  return undefined;
}

function firstListItem(value: string): string {
  // Via values contain no quotes or angle brackets worth respecting except in params; a plain
  // comma split is what RFC 3261 §7.3.1 allows for Via.
  const i = value.indexOf(',');
  return (i < 0 ? value : value.slice(0, i)).trim();
}

/** Rewrite the top Via value (e.g. to add received/rport). */
export function replaceTopVia(msg: SipMessage, value: string): void {
  const i = msg.headers.findIndex(x => x.name === 'via');
  if (i < 0) return;
  const v = msg.headers[i].value;
  const comma = v.indexOf(',');
  msg.headers[i] = {name: 'via', value: comma < 0 ? value : `${value}${v.slice(comma)}`};
}

/** An app's `Contact: <sip:…@localhost>` names us: put in the address it will be reached at. */
export function fixLocalhostContact(headers: SipHeader[], local: ListenSpec): void {
  for (let i = 0; i < headers.length; i++) {
    const x = headers[i];
    if (x.name === 'contact' && x.value.includes('@localhost')) {
      headers[i] = {name: 'contact', value: x.value.replace('@localhost', `@${local.host}:${local.port}`)};
    }
  }
}

/**
 * Give a body its Content-Type as drachtio-server does for srf apps: a body without one that
 * starts with "v=0" is SDP (phones such as linphone ignore an untyped SDP). False when the body
 * has no type and is not SDP: drachtio-server refuses such a request ("missing content-type").
 */
export function typeBody(headers: SipHeader[], body: Buffer): boolean {
  if (body.length === 0 || headers.some(x => x.name === 'content-type')) return true;
  if (body.subarray(0, 3).toString('latin1') !== 'v=0') return false;
  headers.push(h('content-type', 'application/sdp'));
  return true;
}

/** Name the engine in `Server` (responses) or `User-Agent` (requests) unless the app did. */
export function addProduct(headers: SipHeader[], name: 'server' | 'user-agent'): void {
  if (!headers.some(x => x.name === name)) headers.push(h(name, PRODUCT));
}
