// Who may hear or export which recording (R-24 录音抽检): a team lead, their own team's calls
// only. The call's record says where its recording is; agents and other teams' leads are refused.
// Used by the switch (playback on the lead's phone) and the center's HTTP export.
import fs from 'node:fs';
import path from 'node:path';
import type {AgentConfig, ZuoxiConfig} from '../config.ts';
import type {CallFacts} from '../sync/schema.ts';
import type {CallFactsLookup} from './facts-sink.ts';
import {SwitchError} from './switch-error.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The recording of `callId` as `lead` may have it: its file and the call's facts. */
export async function recordingFor(config: ZuoxiConfig, lookup: CallFactsLookup | undefined, lead: AgentConfig | undefined, callId: string, day?: string): Promise<{file: string; facts: CallFacts}> {
  if (!lead || lead.role !== 'lead') throw new SwitchError('forbidden', 'only a team lead reviews recordings');
  if (day !== undefined && !DAY.test(day)) throw new SwitchError('bad-message', `day: expected YYYY-MM-DD, got ${day}`);
  if (!lookup) throw new SwitchError('unavailable', 'this center keeps no call records to find recordings in');
  // Only the lead's own team's records are searched: another team's call is not found, and not told apart.
  const facts = await lookup.find(lead.team, day, callId);
  if (!facts || facts.team !== lead.team) throw new SwitchError('unknown-call', `no call ${callId} among team ${lead.team}'s records${day ? ` of ${day}` : ''}`);
  const recording = facts.recording;
  if (!recording) throw new SwitchError('no-recording', `call ${callId} has no recording${facts.answeredAt === undefined ? ' (not answered)' : ' yet'}`);
  if (!recording.recorded) throw new SwitchError('no-recording', `call ${callId} was not recorded: ${recording.why}`);
  const root = path.resolve(config.dataDir, 'recordings');
  const file = path.resolve(root, recording.name);
  // A name that would leave the recordings directory is no recording of ours.
  if (!file.startsWith(root + path.sep)) throw new SwitchError('no-recording', `call ${callId}'s recording name is not under the recordings directory`);
  if (!fs.existsSync(file)) throw new SwitchError('no-recording', `call ${callId}'s recording ${recording.name} is gone from the recordings directory (past retention?)`);
  return {file, facts};
}
