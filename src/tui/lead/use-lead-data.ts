// Bridges a LeadLink to the console: a LeadData snapshot rebuilt when a document changes
// (coalesced to one rebuild per tick) and at least once a second for the clock and deadlines.
import {useEffect, useState} from 'react';
import type {PolicyConfig} from '../../rules/config.ts';
import {buildLeadData, type LeadData, type Sources} from './lead-data.ts';
import type {LinkStatus} from './lead-link.ts';

/** The documents and their link: a LeadLink, or in-memory documents in tests. */
export type LeadSource = Sources & {onChange(fn: () => void): () => void; status(): LinkStatus};

export function useLeadData(link: LeadSource, options: {readonly day: string; readonly policy: PolicyConfig; readonly clock: () => number; readonly lead?: string}): {data: LeadData; status: LinkStatus} {
  const build = () => ({data: buildLeadData(link, {day: options.day, now: options.clock(), policy: options.policy, lead: options.lead}), status: link.status()});
  const [state, setState] = useState(build);
  useEffect(() => {
    let scheduled = false;
    const refresh = () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        setState(build());
      });
    };
    const off = link.onChange(refresh);
    const timer = setInterval(refresh, 1000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [link]);
  return state;
}
