// Dialogs (RFC 3261 §12) and the table that finds them. A dialog is found by its Call-ID and
// our own tag — the To tag of requests the peer sends us, the From tag of responses to ours —
// through dialogKey alone; apps name it by drachtio's dialog id.
import type {ControlClient} from '../control.ts';
import type {Flow} from '../transport.ts';

export interface Dialog {
  /** drachtio's dialog id: `<Call-ID>;from-tag=<From tag of the initial request>`. */
  id: string;
  callId: string;
  localTag: string;
  remoteTag: string;
  /** Our From/To value (with our tag) and theirs. */
  localUri: string;
  remoteUri: string;
  localSeq: number;
  /** The peer's last CSeq; a lower one is out of order (§12.2.2). */
  remoteSeq?: number;
  /** CSeq of the last INVITE we sent: the 2xx ACK carries it. */
  inviteSeq: number;
  remoteTarget: string;
  routeSet: string[];
  flow: Flow;
  client: ControlClient | undefined;
  role: 'uac' | 'uas';
  /** UAS: our 2xx being retransmitted until the ACK (§13.3.1.4). */
  pending2xx?: {seq: number; timers: NodeJS.Timeout[]};
  /** UAS: a reliable provisional response retransmitted until its PRACK (RFC 3262 §3). */
  pendingReliable?: {rseq: number; timers: NodeJS.Timeout[]};
  /** UAC: the last ACK we sent, repeated when the 2xx is retransmitted. */
  lastAck?: {seq: number; data: Buffer; flow: Flow};
  confirmed: boolean;
  /** Established by a provisional response with a To tag; 2xx confirms it, a failure ends it (§12.1). */
  early: boolean;
  /** Our current session description, offered again in session refreshes. */
  localSdp?: Buffer;
  /** RFC 4028 session timer agreed in the last 2xx: we refresh it, or we watch for the peer's refresh. */
  session?: {interval: number; weRefresh: boolean; timer: NodeJS.Timeout};
}

/** The one lookup key of a dialog. */
export function dialogKey(callId: string | undefined, localTag: string | undefined): string {
  return `${callId}\n${localTag}`;
}

/** drachtio's id of the dialog an initial request with this Call-ID and From tag makes. */
export function dialogId(callId: string | undefined, fromTag: string | undefined): string {
  return `${callId};from-tag=${fromTag}`;
}

export function stopReliable(d: Dialog): void {
  if (d.pendingReliable) for (const t of d.pendingReliable.timers) clearTimeout(t);
  d.pendingReliable = undefined;
}

export function stopPending2xx(d: Dialog): void {
  if (d.pending2xx) for (const t of d.pending2xx.timers) clearTimeout(t);
  d.pending2xx = undefined;
}

export function stopSessionTimer(d: Dialog): void {
  if (d.session) clearTimeout(d.session.timer);
  d.session = undefined;
}

export class DialogTable {
  readonly #byId = new Map<string, Dialog>();
  readonly #byKey = new Map<string, Dialog>();
  readonly #byCallId = new Map<string, Dialog>();

  get size(): number {
    return this.#byId.size;
  }

  values(): IterableIterator<Dialog> {
    return this.#byId.values();
  }

  byId(id: string): Dialog | undefined {
    return this.#byId.get(id);
  }

  /** The dialog a message with this Call-ID and our tag belongs to. */
  find(callId: string | undefined, localTag: string | undefined): Dialog | undefined {
    return this.#byKey.get(dialogKey(callId, localTag));
  }

  /** drachtio-server puts an app's request naming a held dialog's Call-ID inside that dialog. */
  byCallId(callId: string): Dialog | undefined {
    return this.#byCallId.get(callId);
  }

  /** Is `d` still the live dialog of its id (not ended, not replaced)? */
  holds(d: Dialog): boolean {
    return this.#byId.get(d.id) === d;
  }

  add(d: Dialog): void {
    this.#byId.set(d.id, d);
    this.#byKey.set(dialogKey(d.callId, d.localTag), d);
    this.#byCallId.set(d.callId, d);
  }

  /** End a dialog here: its retransmissions and timers stop with it. */
  remove(d: Dialog): void {
    stopPending2xx(d);
    stopReliable(d);
    stopSessionTimer(d);
    if (this.#byId.get(d.id) === d) this.#byId.delete(d.id);
    const k = dialogKey(d.callId, d.localTag);
    if (this.#byKey.get(k) === d) this.#byKey.delete(k);
    if (this.#byCallId.get(d.callId) === d) this.#byCallId.delete(d.callId);
  }
}
