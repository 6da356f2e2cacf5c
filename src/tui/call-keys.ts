// The keys of a call in progress: hold/resume, hang up (R-07 warns first, R-12 silent release),
// notes, transfer, R-12 silent protocol, R-13 offers, stage moves, phrase and reaction choices.
import type {PolicyConfig} from '../rules/config.ts';
import {advanceStage, stageOptions, type CallStage} from '../rules/call-stage.ts';
import {offerCheck, recordOffer} from '../rules/offers.ts';
import {stagePhrases} from '../rules/script.ts';
import {silentCall} from '../rules/silent.ts';
import type {CallNotes} from '../client/seat-records.ts';
import type {ActiveCall, SeatPort} from '../client/seat-session.ts';
import {fmt, type Messages} from './i18n.ts';
import {reactionKeys, stagePhraseList, type CallUi} from './use-call-script.ts';

export type SeatMode = 'main' | 'notes' | 'transfer' | 'help' | 'history' | 'callbacks' | 'handover' | 'wrapup' | 'reason';

export type CallKeyContext = {
  readonly uiRef: {readonly current: CallUi | undefined};
  readonly setUi: (ui: CallUi) => void;
  readonly session: SeatPort;
  readonly policy: PolicyConfig;
  readonly now: number;
  readonly annotate: (callId: string, fields: Partial<CallNotes>) => void;
  readonly run: (p: Promise<void>) => void;
  readonly setMode: (mode: SeatMode) => void;
  readonly setNote: (note: {text: string; error?: boolean}) => void;
  readonly t: Messages;
};

/**
 * z goes to the closing question from any talking stage, through the stages the script
 * allows on the way (opening → need → before_closing), so the agent never meets a refusal.
 * The path (without `from`), empty when the call is past the closing question.
 */
function closingPath(from: CallStage, policy: PolicyConfig): CallStage[] {
  const seen = new Set<CallStage>([from]);
  let frontier: CallStage[][] = [[from]];
  while (frontier.length > 0) {
    const next: CallStage[][] = [];
    for (const path of frontier) {
      for (const to of stageOptions(path.at(-1) as CallStage, policy).next) {
        if (to === 'before_closing') return [...path.slice(1), to];
        if (seen.has(to)) continue;
        seen.add(to);
        next.push([...path, to]);
      }
    }
    frontier = next;
  }
  return [];
}

/** R-13's refusal in the seat's language: two declines, or the offers per call used up. */
function offersRefused(t: Messages, offers: {offers: number; declined: number}, policy: PolicyConfig): string {
  return offers.declined >= policy.offers.maxPerCall ? fmt(t.offers.disabled, {n: offers.declined}) : fmt(t.offers.limit, {n: offers.offers});
}

function hangup(c: CallKeyContext, call: ActiveCall): void {
  const {uiRef, setUi, session, policy, now, annotate, run} = c;
  const currentUi = uiRef.current?.callId === call.callId ? uiRef.current : undefined;
  if (!currentUi) return;
  const silent = currentUi.silentSince !== undefined ? silentCall(now - currentUi.silentSince, policy) : undefined;
  if (silent?.mayRelease) {
    annotate(call.callId, {disposition: 'silent', silent: true});
    run(session.hangup({silent: true}));
    return;
  }
  // the customer hangs up first; warn once, hang up on the second press (flagged).
  if (policy.closing.customerHangsUpFirst && !currentUi.hangupArmed) {
    setUi({...currentUi, hangupArmed: true});
    return;
  }
  run(session.hangup());
}

/** A key while a call is up; true when it was the call's. */
export function callKeys(c: CallKeyContext, call: ActiveCall, input: string, key: {tab: boolean; shift: boolean; return: boolean}): boolean {
  const {uiRef, setUi, session, policy, now, annotate, run, setMode, setNote} = c;
  const u = uiRef.current?.callId === call.callId ? uiRef.current : undefined;
  if (!u) return false;
  if (input === 'h') {
    run(call.holdSince ? session.resume() : session.hold());
    return true;
  }
  if (input === 'e') {
    hangup(c, call);
    return true;
  }
  const disarm = {...u, hangupArmed: false};
  if (input === 'n') return setMode('notes'), true;
  if (input === 'x') return setMode('transfer'), true;
  if (input === 's') {
    if (u.silentSince === undefined) {
      setUi({...disarm, silentSince: now});
      annotate(call.callId, {silent: true});
    }
    return true;
  }
  if (input === 'o') {
    const check = offerCheck(u.offers, policy);
    if (!check.allowed) setNote({text: offersRefused(c.t, u.offers, policy), error: true});
    else setUi({...disarm, awaitingOffer: true});
    return true;
  }
  if ((input === 'y' || input === 'd') && u.awaitingOffer) {
    const result = recordOffer(u.offers, input === 'y' ? 'accepted' : 'declined', policy);
    if (result.ok) {
      setUi({...disarm, offers: result.state, awaitingOffer: false});
      annotate(call.callId, {offers: result.state.offers, offersDeclined: result.state.declined});
    } else setNote({text: offersRefused(c.t, u.offers, policy), error: true});
    return true;
  }
  if (key.tab || input === 'z') {
    const path: CallStage[] = input === 'z' ? closingPath(u.stage, policy) : stageOptions(u.stage, policy).next.slice(0, 1);
    if (path.length === 0) {
      if (input === 'z') setNote({text: c.t.noStageMove, error: true});
      return true;
    }
    let stage = u.stage;
    for (const to of path) {
      const move = advanceStage(stage, to);
      if (!move.ok) return setNote({text: move.error, error: true}), true;
      stage = move.stage;
    }
    setUi({...disarm, stage, phrase: 0, reaction: undefined});
    annotate(call.callId, {stage});
    return true;
  }
  if (/^[1-9]$/.test(input)) {
    const i = Number(input) - 1;
    if (i < stagePhraseList(u.stage, policy).length) setUi({...disarm, phrase: i, reaction: undefined});
    return true;
  }
  const reaction = reactionKeys[input];
  if (reaction && u.stage !== 'closing' && u.stage !== 'wait_hangup') {
    const count = stagePhrases(reaction, policy).length;
    const index = u.reaction?.stage === reaction ? (u.reaction.index + 1) % count : 0;
    setUi({...disarm, reaction: {stage: reaction, index}});
    return true;
  }
  return false;
}
