// The call-stage machine: where a call is in the script, which catalog phrases fit there and
// where it may go next. R-07: the close is 「请问还有什么可以帮您?」 then 「感谢您的来电,再见。」,
// and the customer hangs up first.
import type {PolicyConfig} from './config.ts';
import {stagePhrases, scriptCatalog, type ScriptPhrase, type ScriptStageId} from './script.ts';

export const callStages = ['opening', 'identify', 'need', 'lookup', 'answer', 'before_closing', 'closing', 'wait_hangup'] as const;
export type CallStage = (typeof callStages)[number];

const transitions: Record<CallStage, readonly CallStage[]> = {
  opening: ['identify', 'need'],
  identify: ['need', 'lookup'],
  need: ['identify', 'lookup', 'answer', 'before_closing'],
  lookup: ['answer', 'need'],
  answer: ['need', 'lookup', 'identify', 'before_closing'],
  // the caller may have another question; otherwise close.
  before_closing: ['need', 'closing'],
  // after the goodbye the agent waits for the customer to hang up.
  closing: ['wait_hangup'],
  wait_hangup: [],
};

const stageEntries: Record<CallStage, readonly ScriptStageId[]> = {
  opening: [],
  identify: ['ask_name', 'ask_address', 'ask_phone'],
  need: ['confirm_need', 'offer_value_added', 'service_not_open', 'beyond_scope', 'specialist_off_duty', 'outside_service_hours'],
  lookup: ['before_lookup', 'during_lookup', 'lookup_too_long'],
  answer: ['found', 'not_found', 'transfer', 'transfer_failed', 'offer_value_added'],
  before_closing: ['before_closing'],
  closing: ['closing'],
  wait_hangup: [],
};

const reactive = scriptCatalog.filter(s => s.reactive).map(s => s.id);

export type StageOptions = {
  readonly stage: CallStage;
  /** Phrases for this stage, the offered one first. */
  readonly phrases: readonly ScriptPhrase[];
  /** Replies to what the caller does (thanks, bad line, …), open in every talking stage. */
  readonly reactive: readonly ScriptPhrase[];
  readonly next: readonly CallStage[];
};

export function stageOptions(stage: CallStage, policy: PolicyConfig): StageOptions {
  const talking = stage !== 'closing' && stage !== 'wait_hangup';
  return {
    stage,
    phrases: stageEntries[stage].flatMap(id => stagePhrases(id, policy)),
    reactive: talking ? reactive.flatMap(id => stagePhrases(id, policy)) : [],
    next: transitions[stage],
  };
}

export type StageMove = {readonly ok: true; readonly stage: CallStage} | {readonly ok: false; readonly error: string};

/** Move a call from one stage to another, refusing moves the script does not allow. */
export function advanceStage(from: CallStage, to: CallStage): StageMove {
  if (!callStages.includes(from)) return {ok: false, error: `unknown call stage "${String(from)}"`};
  if (!callStages.includes(to)) return {ok: false, error: `unknown call stage "${String(to)}"`};
  if (transitions[from].includes(to)) return {ok: true, stage: to};
  if (to === 'closing') return {ok: false, error: 'R-07: ask 「请问还有什么可以帮您?」 (before_closing) before the closing'};
  return {ok: false, error: `no move from ${from} to ${to} (next: ${transitions[from].join(', ') || 'none'})`};
}

/** The next stage the seat suggests (the first allowed move). */
export function nextStage(stage: CallStage): CallStage | undefined {
  return transitions[stage][0];
}

export type HangUp = {
  /** Who released first. */
  readonly by: 'agent' | 'customer';
  /** The agent ran R-12's silent-call protocol to its end. */
  readonly silentProtocol?: boolean;
};

/** an agent-side hang-up before the customer's is flagged, except after R-12. */
export function hangUpFlag(hangUp: HangUp): 'agent_hung_up_first' | undefined {
  return hangUp.by === 'agent' && !hangUp.silentProtocol ? 'agent_hung_up_first' : undefined;
}
