// Dialog state (RFC 3261 §12) of a simulated UA, in-dialog request building, the SDP the
// simulated phones and callers offer/answer, and the digest response (RFC 2617) phones use
// to register.
import crypto from 'node:crypto';
import {getHeader, getHeaderValues, getTag, h, makeRequest, parseNameAddr, parseParams, parseUri, type SipHeader, type SipMessage} from '../../../server/engine/sip/message.ts';
import {type Address, type SipEndpoint, randomToken} from './endpoint.ts';

export type Dialog = {
  callId: string;
  localTag: string;
  remoteTag: string;
  /** From/To values without tags. */
  localUri: string;
  remoteUri: string;
  /** Where in-dialog requests go (the peer's Contact). */
  remoteTarget: string;
  routeSet: string[];
  localSeq: number;
  /** The peer's address as last seen (fallback when the target has no usable host). */
  peer: Address;
};

const stripTag = (value: string) => value.replace(/;\s*tag=[^;]*/i, '');

/** The dialog a UAS creates by answering `invite` (§12.1.1). */
export function dialogAsUas(invite: SipMessage, localTag: string, source: Address): Dialog {
  const contact = getHeaderValues(invite, 'contact')[0];
  return {
    callId: getHeader(invite, 'call-id') ?? '',
    localTag,
    remoteTag: getTag(getHeader(invite, 'from')) ?? '',
    localUri: stripTag(getHeader(invite, 'to') ?? ''),
    remoteUri: stripTag(getHeader(invite, 'from') ?? ''),
    remoteTarget: contact ? parseNameAddr(contact).uri : invite.uri,
    routeSet: getHeaderValues(invite, 'record-route'),
    localSeq: 0,
    peer: source,
  };
}

/** The dialog a UAC gets from the 2xx to its INVITE (§12.1.2). */
export function dialogAsUac(invite: SipMessage, ok: SipMessage, dest: Address): Dialog {
  const contact = getHeaderValues(ok, 'contact')[0];
  return {
    callId: getHeader(invite, 'call-id') ?? '',
    localTag: getTag(getHeader(invite, 'from')) ?? '',
    remoteTag: getTag(getHeader(ok, 'to')) ?? '',
    localUri: stripTag(getHeader(invite, 'from') ?? ''),
    remoteUri: stripTag(getHeader(ok, 'to') ?? ''),
    remoteTarget: contact ? parseNameAddr(contact).uri : invite.uri,
    routeSet: getHeaderValues(ok, 'record-route').reverse(),
    localSeq: Number(/^\d+/.exec(getHeader(invite, 'cseq') ?? '1')?.[0] ?? 1),
    peer: dest,
  };
}

/** Where an in-dialog request goes: the first loose route, else the remote target, else the peer. */
export function nextHop(dialog: Dialog): Address {
  const first = dialog.routeSet[0];
  const uri = parseUri(first ? parseNameAddr(first).uri : dialog.remoteTarget);
  if (uri && /^[\d.]+$|:/.test(uri.host)) return {host: uri.host, port: uri.port ?? 5060};
  return dialog.peer;
}

/** A request inside `dialog` (BYE, re-INVITE answer is a response; ACK uses `cseq`). */
export function inDialogRequest(endpoint: SipEndpoint, dialog: Dialog, method: string, options: {cseq?: number; body?: string; branch?: string; headers?: SipHeader[]} = {}): SipMessage {
  const seq = options.cseq ?? ++dialog.localSeq;
  const headers: SipHeader[] = [
    endpoint.via(options.branch),
    h('max-forwards', '70'),
    h('from', `${dialog.localUri};tag=${dialog.localTag}`),
    h('to', `${dialog.remoteUri};tag=${dialog.remoteTag}`),
    h('call-id', dialog.callId),
    h('cseq', `${seq} ${method}`),
  ];
  for (const route of dialog.routeSet) headers.push(h('route', route));
  if (options.headers) headers.push(...options.headers);
  if (options.body) headers.push(h('content-type', 'application/sdp'));
  return makeRequest(method, dialog.remoteTarget, headers, options.body ?? '');
}

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** A minimal audio SDP (PCMU/PCMA + telephone-event) at `host`. */
export function sdp(host: string, port: number, direction: Direction = 'sendrecv', version = 1): string {
  const ip = host.includes(':') ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=zuoxi-sim ${port} ${version} IN ${ip} ${host}`,
    's=zuoxi-sim',
    `c=IN ${ip} ${host}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 0 8 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    `a=${direction}`,
    '',
  ].join('\r\n');
}

/** The direction attribute of an SDP (session or media level; default sendrecv). */
export function directionOf(body: string): Direction {
  const m = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(body);
  if (/^c=IN IP4 0\.0\.0\.0/m.test(body)) return 'sendonly'; // RFC 2543 hold
  return (m?.[1] as Direction | undefined) ?? 'sendrecv';
}

/** The answer's direction for an offer's (RFC 3264 §6.1): sendonly ↔ recvonly. */
export function mirror(direction: Direction): Direction {
  return direction === 'sendonly' ? 'recvonly' : direction === 'recvonly' ? 'sendonly' : direction;
}

/** `Digest realm="…", nonce="…"` parameters. */
export function parseChallenge(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const body = value.replace(/^\s*Digest\s+/i, '');
  const re = /([\w-]+)\s*=\s*("([^"]*)"|[^,\s]+)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) params.set(m[1].toLowerCase(), m[3] ?? m[2]);
  return params;
}

const md5 = (s: string) => crypto.createHash('md5').update(s).digest('hex');

/** The Authorization value answering `challenge` for `method uri` (MD5, qop=auth when offered). */
export function digestAuthorization(challenge: string, method: string, uri: string, user: string, password: string, nc = 1): string {
  const p = parseChallenge(challenge);
  const realm = p.get('realm') ?? '';
  const nonce = p.get('nonce') ?? '';
  const ha1 = md5(`${user}:${realm}:${password}`);
  const ha2 = md5(`${method}:${uri}`);
  const qops = (p.get('qop') ?? '').split(',').map(q => q.trim());
  const parts = [`username="${user}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${uri}"`, 'algorithm=MD5'];
  if (qops.includes('auth')) {
    const cnonce = randomToken(8);
    const ncs = nc.toString(16).padStart(8, '0');
    parts.push(`response="${md5(`${ha1}:${nonce}:${ncs}:${cnonce}:auth:${ha2}`)}"`, 'qop=auth', `nc=${ncs}`, `cnonce="${cnonce}"`);
  } else {
    parts.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
  }
  const opaque = p.get('opaque');
  if (opaque !== undefined) parts.push(`opaque="${opaque}"`);
  return `Digest ${parts.join(', ')}`;
}

/** `answer-after=0` in a Call-Info header (the switch's auto-answer request). */
export function wantsAutoAnswer(invite: SipMessage): boolean {
  for (const value of getHeaderValues(invite, 'call-info')) {
    const after = parseParams(value.slice(value.indexOf('>') + 1)).get('answer-after');
    if (after !== undefined && Number(after) === 0) return true;
  }
  // Other auto-answer spellings some PBXes use.
  const alertInfo = getHeader(invite, 'alert-info') ?? '';
  return /auto-?answer|answer-after=0/i.test(alertInfo);
}
