// Where a queued caller stands, for the queue announcement (issue 13): callers ahead and an
// expected wait. Pure: the ACD hands in its figures.

/**
 * Expected wait in whole minutes (at least 1) for a caller with `ahead` callers before it, from the
 * queue agents' average handle time today, shared among the agents signed in; undefined when no call
 * was handled yet today or no agent is signed in (the announcement then says the position only).
 */
export function expectedWaitMinutes(ahead: number, handledCalls: number, handledMs: number, agentsIn: number): number | undefined {
  if (handledCalls <= 0 || handledMs <= 0 || agentsIn <= 0 || ahead < 0) return undefined;
  const averageMs = handledMs / handledCalls;
  return Math.max(1, Math.ceil((ahead + 1) * averageMs / agentsIn / 60_000));
}
