// A queue's rule let a caller go (max wait, full, no agents, closed: src/sip/acd/queues.ts).
// A caller the center answered hears the closing announcement (out-of-hours for a closed queue)
// when the media engine can play it, then is hung up; a caller still on ringback gets the
// configured final response, with a Reason saying which rule — never a 408 from a timer.
import type {QueueOutcome} from '../../rules/queue-policy.ts';
import type {QueueExitReason} from '../acd/types.ts';
import type {CallLegs} from './legs.ts';

const phrases: Record<number, string> = {486: 'Busy Here', 480: 'Temporarily Unavailable', 503: 'Service Unavailable'};

const reasonText: Record<QueueExitReason, string> = {
  'max-wait': 'queue max wait reached',
  'full': 'queue full',
  'no-agents': 'no agent signed in',
  'closed': 'outside service hours',
};

/**
 * `answer` (when the queue may speak) answers a caller still on its INVITE so it hears the
 * announcement; a leg the media engine cannot anchor stays unanswered and gets the final response.
 */
export async function refuseCaller(legs: CallLegs, outcome: Exclude<QueueOutcome, {action: 'wait' | 'overflow'}>, reason: QueueExitReason, announcement?: string, answer?: () => Promise<void>): Promise<void> {
  if (legs.invite && !legs.caller && outcome.action !== 'reject' && announcement && answer) await answer().catch(() => {});
  const invite = legs.invite;
  if (invite && !invite.res.finalResponseSent) {
    legs.invite = undefined;
    try {
      invite.res.send(outcome.status, phrases[outcome.status], {headers: {'Reason': `SIP;cause=${outcome.status};text="${reasonText[reason]}"`}});
    } catch {}
    legs.end();
    return;
  }
  if (legs.caller && outcome.action !== 'reject' && announcement && legs.media.anchored) {
    await legs.media.stopQueue().catch(() => {});
    const ms = await legs.media.play('caller', announcement).catch(() => undefined);
    // The announcement plays out before the BYE (its length when the engine says it, else a few seconds).
    await new Promise(resolve => setTimeout(resolve, Math.min(ms ?? 5000, 30_000)).unref());
  }
  legs.end();
}
