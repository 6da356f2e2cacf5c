// What the seat writes about its calls: the agent's fields of the day's call records — the sync
// layer's SeatFields, the very keys the hub holds (R-05 notes, R-13 offers, R-15 complaint, R-16
// work order, R-08 callback promise), with a draft per call for what is not valid yet — the shift
// handover and the daily wrap-up. The UI talks to the SeatRecords port only; LocalRecords keeps every edit
// in a file in the seat's data dir, written before the keystroke is shown as saved (a crash
// loses nothing), and forwards each edit to a sink (the synced call log) when one is attached.
import fs from 'node:fs';
import path from 'node:path';
import {z} from 'zod';
import type {MyQaScore} from '../sync/seat-qa.ts';
import {SeatFields} from '../sync/schema.ts';
import {applyNotes, notesOf, type CallNotes, type NoteDraft} from './call-fields.ts';

export type {CallNotes} from './call-fields.ts';

/** What the seat itself saw of a call (the switch writes the authoritative facts to the hub). */
export const SeatCallFacts = z.object({
  caller: z.string(),
  queue: z.string(),
  direction: z.enum(['inbound', 'outbound']).default('inbound'),
  /** The caller entered the queue (the offer's offeredAt − waitedMs): R-34 service level counts from here. */
  arrivedAt: z.number().optional(),
  offeredAt: z.number().optional(),
  answeredAt: z.number().optional(),
  endedAt: z.number().optional(),
  rings: z.number().optional(),
  late: z.boolean().optional(),
  holdMs: z.number().optional(),
  longestHoldMs: z.number().optional(),
  hungUpBy: z.enum(['caller', 'agent', 'system']).optional(),
  endReason: z.string().optional(),
  /** the agent ran the silent-call protocol. */
  silent: z.boolean().optional(),
  /** The script stage the call reached. */
  stage: z.string().optional(),
});
export type SeatCallFacts = z.infer<typeof SeatCallFacts>;

