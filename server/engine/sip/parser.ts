// RFC 3261 message parsing: one datagram (parseMessage) or a byte stream framed by
// Content-Length (StreamParser, for TCP). Errors are values, never exceptions, and carry what
// could be read so the engine can still answer 400 to a request it can route a response for.
import {normalName, type SipHeader, type SipMessage} from './message.ts';

export const limits = {
  /** Largest header section accepted (start line + headers). */
  maxHeaderBytes: 16 * 1024,
  /** Largest body accepted. */
  maxBodyBytes: 64 * 1024,
  maxHeaders: 200,
};

export type ParseResult =
  | {ok: true; msg: SipMessage}
  | {ok: false; error: string; /** start line and headers when they could be read */ partial?: SipMessage};

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');
const tokenRe = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/** Find the end of the header section: index of the blank line and the length of the separator. */
function headerEnd(buf: Buffer, from = 0): [number, number] {
  const i = buf.indexOf(CRLFCRLF, from);
  if (i >= 0) return [i, 4];
  // tolerate bare LF line ends (RFC 3261 §7.5 asks for robustness)
  const j = buf.indexOf(LFLF, from);
  return j >= 0 ? [j, 2] : [-1, 0];
}

/** Parse the start line and headers (no body). */
export function parseHead(text: string): ParseResult {
  const lines = text.split(/\r?\n/);
  let first = 0;
  while (first < lines.length && lines[first] === '') first++;
  const start = lines[first] ?? '';
  const msg: SipMessage = {method: '', uri: '', status: 0, reason: '', headers: [], body: Buffer.alloc(0)};
  if (start.startsWith('SIP/')) {
    const m = /^SIP\/2\.0 ([1-6]\d\d) ?(.*)$/.exec(start);
    if (!m) return {ok: false, error: `malformed status line: ${JSON.stringify(start.slice(0, 80))}`};
    msg.status = Number(m[1]);
    msg.reason = m[2];
  } else {
    const sp1 = start.indexOf(' ');
    const sp2 = start.lastIndexOf(' ');
    const method = start.slice(0, sp1);
    const version = start.slice(sp2 + 1);
    const uri = start.slice(sp1 + 1, sp2);
    if (sp1 <= 0 || sp2 <= sp1 || version !== 'SIP/2.0' || !tokenRe.test(method) || !uri || uri.includes(' ')) {
      return {ok: false, error: `malformed request line: ${JSON.stringify(start.slice(0, 80))}`};
    }
    msg.method = method.toUpperCase();
    msg.uri = uri;
  }
  const headers: SipHeader[] = msg.headers;
  let error: string | undefined;
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const c0 = line.charCodeAt(0);
    if (c0 === 32 || c0 === 9) {
      // folded continuation of the previous header (RFC 3261 §7.3.1)
      if (headers.length === 0) { error ??= 'continuation line before any header'; continue; }
      const last = headers[headers.length - 1];
      last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    const rawName = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!rawName || !tokenRe.test(rawName)) {
      error ??= `malformed header line: ${JSON.stringify(line.slice(0, 80))}`;
      continue;
    }
    headers.push({name: normalName(rawName), value: line.slice(colon + 1).trim()});
    if (headers.length > limits.maxHeaders) return {ok: false, error: `more than ${limits.maxHeaders} headers`, partial: msg};
  }
  if (error) return {ok: false, error, partial: msg};
  return {ok: true, msg};
}

function contentLength(msg: SipMessage): number | undefined | string {
  let found: string | undefined;
  for (const h of msg.headers) {
    if (h.name !== 'content-length') continue;
    if (found !== undefined && found !== h.value) return 'conflicting Content-Length headers';
    found = h.value;
  }
  if (found === undefined) return undefined;
  if (!/^\d{1,9}$/.test(found)) return `bad Content-Length: ${JSON.stringify(found.slice(0, 40))}`;
  return Number(found);
}

