// Breaks and meals as the floor shows them: a read-only supervisor subscription to the
// switch's /control channel; an agent entering Break or Meal starts a roster entry, leaving it
// ends the entry, and the queue samples give the R-18 peak level that suspends breaks. The
// lead then sees overruns on the workforce screen and can book them in the ledger.
import type {PolicyConfig} from '../../rules/config.ts';
import {peakLevel, type QueueSample} from '../../rules/peak.ts';
import type {SeatSnapshot, ServerMessage} from '../../sip/protocol.ts';
import type {RosterBook} from '../../sync/lead/roster-book.ts';
import {ControlClient} from '../control-client.ts';

export type FloorBreaksOptions = {
  readonly hubUrl: string;
  readonly agent: string;
  readonly pin: string;
  readonly roster: RosterBook;
  readonly policy: PolicyConfig;
  readonly clock?: () => number;
  /** The lead's open /control link to share (LeadFloor's); default: one of its own. */
  readonly control?: ControlClient;
};

export class FloorBreaks {
  readonly #options: FloorBreaksOptions;
  readonly #open = new Map<string, {kind: 'break' | 'meal'; start: number}>();
  readonly #control: ControlClient;
  #samples: QueueSample[] = [];
  readonly #onMessage = (m: ServerMessage) => this.#receive(m);

  constructor(options: FloorBreaksOptions) {
    this.#options = options;
    // The switch restarting is not the console's problem: the client reconnects by itself.
    this.#control = options.control ?? new ControlClient({hubUrl: options.hubUrl, role: 'supervisor', credentials: {agent: options.agent, pin: options.pin}});
    this.#control.on('message', this.#onMessage);
    if (!options.control) this.#control.start();
  }

  close(): void {
    this.#control.off('message', this.#onMessage);
    if (!this.#options.control) this.#control.stop();
  }

  #now(): number {
    return (this.#options.clock ?? Date.now)();
  }

  #receive(m: ServerMessage): void {
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
