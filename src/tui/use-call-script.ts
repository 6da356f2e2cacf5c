// What the agent says now: the script panel's phrase for the call's stage (R-02/R-03 opening,
// the stage's alternatives on digit keys, caller-reaction phrases on letter keys, R-07 closing).
import {useMemo} from 'react';
import type {PolicyConfig} from '../rules/config.ts';
import {stageOptions, type CallStage} from '../rules/call-stage.ts';
import type {OfferState} from '../rules/offers.ts';
import {openingPhrase} from '../rules/ring.ts';
import {stagePhrases, type ScriptPhrase, type ScriptStageId} from '../rules/script.ts';
import type {ActiveCall} from '../client/seat-session.ts';
import {fillForAgent} from './slots.ts';
import {fmt, type Lang, type Messages} from './i18n.ts';
import type {ScriptLine} from './ScriptPanel.tsx';

/** Per-call UI state; reset when a new call is answered. */
export type CallUi = {
  callId: string;
  stage: CallStage;
  phrase: number;
  /** A caller-reaction phrase chosen by hotkey, shown as "say now" until the next move. */
  reaction?: {stage: ScriptStageId; index: number};
  silentSince?: number;
  offers: OfferState;
  awaitingOffer: boolean;
  hangupArmed: boolean;
};

export type CallScript = {
  readonly stage: string;
  readonly sayNow: string;
  readonly alternatives: readonly ScriptLine[];
  readonly reactions: readonly ScriptLine[];
  readonly list: readonly ScriptPhrase[];
  readonly next?: string;
  readonly nextStage?: CallStage;
};

export const reactionKeys: Record<string, ScriptStageId> = {
  T: 'caller_thanks', P: 'caller_praises', U: 'caller_suggests', B: 'bad_line', W: 'caller_wrong_result', A: 'caller_answered_slowly',
};
const reactionLabel = (t: Messages): Record<string, string> => ({
  T: t.reactions.thanks, P: t.reactions.praise, U: t.reactions.suggest, B: t.reactions.badLine, W: t.reactions.wrong, A: t.reactions.slow,
});

/** The phrases of a stage on digit keys (the offer has its own key, R-13). */
export function stagePhraseList(stage: CallStage, policy: PolicyConfig): ScriptPhrase[] {
  return stageOptions(stage, policy).phrases.filter(p => p.stage !== 'offer_value_added');
}

/** in the en UI (the zh phrases come from the policy). */
export function englishOpening(line: string, late: boolean, trainee = false): string {
  const greeting = trainee ? `Hello, ${line} service line, trainee agent speaking, go ahead please?` : `Hello, ${line} service line, how may I help you?`;
  return late ? `Sorry to keep you waiting. ${greeting}` : greeting;
}

export type CallScriptInput = {
  readonly call: ActiveCall | undefined;
  /** The call's UI state (undefined until it is set up for this call). */
  readonly ui: CallUi | undefined;
  readonly policy: PolicyConfig;
  readonly lang: Lang;
  readonly t: Messages;
  /** The call's topic so far (notes' "what"), for the phrases' slots. */
  readonly topic?: string;
  readonly trainee?: boolean;
};

export function useCallScript({call, ui, policy, lang, t, topic, trainee}: CallScriptInput): CallScript | undefined {
  const text = (p: ScriptPhrase) => (lang === 'en' ? p.en : p.zh);
  const slots = {line: policy.lineName, topic, department: undefined};
  return useMemo(() => {
    if (!call || !ui) return undefined;
    const options = stageOptions(ui.stage, policy);
    const openingText = openingPhrase(policy, call.late, {trainee: trainee});
    const list = stagePhraseList(ui.stage, policy);
    let sayNow: string;
    if (ui.reaction) {
      const r = stagePhrases(ui.reaction.stage, policy)[ui.reaction.index];
      sayNow = r ? text(r) : '';
    } else if (ui.stage === 'opening') {
      sayNow = lang === 'en' ? englishOpening(policy.lineName, call.late, trainee) : openingText;
    } else if (ui.stage === 'wait_hangup') {
      sayNow = lang === 'en' ? '(wait for the caller to hang up — R-07)' : '(请等待客户先挂机 R-07)';
    } else {
      const p = list[ui.phrase] ?? list[0];
      sayNow = p ? text(p) : '';
    }
    const alternatives: ScriptLine[] = ui.stage === 'opening' ? [] : list
      .map((p, i) => ({key: String(i + 1), text: fillForAgent(text(p), slots, t), i}))
      .filter(l => l.i !== ui.phrase).slice(0, 3);
    const labels = reactionLabel(t);
    const reactions: ScriptLine[] = options.reactive.length > 0 ? Object.keys(reactionKeys).map(k => ({key: k, text: labels[k] as string})) : [];
    const next = options.next[0];
    return {
      stage: t.stages[ui.stage] ?? ui.stage,
      sayNow: fillForAgent(sayNow, slots, t),
      alternatives, reactions, list,
      next: next ? fmt(t.call.next, {stage: t.stages[next] ?? next}) : undefined,
      nextStage: next,
    };
  }, [call, ui, policy, lang, t, topic, trainee]);
}
