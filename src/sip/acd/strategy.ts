// Which free agent a queue's next call goes to (Asterisk app_queue / mod_callcenter strategies),
// after member penalties: only the lowest-penalty tier with a free agent is considered. Pure: the
// ACD passes the free members of the queue and the queue's round-robin memory.
import type {QueueStrategy} from '../../rules/queue-policy.ts';

export type Candidate = {
  readonly id: string;
  /** Position in the center's agent list (linear, round-robin). */
  readonly order: number;
  /** When the agent last became free for a call. */
  readonly idleSince: number;
  readonly callsToday: number;
  readonly talkMsToday: number;
  /** Member penalty in this queue (0 = first tier). */
  readonly penalty: number;
};

/** Round-robin with memory: the order of the agent the queue last offered a call to. */
export type StrategyMemory = {lastOrder?: number};

const byIdle = (a: Candidate, b: Candidate) => a.idleSince - b.idleSince || a.order - b.order;

export function pickAgent(strategy: QueueStrategy, free: readonly Candidate[], memory: StrategyMemory = {}): Candidate | undefined {
  if (free.length === 0) return undefined;
  const tier = Math.min(...free.map(c => c.penalty));
  const pool = free.filter(c => c.penalty === tier);
  switch (strategy) {
    case 'longest-idle':
      return [...pool].sort(byIdle)[0];
    case 'fewest-calls':
      return [...pool].sort((a, b) => a.callsToday - b.callsToday || byIdle(a, b))[0];
    case 'least-talk-time':
      return [...pool].sort((a, b) => a.talkMsToday - b.talkMsToday || byIdle(a, b))[0];
    case 'linear':
      return [...pool].sort((a, b) => a.order - b.order)[0];
    case 'round-robin': {
      const ordered = [...pool].sort((a, b) => a.order - b.order);
      const last = memory.lastOrder;
      return (last === undefined ? undefined : ordered.find(c => c.order > last)) ?? ordered[0];
    }
  }
}
