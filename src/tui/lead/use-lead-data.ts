// Bridges a LeadLink to the console: a LeadData snapshot rebuilt when a document changes
// (coalesced, at most four rebuilds a second), the clock moved every second without a rebuild,
// and a full rebuild every 15 s so deadlines (R-27 feedback, break overruns) turn over on time.
// A rebuild reads a month of one team whole: ~0.1–0.2 s at 5,000 calls a day, hence no more often.
import {useEffect, useState} from 'react';
import type {PolicyConfig} from '../../rules/config.ts';
import {buildLeadData, type LeadData, type Sources} from './lead-data.ts';
import type {LinkStatus} from '../../client/lead/lead-link.ts';

/** The documents and their link: a LeadLink, or in-memory documents in tests. */
export type LeadSource = Sources & {onChange(fn: () => void): () => void; status(): LinkStatus};

const minRebuildMs = 250;
const fullRebuildMs = 15_000;

export function useLeadData(link: LeadSource, options: {readonly day: string; readonly policy: PolicyConfig; readonly clock: () => number; readonly lead?: string}): {data: LeadData; status: LinkStatus} {
  const build = () => ({data: buildLeadData(link, {day: options.day, now: options.clock(), policy: options.policy, lead: options.lead}), status: link.status()});
  const [state, setState] = useState(build);
  useEffect(() => {
    let timer: NodeJS.Timeout | undefined;
    let lastBuild = 0;
    const rebuild = () => {
      if (timer) return;
      const wait = Math.max(0, lastBuild + minRebuildMs - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        lastBuild = Date.now();
        setState(build());
      }, wait);
    };
    const off = link.onChange(rebuild);
    const tick = setInterval(() => setState(s => ({data: {...s.data, now: options.clock()}, status: link.status()})), 1000);
    const full = setInterval(rebuild, fullRebuildMs);
    return () => {
      off();
      clearTimeout(timer);
      clearInterval(tick);
      clearInterval(full);
    };
  }, [link]);
  return state;
}
