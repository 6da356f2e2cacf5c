// Bridges the seat's records to the sync layer's SeatStore: what the agent types goes into the
// team's day documents (`calls/`, `handover/`, `wrapup/<team>/<day>`), local-first and synced
// through the hub. The seat's own day file (seat-records.ts) stays the crash-safe draft copy:
// on start the notes in it are replayed into the call log, so nothing typed is lost between
// the two.
import path from 'node:path';
import {SeatStore} from '../sync/seat-store.ts';
import {SeatQa} from '../sync/seat-qa.ts';
import type {SeatFields} from '../sync/schema.ts';
import {seatFieldsOf} from './seat-fields.ts';
import type {LocalRecords, RecordSink, SyncState} from './seat-records.ts';
import {kpiCalls} from './seat-kpis.ts';
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
};

export type SeatSink = RecordSink & {readonly store: SeatStore; readonly qaFeed: SeatQa; close(): Promise<void>};

export async function seatSink(options: SeatSinkOptions): Promise<SeatSink> {
  const {records, agent} = options;
  const clock = options.clock ?? Date.now;
  const store = await SeatStore.open({
    dir: path.join(options.dir, 'sync'), team: options.team, day: options.day,
    hubUrl: `${options.hubUrl.replace(/\/+$/, '')}/sync`, credentials: {agent, pin: options.pin},
    onIssue: () => {}, now: clock,
  });
  const failures: string[] = [];

  /** Write the fields that differ from what the call log holds. */
  const push = (callId: string) => {
    const row = records.calls().find(c => c.callId === callId);
    if (!row) return;
    const wanted = seatFieldsOf(callId, row.notes, {agent, caller: row.facts.caller, at: row.notes.updatedAt ?? clock(), complaintActWithinHours: options.policy.complaints.actWithinHours});
    const current = (store.calls.get(callId)?.seat ?? {}) as Record<string, unknown>;
    const changed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(wanted)) {
      if (JSON.stringify(current[key]) !== JSON.stringify(value)) changed[key] = value;
    }
    if (Object.keys(changed).length === 0) return;
    store.annotate(callId, changed as SeatFields, {by: agent, at: row.notes.updatedAt ?? clock()}).catch((error: Error) => {
      failures.push(error.message); // the local day file still has it; replayed next start
    });
  };

  for (const row of records.calls()) if (Object.keys(row.notes).length > 0) push(row.callId);
  const off = store.onSyncState(() => records.changed());
  const offHandover = store.handover.observe(() => records.changed());
  // the team's QA document of the month, read-only, for the agent's own scores.
  const qaFeed = new SeatQa({hubUrl: `${options.hubUrl.replace(/\/+$/, '')}/sync`, agent, pin: options.pin, team: options.team, month: options.day.slice(0, 7), policy: options.policy});
  const offQa = qaFeed.observe(() => records.changed());

  return {
    store,
    qaFeed,
    annotate: callId => push(callId),
    qa: () => qaFeed.mine(clock()),
    handover(text) {
      // the agent's free-text handover note is one item per agent and day, replaced as typed.
      if (!text.trim()) return;
      store.addHandover({id: `${agent}-note`, from: agent, kind: 'note', text: text.slice(0, 4000), due: null, createdAt: clock()}).catch(() => {});
    },
    wrapup(text) {
      // submitted once, then amended (the earlier version kept with the reason).
      const k = computeKpis(kpiCalls(records.calls(), agent), options.policy);
      const figures = {offered: k.offered, answered: k.answered, answerRate: k.answerRate, serviceLevel: k.serviceLevel, ahtMs: k.ahtMs, holdMs: k.holdMs};
      const done = store.wrapup.get(agent)
        ? store.amendWrapup({agent, at: clock(), figures, remarks: text, reason: 'edited at the seat'})
        : store.submitWrapup({agent, at: clock(), figures, remarks: text});
      done.catch(() => {});
    },
    received() {
      return store.handover.list()
        .filter(e => e.item.from !== agent && (!e.item.to || e.item.to === agent))
        .map(e => ({id: e.item.id, from: e.item.from, kind: e.item.kind, text: e.item.text, due: e.item.due, acknowledged: e.ack !== undefined}));
    },
    acknowledge(itemId) {
      store.acknowledgeHandover(itemId, {by: agent, at: clock(), note: ''}).catch(() => {});
    },
    sync(): SyncState {
      const s = store.syncState();
      if (s.kind === 'synced') return {kind: 'synced'};
      if (s.kind === 'pending') return {kind: 'pending', pending: s.edits};
      return {kind: s.edits > 0 ? 'pending' : 'offline', pending: s.edits, since: s.kind === 'offline' ? s.since : undefined};
    },
    async close() {
      off();
      offHandover();
      offQa();
      qaFeed.close();
      await store.close();
    },
  };
}
