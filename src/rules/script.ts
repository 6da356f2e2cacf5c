// §2 script catalog (服务热线常用话术) and R-08 promises: every stage with its phrases, their
// named slots and English glosses for the en UI. The zh text comes from PolicyConfig.script,
// so a center can reword a phrase; the glosses follow the documents' wording.
import type {PolicyConfig, ScriptPhrases} from './config.ts';
import {phraseSlots} from './phrase.ts';

export type ScriptStageId = keyof ScriptPhrases;

/** what a phrase promises the caller, which becomes a callback task. */
export type ScriptPromise =
  | {readonly kind: 'next_business_day'; readonly calendar: 'specialist' | 'service'}
  | {readonly kind: 'working_days'}
  | {readonly kind: 'open_ended'};

export type ScriptStageInfo = {
  readonly id: ScriptStageId;
  /** English glosses, one per default phrase. */
  readonly en: readonly string[];
  /** Said in reply to something the caller did, in any open stage. */
  readonly reactive?: boolean;
  readonly promise?: ScriptPromise;
};

const info = (id: ScriptStageId, en: string[], extra: Partial<ScriptStageInfo> = {}): ScriptStageInfo => ({id, en, ...extra});

/** The catalog in the documents' order. */
export const scriptCatalog: readonly ScriptStageInfo[] = [
  info('greeting_reply', ['Hello'], {reactive: true}),
  info('ask_name', ['May I have your surname?', 'How may I address you?']),
  info('ask_address', ['What is your full address?', 'Could you leave your exact address?']),
  info('ask_phone', ['How can we contact you?']),
  info('confirm_need', ['You are asking about {topic}, is that right?']),
  info('before_lookup', ['One moment please, let me look that up']),
  info('during_lookup', ['One moment please, I am still looking it up']),
  info('lookup_too_long', ['Thank you for your patience']),
  info('found', ['The {topic} you asked about is {answer}']),
  info('not_found', [
    'I cannot find any information on that for now, sorry I could not help',
    'Sorry, I cannot find it for now; may I give you the number of {department} to ask them?',
  ]),
  info('transfer', ['I will transfer you to {department} so you can ask them in detail, all right? Please stay on the line']),
  info('transfer_failed', ['Sorry, the call did not go through; could you note the number and call later?']),
  info('specialist_off_duty', [
    'Sorry, your {service} question needs the person in charge, who has left for the day; please call again tomorrow during working hours (9:00-17:00), or I can note it and we call you back tomorrow during working hours?',
  ], {promise: {kind: 'next_business_day', calendar: 'specialist'}}),
  info('outside_service_hours', [
    'Sorry, {department} is closed now; shall I give you their number and hours, or note your question and call you back within five working days?',
  ], {promise: {kind: 'working_days'}}),
  info('offer_value_added', ['Would you like our {service} service? We also offer professional {service}; shall I transfer you to ask about it?']),
  info('caller_answered_slowly', ['Sorry, we are at peak time now; how can I help you?'], {reactive: true}),
  info('caller_wrong_result', ['Sorry, shall I look it up again for you?'], {reactive: true}),
  info('caller_thanks', ['You are welcome'], {reactive: true}),
  info('caller_praises', ['You are welcome, it is our job.'], {reactive: true}),
  info('caller_suggests', ['Thank you very much for the valuable suggestion; I will pass it to the department in charge as soon as possible. Thank you for supporting our service.'], {reactive: true}),
  info('bad_line', [
    'Sorry, I did not catch that; could you repeat it?',
    'Sorry, could you speak more slowly?',
    'Sorry, could you speak louder/softer?',
    'Sorry, the signal is poor; could you move to another spot?',
  ], {reactive: true}),
  info('service_not_open', ['Sorry, {service} is not available yet; leave your contact and we will notify you by phone or SMS when it opens, all right?'], {promise: {kind: 'open_ended'}}),
  info('beyond_scope', ['Sorry, that question is beyond what I can answer; shall I note it and call you back later, or transfer you to the right person?'], {promise: {kind: 'next_business_day', calendar: 'service'}}),
  info('before_closing', ['Is there anything else I can help you with?']),
  info('closing', ['Thank you for calling, goodbye.']),
];

const byId = new Map(scriptCatalog.map(s => [s.id, s]));

export type ScriptPhrase = {
  readonly stage: ScriptStageId;
  readonly index: number;
  readonly zh: string;
  readonly en: string;
  readonly slots: readonly string[];
  readonly promise?: ScriptPromise;
};

/** The phrases of one catalog stage, zh from the policy, en gloss by position. */
export function stagePhrases(stage: ScriptStageId, policy: PolicyConfig): ScriptPhrase[] {
  const meta = byId.get(stage);
  if (!meta) throw new TypeError(`stagePhrases: unknown script stage "${String(stage)}"`);
  return policy.script[stage].map((zh, index) => ({
    stage,
    index,
    zh,
    // A center's own extra phrase has no gloss: show the zh text rather than a wrong one.
    en: meta.en[index] ?? zh,
    slots: phraseSlots(zh),
    ...(meta.promise ? {promise: meta.promise} : {}),
  }));
}

export function scriptStageInfo(stage: ScriptStageId): ScriptStageInfo {
  const meta = byId.get(stage);
  if (!meta) throw new TypeError(`scriptStageInfo: unknown script stage "${String(stage)}"`);
  return meta;
}