/** A call as the day file keeps it: what the seat saw, the record's fields, the draft not valid yet. */
export const StoredRow = z.object({
  callId: z.string(),
  facts: SeatCallFacts,
  fields: SeatFields.default({}),
  draft: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
export type StoredRow = z.infer<typeof StoredRow>;

/** A call as the seat shows it: the stored row and the form's view of its fields. */
export type CallRow = StoredRow & {readonly notes: CallNotes};

/** A day file from before the one model (flat notes): read once, written back as fields. */
const LegacyRow = z.object({callId: z.string(), facts: SeatCallFacts, notes: z.record(z.string(), z.unknown())});

const SeatFile = z.object({
  day: z.string(),
  calls: z.array(z.union([StoredRow.strict(), LegacyRow])).default([]),
  handover: z.string().default(''),
  wrapup: z.string().default(''),
});
type SeatFile = {day: string; calls: StoredRow[]; handover: string; wrapup: string};

/** A handover item another agent left for this seat's shift. */
export type ReceivedItem = {
  readonly id: string;
  readonly from: string;
  readonly kind: string;
  readonly text: string;
  readonly due: number | null;
  readonly acknowledged: boolean;
};

export type SyncState = {readonly kind: 'synced' | 'pending' | 'offline' | 'local'; readonly pending?: number; readonly since?: number};

/** Where edits go besides the local file: the synced call log (src/sync). */
export type RecordSink = {
  /** The record fields an edit changed (the whole of them are in the row). */
  annotate(callId: string, fields: SeatFields): void;
  handover?(text: string): void;
  wrapup?(text: string): void;
  sync?(): SyncState;
  /** Handover items left for this agent by others. */
  received?(): readonly ReceivedItem[];
  acknowledge?(itemId: string): void;
  /** The agent's own QA scores, feedback, disputes and decisions, read from the hub. */
  qa?(): readonly MyQaScore[];
};

export type SeatRecords = {
  calls(): readonly CallRow[];
  notes(callId: string): CallNotes;
  /** Record what the seat saw of a call (first sight, answer, end). */
  seen(callId: string, facts: Partial<SeatCallFacts>): void;
  annotate(callId: string, fields: Partial<CallNotes>): void;
  handover(): string;
  setHandover(text: string): void;
  submitHandover(): void;
  /** Items the previous shift handed over, and their acknowledgement. */
  received(): readonly ReceivedItem[];
  acknowledge(itemId: string): void;
  /** The agent's own QA scores and their feedback, dispute, decision. */
  qa?(): readonly MyQaScore[];
  wrapup(): string;
  setWrapup(text: string): void;
  submitWrapup(): void;
  sync(): SyncState;
  subscribe(listener: () => void): () => void;
};

export class LocalRecords implements SeatRecords {
  readonly #file: string | undefined;
  #data: SeatFile;
  #sink: RecordSink | undefined;
  readonly #listeners = new Set<() => void>();
  /** Problems met reading the file (shown, never thrown). */
  readonly problems: string[] = [];

  readonly #owner: string | undefined;
  readonly #complaintActWithinHours: number | undefined;
  #view: CallRow[] | undefined;

  /**
   * `file` undefined keeps everything in memory (tests, load-test seats). `owner` is the agent
   * (R-14 owner of the calls it annotates); `complaintActWithinHours` the policy's R-15 limit.
   */
  constructor(options: {file?: string; day: string; sink?: RecordSink; owner?: string; complaintActWithinHours?: number}) {
    this.#file = options.file;
    this.#sink = options.sink;
    this.#owner = options.owner;
    this.#complaintActWithinHours = options.complaintActWithinHours;
    this.#data = {day: options.day, calls: [], handover: '', wrapup: ''};
    if (this.#file) this.#load(options.day);
  }

  attach(sink: RecordSink | undefined): void {
    this.#sink = sink;
    this.#emit();
  }

  calls(): readonly CallRow[] {
    this.#view ??= this.#data.calls.map(row => {
      const {silent, stage} = row.facts;
      const notes = {...notesOf(row.fields, row.draft as NoteDraft), ...(silent !== undefined ? {silent} : {}), ...(stage !== undefined ? {stage} : {})};
      return {...row, notes};
    });
    return this.#view;
  }

  notes(callId: string): CallNotes {
    return this.calls().find(c => c.callId === callId)?.notes ?? {};
  }

  seen(callId: string, facts: Partial<SeatCallFacts>): void {
    const row = this.#row(callId);
    if (row) row.facts = {...row.facts, ...facts};
    else this.#data.calls.push({callId, facts: {caller: '', queue: '', direction: 'inbound', ...facts}, fields: {}, draft: {}});
    this.#save();
  }

  /** A form edit: the record fields it makes are saved (before this returns) and sent to the sink. */
  annotate(callId: string, edit: Partial<CallNotes>): void {
    let row = this.#row(callId);
    if (!row) {
      row = {callId, facts: {caller: '', queue: '', direction: 'inbound'}, fields: {}, draft: {}};
      this.#data.calls.push(row);
    }
    const {silent, stage, ...notes} = edit;
    // R-12's protocol and the script stage are what the seat saw, not record fields.
    if (silent !== undefined || stage !== undefined) row.facts = {...row.facts, ...(silent !== undefined ? {silent} : {}), ...(stage !== undefined ? {stage} : {})};
    const before = row.fields;
    const next = applyNotes(row.fields, row.draft as NoteDraft, notes, {
      callId, owner: this.#owner, caller: row.facts.caller, at: notes.updatedAt ?? Date.now(), complaintActWithinHours: this.#complaintActWithinHours,
    });
    row.fields = next.fields;
    row.draft = next.draft as StoredRow['draft'];
    this.#save();
    const changed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(next.fields)) if (before[key as keyof SeatFields] !== value) changed[key] = value;
    if (Object.keys(changed).length > 0) this.#sink?.annotate(callId, changed as SeatFields);
  }

  handover(): string {
    return this.#data.handover;
  }

  setHandover(text: string): void {
    this.#data.handover = text;
    this.#save();
  }

  /** Hand the note to the team's handover document. */
  submitHandover(): void {
    this.#sink?.handover?.(this.#data.handover);
  }

  received(): readonly ReceivedItem[] {
    return this.#sink?.received?.() ?? [];
  }

  acknowledge(itemId: string): void {
    this.#sink?.acknowledge?.(itemId);
  }

  /** The agent's own scored calls; empty without a hub. */
  qa(): readonly MyQaScore[] {
    return this.#sink?.qa?.() ?? [];
  }

  wrapup(): string {
    return this.#data.wrapup;
  }

  setWrapup(text: string): void {
    this.#data.wrapup = text;
    this.#save();
  }

  /** Submit (then amend) the day's wrap-up with its KPIs. */
  submitWrapup(): void {
    this.#sink?.wrapup?.(this.#data.wrapup);
  }

  sync(): SyncState {
    return this.#sink?.sync?.() ?? {kind: 'local'};
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The sink's sync state changed (or anything else worth a redraw). */
  changed(): void {
    this.#emit();
  }

  /** The day the records are for (center time). */
  day(): string {
    return this.#data.day;
  }

  /**
   * The center's day changed while the seat runs: start the new day's record. The previous
   * day's file is kept beside it (seat-<agent>.<day>.json), calls still in progress and open
   * callbacks carry over, as on a start on a new day.
   */
  rollover(day: string): void {
    if (day <= this.#data.day) return;
    const previous = this.#data;
    if (this.#file) this.#write(this.#file.replace(/\.json$/, '') + `.${previous.day}.json`, previous);
    this.#data = {
      day,
      calls: previous.calls.filter(c => c.facts.endedAt === undefined || openCallback(c)),
      handover: '',
      wrapup: '',
    };
    this.#save();
  }

  #row(callId: string): StoredRow | undefined {
    return this.#data.calls.find(c => c.callId === callId);
  }

  #load(day: string): void {
    let raw: string;
    try {
      raw = fs.readFileSync(this.#file as string, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // no file yet
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      this.problems.push(`${this.#file}: not JSON, starting a new day file (old one kept as .bad)`);
      fs.copyFileSync(this.#file as string, `${this.#file}.bad`);
      return;
    }
    const parsed = SeatFile.safeParse(json);
    if (!parsed.success) {
      this.problems.push(`${this.#file}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
      fs.copyFileSync(this.#file as string, `${this.#file}.bad`);
      return;
    }
    // A new day starts a new record; yesterday's open callbacks carry over.
    const calls = parsed.data.calls.map(c => ('notes' in c ? fromLegacy(c) : c));
    if (parsed.data.day === day) this.#data = {...parsed.data, calls};
    else this.#data.calls = calls.filter(openCallback);
  }

  #save(): void {
    this.#view = undefined;
    if (this.#file) this.#write(this.#file, this.#data);
    this.#emit();
  }

  #write(file: string, data: SeatFile): void {
    // Write-then-rename: a crash leaves either the old or the new file, never half of one.
    fs.mkdirSync(path.dirname(file), {recursive: true});
    const tmp = `${file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(data));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** a callback promised and not yet made carries over to the next day. */
function openCallback(row: StoredRow): boolean {
  return row.fields.callback !== undefined && !row.fields.callback.done;
}

function fromLegacy(row: z.infer<typeof LegacyRow>): StoredRow {
  const notes = row.notes as CallNotes;
  const {silent, stage} = notes;
  const facts = {...row.facts, ...(silent !== undefined ? {silent} : {}), ...(stage !== undefined ? {stage} : {})};
  const {fields, draft} = applyNotes({}, {}, notes, {callId: row.callId, caller: row.facts.caller, at: notes.updatedAt ?? 0});
  return {callId: row.callId, facts, fields, draft: draft as StoredRow['draft']};
}
