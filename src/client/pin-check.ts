// The seat's lock screen unlocks with the agent's PIN without keeping the PIN itself:
// only its hash stays in memory after sign-in.
import crypto from 'node:crypto';

const sha = (pin: string) => crypto.createHash('sha256').update(pin).digest('base64');

/** A checker for `pin` that holds only its hash. */
export function pinChecker(pin: string): (candidate: string) => boolean {
  const hash = sha(pin);
  return candidate => sha(candidate) === hash;
}
