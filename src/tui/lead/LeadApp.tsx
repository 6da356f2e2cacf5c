// The lead console: tabs of screens over one LeadData snapshot, every key handled here (or passed
// to the open panel), every write through the validating `actions` (errors shown as is, in red).
import {Box, Text, useApp, useInput} from 'ink';
import {useReducer, useRef} from 'react';
import {violationCatalog} from '../../rules/lead-violations.ts';
import {fmt, leadMessages, type Lang} from './i18n.ts';
import type {LeadData} from './lead-data.ts';
import type {LinkStatus} from '../../client/lead/lead-link.ts';
import type {LeadLive} from './lead-live.ts';
import {QueueControlPanel, type PanelKeys} from './QueueControlPanel.tsx';
import {LeadHeader, screenIds, type ScreenId} from './LeadHeader.tsx';
import {QaScreen} from './QaScreen.tsx';
import {ScoreForm} from './ScoreForm.tsx';
import {DisputesScreen} from './DisputesScreen.tsx';
import {FeedbackScreen} from './FeedbackScreen.tsx';
import {WorkforceScreen} from './WorkforceScreen.tsx';
import {LedgerScreen} from './LedgerScreen.tsx';
import {ReviewScreen} from './ReviewScreen.tsx';
import {ReportScreen} from './ReportScreen.tsx';
import {LeaveForm, leaveFields, leaveKinds} from './LeaveForm.tsx';
import {EntryForm} from './EntryForm.tsx';
import {CalibrationScreen} from './CalibrationScreen.tsx';
import {QaMethod} from '../../sync/lead/qa-book.ts';
import {entryFields, trainingKinds, typed, type EntryKind, type EntryState, type TrainingKind} from './lead-forms.ts';
import {clockOf} from './view.ts';

/** What the console can change; each may throw an Error whose message is shown to the lead. */
export type LeadActions = {
  readonly draw: () => string;
  /** R-24: `method` as the lead set it; "recording" needs the call's recording, "live" a listen-in. */
  readonly score: (input: {readonly callId: string; readonly agent: string; readonly date: string; readonly marks: Record<string, number>; readonly comment: string; readonly method?: QaMethod}) => void;
  readonly decide: (input: {readonly callId: string; readonly marks?: Record<string, number>; readonly note: string}) => void;
  readonly feedbackGiven: (callId: string) => void;
  readonly sign: (agent: string, kind: 'in' | 'out', makeUp: boolean) => void;
  readonly planMonth: () => void;
  readonly decideLeave: (id: string, approve: boolean) => void;
  /** R-22: returns who decides (team lead / department head). */
  readonly requestLeave: (input: {readonly agent: string; readonly kind: (typeof leaveKinds)[number]; readonly from: string; readonly to: string; readonly reason: string}) => string;
  /** R-21: who signed in today (the meeting form's default attendance). */
  readonly meetingPresent: () => readonly string[];
  /** R-21 minutes and attendance (agent ids separated by spaces or commas); returns what was recorded. */
  readonly recordMeeting: (input: {readonly present: string; readonly notices: string; readonly knowledge: string; readonly tasks: string; readonly attire: string; readonly review: string}) => string;
  /** R-31: a training held. */
  readonly recordTraining: (input: {readonly date: string; readonly kind: TrainingKind; readonly topic: string; readonly trainer: string; readonly attendees: string}) => string;
  /** R-30: placement exam scores as typed (checked as numbers and ranges); returns the outcome. */
  readonly recordExam: (input: {readonly agent: string; readonly date: string; readonly recording: string; readonly written: string}) => string;
  readonly recordViolation: (agent: string, code: string) => void;
};

export type {LeadLive};

export type LeadAppProps = {
  readonly data: LeadData;
  readonly status: LinkStatus;
  readonly actions: LeadActions;
  /** "9001 班长 林". */
  readonly who: string;
  readonly lang?: Lang;
  readonly utcOffsetMinutes: number;
  readonly columns?: number;
  readonly rows?: number;
  readonly onQuit?: () => void;
  readonly initialScreen?: ScreenId;
  readonly live?: LeadLive;
};

