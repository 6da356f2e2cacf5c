// at most 2 marketing offers per call; after two declines no further offer in that call.
import type {PolicyConfig} from './config.ts';

export type OfferState = {
  readonly offers: number;
  readonly declined: number;
};

export const noOffers: OfferState = {offers: 0, declined: 0};

export type OfferCheck = {
  readonly allowed: boolean;
  readonly remaining: number;
  /** Recorded on the call as `offers_declined`. */
  readonly offersDeclined: number;
  readonly reason?: string;
};

export function offerCheck(state: OfferState, policy: PolicyConfig): OfferCheck {
  const max = policy.offers.maxPerCall;
  const remaining = Math.max(0, max - state.offers);
  if (state.declined >= max) return {allowed: false, remaining: 0, offersDeclined: state.declined, reason: `R-13: the customer declined ${state.declined} offers`};
  if (remaining === 0) return {allowed: false, remaining, offersDeclined: state.declined, reason: `R-13: at most ${max} offers per call`};
  return {allowed: true, remaining, offersDeclined: state.declined};
}

export type OfferResult = {readonly ok: true; readonly state: OfferState} | {readonly ok: false; readonly error: string};

/** Record an offer and its outcome; refused when R-13 forbids another offer. */
export function recordOffer(state: OfferState, outcome: 'accepted' | 'declined', policy: PolicyConfig): OfferResult {
  const check = offerCheck(state, policy);
  if (!check.allowed) return {ok: false, error: check.reason ?? 'R-13: no further offer'};
  return {ok: true, state: {offers: state.offers + 1, declined: state.declined + (outcome === 'declined' ? 1 : 0)}};
}
