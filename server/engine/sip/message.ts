// The SIP message model shared by the engine, its tests and the simulated phones/callers of the
// load tester: a start line, an ordered list of header lines (names normalised to their long,
// lower-case form so compact forms and case never matter) and a raw body.

export interface SipHeader {
  /** Long form, lower case: `via`, `call-id`, `x-foo`. */
  name: string;
  /** The value as received (folding already undone), without surrounding whitespace. */
  value: string;
}

export interface SipMessage {
  /** Request method; '' for a response. */
  method: string;
  /** Request-URI; '' for a response. */
  uri: string;
  /** Status code; 0 for a request. */
  status: number;
  reason: string;
  headers: SipHeader[];
  body: Buffer;
}

/** RFC 3261 §7.3.3 and its successors' compact header forms. */
export const compactForms: Readonly<Record<string, string>> = {
  i: 'call-id', m: 'contact', e: 'content-encoding', l: 'content-length', c: 'content-type',
  f: 'from', s: 'subject', k: 'supported', t: 'to', v: 'via', r: 'refer-to', b: 'referred-by',
  o: 'event', x: 'session-expires', u: 'allow-events', a: 'accept-contact', j: 'reject-contact',
  d: 'request-disposition', y: 'identity', n: 'identity-info',
};

const specialNames: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID', cseq: 'CSeq', 'www-authenticate': 'WWW-Authenticate', 'mime-version': 'MIME-Version',
  rseq: 'RSeq', rack: 'RAck', 'sip-etag': 'SIP-ETag', 'sip-if-match': 'SIP-If-Match',
};

const displayCache = new Map<string, string>();

/** `record-route` → `Record-Route`, with the RFC's irregular spellings. */
export function displayName(name: string): string {
  let d = displayCache.get(name);
  if (d === undefined) {
    d = specialNames[name] ?? name.split('-').map(p => p.charAt(0).toUpperCase() + p.slice(1)).join('-');
    if (displayCache.size < 1000) displayCache.set(name, d);
  }
  return d;
}

/** The long, lower-case form of a header name as written on the wire. */
export function normalName(raw: string): string {
  const lower = raw.toLowerCase();
  return lower.length === 1 ? (compactForms[lower] ?? lower) : lower;
}

/** Value of the first header line with this name. */
export function getHeader(msg: SipMessage, name: string): string | undefined {
  const n = normalName(name);
  for (const h of msg.headers) if (h.name === n) return h.value;
  return undefined;
}

/** Every value of a header, comma-separated lists split apart (Via, Route, Contact, …). */
export function getHeaderValues(msg: SipMessage, name: string): string[] {
  const n = normalName(name);
  const out: string[] = [];
  for (const h of msg.headers) if (h.name === n) for (const v of splitList(h.value)) out.push(v);
  return out;
}

/** Replace every line of a header by one line (or remove it when value is undefined). */
export function setHeader(msg: SipMessage, name: string, value: string | undefined): void {
  const n = normalName(name);
  const i = msg.headers.findIndex(h => h.name === n);
  msg.headers = msg.headers.filter(h => h.name !== n);
  if (value !== undefined) msg.headers.splice(i < 0 ? msg.headers.length : i, 0, {name: n, value});
}

export function removeHeader(msg: SipMessage, name: string): void {
  const n = normalName(name);
  msg.headers = msg.headers.filter(h => h.name !== n);
}

/** Prepend a value to a list header (a new first line). */
export function prependHeader(msg: SipMessage, name: string, value: string): void {
  const n = normalName(name);
  const i = msg.headers.findIndex(h => h.name === n);
  msg.headers.splice(i < 0 ? 0 : i, 0, {name: n, value});
}

/** Remove the first value of a list header (the top Via, the top Route). */
export function popHeaderValue(msg: SipMessage, name: string): string | undefined {
  const n = normalName(name);
  const i = msg.headers.findIndex(h => h.name === n);
  if (i < 0) return undefined;
  const values = splitList(msg.headers[i].value);
  const first = values.shift();
  if (values.length === 0) msg.headers.splice(i, 1);
  else msg.headers[i] = {name: n, value: values.join(', ')};
  return first;
}

/** Split a header value at top-level commas (not inside quotes or angle brackets). */
export function splitList(value: string): string[] {
  if (value.indexOf(',') < 0) return [value];
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === 92) i++; // backslash escape
      else if (c === 34) quoted = false;
    } else if (c === 34) quoted = true;
    else if (c === 60) depth++;
    else if (c === 62) depth--;
    else if (c === 44 && depth === 0) {
      const part = value.slice(start, i).trim();
      if (part) out.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/** `;name=value` parameters of a header value or URI, names lower-cased. */
export function parseParams(s: string): Map<string, string> {
  const params = new Map<string, string>();
  let i = s.indexOf(';');
  while (i >= 0) {
    let j = s.indexOf(';', i + 1);
    // a quoted parameter value may hold a ';'
    const q = s.indexOf('"', i + 1);
    if (q >= 0 && (j < 0 || q < j)) {
      const q2 = s.indexOf('"', q + 1);
      j = q2 < 0 ? -1 : s.indexOf(';', q2 + 1);
    }
    const part = s.slice(i + 1, j < 0 ? undefined : j).trim();
    const eq = part.indexOf('=');
    if (part) params.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? '' : part.slice(eq + 1).trim());
    i = j;
  }
  return params;
}

