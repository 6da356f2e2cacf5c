// The agent's seat: sign-in, then one screen that follows the call (idle → ringing → in call →
// after-call work) with the policy's phrases and timers. Keyboard only; fits 80×24.
import crypto from 'node:crypto';
import {Box, Static, Text, useApp, useInput, useStdin, type Key} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import type {PolicyConfig} from '../rules/config.ts';
import {callbackDue} from '../rules/calendar.ts';
import {advanceStage, stageOptions, type CallStage} from '../rules/call-stage.ts';
import {holdNudge, beforeHoldPrompt} from '../rules/hold.ts';
import {offerCheck, recordOffer, type OfferState} from '../rules/offers.ts';
import {fillPhrase} from '../rules/phrase.ts';
import {maskNumberFor} from '../rules/privacy.ts';
import {openingPhrase, ringState} from '../rules/ring.ts';
import {stagePhrases, type ScriptPhrase, type ScriptStageId} from '../rules/script.ts';
import {silentCall} from '../rules/silent.ts';
import type {TransferTarget} from '../sip/protocol.ts';
import {CallHeader} from './CallHeader.tsx';
import {CallbacksPanel} from './CallbacksPanel.tsx';
import {dateTime, duration, padEnd, stringWidth, wallClock} from './format.ts';
import {HandoverPanel} from './HandoverPanel.tsx';
import {HelpOverlay} from './HelpOverlay.tsx';
import {HistoryPanel} from './HistoryPanel.tsx';
import {fmt, messages, type Lang, type Messages} from './i18n.ts';
import {HoldPanel} from './HoldPanel.tsx';
import {KeyHints} from './KeyHints.tsx';
import {LockScreen} from './LockScreen.tsx';
import {NotesForm, type NoteField} from './NotesForm.tsx';
import {OfferPanel} from './OfferPanel.tsx';
import {RingingPanel} from './RingingPanel.tsx';
import {ScriptPanel, type ScriptLine} from './ScriptPanel.tsx';
import type {CallNotes, CallRow, SeatRecords} from './seat-records.ts';
import {seatCallFlags} from './seat-flags.ts';
import type {SeatPort, SeatState} from './seat-session.ts';
import {SignIn} from './SignIn.tsx';
import {SilentPanel} from './SilentPanel.tsx';
import {StateBar} from './StateBar.tsx';
import type {Ticker} from './ticker.ts';
import {TransferForm} from './TransferForm.tsx';
import {useNow} from './use-now.ts';
import {useRecords} from './use-records.ts';
import {useRefState} from './use-ref-state.ts';
import {useSeatState} from './use-seat-state.ts';
import {useTerminalSize} from './use-terminal-size.ts';
import {WrapupPanel} from './WrapupPanel.tsx';
import {ReasonPicker} from './ReasonPicker.tsx';

export type SignedIn = {
  readonly session: SeatPort;
  readonly records: SeatRecords;
  /** Shown once after sign-in (e.g. a damaged day file set aside). */
  readonly notice?: string;
  /** The center's policy (from the switch's welcome): replaces the `policy` prop once signed in. */
  readonly policy?: PolicyConfig;
};

export type SeatAppProps = {
  readonly lang?: Lang;
  readonly policy: PolicyConfig;
  /** Clock and tick source (tests step it by hand). */
  readonly ticker: Ticker;
  /** Prefilled agent id. */
  readonly agent?: string;
  /** Given: sign in at once; absent: the sign-in screen asks. */
  readonly pin?: string;
  /** Opens the seat's control session and records; rejects with the hub's refusal. */
  readonly signIn: (agent: string, pin: string) => Promise<SignedIn>;
  /** Fixed size (tests); default: the terminal's, following resizes. */
  readonly columns?: number;
  readonly rows?: number;
  /** Rings the terminal bell (a new ring). */
  readonly bell?: () => void;
};

type Mode = 'main' | 'notes' | 'transfer' | 'help' | 'history' | 'callbacks' | 'handover' | 'wrapup' | 'reason';

const sha = (pin: string) => crypto.createHash('sha256').update(pin).digest('base64');

