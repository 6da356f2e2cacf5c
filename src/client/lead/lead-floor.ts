// The lead console's live view of the floor over its supervisor /control link: which of the
// team's agents is on which call, whether the center carries the audio (recordings on or off),
// the lead's own listen-in and recording review, and the team's queue controls of the
// day. Listen-in, playback and queue controls are what the link asks of the switch; the switch
// rings the lead's registered phone and says when it starts and ends, and tells the leads each
// queue change it made.
import type {QueueControlCommand, SeatSnapshot, ServerMessage} from '../../sip/protocol.ts';
import {ControlClient} from '../control-client.ts';

export type ListenState = {readonly callId: string; readonly agent?: string; readonly since: number};

/** A lead's queue control as the switch recorded it (who, what, when). */
export type QueueControlFact = Extract<ServerMessage, {type: 'queue-control'}>;
/** What the console asks of the switch: the command without its envelope. */
export type QueueControlRequest = Omit<QueueControlCommand, 'type' | 'id'>;

/** Queue controls kept for the console: the latest of the day. */
const MAX_CONTROLS = 50;

export type LeadFloorState = {
  /** Agents of the team on a call now: agent id → call id. */
  readonly onCall: ReadonlyMap<string, string>;
  /** The lead's listen-in in progress, if any (a request in flight is `pending`). */
  readonly listening?: ListenState;
  readonly pending: boolean;
  /** A recording playing on the lead's phone (R-24 review). */
  readonly playing?: {readonly callId: string; readonly since: number};
  /** Whether calls' audio goes through the center; why not (e.g. "recordings off: …"). */
  readonly media?: {readonly anchored: boolean; readonly why?: string};
  readonly online: boolean;
  /** The team's queue controls today, oldest first (any lead of the team). */
  readonly controls: readonly QueueControlFact[];
  /** The center's queues (id, name), from the switch's queue figures. */
  readonly queues: ReadonlyArray<{readonly id: string; readonly name: string}>;
};

export type LeadFloorOptions = {
  readonly hubUrl: string;
  readonly agent: string;
  readonly pin: string;
  readonly team: string;
  /** An open link to share (FloorBreaks uses the same one); default: one of its own. */
  readonly control?: ControlClient;
};

export class LeadFloor {
  readonly control: ControlClient;
  readonly #options: LeadFloorOptions;
  readonly #owned: boolean;
  readonly #onCall = new Map<string, string>();
  readonly #listeners = new Set<() => void>();
  #listening: ListenState | undefined;
  #pending = false;
  #playing: LeadFloorState['playing'];
  #media: LeadFloorState['media'];
  #controls: QueueControlFact[] = [];
  #queues: LeadFloorState['queues'] = [];
  readonly #onMessage = (m: ServerMessage) => this.#receive(m);
  readonly #onDown = () => this.#emit();

  constructor(options: LeadFloorOptions) {
    this.#options = options;
    this.#owned = !options.control;
    this.control = options.control ?? new ControlClient({hubUrl: options.hubUrl, role: 'supervisor', credentials: {agent: options.agent, pin: options.pin}});
    this.control.on('message', this.#onMessage);
    this.control.on('down', this.#onDown);
    if (this.#owned) this.control.start();
  }

  state(): LeadFloorState {
    return {
      onCall: new Map(this.#onCall), pending: this.#pending, online: this.control.online, controls: [...this.#controls], queues: this.#queues,
      ...(this.#listening ? {listening: this.#listening} : {}), ...(this.#media ? {media: this.#media} : {}),
      ...(this.#playing ? {playing: this.#playing} : {}),
    };
  }

  onChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /**
   * Listen in on `agent`'s call, or stop the listen-in in progress (the same key). Resolves with
   * what happened; rejects with the switch's reason (no phone registered, no media, not on a call).
   */
  async toggleListen(agent: string): Promise<'started' | 'stopped'> {
    if (this.#pending) throw new Error('a listen-in request is already on its way');
    const current = this.#listening;
    const callId = current?.callId ?? this.#onCall.get(agent);
    if (!callId) throw new Error(`${agent} is not on a call`);
    this.#pending = true;
    this.#emit();
    try {
      await this.control.send({type: 'listen', callId, on: !current}, 40_000);
      if (current) this.#listening = undefined;
      return current ? 'stopped' : 'started';
    } finally {
      this.#pending = false;
      this.#emit();
    }
  }

  /**
   * Play `callId`'s recording (of `day`) on the lead's phone, or stop the one playing (the same
   * key). Rejects with the switch's reason (not recorded, another team's call, no phone).
   */
  async togglePlayback(callId: string, day?: string): Promise<'started' | 'stopped'> {
    if (this.#pending) throw new Error('a request is already on its way');
    const current = this.#playing;
    this.#pending = true;
    this.#emit();
    try {
      await this.control.send(current ? {type: 'play-recording', callId: current.callId, on: false} : {type: 'play-recording', callId, on: true, ...(day ? {day} : {})}, 40_000);
      if (current) this.#playing = undefined;
      return current ? 'stopped' : 'started';
    } finally {
      this.#pending = false;
      this.#emit();
    }
  }

  /** A queue control for the shift; resolves once the switch applied it, rejects with its reason (forbidden, unknown-queue…). */
  async queueControl(request: QueueControlRequest): Promise<void> {
    await this.control.send({type: 'queue-control', ...request}, 10_000);
  }

  close(): void {
    this.#listeners.clear();
    this.control.off('message', this.#onMessage);
    this.control.off('down', this.#onDown);
    if (this.#owned) this.control.stop();
  }

  #receive(m: ServerMessage): void {
    if (m.type === 'welcome') {
      this.#onCall.clear();
      for (const seat of m.seats) this.#seat(seat);
    } else if (m.type === 'seat') {
      this.#seat(m.seat);
    } else if (m.type === 'queue') {
      const queuesChanged = m.queues.length !== this.#queues.length || m.queues.some((q, i) => q.id !== this.#queues[i]?.id);
      if (queuesChanged) this.#queues = m.queues.map(q => ({id: q.id, name: q.name}));
      const mediaChanged = m.media && (m.media.anchored !== this.#media?.anchored || m.media.why !== this.#media?.why);
      if (mediaChanged) this.#media = m.media;
      if (!queuesChanged && !mediaChanged) return;
    } else if (m.type === 'queue-control') {
      if (m.team !== this.#options.team) return;
      // A reconnect's welcome sends the day's controls again: keep each once.
      if (this.#controls.some(c => c.at === m.at && c.lead === m.lead && c.target === m.target && c.action === m.action)) return;
      this.#controls = [...this.#controls, m].slice(-MAX_CONTROLS);
    } else if (m.type === 'playback') {
      if (m.lead !== this.#options.agent) return;
      this.#playing = m.on ? {callId: m.callId, since: m.at} : undefined;
    } else if (m.type === 'listening') {
      if (m.lead !== this.#options.agent) return;
      this.#listening = m.on ? {callId: m.callId, ...(m.target ? {agent: m.target} : {}), since: m.at} : undefined;
    } else {
      return;
    }
    this.#emit();
  }

  #seat(seat: SeatSnapshot): void {
    if (seat.team !== this.#options.team) return;
    if (seat.callId && (seat.state === 'on-call' || seat.state === 'offered')) this.#onCall.set(seat.agent, seat.callId);
    else this.#onCall.delete(seat.agent);
  }

  #emit(): void {
    for (const fn of this.#listeners) fn();
  }
}
