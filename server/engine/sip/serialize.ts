// SipMessage → wire bytes. Content-Length is always written from the real body size, so a
// message built by hand or edited in flight can never be mis-framed on TCP.
import {displayName, type SipMessage} from './message.ts';

/** The header section as text (start line, headers, blank line), Content-Length recomputed. */
export function serializeHead(msg: SipMessage): string {
  let s = msg.status ? `SIP/2.0 ${msg.status} ${msg.reason}\r\n` : `${msg.method} ${msg.uri} SIP/2.0\r\n`;
  for (const h of msg.headers) {
    if (h.name === 'content-length') continue;
    s += `${displayName(h.name)}: ${h.value}\r\n`;
  }
  return `${s}Content-Length: ${msg.body.length}\r\n\r\n`;
}

/** The whole message as bytes. */
export function serialize(msg: SipMessage): Buffer {
  const head = serializeHead(msg);
  if (msg.body.length === 0) return Buffer.from(head);
  const headLen = Buffer.byteLength(head);
  const out = Buffer.allocUnsafe(headLen + msg.body.length);
  out.write(head, 0, 'utf8');
  msg.body.copy(out, headLen);
  return out;
}

/** The whole message as a string (for the drachtio wire, which carries text). */
export function serializeText(msg: SipMessage): string {
  return serializeHead(msg) + msg.body.toString('utf8');
}
