// Breaks and meals as the floor shows them: a read-only supervisor subscription to the
// switch's /control channel; an agent entering Break or Meal starts a roster entry, leaving it
// ends the entry, and the queue samples give the R-18 peak level that suspends breaks. The
// lead then sees overruns on the workforce screen and can book them in the ledger.
import WebSocket from 'ws';
import type {PolicyConfig} from '../../rules/config.ts';
import {peakLevel, type QueueSample} from '../../rules/peak.ts';
import {ServerMessage, type SeatSnapshot} from '../../sip/protocol.ts';
import type {RosterBook} from '../../sync/lead/roster-book.ts';

export type FloorBreaksOptions = {
  readonly hubUrl: string;
  readonly agent: string;
  readonly pin: string;
  readonly roster: RosterBook;
  readonly policy: PolicyConfig;
  readonly clock?: () => number;
};

export class FloorBreaks {
  readonly #options: FloorBreaksOptions;
  readonly #open = new Map<string, {kind: 'break' | 'meal'; start: number}>();
  #samples: QueueSample[] = [];
  #ws: WebSocket | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: FloorBreaksOptions) {
    this.#options = options;
    this.#connect();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#ws?.removeAllListeners();
    this.#ws?.on('error', () => {});
    this.#ws?.close();
  }

  #now(): number {
    return (this.#options.clock ?? Date.now)();
  }

  #connect(): void {
    const ws = new WebSocket(`${this.#options.hubUrl.replace(/\/+$/, '')}/control`);
    this.#ws = ws;
    ws.on('open', () => ws.send(JSON.stringify({type: 'hello', id: 'lead-floor', role: 'supervisor', agent: this.#options.agent, pin: this.#options.pin})));
    ws.on('error', () => {});
    ws.on('close', () => {
      // The switch restarting is not the console's problem: try again shortly.
      if (!this.#closed) this.#timer = setTimeout(() => this.#connect(), 2000);
    });
    ws.on('message', raw => {
      let json: unknown;
      try {
        json = JSON.parse(raw.toString());
      } catch {
        return;
      }
      const parsed = ServerMessage.safeParse(json);
      if (!parsed.success) return;
      const m = parsed.data;
      if (m.type === 'queue') {
        const cutoff = m.at - (this.#options.policy.peak.sustainMinutes + 5) * 60_000;
        this.#samples = [...this.#samples.filter(s => s.atMs >= cutoff), {atMs: m.at, queueLength: m.waiting}];
        return;
      }
      try {
        if (m.type === 'welcome') for (const seat of m.seats) this.#seat(seat);
        else if (m.type === 'seat') this.#seat(m.seat);
      } catch {
        // A break the roster refuses (another team's agent, another month) is not recorded.
      }
    });
  }

  #seat(seat: SeatSnapshot): void {
    const {roster, policy} = this.#options;
    if (seat.team !== roster.ctx.team) return;
    const open = this.#open.get(seat.agent);
    const kind = seat.state === 'break' || seat.state === 'meal' ? seat.state : undefined;
    if (open && (kind !== open.kind || seat.since !== open.start)) {
      this.#open.delete(seat.agent);
      roster.observeBreak({agent: seat.agent, kind: open.kind, start: open.start, end: seat.since, peak: 0});
    }
    if (kind && !this.#open.has(seat.agent)) {
      this.#open.set(seat.agent, {kind, start: seat.since});
      const peak = peakLevel(this.#samples, this.#now(), policy).level;
      roster.observeBreak({agent: seat.agent, kind, start: seat.since, peak});
    }
  }
}
