// A lead's queue controls for the shift (issue 14): add an agent to a queue or take them out,
// move them between queues, change their penalty there, sign a stuck agent out. Only a lead of
// the agent's team may, and only on that team's queues; every change is a fact the leads see
// (who, what, when), kept for the day so a console that connects later shows it too.
import type {AgentConfig, ZuoxiConfig} from '../config.ts';
import type {Acd} from './acd/acd.ts';
import type {QueueControlCommand, ServerMessage} from './protocol.ts';
import {SwitchError} from './switch-error.ts';

export type QueueControlFact = Extract<ServerMessage, {type: 'queue-control'}>;

/** Facts kept per day: far more than a shift's changes; a flood of them cannot grow without end. */
const MAX_FACTS = 1000;

export class QueueControls {
  readonly #config: ZuoxiConfig;
  readonly #acd: Acd;
  readonly #dayOf: (ms: number) => string;
  #day = '';
  #facts: QueueControlFact[] = [];

  constructor(config: ZuoxiConfig, acd: Acd, dayOf: (ms: number) => string) {
    this.#config = config;
    this.#acd = acd;
    this.#dayOf = dayOf;
  }

  /** Today's facts of `team`, oldest first. */
  today(team: string, now: number): QueueControlFact[] {
    this.#roll(now);
    return this.#facts.filter(f => f.team === team);
  }

  /**
   * Apply `command` from `lead`; throws SwitchError (forbidden, unknown-agent, unknown-queue,
   * bad-message) or the ACD's error without changing anything. Returns the fact to tell the leads.
   */
  apply(lead: AgentConfig | undefined, command: QueueControlCommand, now: number): QueueControlFact {
    if (!lead || lead.role !== 'lead') throw new SwitchError('forbidden', 'only a team lead changes queues');
    const agent = this.#config.agents.find(a => a.id === command.agent);
    if (!agent) throw new SwitchError('unknown-agent', `no agent "${command.agent}"`);
    if (agent.team !== lead.team) throw new SwitchError('forbidden', `${agent.id} is not in your team (${lead.team})`);
    const {action} = command;
    const queue = action === 'sign-out' ? undefined : this.#queue(lead, command.queue, 'queue');
    const to = action === 'move' ? this.#queue(lead, command.to, 'to') : undefined;
    if (action === 'penalty' && command.penalty === undefined) throw new SwitchError('bad-message', 'penalty: expected a number 0–99');
    switch (action) {
      case 'join':
      case 'leave':
        this.#acd.setMember(agent.id, queue!, action === 'join', now);
        break;
      case 'move':
        this.#acd.moveMember(agent.id, queue!, to!, now);
        break;
      case 'penalty':
        this.#acd.setPenalty(agent.id, queue!, command.penalty!, now);
        break;
      case 'sign-out':
        this.#acd.signOutByLead(agent.id, now);
        break;
    }
    const fact: QueueControlFact = {
      type: 'queue-control', lead: lead.id, team: lead.team, target: agent.id, action,
      ...(queue ? {queue} : {}), ...(to ? {to} : {}), ...(action === 'penalty' ? {penalty: command.penalty!} : {}), at: now,
    };
    this.#roll(now);
    this.#facts.push(fact);
    if (this.#facts.length > MAX_FACTS) this.#facts.shift();
    return fact;
  }

  #queue(lead: AgentConfig, id: string | undefined, field: string): string {
    if (id === undefined) throw new SwitchError('bad-message', `${field}: expected a queue id`);
    const queue = this.#config.queues.find(q => q.id === id);
    if (!queue) throw new SwitchError('unknown-queue', `no queue "${id}"`);
    if (queue.team !== lead.team) throw new SwitchError('forbidden', `queue ${id} is team ${queue.team}'s, not yours`);
    return id;
  }

  #roll(now: number): void {
    const day = this.#dayOf(now);
    if (day === this.#day) return;
    this.#day = day;
    this.#facts = [];
  }
}
