// Bridges the lead's live floor link (LeadFloor) to the console: its state, re-read on change.
import {useEffect, useState} from 'react';
import type {LeadFloor} from '../../client/lead/lead-floor.ts';
import type {LeadLive} from './lead-live.ts';

export function useLeadFloor(floor: LeadFloor | undefined): LeadLive | undefined {
  const [state, setState] = useState(() => floor?.state());
  useEffect(() => {
    if (!floor) return;
    setState(floor.state());
    return floor.onChange(() => setState(floor.state()));
  }, [floor]);
  if (!floor || !state) return undefined;
  return {state, toggleListen: agent => floor.toggleListen(agent), togglePlayback: (callId, day) => floor.togglePlayback(callId, day), queueControl: request => floor.queueControl(request)};
}
