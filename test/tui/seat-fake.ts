// A scripted stand-in for SeatSession in component tests (unit level only: the real session is
// tested against a socket in seat-session.test.ts and against the switch in test/e2e).
import {EventEmitter} from 'node:events';
import type {SeatState} from '../../src/client/seat-session.ts';
import type {SeatSnapshot} from '../../src/sip/protocol.ts';
import {ManualTicker} from '../../src/tui/ticker.ts';

export const T0 = Date.UTC(2026, 10, 23, 2, 0, 0); // 10:00 in Shanghai, a Monday

export class FakeSeat extends EventEmitter {
  readonly agent = '1001';
  readonly sent: Array<{type: string; [k: string]: unknown}> = [];
  state: SeatState;
  constructor(readonly ticker: ManualTicker, seat: Partial<SeatSnapshot> = {}) {
    super();
    this.state = {
      connection: 'online', skewMs: 0, reconnects: 0,
      profile: {agent: '1001', name: '张敏', team: 'a', role: 'agent', trainee: false, phoneMode: 'auto-answer'},
      seat: {agent: '1001', name: '张敏', team: 'a', state: 'ready', since: ticker.now(), phoneRegistered: true, callsToday: 3, lateToday: 1, ...seat},
    };
  }

  update(patch: Partial<SeatState>): void {
    this.state = {...this.state, ...patch};
    this.emit('change', this.state);
  }

  seat(patch: Partial<SeatSnapshot>): void {
    this.update({seat: {...(this.state.seat as SeatSnapshot), ...patch}});
  }

  now(): number {
    return this.ticker.now();
  }

  #cmd(type: string, extra: Record<string, unknown> = {}): Promise<void> {
    this.sent.push({type, ...extra});
    return Promise.resolve();
  }

  setState(state: string, reason?: string) { return this.#cmd('set-state', {state, reason}); }
  accept() { return this.#cmd('accept'); }
  hold() { return this.#cmd('hold'); }
  resume() { return this.#cmd('resume'); }
  transfer(target: unknown) { return this.#cmd('transfer', {target}); }
  hangup(options: {silent?: boolean} = {}) { return this.#cmd('hangup', options); }
  callback(number: string) { return this.#cmd('callback', {number}); }
  wrapupDone() { return this.#cmd('wrapup-done'); }
  stop() {}
}

/** Let React and Ink flush (effects, re-render). */
export const flush = () => new Promise(resolve => setTimeout(resolve, 30));
