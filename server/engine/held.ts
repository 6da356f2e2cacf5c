// Requests that arrive while no app is connected (the switch still starting or reconnecting)
// wait a little for one instead of failing at once: a phone's REGISTER right after a restart
// then gets the switch's answer, not a 503. drachtio-server answers 503 at once; the hold is
// zuoxi's (issue 16), bounded by EngineOptions.holdWhileNoAppMs.
import type {Core, InTxn} from './context.ts';
import type {Flow} from './transport.ts';

interface Held {
  it: InTxn;
  flow: Flow;
  timer: NodeJS.Timeout;
}

export const DEFAULT_HOLD_MS = 5000;

export class HeldRequests {
  readonly #held = new Set<Held>();

  constructor(private readonly core: Core, private readonly expired: (it: InTxn) => void) {}

  get size(): number {
    return this.#held.size;
  }

  /** Keep `it` until an app routes its method or the hold runs out; false when holding is off. */
  hold(it: InTxn, flow: Flow): boolean {
    const ms = this.core.opts.holdWhileNoAppMs ?? DEFAULT_HOLD_MS;
    if (ms <= 0) return false;
    const held: Held = {it, flow, timer: undefined as unknown as NodeJS.Timeout};
    held.timer = this.core.timer(ms, () => {
      this.#held.delete(held);
      if (live(it)) this.expired(it);
    });
    this.#held.add(held);
    return true;
  }

  /** An app now routes `method`: hand it what waited for it, oldest first. */
  release(method: string): void {
    for (const held of [...this.#held]) {
      if (!live(held.it)) { this.#drop(held); continue; }
      const req = held.it.txn.request;
      if (req.method.toLowerCase() !== method) continue;
      const client = this.core.app.pick(req.method);
      if (!client) continue;
      this.#drop(held);
      held.it.client = client;
      client.sendSip(req, held.flow, held.it.txn.id, '');
    }
  }

  /** Shutting down: everything held gets its final answer now. */
  flush(): void {
    for (const held of [...this.#held]) {
      this.#drop(held);
      if (live(held.it)) this.expired(held.it);
    }
  }

  #drop(held: Held): void {
    clearTimeout(held.timer);
    this.#held.delete(held);
  }
}

/** Still waiting for its final response (a CANCEL may have answered it meanwhile). */
function live(it: InTxn): boolean {
  return it.txn.lastStatus < 200 && it.txn.state !== 'terminated';
}
