// Bridges the seat's records to the sync layer's SeatStore: what the agent types goes into the
// team's day documents (`calls/`, `handover/`, `wrapup/<team>/<day>`), local-first and synced
// through the hub. The seat's own day file (seat-records.ts) holds the same record fields,
// crash-safe: on start they are replayed into the call log, so nothing typed is lost between
// the two. The documents follow the center's day: at midnight the seat opens the new day's
// (SeatDays) and the day file starts a new day; notes on a call go to the day it is filed under.
import path from 'node:path';
import type {SeatStore} from '../sync/seat-store.ts';
import {SeatDays} from '../sync/seat-days.ts';
import {localTime} from '../rules/calendar.ts';
import {SeatQa} from '../sync/seat-qa.ts';
import {syncUrl} from '../sync/hub-doc.ts';
import type {SeatFields} from '../sync/schema.ts';
import type {LocalRecords, RecordSink, SyncState} from './seat-records.ts';
import {kpiCalls} from '../sync/seat-call.ts';
import {computeKpis} from '../rules/kpi.ts';
import type {PolicyConfig} from '../rules/config.ts';

export type SeatSinkOptions = {
  /** Hub base URL, e.g. ws://127.0.0.1:7070 (the /sync path is added). */
  readonly hubUrl: string;
  readonly agent: string;
  readonly pin: string;
  readonly team: string;
  /** Center-local day, YYYY-MM-DD. */
  readonly day: string;
  /** Where SeatStore keeps its logs. */
  readonly dir: string;
  readonly records: LocalRecords;
  readonly policy: PolicyConfig;
  readonly clock?: () => number;
  /** How often the clock is checked for the day boundary (default 15 s; 0: only `days.check()`). */
  readonly checkEveryMs?: number;
};

export type SeatSink = RecordSink & {
  /** The current day's store. */
  readonly store: SeatStore;
  /** The current month's QA feed. */
  readonly qaFeed: SeatQa;
  /** The current day's and previous days' stores still open. */
  readonly days: SeatDays;
  close(): Promise<void>;
};

export async function seatSink(options: SeatSinkOptions): Promise<SeatSink> {
  const {records, agent} = options;
  const clock = options.clock ?? Date.now;
  const days = await SeatDays.open({
    dir: path.join(options.dir, 'sync'), team: options.team, day: options.day,
    hubUrl: syncUrl(options.hubUrl), credentials: {agent, pin: options.pin},
    onIssue: () => {}, now: clock, dayOf: ms => localTime(ms, options.policy).date, checkEveryMs: options.checkEveryMs,
  });
  const failures: string[] = [];

  /** Write the record fields that differ from what the call log holds (the row has them all). */
  const push = (callId: string) => {
    const row = records.calls().find(c => c.callId === callId);
    if (!row) return;
    const wanted: SeatFields = {owner: agent, ...row.fields};
    // The switch files a call under the day it arrived: after midnight, a call from before it
    // is still written to the previous day while that is open.
    const store = days.stores().find(s => s.calls.get(callId)?.facts) ?? days.store;
    const current = (store.calls.get(callId)?.seat ?? {}) as Record<string, unknown>;
    const changed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(wanted)) {
      if (key === 'editedAt' || key === 'editedBy') continue; // the stamp below writes them
      if (JSON.stringify(current[key]) !== JSON.stringify(value)) changed[key] = value;
    }
    if (Object.keys(changed).length === 0) return;
    const at = row.fields.editedAt ?? clock();
    store.annotate(callId, changed as SeatFields, {by: agent, at}).catch((error: Error) => {
      failures.push(error.message); // the local day file still has it; replayed next start
    });
  };

  for (const row of records.calls()) if (Object.keys(row.fields).length > 0) push(row.callId);
  const offs: Array<() => void> = [];
  const watch = (store: SeatStore) => {
    offs.push(store.onSyncState(() => records.changed()), store.handover.observe(() => records.changed()));
  };
  watch(days.store);
  // the team's QA document of the month, read-only, for the agent's own scores.
  const openQa = (month: string) => new SeatQa({hubUrl: syncUrl(options.hubUrl), agent, pin: options.pin, team: options.team, month, policy: options.policy});
  let qaMonth = options.day.slice(0, 7);
  let qaFeed = openQa(qaMonth);
  let offQa = qaFeed.observe(() => records.changed());
  offs.push(days.onRollover(day => {
    watch(days.store);
    if (day.slice(0, 7) !== qaMonth) {
      offQa();
      qaFeed.close();
      qaMonth = day.slice(0, 7);
      qaFeed = openQa(qaMonth);
      offQa = qaFeed.observe(() => records.changed());
    }
    records.rollover(day);
  }));
  const current = () => days.store;

  return {
    get store() {
      return days.store;
    },
    get qaFeed() {
      return qaFeed;
    },
    days,
    annotate: callId => push(callId),
    qa: () => qaFeed.mine(clock()),
    handover(text) {
      // the agent's free-text handover note is one item per agent and day, replaced as typed.
      if (!text.trim()) return;
      current().addHandover({id: `${agent}-note`, from: agent, kind: 'note', text: text.slice(0, 4000), due: null, createdAt: clock()}).catch(() => {});
    },
    wrapup(text) {
      // submitted once, then amended (the earlier version kept with the reason).
      const k = computeKpis(kpiCalls(records.calls(), agent), options.policy);
      const figures = {offered: k.offered, answered: k.answered, answerRate: k.answerRate, serviceLevel: k.serviceLevel, ahtMs: k.ahtMs, holdMs: k.holdMs};
      const store = current();
      const done = store.wrapup.get(agent)
        ? store.amendWrapup({agent, at: clock(), figures, remarks: text, reason: 'edited at the seat'})
        : store.submitWrapup({agent, at: clock(), figures, remarks: text});
      done.catch(() => {});
    },
    received() {
      return current().handover.list()
        .filter(e => e.item.from !== agent && (!e.item.to || e.item.to === agent))
        .map(e => ({id: e.item.id, from: e.item.from, kind: e.item.kind, text: e.item.text, due: e.item.due, acknowledged: e.ack !== undefined}));
    },
    acknowledge(itemId) {
      current().acknowledgeHandover(itemId, {by: agent, at: clock(), note: ''}).catch(() => {});
    },
    sync(): SyncState {
      const s = days.store.syncState();
      // A previous day's edits not yet at the hub count too.
      const earlier = days.stores().slice(1).reduce((n, p) => {
        const state = p.syncState();
        return n + (state.kind === 'synced' ? 0 : state.edits);
      }, 0);
      if (s.kind === 'synced' && earlier === 0) return {kind: 'synced'};
      if (s.kind === 'synced' || s.kind === 'pending') return {kind: 'pending', pending: (s.kind === 'pending' ? s.edits : 0) + earlier};
      const edits = s.edits + earlier;
      return {kind: edits > 0 ? 'pending' : 'offline', pending: edits, since: s.kind === 'offline' ? s.since : undefined};
    },
    async close() {
      for (const off of offs) off();
      offQa();
      qaFeed.close();
      await days.close();
    },
  };
}