export function SeatApp({lang = 'zh-CN', policy, ticker, agent, pin, signIn, columns: fixedColumns, rows: fixedRows, bell}: SeatAppProps) {
  const t = messages(lang);
  const size = useTerminalSize();
  const columns = fixedColumns ?? size.columns;
  const rows = fixedRows ?? size.rows;
  const [signedIn, setSignedIn] = useState<SignedIn & {pinHash: string}>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = useCallback((a: string, p: string) => {
    setBusy(true);
    setError(undefined);
    signIn(a, p).then(
      s => setSignedIn({...s, pinHash: sha(p)}),
      (e: Error) => {
        setError(e.message);
        setBusy(false);
      },
    );
  }, [signIn]);
  const started = useRef(false);
  useEffect(() => {
    if (agent && pin && !started.current) {
      started.current = true;
      submit(agent, pin);
    }
  }, [agent, pin, submit]);

  if (!signedIn) {
    return (
      <Box flexDirection="column" height={rows - 1} width={columns} alignItems="center" justifyContent="center">
        <SignIn t={t} agent={agent} error={error} busy={busy} onSubmit={submit}/>
      </Box>
    );
  }
  return <Seat t={t} lang={lang} policy={signedIn.policy ?? policy} ticker={ticker} session={signedIn.session} records={signedIn.records} notice={signedIn.notice}
    checkPin={p => sha(p) === signedIn.pinHash} columns={columns} rows={rows} bell={bell}/>;
}

type SeatProps = {
  readonly t: Messages;
  readonly lang: Lang;
  readonly policy: PolicyConfig;
  readonly ticker: Ticker;
  readonly session: SeatPort;
  readonly records: SeatRecords;
  readonly checkPin: (pin: string) => boolean;
  readonly notice?: string;
  readonly columns: number;
  readonly rows: number;
  readonly bell?: () => void;
};

/** Per-call UI state; reset when a new call is answered. */
type CallUi = {
  callId: string;
  stage: CallStage;
  phrase: number;
  /** A caller-reaction phrase chosen by hotkey, shown as "say now" until the next move. */
  reaction?: {stage: ScriptStageId; index: number};
  silentSince?: number;
  offers: OfferState;
  awaitingOffer: boolean;
  hangupArmed: boolean;
};

const reactionKeys: Record<string, ScriptStageId> = {
  T: 'caller_thanks', P: 'caller_praises', U: 'caller_suggests', B: 'bad_line', W: 'caller_wrong_result', A: 'caller_answered_slowly',
};
const reactionLabel = (t: Messages): Record<string, string> => ({
  T: t.reactions.thanks, P: t.reactions.praise, U: t.reactions.suggest, B: t.reactions.badLine, W: t.reactions.wrong, A: t.reactions.slow,
});

const stateKeys: Record<string, 'ready' | 'not-ready' | 'break' | 'meal' | 'training' | 'meeting'> = {
  r: 'ready', n: 'not-ready', b: 'break', m: 'meal', t: 'training', g: 'meeting',
};

function noteFields(notes: CallNotes, policy: PolicyConfig): NoteField[] {
  const mandatory = notes.callType !== undefined && policy.notes.mandatoryForCallTypes.includes(notes.callType);
  const need = new Set(mandatory ? policy.notes.mandatoryFields : []);
  const fields: NoteField[] = [
    {name: 'callType', options: ['inquiry', 'complaint', 'suggestion', 'dispatch', 'volunteer', 'donation', 'praise', 'other']},
    {name: 'surname', required: need.has('surname')},
    {name: 'phone', required: need.has('phone')},
    {name: 'address', required: need.has('address')},
    ...policy.notes.fiveW1H.map(name => ({name})),
    {name: 'disposition', options: ['resolved', 'callback', 'transferred', 'complaint', 'work_order', 'silent', 'wrong_number', 'other']},
  ];
  // R-15: a complaint holds content, whom it is about, caller phone (above) and time (the record's).
  if (notes.disposition === 'complaint' || notes.callType === 'complaint') fields.push({name: 'complaintContent', required: true}, {name: 'complaintAbout'}, {name: 'complaintDept'});
  // R-16
  if (notes.disposition === 'work_order') fields.push({name: 'workOrderDept', required: true}, {name: 'workOrderSummary', required: true});
  // R-08
  if (notes.disposition === 'callback') fields.push({name: 'callbackPromise', options: ['next_business_day', 'working_days', 'open_ended'], required: true}, {name: 'callbackNumber'});
  return fields;
}

