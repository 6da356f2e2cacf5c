// What a connected client says to the hub: the y-websocket sync, awareness and query messages,
// each write checked (role, calls guard, replica owners) before it reaches the document, and
// the durable acknowledgement a seat asked for with ?ack=1.
import type {RawData} from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import {MESSAGE_ACK, MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC} from '../../src/sync/hub-messages.ts';
import {callsUpdateRefusal} from './calls-guard.ts';
import {writeLimitProblem, type WriteLimits} from './limits.ts';
import {filterPresence} from './presence.ts';
import type {DocStore} from './store.ts';
import type {Connection} from './types.ts';
import {CloseCode, closeWith, send, sendDenied, toBytes, type HubLogger} from './wire.ts';

export type MessageContext = {readonly store: DocStore; readonly log: HubLogger; readonly limits: WriteLimits};

/** Server side of the handshake: our state vector (the client answers with what we lack) and the current presence. */
export function greet(ctx: MessageContext, conn: Connection): void {
  const {hubDoc} = conn;
  const step1 = encoding.createEncoder();
  encoding.writeVarUint(step1, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(step1, hubDoc.doc);
  send(conn, encoding.toUint8Array(step1));
  const states = hubDoc.awareness.getStates();
  if (states.size > 0) {
    const aw = encoding.createEncoder();
    encoding.writeVarUint(aw, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(hubDoc.awareness, [...states.keys()]));
    send(conn, encoding.toUint8Array(aw));
  }
  if (!conn.writable) sendDenied(conn, `read-only: ${conn.readOnlyWhy}`);
  if (conn.wantsAck) scheduleAck(conn);
}

export function handleMessage(ctx: MessageContext, conn: Connection, data: RawData, isBinary: boolean): void {
  if (!isBinary) {
    closeWith(conn.ws, CloseCode.malformed, 'malformed: expected binary y-websocket messages');
    return;
  }
  const bytes = toBytes(data);
  const {doc, awareness} = conn.hubDoc;
  try {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          const reply = encoding.createEncoder();
          encoding.writeVarUint(reply, MESSAGE_SYNC);
          syncProtocol.writeSyncStep2(reply, doc, decoding.readVarUint8Array(decoder));
          send(conn, encoding.toUint8Array(reply));
        } else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
          const update = decoding.readVarUint8Array(decoder);
          applyUpdate(ctx, conn, update, syncType === syncProtocol.messageYjsUpdate);
        } else {
          throw new Error(`unknown sync message type ${syncType}`);
        }
        break;
      }
      case MESSAGE_AWARENESS: {
        const update = decoding.readVarUint8Array(decoder);
        const allowed = filterPresence(update, {
          mine: conn.clients,
          heldByOthers: id => [...conn.hubDoc.conns].some(c => c !== conn && c.clients.has(id)),
          clockOf: id => awareness.meta.get(id)?.clock,
        });
        if (allowed.refusal) {
          ctx.log({level: 'warn', doc: conn.hubDoc.name, agent: conn.identity.agent, source: conn.source, message: `refused presence: ${allowed.refusal}`});
          sendDenied(conn, `presence refused: ${allowed.refusal}`);
        }
        if (allowed.update) awarenessProtocol.applyAwarenessUpdate(awareness, allowed.update, conn);
        break;
      }
      case MESSAGE_QUERY_AWARENESS: {
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(reply, awarenessProtocol.encodeAwarenessUpdate(awareness, [...awareness.getStates().keys()]));
        send(conn, encoding.toUint8Array(reply));
        break;
      }
      case MESSAGE_AUTH:
        // Clients have nothing to tell us here; ignore.
        break;
      default:
        throw new Error(`unknown message type ${type}`);
    }
  } catch (error) {
    ctx.log({level: 'warn', doc: conn.hubDoc.name, agent: conn.identity.agent, source: conn.source, message: `malformed message closed the connection: ${(error as Error).message}`});
    closeWith(conn.ws, CloseCode.malformed, `malformed: ${(error as Error).message}`.slice(0, 120));
  }
}

function applyUpdate(ctx: MessageContext, conn: Connection, update: Uint8Array, live: boolean): void {
  const {doc} = conn.hubDoc;
  if (!conn.writable) {
    // A read-only client's step 2 after our step 1 repeats what it got from us: fine. Anything
    // the hub does not already hold is a write, and it is refused.
    if (!isEmptyUpdate(update) && !Y.snapshotContainsUpdate(Y.snapshot(doc), update)) {
      refuseWrite(ctx, conn, conn.readOnlyWhy);
    }
    return;
  }
  const unwritable = ctx.store.refusal(conn.hubDoc);
  if (unwritable) {
    // Not applied: memory holds nothing the disk does not, and the writer resends on reconnect.
    refuseWrite(ctx, conn, unwritable);
    return;
  }
  // Validate the encoding before it reaches the document: a garbage update must not leave a
  // half-applied transaction behind.
  const decoded = Y.decodeUpdate(update);
  const tooBig = writeLimitProblem(doc, decoded, update.byteLength, live, ctx.limits);
  if (tooBig) {
    refuseWrite(ctx, conn, tooBig);
    return;
  }
  if (conn.hubDoc.kind === 'calls') {
    // The switch's facts and other replicas' entries are not an agent's to write.
    const why = callsUpdateRefusal(doc, decoded);
    if (why) {
      refuseWrite(ctx, conn, why);
      return;
    }
  }
  // Whatever client id the update claims, its content must be under the writer's own replicas.
  const owned = conn.hubDoc.owners.check(doc, decoded, conn.identity.agent);
  if ('refusal' in owned) {
    refuseWrite(ctx, conn, owned.refusal);
    return;
  }
  // Appended before the update itself (same batch): a claim is on disk whenever its content is.
  for (const record of conn.hubDoc.owners.claim(owned.claims, conn.identity.agent)) ctx.store.appendRecord(conn.hubDoc, record.data, record.kind);
  Y.applyUpdate(doc, update, conn);
  if (conn.wantsAck) scheduleAck(conn);
}

/** Not applied, not relayed; the writer is told why, and the refusal logged. */
function refuseWrite(ctx: MessageContext, conn: Connection, why: string): void {
  conn.refusals++;
  ctx.log({level: 'warn', doc: conn.hubDoc.name, agent: conn.identity.agent, source: conn.source, message: `refused a write: ${why}`});
  sendDenied(conn, `write refused: ${why}`);
}

/** After the writes so far are on disk, tell the client the hub's durable state vector. */
function scheduleAck(conn: Connection): void {
  if (conn.ackScheduled) {
    // Writes arrived after the pending ack's batch: ack again once they are on disk too.
    conn.ackAgain = true;
    return;
  }
  conn.ackScheduled = true;
  conn.ackAgain = false;
  void conn.hubDoc.log.flush().then(() => {
    conn.ackScheduled = false;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_ACK);
    encoding.writeVarUint8Array(encoder, conn.hubDoc.durable);
    send(conn, encoding.toUint8Array(encoder));
    if (conn.ackAgain) scheduleAck(conn);
  }, () => {
    conn.ackScheduled = false;
  });
}

function isEmptyUpdate(update: Uint8Array): boolean {
  // An update with no structs and no deletions is 2 bytes (two zero varints).
  return update.length <= 2 && update.every(b => b === 0);
}
