// The hub's side of the wire: close codes, sending to a connection, auth notices, and the JSON
// log lines the center writes.
import type {WebSocket, RawData} from 'ws';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import {MESSAGE_AUTH} from '../../src/sync/hub-messages.ts';
import type {Connection} from './types.ts';

/** Close codes: 4400–4499 tell y-websocket not to retry (the server decided). */
export const CloseCode = {
  malformed: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  tooBig: 1009,
  goingAway: 1001,
  /** Retried by y-websocket: the hub cannot store this document now (a full disk). */
  tryLater: 1013,
} as const;

/** Refusals are logged at warn with the peer's address (`source`), for fail2ban or a SIEM. */
export type HubLogger = (event: {readonly level: 'info' | 'warn' | 'error'; readonly doc?: string; readonly agent?: string; readonly source?: string; readonly message: string}) => void;

export function send(conn: Connection, message: Uint8Array): void {
  if (conn.ws.readyState !== conn.ws.OPEN) return;
  conn.ws.send(message, error => {
    if (error) conn.ws.terminate();
  });
}

export function sendDenied(conn: Connection, reason: string): void {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  authProtocol.writePermissionDenied(encoder, reason);
  send(conn, encoding.toUint8Array(encoder));
}

export function closeWith(ws: WebSocket, code: number, reason: string): void {
  // A close reason must fit a control frame (123 bytes of UTF-8).
  let text = reason;
  while (Buffer.byteLength(text) > 123) text = text.slice(0, -1);
  try {
    ws.close(code, text);
  } catch {
    ws.terminate();
  }
  setTimeout(() => ws.terminate(), 2_000).unref();
}

export function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** One JSON line per event (security lines carry agent and source), as the center logs. */
export const defaultLogger: HubLogger = event => {
  if (event.level === 'info') return;
  const line = JSON.stringify({at: new Date().toISOString(), level: event.level, msg: `hub: ${event.message}`, ...(event.doc ? {doc: event.doc} : {}), ...(event.agent ? {agent: event.agent} : {}), ...(event.source ? {source: event.source} : {})});
  if (event.level === 'error') console.error(line);
  else console.warn(line);
};