function Seat({t, lang, policy, ticker, session, records, checkPin, notice, columns, rows, bell}: SeatProps) {
  const {exit} = useApp();
  const state = useSeatState(session) as SeatState;
  // Seconds matter while a call rings, runs or wraps up; an idle seat shows minutes and
  // redraws every 15 s (idle CPU, issue 6 target < 1 %).
  const busy = state.offer !== undefined || state.call !== undefined || state.seat?.state === 'acw' || state.connection !== 'online';
  const now = useNow(ticker, state.skewMs, busy ? 1000 : 15_000);
  useRecords(records);
  const [modeRef, setMode] = useRefState<Mode>('main');
  const mode = modeRef.current;
  // Keys that arrive after a key opened a form but before the form is on screen (a paste, a
  // fast typist, a scripted terminal) are kept and handed to the form once it listens.
  const {internal_eventEmitter: inputEvents} = useStdin();
  const shownMode = useRef<Mode>('main');
  const heldKeys = useRef<string[]>([]);
  useEffect(() => {
    shownMode.current = mode;
    const keys = heldKeys.current.splice(0);
    for (const raw of keys) inputEvents.emit('input', raw);
  }, [mode, inputEvents]);
  const [uiRef, setUi] = useRefState<CallUi | undefined>(undefined);
  const ui = uiRef.current;
  const [note, setNote] = useState<{text: string; error?: boolean} | undefined>(notice ? {text: notice, error: true} : undefined);
  const [lockedRef, setLocked] = useRefState<string | undefined>(undefined);
  const locked = lockedRef.current;
  const [finished, setFinished] = useState<Array<{id: string; line: string}>>([]);
  const lastInput = useRef(ticker.now());
  const mask = useCallback((n: string) => maskNumberFor(n, policy), [policy]);
  const offset = policy.calendars.utcOffsetMinutes;
  const seat = state.seat;
  const agentState = state.connection === 'online' || seat ? seat?.state ?? 'offline' : 'offline';
  const call = state.call;
  const offer = state.offer;
  const ended = state.ended;
  const text = (p: ScriptPhrase) => (lang === 'en' ? p.en : p.zh);
  const queueName = (id: string) => state.queue?.queues.find(q => q.id === id)?.name ?? id;

  const fail = useCallback((e: Error) => setNote({text: fmt(t.error, {message: e.message}), error: true}), [t]);
  const run = useCallback((p: Promise<void>) => {
    p.catch(fail);
  }, [fail]);

  // Record what the seat sees of each call, so notes sit next to the facts even offline.
  useEffect(() => {
    if (!offer) return;
    records.seen(offer.callId, {caller: offer.caller, queue: offer.queue, direction: offer.direction, offeredAt: offer.offeredAt});
    // A ringing call comes before any screen the agent was on (history, a form left open).
    if (modeRef.current !== 'main') setMode('main');
  }, [offer?.callId]);
  useEffect(() => {
    if (!call) return;
    const known = records.calls().find(c => c.callId === call.callId);
    records.seen(call.callId, {
      answeredAt: call.answeredAt, rings: call.rings, late: call.late,
      ...(call.caller ? {caller: call.caller, queue: call.queue} : {}),
      ...(known ? {} : {direction: call.direction}),
    });
    if (ui?.callId !== call.callId) {
      setUi({callId: call.callId, stage: 'opening', phrase: 0, offers: {offers: 0, declined: 0}, awaitingOffer: false, hangupArmed: false});
      const n = records.notes(call.callId);
      if (n.offers) setUi(u => u && {...u, offers: {offers: n.offers ?? 0, declined: n.offersDeclined ?? 0}});
    }
  }, [call?.callId]);
  useEffect(() => {
    if (!ended) return;
    records.seen(ended.callId, {endedAt: ended.endedAt, hungUpBy: ended.by, endReason: ended.reason, holdMs: ended.heldMs, longestHoldMs: ended.longestHoldMs});
    const line = `${wallClock(ended.endedAt, offset).slice(0, 5)} ✓ ${mask(ended.caller || '?')} ${duration(ended.endedAt - ended.answeredAt)} ${t.call.endedBy[ended.by]}${ended.late ? ` · ${t.call.flaggedLate}` : ''}`;
    setFinished(f => [...f, {id: `${ended.callId}-${f.length}`, line}]);
    if (mode === 'transfer') setMode('main');
  }, [ended?.callId]);

  // R-01: a bell on each new ring.
  const rings = offer ? Math.max(offer.ticked, ringState(offer.offeredAt, now, {...policy, ringPeriodSeconds: offer.ringPeriodMs / 1000}).rings) : 0;
  useEffect(() => {
    if (rings > 0) bell?.();
  }, [rings, bell]);

  // R-36: lock on entering Break/Meal, and after the idle limit when no call is in play.
  useEffect(() => {
    if (seat && (seat.state === 'break' || seat.state === 'meal')) setLocked(seat.state);
  }, [seat?.state]);
  const idleLimit = policy.privacy.idleLockMinutes * 60_000;
  useEffect(() => {
    if (!lockedRef.current && !call && !offer && seat && ['not-ready', 'training', 'meeting'].includes(seat.state) && ticker.now() - lastInput.current >= idleLimit) {
      setLocked('idle');
    }
  }, [now]);

  const offerPhrase = fillPhrase(stagePhrases('offer_value_added', policy)[0] ? text(stagePhrases('offer_value_added', policy)[0] as ScriptPhrase) : '', {service: lang === 'en' ? 'value-added' : '增值'});
  const callNotes = call ? records.notes(call.callId) : ended ? records.notes(ended.callId) : {};
  const slots = {line: policy.lineName, topic: callNotes.what, department: undefined};
  const currentUi = call && ui?.callId === call.callId ? ui : undefined;

  /** The phrases of a stage on digit keys (the offer has its own key, R-13). */
  const stagePhraseList = (stage: CallStage) => stageOptions(stage, policy).phrases.filter(p => p.stage !== 'offer_value_added');

  const script = useMemo(() => {
    if (!call || !currentUi) return undefined;
    const options = stageOptions(currentUi.stage, policy);
    const openingText = openingPhrase(policy, call.late, {trainee: state.profile?.trainee});
    const list = stagePhraseList(currentUi.stage);
    let sayNow: string;
    if (currentUi.reaction) {
      const r = stagePhrases(currentUi.reaction.stage, policy)[currentUi.reaction.index];
      sayNow = r ? text(r) : '';
    } else if (currentUi.stage === 'opening') {
      sayNow = lang === 'en' ? englishOpening(policy.lineName, call.late, state.profile?.trainee) : openingText;
    } else if (currentUi.stage === 'wait_hangup') {
      sayNow = lang === 'en' ? '(wait for the caller to hang up — R-07)' : '(请等待客户先挂机 R-07)';
    } else {
      const p = list[currentUi.phrase] ?? list[0];
      sayNow = p ? text(p) : '';
    }
    const alternatives: ScriptLine[] = currentUi.stage === 'opening' ? [] : list
      .map((p, i) => ({key: String(i + 1), text: fillPhrase(text(p), slots), i}))
      .filter(l => l.i !== currentUi.phrase).slice(0, 3);
    const labels = reactionLabel(t);
    const reactions: ScriptLine[] = options.reactive.length > 0 ? Object.keys(reactionKeys).map(k => ({key: k, text: labels[k] as string})) : [];
    const next = options.next[0];
    return {
      stage: t.stages[currentUi.stage] ?? currentUi.stage,
      sayNow: fillPhrase(sayNow, slots),
      alternatives, reactions, list,
      next: next ? fmt(t.call.next, {stage: t.stages[next] ?? next}) : undefined,
      nextStage: next,
    };
  }, [call, currentUi, policy, lang, t, callNotes.what, state.profile?.trainee]);

  const annotate = useCallback((callId: string, fields: Partial<CallNotes>) => {
    try {
      records.annotate(callId, {...fields, updatedAt: ticker.now()});
    } catch (error) {
      // A full or read-only disk must not take the seat down mid-call: say so, keep going.
      setNote({text: fmt(t.error, {message: (error as Error).message}), error: true});
    }
  }, [records, ticker, t]);

  const noteTarget = call?.callId ?? ended?.callId;
  const onNoteChange = useCallback((name: NoteField['name'], value: string) => {
    if (!noteTarget) return;
    const fields: Partial<CallNotes> = {[name]: value};
    if (name === 'callbackPromise') {
      // R-08: the promise becomes a callback task with a due time from the service calendars.
      const kind = value as NonNullable<CallNotes['callbackPromise']>;
      const promise = kind === 'next_business_day' ? {kind, calendar: 'specialist' as const} : {kind};
      const due = callbackDue(promise, now, policy);
      Object.assign(fields, {callbackDueMs: due.dueMs});
    }
    annotate(noteTarget, fields);
  }, [noteTarget, annotate, now, policy]);

  const notesLive = useCallback(() => modeRef.current === 'notes', [modeRef]);
  const readNote = useCallback((name: NoteField['name']) => (noteTarget ? String(records.notes(noteTarget)[name] ?? '') : ''), [noteTarget, records]);

  const hangup = (call: NonNullable<SeatState['call']>) => {
    const currentUi = uiRef.current?.callId === call.callId ? uiRef.current : undefined;
    if (!currentUi) return;
    const silent = currentUi.silentSince !== undefined ? silentCall(now - currentUi.silentSince, policy) : undefined;
    if (silent?.mayRelease) {
      annotate(call.callId, {disposition: 'silent', silent: true});
      run(session.hangup({silent: true}));
      return;
    }
    // R-07: the customer hangs up first; warn once, hang up on the second press (flagged).
    if (policy.closing.customerHangsUpFirst && !currentUi.hangupArmed) {
      setUi({...currentUi, hangupArmed: true});
      return;
    }
    run(session.hangup());
  };

  const callKeys = (call: NonNullable<SeatState['call']>, input: string, key: {tab: boolean; shift: boolean; return: boolean}) => {
    const u = uiRef.current?.callId === call.callId ? uiRef.current : undefined;
    if (!u) return false;
    if (input === 'h') {
      run(call.holdSince ? session.resume() : session.hold());
      return true;
    }
    if (input === 'e') {
      hangup(call);
      return true;
    }
    const disarm = {...u, hangupArmed: false};
    if (input === 'n') return setMode('notes'), true;
    if (input === 'x') return setMode('transfer'), true;
    if (input === 's') {
      if (u.silentSince === undefined) {
        setUi({...disarm, silentSince: now});
        annotate(call.callId, {silent: true});
      }
      return true;
    }
    if (input === 'o') {
      const check = offerCheck(u.offers, policy);
      if (!check.allowed) setNote({text: check.reason ?? 'R-13', error: true});
      else setUi({...disarm, awaitingOffer: true});
      return true;
    }
    if ((input === 'y' || input === 'd') && u.awaitingOffer) {
      const result = recordOffer(u.offers, input === 'y' ? 'accepted' : 'declined', policy);
      if (result.ok) {
        setUi({...disarm, offers: result.state, awaitingOffer: false});
        annotate(call.callId, {offers: result.state.offers, offersDeclined: result.state.declined});
      } else setNote({text: result.error, error: true});
      return true;
    }
    if (key.tab || input === 'z') {
      const to: CallStage | undefined = input === 'z' ? 'before_closing' : stageOptions(u.stage, policy).next[0];
      if (!to) return true;
      const move = advanceStage(u.stage, to);
      if (move.ok) {
        setUi({...disarm, stage: move.stage, phrase: 0, reaction: undefined});
        annotate(call.callId, {stage: move.stage});
      } else setNote({text: move.error, error: true});
      return true;
    }
    if (/^[1-9]$/.test(input)) {
      const i = Number(input) - 1;
      if (i < stagePhraseList(u.stage).length) setUi({...disarm, phrase: i, reaction: undefined});
      return true;
    }
    const reaction = reactionKeys[input];
    if (reaction && u.stage !== 'closing' && u.stage !== 'wait_hangup') {
      const count = stagePhrases(reaction, policy).length;
      const index = u.reaction?.stage === reaction ? (u.reaction.index + 1) % count : 0;
      setUi({...disarm, reaction: {stage: reaction, index}});
      return true;
    }
    return false;
  };

  useInput((input, key) => {
    lastInput.current = ticker.now();
    setNote(undefined);
    if (key.ctrl && input === 'c') return exit();
    if (lockedRef.current) return; // LockScreen takes the keys
    if (modeRef.current !== shownMode.current && modeRef.current !== 'main' && modeRef.current !== 'help') {
      const raw = rawKey(input, key);
      if (raw) heldKeys.current.push(raw);
      return;
    }
    if (modeRef.current === 'help') return setMode('main');
    if (modeRef.current !== 'main') return; // a form or panel has the keys
    if (input === '?') return setMode('help');
    // The session's state now, not the last frame's: keys can come faster than frames.
    const live = session.state;
    if (live.offer && key.return) return run(session.accept());
    if (live.call) {
      callKeys(live.call, input, key);
      return;
    }
    if (live.seat?.state === 'acw' && input === 'r') return run(session.wrapupDone());
    if (live.ended && live.seat?.state === 'acw' && input === 'n') return setMode('notes');
    if (input === 'l') return setMode('history');
    if (input === 'c') return setMode('callbacks');
    if (input === 'o') return setMode('handover');
    if (input === 'w') return setMode('wrapup');
    if (input === 'L') return setLocked('idle');
    const target = stateKeys[input];
    // Not Ready says why: the agent picks one of the policy's reasons.
    if (target === 'not-ready' && !live.offer) return setMode('reason');
    if (target && !live.offer) run(session.setState(target));
  });

  // ── layout ──────────────────────────────────────────────────────────────────────
  const height = rows - 1; // a frame as tall as the terminal makes Ink clear the screen each time
  // One column spare: Ink's truncation (cli-truncate) can overshoot by a column when it cuts
  // next to a double-width character, and a line that reaches the margin wraps.
  const width = columns - 1;
  const who = `${state.profile?.agent ?? session.agent} ${state.profile?.name ?? ''}${state.profile?.trainee ? (lang === 'en' ? ' (trainee)' : ' (实习)') : ''}`;
  const bar = (
    <StateBar t={t} state={agentState} reason={seat?.reason ? t.reasonNames[seat.reason] ?? seat.reason : undefined} since={seat?.since ?? now} now={now} connection={state.connection}
      coarse={!busy} sync={records.sync()} callsToday={seat?.callsToday ?? 0} lateToday={seat?.lateToday ?? 0} waiting={state.queue?.waiting} who={who} utcOffsetMinutes={offset}/>
  );
  const barRows = state.connection === 'online' ? 1 : 2;
  const bodyRows = height - barRows - 2;
  const calls = records.calls();
  const flagLabels = (row: CallRow) => seatCallFlags(row, now, policy).map(f => t.flags[f.flag] ?? f.flag);
  const openCallbacks = calls.filter(c => c.notes.callbackPromise && !c.notes.callbackDone);
  let body: React.ReactNode;
  let hints: string[] = [];

  if (locked) {
    body = (
      <Box flexGrow={1} alignItems="center" justifyContent="center">
        <LockScreen t={t} reason={locked} elapsed={duration(now - (seat?.since ?? now))} check={checkPin} onUnlock={() => {
          lastInput.current = ticker.now();
          setLocked(undefined);
        }}/>
      </Box>
    );
    hints = [t.lock.pin];
  } else if (mode === 'help') {
    body = <HelpOverlay t={t}/>;
  } else if (mode === 'reason') {
    body = <ReasonPicker t={t} reasons={policy.notReadyReasons} label={r => t.reasonNames[r] ?? r}
      onPick={reason => {
        setMode('main');
        run(session.setState('not-ready', reason));
      }}
      onCancel={() => setMode('main')}/>;
    hints = [t.reasonPicker.hint];
  } else if (mode === 'history') {
    body = <HistoryPanel t={t} calls={calls} mask={mask} flags={flagLabels} utcOffsetMinutes={offset} rows={bodyRows - 2} width={width} onClose={() => setMode('main')}
      qa={records.qa?.()} month={dateTime(now, offset).slice(0, 7)}/>;
  } else if (mode === 'callbacks') {
    body = <CallbacksPanel t={t} due={openCallbacks} now={now} mask={mask} utcOffsetMinutes={offset} rows={bodyRows - 2} width={width}
      onDial={row => {
        const number = row.notes.callbackNumber || row.facts.caller;
        run(session.callback(number, row.callId));
        setMode('main');
      }}
      onDone={row => annotate(row.callId, {callbackDone: true})}
      onClose={() => setMode('main')}/>;
  } else if (mode === 'handover') {
    body = <HandoverPanel t={t} received={records.received()} text={records.handover()} rows={bodyRows} width={width} utcOffsetMinutes={offset}
      onAcknowledge={id => records.acknowledge(id)}
      onChange={text => records.setHandover(text)} onSave={() => records.submitHandover()} onClose={() => setMode('main')}/>;
  } else if (mode === 'wrapup') {
    body = <WrapupPanel t={t} calls={calls} policy={policy} agent={session.agent} text={records.wrapup()} rows={bodyRows - 2} width={width}
      onChange={text => records.setWrapup(text)} onSave={() => records.submitWrapup()} onClose={() => setMode('main')}/>;
  } else if (offer) {
    body = <RingingPanel t={t} caller={offer.caller} queue={queueName(offer.queue)} rings={rings} maxRings={policy.answerWithinRings}
      opening={lang === 'en' ? englishOpening(policy.lineName, rings > policy.answerWithinRings, state.profile?.trainee) : openingPhrase(policy, rings > policy.answerWithinRings, {trainee: state.profile?.trainee})}
      waitedMs={offer.waitedMs} outbound={offer.direction === 'outbound'}/>;
    hints = [t.keys.accept, t.keys.help];
  } else if (call && currentUi && script) {
    const heldMs = call.holdSince !== undefined ? Math.max(0, now - call.holdSince) : undefined;
    // The script panel's height, so the notes form below takes exactly the rows that are left.
    const sayRows = Math.ceil((stringWidth(script.sayNow) + 16) / (width - 4));
    const scriptRows = 2 + 1 + sayRows + Math.min(4, script.alternatives.length) + (script.reactions.length > 0 ? 1 : 0);
    const fields = noteFields(callNotes, policy);
    let lower: React.ReactNode;
    if (mode === 'transfer') {
      const failed = call.transfers.at(-1)?.ok === false;
      lower = <TransferForm t={t} active live={() => modeRef.current === 'transfer'} phrase={fillPhrase(text(stagePhrases('transfer', policy)[0] as ScriptPhrase), {department: ''})}
        failedPhrase={failed ? text(stagePhrases('transfer_failed', policy)[0] as ScriptPhrase) : undefined}
        onSubmit={(target: TransferTarget) => {
          annotate(call.callId, {disposition: 'transferred'});
          session.transfer(target).then(() => setMode('main'), fail);
        }}
        onCancel={() => setMode('main')}/>;
    } else if (heldMs !== undefined) {
      const n = holdNudge(heldMs, policy);
      lower = <HoldPanel t={t} heldMs={heldMs} beforePhrase={beforeHoldPrompt(policy)} nudge={n.current}
        nextInSeconds={Math.ceil((n.next.atMs - heldMs) / 1000)} thankOnReturn={n.thankOnReturn ? policy.holdNudges.patiencePhrase : undefined}/>;
    } else if (currentUi.silentSince !== undefined) {
      const s = silentCall(now - currentUi.silentSince, policy);
      lower = <SilentPanel t={t} phrase={s.phrase} step={s.step === 'greet' ? 1 : s.step === 'repeat' ? 2 : 3}
        nextInSeconds={s.nextAtMs === undefined ? undefined : Math.ceil((s.nextAtMs - (now - currentUi.silentSince)) / 1000)} mayRelease={s.mayRelease}/>;
    } else {
      const check = offerCheck(currentUi.offers, policy);
      lower = (
        <Box flexDirection="column">
          {currentUi.awaitingOffer || currentUi.offers.offers > 0 ? (
            <OfferPanel t={t} offers={currentUi.offers.offers} declined={currentUi.offers.declined} allowed={check.allowed} awaiting={currentUi.awaitingOffer} phrase={offerPhrase}/>
          ) : null}
          <NotesForm t={t} fields={fields} notes={callNotes} read={readNote} live={notesLive} active={mode === 'notes'} onChange={onNoteChange} onDone={() => setMode('main')}
            rows={Math.max(3, bodyRows - 1 - scriptRows - 4 - (currentUi.awaitingOffer || currentUi.offers.offers > 0 ? 3 : 0))} width={width}/>
        </Box>
      );
    }
    body = (
      <Box flexDirection="column">
        <CallHeader t={t} caller={call.caller || '—'} queue={queueName(call.queue)} talkMs={now - call.answeredAt} holdMs={heldMs} late={call.late}
          addressAs={callNotes.surname ? fmt(t.call.surname, {name: callNotes.surname}) : undefined}/>
        <ScriptPanel t={t} stage={script.stage} sayNow={script.sayNow} alternatives={script.alternatives} reactions={script.reactions} next={script.next} width={width}/>
        {lower}
      </Box>
    );
    if (currentUi.hangupArmed) {
      const closing = text(stagePhrases('closing', policy)[0] as ScriptPhrase);
      hints = [fmt(t.hangup.closeFirst, {phrase: closing}), t.hangup.warn];
    } else {
      hints = mode === 'notes' ? [t.notes.hint] : [t.keys.hold, t.keys.notes, t.keys.transfer, t.keys.hangup, t.keys.silent, t.keys.offer, t.keys.stage, t.keys.close, t.keys.help];
    }
  } else if (ended && seat?.state === 'acw') {
    const left = Math.min(policy.afterCallWorkSeconds, Math.ceil((seat.since + policy.afterCallWorkSeconds * 1000 - now) / 1000));
    const notes = records.notes(ended.callId);
    const endedRow = calls.find(c => c.callId === ended.callId);
    const due = notes.callbackDueMs ? fmt(t.notes.due, {due: wallClock(notes.callbackDueMs, offset)}) : undefined;
    body = (
      <Box flexDirection="column">
        {endedRow && flagLabels(endedRow).length > 0 ? <Text color="yellow" wrap="truncate-end">QA: {seatCallFlags(endedRow, now, policy).map(f => `${t.flags[f.flag] ?? f.flag} (${f.rule})`).join('  ')}</Text> : null}
        <Text wrap="truncate-end"><Text bold color="magenta">{t.acw.title}</Text> {left >= 0 ? fmt(t.acw.left, {s: left}) : t.acw.overdue}  <Text dimColor>{t.call.ended}: {mask(ended.caller)} {duration(ended.endedAt - ended.answeredAt)} · {t.call.endedBy[ended.by]}</Text></Text>
        <NotesForm t={t} fields={noteFields(notes, policy)} notes={notes} read={readNote} live={notesLive} active={mode === 'notes'} onChange={onNoteChange} onDone={() => setMode('main')}
          rows={Math.max(3, bodyRows - 6)} width={width} footer={due}/>
      </Box>
    );
    hints = mode === 'notes' ? [t.notes.hint] : [t.keys.notes, t.acw.done, t.keys.help];
  } else {
    const ready = seat?.state === 'ready';
    const q = state.queue;
    const recent = calls.filter(c => c.facts.answeredAt !== undefined).slice(-Math.max(1, bodyRows - 9)).reverse();
    body = (
      <Box flexDirection="column">
        <Box flexDirection="column" borderStyle="round" borderColor={ready ? 'green' : 'gray'} paddingX={1}>
          <Text bold color={ready ? 'green' : undefined}>{ready ? `● ${t.idle.readyHint}` : `○ ${t.idle.notReadyHint}`}</Text>
          {q ? <Text wrap="truncate-end">{fmt(t.idle.queueNow, {n: q.waiting, wait: duration(q.longestWaitMs)})}   <Text dimColor>{fmt(t.idle.today, {offered: q.offered, answered: q.answered, abandoned: q.abandoned})}</Text></Text> : null}
          {seat && !seat.phoneRegistered ? <Text color="red">⚠ {t.idle.phoneOff}</Text> : null}
          {openCallbacks.length > 0 ? <Text color="yellow">{t.callbacks.title}: {openCallbacks.length} (c)</Text> : null}
        </Box>
        {recent.length > 0 ? <Text bold> {t.idle.recent}</Text> : null}
        {recent.map(c => (
          <Text key={c.callId} dimColor wrap="truncate-end"> {wallClock(c.facts.answeredAt as number, offset).slice(0, 5)}  {padEnd(mask(c.facts.caller), 13)} {c.facts.endedAt ? duration(c.facts.endedAt - (c.facts.answeredAt as number)) : '--:--'} {c.facts.late ? '!' : ' '} {c.notes.disposition ? t.notes.dispositions[c.notes.disposition] : ''} {c.notes.surname ?? ''} {c.notes.what ?? ''}</Text>
        ))}
      </Box>
    );
    hints = [t.keys.ready, t.keys.notReady, t.keys.break, t.keys.meal, t.keys.history, t.keys.callbacks, t.keys.handover, t.keys.wrapup, t.keys.help];
  }

  return (
    <>
      <Static items={finished}>{item => <Text key={item.id} dimColor>{item.line}</Text>}</Static>
      <Box flexDirection="column" width={width} height={height}>
        {bar}
        <Box flexDirection="column" flexGrow={1} overflow="hidden">{body}</Box>
        {note ? <Text color={note.error ? 'red' : 'green'} wrap="truncate-end">{note.text}</Text> : <Text> </Text>}
        <KeyHints keys={hints} width={width}/>
      </Box>
    </>
  );
}

/** R-02/R-03 in the en UI (the zh phrases come from the policy). */
function englishOpening(line: string, late: boolean, trainee = false): string {
  const greeting = trainee ? `Hello, ${line} service line, trainee agent speaking, go ahead please?` : `Hello, ${line} service line, how may I help you?`;
  return late ? `Sorry to keep you waiting. ${greeting}` : greeting;
}

/** The terminal bytes of a parsed key, for the keys forms use (to hand them on later). */
function rawKey(input: string, key: Key): string | undefined {
  if (key.upArrow) return '\u001B[A';
  if (key.downArrow) return '\u001B[B';
  if (key.rightArrow) return '\u001B[C';
  if (key.leftArrow) return '\u001B[D';
  if (key.return) return '\r';
  if (key.escape) return '\u001B';
  if (key.tab) return key.shift ? '\u001B[Z' : '\t';
  if (key.backspace || key.delete) return '\u007F';
  if (key.ctrl || key.meta) return undefined;
  return input || undefined;
}
