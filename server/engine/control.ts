// The drachtio control connection: `<byte length>#<msgId>|<type>|<args…>\r\n<SIP message>`
// frames over TCP. This file frames, and writes each message type the engine sends as a typed
// method (drachtio-server's wire format in one place); app-link.ts interprets what apps send.
import crypto from 'node:crypto';
import net from 'node:net';
import process from 'node:process';
import type {SipMessage} from './sip/message.ts';
import {serializeText} from './sip/serialize.ts';
import {wireTime} from './build.ts';
import type {Flow} from './transport.ts';

const MAX_FRAME = 1024 * 1024;

export interface ControlFrame {
  msgId: string;
  type: string;
  /** `|`-separated tokens of the first line after the type. */
  args: string[];
  /** What follows the first CRLF (a SIP message), or ''. */
  body: string;
}

export class ControlClient {
  authenticated = false;
  readonly routes = new Set<string>();
  readonly tags = new Set<string>();
  readonly id = crypto.randomUUID();
  #buf: Buffer = Buffer.alloc(0);

  constructor(readonly socket: net.Socket) {}

  get open(): boolean {
    return !this.socket.destroyed;
  }

  #corked = false;

  /** Send one frame; a fresh message id is prepended. */
  send(payload: string): void {
    if (this.socket.destroyed) return;
    // frames written in the same tick leave in one writev (a call produces bursts of them)
    if (!this.#corked) {
      this.#corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.#corked = false;
        this.socket.uncork();
      });
    }
    const s = `${crypto.randomUUID()}|${payload}`;
    this.socket.write(`${Buffer.byteLength(s)}#${s}`);
  }

  /** `response|<msgId>|OK|…` or `…|NO|reason`. */
  reply(msgId: string, ok: boolean, rest = ''): void {
    this.send(`response|${msgId}|${ok ? 'OK' : 'NO'}${rest ? `|${rest}` : ''}`);
  }

  /** The answer to `authenticate`: our SIP addresses and the version we claim. */
  replyAuthenticated(msgId: string, hostports: string, version: string): void {
    this.reply(msgId, true, `${hostports}|${version}|${hostports}`);
  }

  /** A SIP message for the app: `source` network (received) or application (sent on its behalf). */
  sendSip(msg: SipMessage, flow: Flow, txnId: string, dialogId: string, source: 'network' | 'application' = 'network'): void {
    const raw = serializeText(msg);
    this.send(`sip|${source}|${Buffer.byteLength(raw)}|${flow.transport}|${flow.address}|${flow.port}|${wireTime()}|${txnId}|${dialogId}|${flow.local.host}|${flow.local.port}|\r\n${raw}`);
  }

  /** The app's request or response went out as `msg` (drachtio's `Msg sent:` reply). */
  replySent(msgId: string, flow: Flow, msg: SipMessage, txnId: string, dialogId?: string): void {
    const raw = serializeText(msg);
    const meta = `application|${Buffer.byteLength(raw)}|${flow.transport}|${flow.address}|${flow.port}|${wireTime()}|${txnId}`;
    this.reply(msgId, true, `${meta}|${dialogId === undefined ? '' : `${dialogId}|`}|Msg sent:|\r\n${raw}`);
  }

  /** cdr:attempt|start|stop (drachtio's Cdr::postCdr). */
  sendCdr(type: 'attempt' | 'start' | 'stop', source: 'network' | 'application', msg: SipMessage, detail?: string): void {
    this.send(`cdr:${type}|${source}|${wireTime()}${detail ? `|${detail}` : ''}\r\n${serializeText(msg)}`);
  }

  /** A response a proxied request got from one branch; more follow. */
  proxyProgress(msgId: string, msg: SipMessage, flow: Flow, txnId: string): void {
    const raw = serializeText(msg);
    this.send(`response|${msgId}|OK|network|${Buffer.byteLength(raw)}|${flow.transport}|${flow.address}|${flow.port}|${wireTime()}|${txnId}||continue\r\n${raw}`);
  }

  /** The proxy request is over (its final response went upstream). */
  proxyDone(msgId: string): void {
    this.send(`response|${msgId}|OK|done`);
  }

  /** Feed bytes; returns the complete frames, or an error when the stream is not the protocol. */
  push(chunk: Buffer): {frames: ControlFrame[]; error?: string} {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    const frames: ControlFrame[] = [];
    for (;;) {
      const hash = this.#buf.indexOf(35); // '#'
      if (hash < 0) {
        if (this.#buf.length > 8 || !/^\d*$/.test(this.#buf.toString('latin1'))) return {frames, error: 'missing length prefix'};
        break;
      }
      const lenText = this.#buf.toString('latin1', 0, hash);
      if (!/^\d{1,7}$/.test(lenText)) return {frames, error: `invalid length prefix ${JSON.stringify(lenText.slice(0, 20))}`};
      const len = Number(lenText);
      if (len === 0 || len > MAX_FRAME) return {frames, error: `frame length ${len} out of range`};
      if (this.#buf.length < hash + 1 + len) break;
      const text = this.#buf.toString('utf8', hash + 1, hash + 1 + len);
      this.#buf = this.#buf.subarray(hash + 1 + len);
      const nl = text.indexOf('\r\n');
      const first = nl < 0 ? text : text.slice(0, nl);
      const tokens = first.split('|');
      if (tokens.length < 2 || !tokens[0] || !tokens[1]) return {frames, error: `malformed frame ${JSON.stringify(first.slice(0, 60))}`};
      frames.push({msgId: tokens[0], type: tokens[1], args: tokens.slice(2), body: nl < 0 ? '' : text.slice(nl + 2)});
    }
    return {frames};
  }
}
