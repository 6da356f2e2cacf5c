// The day's and month's documents behind the wall, read through the hub's /sync as a
// supervisor (read-only there, enforced by the hub): the team's call log for today (so a lead
// who attaches at 15:00 sees the morning's calls in the hour figures and drill-downs), the QA
// book (R-25 progress per agent today and this week) and the discipline ledger (R-33 points
// this month). Nothing here writes: the documents are only observed.
import * as Y from 'yjs';
import type {PolicyConfig} from '../../rules/config.ts';
import {isoWeek} from '../../rules/attendance.ts';
import {CallLog} from '../../sync/call-log.ts';
import {callsDoc, dayKey, monthKey} from '../../sync/doc-name.ts';
import {LedgerBook} from '../../sync/lead/ledger-book.ts';
import {QaBook} from '../../sync/lead/qa-book.ts';
import {openHubDoc, syncUrl} from '../../sync/hub-doc.ts';
import type {FloorCredentials} from './floor-feed.ts';
import type {FloorModel, QaProgress} from './floor-model.ts';

export type FloorRecordsOptions = {
  /** ws://HOST:PORT of the hub. */
  readonly hubUrl: string;
  readonly credentials: FloorCredentials;
  readonly team: string;
  readonly model: FloorModel;
  readonly policy: PolicyConfig;
  /** The center's time zone (day and month keys of the documents). */
  readonly timeZone?: string;
};

type Subscription = {readonly name: string; close(): void};

function subscribe(options: FloorRecordsOptions, name: string, onChange: (doc: Y.Doc) => void, setup?: (doc: Y.Doc) => void): Subscription {
  const doc = new Y.Doc();
  setup?.(doc);
  const c = options.credentials;
  // A wall has no presence to announce; the hub's "read-only" notice is expected here.
  const provider = openHubDoc(name, doc, {url: syncUrl(options.hubUrl), ...('token' in c ? {token: c.token} : {agent: c.agent, pin: c.pin, role: 'supervisor' as const})}, {
    maxBackoffMs: 5000,
    presence: false,
  });
  let pending: NodeJS.Timeout | undefined;
  const changed = () => {
    // Bursts of updates (a day's log arriving) fold into one read.
    pending ??= setTimeout(() => {
      pending = undefined;
      onChange(doc);
    }, 100);
  };
  doc.on('update', changed);
  return {
    name,
    close() {
      clearTimeout(pending);
      doc.off('update', changed);
      provider.destroy();
      provider.awareness.destroy();
      doc.destroy();
    },
  };
}

export function attachFloorRecords(options: FloorRecordsOptions): {close(): void} {
  const {model, policy, team} = options;
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const ctx = (month: string) => ({team, month, agents: new Map<string, string>()});
  let subs: Subscription[] = [];

  const open = () => {
    const now = model.now();
    const day = dayKey(now, timeZone);
    const month = monthKey(now, timeZone);
    subs = [
      subscribe(options, callsDoc(team, day), () => {}, doc => {
        // Only the calls a transaction touched are folded in: a long day stays cheap per update.
        const log = new CallLog(doc, {onIssue: () => {}});
        log.observe(change => model.ingestRecords(change.callIds.flatMap(id => {
          const facts = log.get(id)?.facts;
          return facts ? [facts] : [];
        })));
      }),
      subscribe(options, `qa/${team}/${month}`, doc => {
        const today = dayKey(model.now(), timeZone);
        const week = isoWeek(today);
        const progress = new Map<string, {live: number; recording: number; sideBySide: number; week: number; liveCalls: string[]}>();
        for (const score of new QaBook(doc, ctx(month), policy).scores(model.now())) {
          const p = progress.get(score.agent) ?? {live: 0, recording: 0, sideBySide: 0, week: 0, liveCalls: []};
          if (isoWeek(score.date) === week) p.week++;
          if (score.date === today) {
            if (score.method === 'live') {
              p.live++;
              p.liveCalls.push(score.callId);
            }
            else if (score.method === 'side_by_side') p.sideBySide++;
            else p.recording++;
          }
          progress.set(score.agent, p);
        }
        for (const [agent, p] of progress) model.setQa(agent, p satisfies QaProgress);
      }),
      subscribe(options, `ledger/${team}/${month}`, doc => {
        for (const ledger of new LedgerBook(doc, ctx(month), policy).ledgers()) {
          model.setDiscipline(ledger.agentId, ledger.months.find(m => m.month === month)?.points ?? 0);
        }
      }),
    ];
  };
  open();
  // A new day (or month) is a new document: follow it.
  let opened = dayKey(model.now(), timeZone);
  const timer = setInterval(() => {
    const day = dayKey(model.now(), timeZone);
    if (day === opened) return;
    opened = day;
    for (const sub of subs) sub.close();
    open();
  }, 60_000);
  timer.unref();
  return {
    close() {
      clearInterval(timer);
      for (const sub of subs) sub.close();
      subs = [];
    },
  };
}
