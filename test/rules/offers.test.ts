import test from 'ava';
import {defaultPolicy, offerCheck, recordOffer, noOffers, type OfferState} from '../../src/rules/index.ts';

const policy = defaultPolicy();

const check = test.macro({
  exec(t, state: OfferState, allowed: boolean, remaining: number) {
    const c = offerCheck(state, policy);
    t.is(c.allowed, allowed);
    t.is(c.remaining, remaining);
    t.is(c.offersDeclined, state.declined);
  },
  title: (_given, state: OfferState, allowed) => `R-13: ${state.offers} offers, ${state.declined} declined → ${allowed ? 'may offer' : 'no offer'}`,
});

test(check, {offers: 0, declined: 0}, true, 2);
test(check, {offers: 1, declined: 1}, true, 1);
test(check, {offers: 1, declined: 0}, true, 1);
test(check, {offers: 2, declined: 2}, false, 0);
test(check, {offers: 2, declined: 0}, false, 0);

test('R-13: after two declines a third offer is refused', t => {
  let state = noOffers;
  for (let i = 0; i < 2; i++) {
    const r = recordOffer(state, 'declined', policy);
    if (!r.ok) return t.fail(r.error);
    state = r.state;
  }
  t.deepEqual(state, {offers: 2, declined: 2});
  const third = recordOffer(state, 'accepted', policy);
  t.false(third.ok);
  if (!third.ok) t.regex(third.error, /R-13: the customer declined 2 offers/);
});