export interface NameAddr {
  display: string;
  uri: string;
  /** Header parameters (after the URI): tag, expires, lr of a Route… */
  params: Map<string, string>;
}

/** Parse a From/To/Contact/Route value: `"Name" <sip:u@h;lr>;tag=x` or `sip:u@h;tag=x`. */
export function parseNameAddr(value: string): NameAddr {
  const lt = value.indexOf('<');
  if (lt >= 0) {
    const gt = value.indexOf('>', lt);
    const display = value.slice(0, lt).trim().replace(/^"|"$/g, '');
    const uri = value.slice(lt + 1, gt < 0 ? undefined : gt).trim();
    return {display, uri, params: parseParams(gt < 0 ? '' : value.slice(gt + 1))};
  }
  // addr-spec form: parameters after the URI belong to the header (RFC 3261 §20.10)
  const semi = value.indexOf(';');
  return {display: '', uri: (semi < 0 ? value : value.slice(0, semi)).trim(), params: parseParams(semi < 0 ? '' : value.slice(semi))};
}

/** The tag parameter of a From or To value. */
export function getTag(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const gt = value.lastIndexOf('>');
  const tail = gt >= 0 ? value.slice(gt + 1) : value;
  const i = tail.search(/;\s*tag\s*=/i);
  if (i < 0) return undefined;
  const eq = tail.indexOf('=', i);
  let end = tail.indexOf(';', eq);
  if (end < 0) end = tail.length;
  return tail.slice(eq + 1, end).trim() || undefined;
}

export interface SipUri {
  scheme: string;
  user: string;
  host: string;
  port: number | undefined;
  params: Map<string, string>;
}

/** Parse `sip:user@host:port;params?headers`; undefined when it is not a sip/sips URI. */
export function parseUri(uri: string): SipUri | undefined {
  const colon = uri.indexOf(':');
  if (colon < 0) return undefined;
  const scheme = uri.slice(0, colon).toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips') return undefined;
  let rest = uri.slice(colon + 1);
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  const semi = rest.indexOf(';');
  const params = parseParams(semi < 0 ? '' : rest.slice(semi));
  let hostport = semi < 0 ? rest : rest.slice(0, semi);
  let user = '';
  const at = hostport.lastIndexOf('@');
  if (at >= 0) {
    user = hostport.slice(0, at);
    hostport = hostport.slice(at + 1);
  }
  let host = hostport;
  let port: number | undefined;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    host = hostport.slice(1, end);
    const p = hostport.slice(end + 1);
    if (p.startsWith(':')) port = Number(p.slice(1));
  } else {
    const c = hostport.lastIndexOf(':');
    if (c >= 0) {
      host = hostport.slice(0, c);
      port = Number(hostport.slice(c + 1));
    }
  }
  if (!host || (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536))) return undefined;
  return {scheme, user, host, port, params};
}

export interface Via {
  transport: string;
  host: string;
  port: number | undefined;
  params: Map<string, string>;
  branch: string;
}

/** Parse one Via value: `SIP/2.0/UDP host:port;branch=z9hG4bK…;rport`. */
export function parseVia(value: string): Via | undefined {
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+([^;\s]+)\s*(.*)$/s.exec(value);
  if (!m) return undefined;
  const hostport = m[2];
  let host = hostport;
  let port: number | undefined;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    host = hostport.slice(1, end);
    if (hostport[end + 1] === ':') port = Number(hostport.slice(end + 2));
  } else {
    const c = hostport.lastIndexOf(':');
    if (c >= 0) {
      host = hostport.slice(0, c);
      port = Number(hostport.slice(c + 1));
    }
  }
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) return undefined;
  const params = parseParams(m[3]);
  return {transport: m[1].toUpperCase(), host, port, params, branch: params.get('branch') ?? ''};
}

export interface CSeq {
  seq: number;
  method: string;
}

export function parseCSeq(value: string | undefined): CSeq | undefined {
  if (!value) return undefined;
  const m = /^(\d{1,10})\s+([A-Za-z!%*_+`'~.-]+)$/.exec(value.trim());
  if (!m) return undefined;
  const seq = Number(m[1]);
  if (seq > 0xffffffff) return undefined;
  return {seq, method: m[2].toUpperCase()};
}

/** A request with the given start line and headers. */
export function makeRequest(method: string, uri: string, headers: SipHeader[] = [], body: Buffer | string = ''): SipMessage {
  return {method, uri, status: 0, reason: '', headers, body: typeof body === 'string' ? Buffer.from(body) : body};
}

/** A response with the given status and headers. */
export function makeResponse(status: number, reason: string, headers: SipHeader[] = [], body: Buffer | string = ''): SipMessage {
  return {method: '', uri: '', status, reason, headers, body: typeof body === 'string' ? Buffer.from(body) : body};
}

export function h(name: string, value: string): SipHeader {
  return {name: normalName(name), value};
}

/** The standard reason phrases the engine itself uses. */
export const reasons: Readonly<Record<number, string>> = {
  100: 'Trying', 180: 'Ringing', 183: 'Session Progress', 200: 'OK', 202: 'Accepted',
  400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout',
  413: 'Request Entity Too Large', 416: 'Unsupported URI Scheme', 420: 'Bad Extension', 481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected', 483: 'Too Many Hops', 486: 'Busy Here', 487: 'Request Terminated', 488: 'Not Acceptable Here',
  500: 'Server Internal Error', 501: 'Not Implemented', 503: 'Service Unavailable', 513: 'Message Too Large',
};