type FormState = {readonly mode: 'score' | 'decide'; readonly method: QaMethod; readonly callId: string; readonly agent: string; readonly date: string; readonly flags: readonly string[]; marks: Record<string, number>; comment: string; row: number; fresh: boolean};
type LeaveState = {readonly agent: string; readonly kind: number; readonly from: string; readonly to: string; readonly reason: string; readonly field: number};
type Message = {readonly kind: 'ok' | 'error'; readonly text: string};
type UiState = {readonly lang: Lang; readonly screen: ScreenId; readonly selected: Record<ScreenId, number>; readonly form: FormState | undefined; readonly adding: number | undefined; readonly leave: LeaveState | undefined; readonly entry: EntryState | undefined; readonly message: Message | undefined; readonly control?: {readonly agent: string}};

export function LeadApp({data, status, actions, who, lang: initialLang = 'zh-CN', utcOffsetMinutes, columns = 80, rows = 24, onQuit, initialScreen = 'qa', live}: LeadAppProps) {
  const {exit} = useApp();
  // UI state lives in a ref so that keys typed faster than React re-subscribes the input
  // handler still see the state the previous key left (a stale closure would drop them).
  const ui = useRef<UiState>({lang: initialLang, screen: initialScreen, selected: {qa: 0, disputes: 0, feedback: 0, workforce: 0, ledger: 0, review: 0, report: 0, calibration: 0}, form: undefined, adding: undefined, leave: undefined, entry: undefined, message: undefined});
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const panelKeys = useRef<PanelKeys | undefined>(undefined);
  const dataRef = useRef(data);
  dataRef.current = data;
  const set = (patch: Partial<UiState>) => {
    ui.current = {...ui.current, ...patch};
    rerender();
  };
  const setForm = (form: FormState | undefined) => set({form});
  const setAdding = (adding: number | undefined) => set({adding});
  const setMessage = (message: Message | undefined) => set({message});
  const setScreen = (screen: ScreenId) => set({screen});
  const setLang = (lang: Lang) => set({lang});
  const {lang, screen, form, adding, leave, entry, message} = ui.current;
  const t = leadMessages[lang];
  const bodyHeight = Math.max(4, rows - 6);

  const lengths = (d: LeadData): Record<ScreenId, number> => ({
    qa: d.samples.length, disputes: d.disputes.length, feedback: d.feedback.length,
    workforce: d.roster.length + d.leave.length, ledger: d.agents.length, review: 0, report: 0, calibration: 0,
  });
  const selectedOf = (d: LeadData, id: ScreenId) => Math.min(ui.current.selected[id], Math.max(0, lengths(d)[id] - 1));
  const sel = selectedOf(data, screen);
  const select = (n: number) => {
    const id = ui.current.screen;
    set({selected: {...ui.current.selected, [id]: Math.max(0, Math.min(n, lengths(dataRef.current)[id] - 1))}});
  };

  const attempt = (fn: () => string | void, ok: string): boolean => {
    try {
      const text = fn();
      setMessage({kind: 'ok', text: typeof text === 'string' ? text : ok});
      return true;
    } catch (error) {
      setMessage({kind: 'error', text: (error as Error).message});
      return false;
    }
  };

  const openForm = (mode: FormState['mode'], callId: string) => {
    const data = dataRef.current;
    const sample = data.samples.find(s => s.callId === callId);
    const score = data.scores.find(s => s.callId === callId);
    const agent = score?.agent ?? sample?.agent;
    const date = score?.date ?? sample?.date;
    if (!agent || !date) return;
    const marks = score ? {...score.marks} : Object.fromEntries(data.form.criteria.map(c => [c.id, c.max]));
    const checked = data.checked.find(c => c.record.callId === callId);
    const flags = checked?.flags.map(f => f.flag) ?? sample?.flags ?? [];
    // R-24: the method the call's facts support — a listen-in, else its recording, else side by side.
    const facts = checked?.record.facts;
    const method: QaMethod = score?.method ?? ((facts?.listens?.length ?? 0) > 0 ? 'live' : facts?.recording?.recorded ? 'recording' : 'side_by_side');
    setForm({mode, method, callId, agent, date, flags, marks, comment: score && mode === 'score' ? score.comment : '', row: 0, fresh: true});
    setMessage(undefined);
  };

  const formInput = (f: FormState, input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
    const data = dataRef.current;
    const t = leadMessages[ui.current.lang];
    const criteria = data.form.criteria;
    const onComment = f.row === criteria.length;
    const lastRow = f.mode === 'score' ? criteria.length + 1 : criteria.length;
    const update = (patch: Partial<FormState>) => setForm({...f, ...patch});
    if (key.escape) return setForm(undefined);
    if (key.upArrow) return update({row: Math.max(0, f.row - 1), fresh: true});
    if (key.downArrow || key.tab) return update({row: Math.min(lastRow, f.row + 1), fresh: true});
    if (key.return) {
      const ok = f.mode === 'score'
        ? attempt(() => actions.score({callId: f.callId, agent: f.agent, date: f.date, marks: f.marks, comment: f.comment, method: f.method}), t.form.saved)
        : attempt(() => actions.decide({callId: f.callId, marks: f.marks, note: f.comment}), t.form.saved);
      // After a refused save the next digits replace the mark rather than extend it.
      setForm(ok ? undefined : {...f, fresh: true});
      return;
    }
    if (f.row === criteria.length + 1) {
      const i = QaMethod.options.indexOf(f.method);
      const n = QaMethod.options.length;
      if (key.leftArrow || key.rightArrow) update({method: QaMethod.options[(i + (key.leftArrow ? n - 1 : 1)) % n]});
      return;
    }
    if (onComment) {
      if (key.backspace || key.delete) return update({comment: [...f.comment].slice(0, -1).join('')});
      if (input && !key.ctrl && !key.meta) return update({comment: (f.comment + input).slice(0, 500)});
      return;
    }
    const c = criteria[f.row];
    const mark = f.marks[c.id] ?? 0;
    if (key.leftArrow) return update({marks: {...f.marks, [c.id]: mark - 1}, fresh: true});
    if (key.rightArrow) return update({marks: {...f.marks, [c.id]: mark + 1}, fresh: true});
    if (key.backspace || key.delete) return update({marks: {...f.marks, [c.id]: Math.floor(mark / 10)}, fresh: false});
    if (/^\d+$/.test(input)) {
      const text = f.fresh ? input : `${mark}${input}`;
      return update({marks: {...f.marks, [c.id]: Number(text.slice(-3))}, fresh: false});
    }
  };

  const leaveInput = (l: LeaveState, input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
    const update = (patch: Partial<LeaveState>) => set({leave: {...l, ...patch}});
    const field = leaveFields[l.field];
    if (key.escape) return set({leave: undefined});
    if (key.tab || key.downArrow) return update({field: (l.field + 1) % leaveFields.length});
    if (key.upArrow) return update({field: (l.field + leaveFields.length - 1) % leaveFields.length});
    if (key.return) {
      const t = leadMessages[ui.current.lang];
      try {
        const approver = actions.requestLeave({agent: l.agent, kind: leaveKinds[l.kind], from: l.from, to: l.to, reason: l.reason});
        set({leave: undefined, message: {kind: 'ok', text: fmt(t.leave.saved, {approver})}});
      } catch (error) {
        set({message: {kind: 'error', text: (error as Error).message}});
      }
      return;
    }
    if (field === 'kind') {
      if (key.leftArrow) return update({kind: (l.kind + leaveKinds.length - 1) % leaveKinds.length});
      if (key.rightArrow) return update({kind: (l.kind + 1) % leaveKinds.length});
      return;
    }
    const value = l[field];
    if (key.backspace || key.delete) return update({[field]: [...value].slice(0, -1).join('')});
    if (!input || key.ctrl || key.meta) return;
    if (field === 'reason') return update({reason: (value + input).slice(0, 200)});
    if (/^[\d-]+$/.test(input)) return update({[field]: (value + input).slice(0, 10)});
  };

  // R-24: the phone rings, so the answer takes seconds; the console keeps working meanwhile.
  const listen = (agent: string | undefined) => {
    const t = leadMessages[ui.current.lang];
    if (!live) return;
    const current = live.state.listening;
    if (!current && (!agent || !live.state.onCall.has(agent))) return setMessage({kind: 'error', text: fmt(t.live.noCall, {agent: agent ?? ''})});
    setMessage({kind: 'ok', text: current ? t.live.stopped : t.live.calling});
    live.toggleListen(current?.agent ?? agent!).then(
      done => setMessage({kind: 'ok', text: done === 'started' ? fmt(t.live.started, {agent: agent ?? ''}) : t.live.stopped}),
      (error: Error) => setMessage({kind: 'error', text: error.message}),
    );
  };

  const playback = (callId: string | undefined, day: string | undefined) => {
    const t = leadMessages[ui.current.lang];
    if (!live || (!callId && !live.state.playing)) return;
    const current = live.state.playing;
    setMessage({kind: 'ok', text: current ? t.live.playStopped : t.live.calling});
    live.togglePlayback(current?.callId ?? callId!, day).then(
      done => setMessage({kind: 'ok', text: done === 'started' ? fmt(t.live.playStarted, {call: callId ?? ''}) : t.live.playStopped}),
      (error: Error) => setMessage({kind: 'error', text: error.message}),
    );
  };

  const openEntry = (kind: EntryKind, values: Record<string, string>) => set({entry: {kind, values, field: 0, choice: 0}, message: undefined});

  // R-21/R-30/R-31 forms: the books check the whole entry on Enter; a refusal keeps the form
  // open with the reason shown and nothing written.
  const entryInput = (e: EntryState, input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
    const fields = entryFields[e.kind];
    const spec = fields[e.field];
    const update = (patch: Partial<EntryState>) => set({entry: {...e, ...patch}});
    if (key.escape) return set({entry: undefined});
    if (key.tab || key.downArrow) return update({field: (e.field + 1) % fields.length});
    if (key.upArrow) return update({field: (e.field + fields.length - 1) % fields.length});
    if (key.return) {
      const v = (id: string) => e.values[id] ?? '';
      try {
        const text = e.kind === 'meeting'
          ? actions.recordMeeting({present: v('present'), notices: v('notices'), knowledge: v('knowledge'), tasks: v('tasks'), attire: v('attire'), review: v('review')})
          : e.kind === 'training'
            ? actions.recordTraining({date: v('date'), kind: trainingKinds[e.choice], topic: v('topic'), trainer: v('trainer'), attendees: v('attendees')})
            : actions.recordExam({agent: v('agent'), date: v('date'), recording: v('recording'), written: v('written')});
        set({entry: undefined, message: {kind: 'ok', text}});
      } catch (error) {
        set({message: {kind: 'error', text: (error as Error).message}});
      }
      return;
    }
    if (spec.kind === 'choice') {
      if (key.leftArrow) return update({choice: (e.choice + trainingKinds.length - 1) % trainingKinds.length});
      if (key.rightArrow) return update({choice: (e.choice + 1) % trainingKinds.length});
      return;
    }
    const value = e.values[spec.id] ?? '';
    if (key.backspace || key.delete) return update({values: {...e.values, [spec.id]: [...value].slice(0, -1).join('')}});
    if (!input || key.ctrl || key.meta) return;
    const next = typed(spec, value, input);
    if (next !== undefined) update({values: {...e.values, [spec.id]: next}});
  };

  useInput((input, key) => {
    const data = dataRef.current;
    const {form, adding, screen, lang, control} = ui.current;
    const t = leadMessages[lang];
    const sel = selectedOf(data, screen);
    if (control) return panelKeys.current?.(input, key); // the queue-control panel's keys while it is open
    if (form) return formInput(form, input, key);
    const entryForm = ui.current.entry;
    if (entryForm) return entryInput(entryForm, input, key);
    const leaveForm = ui.current.leave;
    if (leaveForm) return leaveInput(leaveForm, input, key);
    if (adding !== undefined) {
      if (key.escape) return setAdding(undefined);
      if (key.leftArrow) return setAdding((adding + violationCatalog.length - 1) % violationCatalog.length);
      if (key.rightArrow) return setAdding((adding + 1) % violationCatalog.length);
      if (key.return) {
        const agent = data.agents[sel];
        if (agent) attempt(() => actions.recordViolation(agent.id, violationCatalog[adding].code), `${agent.id} ${violationCatalog[adding].code}`);
        setAdding(undefined);
      }
      return;
    }
    if (input === 'q' || (key.ctrl && input === 'c')) {
      onQuit?.();
      exit();
      return;
    }
    if (input === 'L') return setLang(lang === 'en' ? 'zh-CN' : 'en');
    const digit = Number(input);
    if (input.length === 1 && digit >= 1 && digit <= screenIds.length) return setScreen(screenIds[digit - 1]);
    if (key.tab) {
      const i = screenIds.indexOf(screen);
      return setScreen(screenIds[(i + (key.shift ? screenIds.length - 1 : 1)) % screenIds.length]);
    }
    if (input === 'v' && live?.state.listening) return listen(undefined);
    if (key.upArrow || input === 'k') return select(sel - 1);
    if (key.downArrow || input === 'j') return select(sel + 1);

    if (screen === 'qa') {
      const sample = data.samples[sel];
      if (input === 'd') attempt(() => actions.draw(), '');
      else if (key.return && sample) openForm('score', sample.callId);
      else if (input === 'p') playback(sample?.callId, sample?.date);
      else if (input === 'f' && sample?.score) attempt(() => actions.feedbackGiven(sample.callId), `${sample.callId} ✓`);
    } else if (screen === 'disputes') {
      const d = data.disputes[sel];
      if (!d || d.decision) return;
      if (key.return || input === 'r') openForm('decide', d.callId);
      else if (input === 'u') attempt(() => actions.decide({callId: d.callId, note: ''}), `${d.callId}: ${t.disputes.upheld}`);
    } else if (screen === 'feedback') {
      const s = data.feedback[sel];
      if (input === 'f' && s) attempt(() => actions.feedbackGiven(s.callId), `${s.callId} ✓`);
    } else if (screen === 'workforce') {
      const row = data.roster[sel];
      const leave = data.leave[sel - data.roster.length];
      if (input === 'p') attempt(() => actions.planMonth(), data.month);
      else if (input === 'm') {
        const m = data.meeting;
        openEntry('meeting', m
          ? {present: m.present.join(' '), notices: m.notices, knowledge: m.knowledge, tasks: m.tasks, attire: m.attire, review: m.review}
          : {present: actions.meetingPresent().join(' ')});
      } else if (input === 't') openEntry('training', {date: data.day, attendees: data.agents.map(a => a.id).join(' ')});
      else if (input === 'e') openEntry('exam', {agent: row?.agent ?? '', date: data.day});
      else if (row && (input === 'i' || input === 'I')) attempt(() => actions.sign(row.agent, 'in', input === 'I'), `${row.agent} ${t.workforce.signIn}`);
      else if (row && input === 'o') attempt(() => actions.sign(row.agent, 'out', false), `${row.agent} ${t.workforce.signOut}`);
      else if (leave && (input === 'a' || input === 'x')) attempt(() => actions.decideLeave(leave.id, input === 'a'), `${leave.agent} ${leave.from}`);
      else if (row && input === 'b' && row.lastBreak && row.lastBreak.status.overrunMs > 0) attempt(() => actions.recordViolation(row.agent, `${row.lastBreak!.kind}_overrun`), `${row.agent} ${row.lastBreak.kind}_overrun`);
      else if (input === 'v') listen(row?.agent);
      else if (input === 'c' && live) set(live.state.online ? {control: {agent: row?.agent ?? ''}, message: undefined} : {message: {kind: 'error', text: t.control.offline}});
      else if (row && input === 'l') set({leave: {agent: row.agent, kind: 0, from: '', to: '', reason: '', field: 1}, message: undefined});
    } else if (screen === 'ledger') {
      if (input === 'n' && data.agents[sel]) setAdding(0);
    }
  });

  const hints: Record<ScreenId, string> = {
    qa: `d ↻ · Enter ✎ · f ✓ · ${live ? `${t.live.playKey} · ` : ''}${t.keys.screens}`,
    disputes: `${t.disputes.hint} · ${t.keys.screens}`,
    feedback: `${t.feedback.given} · ${t.keys.screens}`,
    workforce: `i/I/o · p · l · a/x · b · ${live ? `${t.live.key} · ${t.control.key} · ` : ''}${t.workforce2.keys} · ${t.keys.screens}`,
    ledger: `${t.ledger.add} · ${t.keys.screens}`,
    review: t.keys.screens,
    report: t.keys.screens,
    calibration: t.keys.screens,
  };
  const examNote = (agent: string | undefined) => {
    const last = data.exams.find(x => x.agent === agent?.trim());
    return last ? fmt(t.entry.exam.last, {date: last.date, recording: last.recording, written: last.written, total: last.total, outcome: last.passed ? t.entry.exam.pass : t.entry.exam.fail}) : undefined;
  };
  const overdue = data.feedback.filter(s => s.feedbackState === 'overdue').length;
  const openDisputes = data.disputes.filter(d => !d.decision).length;
  const listening = live?.state.listening;
  const mediaOff = live?.state.media && !live.state.media.anchored;
  const playing = live?.state.playing;
  const liveNote = listening
    ? {text: fmt(t.live.listening, {agent: listening.agent ?? '', time: clockOf(Math.max(0, data.now - listening.since), 0).slice(3)}), color: 'magenta'}
    : playing ? {text: fmt(t.live.playing, {call: playing.callId}), color: 'magenta'}
    : mediaOff ? {text: t.live.recordingsOff, color: 'red'} : undefined;

  return (
    <Box flexDirection="column" width={columns}>
      <LeadHeader t={t} who={who} team={data.team} day={data.day} clock={clockOf(data.now, utcOffsetMinutes)} status={status} screen={screen} badges={{disputes: openDisputes, feedback: overdue}} live={liveNote} />
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">
        {ui.current.control && live ? (
          <QueueControlPanel t={t} queues={live.state.queues} controls={live.state.controls} agent={ui.current.control.agent} utcOffsetMinutes={utcOffsetMinutes} height={bodyHeight} keys={panelKeys}
            onSubmit={live.queueControl} onClose={closed => set({control: undefined, message: closed})} />
        ) : entry ? (
          <EntryForm t={t} kind={entry.kind} values={entry.values} choice={t.entry.training.kinds[trainingKinds[entry.choice]]} selected={entry.field}
            subject={entry.kind === 'meeting' ? data.day : ''} note={entry.kind === 'exam' ? examNote(entry.values.agent) : undefined} />
        ) : leave ? (
          <LeaveForm t={t} who={`${leave.agent} ${data.agents.find(a => a.id === leave.agent)?.name ?? ''}`} kind={leave.kind} from={leave.from} to={leave.to} reason={leave.reason} field={leave.field} />
        ) : form ? (
          <ScoreForm t={t} lang={lang} form={data.form} callId={form.callId} agent={form.agent} marks={form.marks} comment={form.comment} selected={form.row} mode={form.mode} flags={form.flags} method={form.mode === 'score' ? form.method : undefined} />
        ) : screen === 'qa' ? (
          <QaScreen t={t} rows={data.qaRows} samples={data.samples} selected={sel} utcOffsetMinutes={utcOffsetMinutes} height={bodyHeight} />
        ) : screen === 'disputes' ? (
          <DisputesScreen t={t} disputes={data.disputes} scores={data.scores} selected={sel} utcOffsetMinutes={utcOffsetMinutes} height={bodyHeight} />
        ) : screen === 'feedback' ? (
          <FeedbackScreen t={t} pending={data.feedback} selected={sel} utcOffsetMinutes={utcOffsetMinutes} height={bodyHeight} />
        ) : screen === 'workforce' ? (
          <WorkforceScreen t={t} roster={data.roster} leave={data.leave} meeting={data.meeting} trainings={data.trainings} exams={data.exams} selected={sel} now={data.now} utcOffsetMinutes={utcOffsetMinutes}
            onCall={live?.state.onCall} listeningTo={listening?.agent} />
        ) : screen === 'ledger' ? (
          <LedgerScreen t={t} lang={lang} month={data.month} agents={data.agents} ledgers={data.ledgers} selected={sel} adding={adding} />
        ) : screen === 'review' ? (
          <ReviewScreen t={t} agents={data.agents} handovers={data.handovers} wrapups={data.wrapups} height={bodyHeight} />
        ) : screen === 'calibration' ? (
          <CalibrationScreen t={t} evaluators={data.calibration.evaluators} threshold={data.calibration.threshold} minScores={data.calibration.minScores} names={new Map(data.agents.map(a => [a.id, a.name]))} />
        ) : (
          <ReportScreen t={t} report={data.report} columns={columns} />
        )}
      </Box>
      <Box height={2} overflow="hidden">
        <Text color={message?.kind === 'error' ? 'red' : 'green'} wrap="wrap">{message?.text ?? (status.notices.at(-1) ?? ' ')}</Text>
      </Box>
      <Text dimColor wrap="truncate-end">{ui.current.control ? t.control.hint : form ? t.form.hint : entry ? t.entry.hint : hints[screen]} · {t.keys.quit} · {t.keys.lang}</Text>
    </Box>
  );
}