/** Parse one complete message (a UDP datagram). */
export function parseMessage(data: Buffer | string): ParseResult {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  const [end, sepLen] = headerEnd(buf);
  const headLen = end < 0 ? buf.length : end;
  if (headLen > limits.maxHeaderBytes) return {ok: false, error: `header section larger than ${limits.maxHeaderBytes} bytes`};
  const head = parseHead(buf.toString('utf8', 0, headLen));
  if (!head.ok) return head;
  const msg = head.msg;
  const bodyStart = end < 0 ? buf.length : end + sepLen;
  const cl = contentLength(msg);
  if (typeof cl === 'string') return {ok: false, error: cl, partial: msg};
  const available = buf.length - bodyStart;
  if (cl === undefined) {
    msg.body = buf.subarray(bodyStart);
  } else if (cl > available) {
    return {ok: false, error: `Content-Length ${cl} exceeds the ${available} body bytes received`, partial: msg};
  } else {
    // extra bytes after the body in a datagram are ignored (RFC 3261 §18.3)
    msg.body = buf.subarray(bodyStart, bodyStart + cl);
  }
  if (msg.body.length > limits.maxBodyBytes) return {ok: false, error: `body larger than ${limits.maxBodyBytes} bytes`, partial: msg};
  return {ok: true, msg};
}

/**
 * Frames SIP messages out of a TCP byte stream by Content-Length (RFC 3261 §18.3).
 * push() returns the messages completed by the chunk; a framing error is fatal for the
 * stream (the caller closes the connection), a message error is reported and skipped.
 */
export class StreamParser {
  #buf: Buffer = Buffer.alloc(0);
  #need = -1; // body end offset of the message being read, -1 while reading headers
  #head: SipMessage | undefined;
  #bodyStart = 0;

  /** Bytes held for an unfinished message. */
  get pending(): number {
    return this.#buf.length;
  }

  push(chunk: Buffer): {messages: SipMessage[]; errors: Array<{error: string; partial?: SipMessage}>; fatal?: string} {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    const messages: SipMessage[] = [];
    const errors: Array<{error: string; partial?: SipMessage}> = [];
    for (;;) {
      if (this.#need < 0) {
        // skip keep-alive CRLFs between messages (RFC 5626 §3.5.1)
        let skip = 0;
        while (skip < this.#buf.length && (this.#buf[skip] === 13 || this.#buf[skip] === 10)) skip++;
        if (skip) this.#buf = this.#buf.subarray(skip);
        if (this.#buf.length === 0) break;
        const [end, sepLen] = headerEnd(this.#buf);
        if (end < 0) {
          if (this.#buf.length > limits.maxHeaderBytes) return {messages, errors, fatal: `header section larger than ${limits.maxHeaderBytes} bytes`};
          break;
        }
        if (end > limits.maxHeaderBytes) return {messages, errors, fatal: `header section larger than ${limits.maxHeaderBytes} bytes`};
        const head = parseHead(this.#buf.toString('utf8', 0, end));
        if (!head.ok) {
          // without a readable Content-Length the stream cannot be re-synchronised
          const cl = head.partial ? contentLength(head.partial) : undefined;
          if (typeof cl !== 'number') return {messages, errors: [...errors, {error: head.error, partial: head.partial}], fatal: head.error};
          const total = end + sepLen + cl;
          if (this.#buf.length < total) return {messages, errors: [...errors, {error: head.error, partial: head.partial}], fatal: head.error};
          errors.push({error: head.error, partial: head.partial});
          this.#buf = this.#buf.subarray(total);
          continue;
        }
        const cl = contentLength(head.msg);
        if (typeof cl === 'string') return {messages, errors: [...errors, {error: cl, partial: head.msg}], fatal: cl};
        const len = cl ?? 0; // a stream message without Content-Length has no body
        if (len > limits.maxBodyBytes) return {messages, errors: [...errors, {error: `body larger than ${limits.maxBodyBytes} bytes`, partial: head.msg}], fatal: 'body too large'};
        this.#head = head.msg;
        this.#bodyStart = end + sepLen;
        this.#need = this.#bodyStart + len;
      }
      if (this.#buf.length < this.#need) break;
      const msg = this.#head!;
      msg.body = Buffer.from(this.#buf.subarray(this.#bodyStart, this.#need));
      messages.push(msg);
      this.#buf = this.#buf.subarray(this.#need);
      this.#need = -1;
      this.#head = undefined;
    }
    return {messages, errors};
  }
}
