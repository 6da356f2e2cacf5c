// What the lead console does over the lead's /control link (LeadFloor): its live state and the
// requests that go to the switch. A screen receives this; useLeadFloor builds it.
import type {LeadFloorState, QueueControlRequest} from '../../client/lead/lead-floor.ts';

/** The floor now over the lead's /control link, and the keys' actions (R-24, queue controls). */
export type LeadLive = {
  readonly state: LeadFloorState;
  /** Listen in on the agent's call, or stop the listen-in in progress; rejects with the switch's reason. */
  readonly toggleListen: (agent: string) => Promise<'started' | 'stopped'>;
  /** Play the call's recording on the lead's phone, or stop the one playing (R-24 review). */
  readonly togglePlayback: (callId: string, day?: string) => Promise<'started' | 'stopped'>;
  /** A queue control for the shift; rejects with the switch's reason (forbidden, unknown-queue…). */
  readonly queueControl: (request: QueueControlRequest) => Promise<void>;
};
