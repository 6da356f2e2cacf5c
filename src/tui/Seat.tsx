// The signed-in seat: one screen that follows the call (idle → ringing → in call → after-call
// work), the panels the agent opens (history, callbacks, handover, wrap-up), the R-36 lock.
import {Box, Static, Text, useApp, useInput, useStdin, type Key} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import type {PolicyConfig} from '../rules/config.ts';
import {callbackDue} from '../rules/calendar.ts';
import {fillPhrase} from '../rules/phrase.ts';
import {maskNumberFor} from '../rules/privacy.ts';
import {openingPhrase, ringState} from '../rules/ring.ts';
import {stagePhrases, type ScriptPhrase} from '../rules/script.ts';
import {CallbacksPanel} from './CallbacksPanel.tsx';
import {dateTime, duration, wallClock} from './format.ts';
import {HandoverPanel} from './HandoverPanel.tsx';
import {HelpOverlay} from './HelpOverlay.tsx';
import {HistoryPanel} from './HistoryPanel.tsx';
import {fmt, type Lang, type Messages} from './i18n.ts';
import {KeyHints} from './KeyHints.tsx';
import {LockScreen} from './LockScreen.tsx';
import {type NoteField} from './NotesForm.tsx';
import {RingingPanel} from './RingingPanel.tsx';
import type {CallNotes, CallRow, SeatRecords} from '../client/seat-records.ts';
import {seatCallFlags} from '../sync/seat-call.ts';
import type {SeatPort, SeatState} from '../client/seat-session.ts';
import {StateBar} from './StateBar.tsx';
import type {Ticker} from './ticker.ts';
import {useNow} from './use-now.ts';
import {useRecords} from './use-records.ts';
import {useRefState} from './use-ref-state.ts';
import {useSeatState} from './use-seat-state.ts';
import {switchErrorText} from './switch-errors.ts';
import {WrapupPanel} from './WrapupPanel.tsx';
import {ReasonPicker} from './ReasonPicker.tsx';
import {AfterCallView} from './AfterCallView.tsx';
import {CallView} from './CallView.tsx';
import {callKeys, type SeatMode} from './call-keys.ts';
import {IdleView} from './IdleView.tsx';
import {englishOpening, useCallScript, type CallUi} from './use-call-script.ts';

export type SeatProps = {
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
  /** Called once the seat's input handler listens (keys held since sign-in are handed on). */
  readonly onListening?: () => void;
};

const stateKeys: Record<string, 'ready' | 'not-ready' | 'break' | 'meal' | 'training' | 'meeting'> = {
  r: 'ready', n: 'not-ready', b: 'break', m: 'meal', t: 'training', g: 'meeting',
};

export function Seat({t, lang, policy, ticker, session, records, checkPin, notice, columns, rows, bell, onListening}: SeatProps) {
  const {exit} = useApp();
  const state = useSeatState(session) as SeatState;
  // Seconds matter while a call rings, runs or wraps up; an idle seat shows minutes and
  // redraws every 15 s (idle CPU, issue 6 target < 1 %).
  const busy = state.offer !== undefined || state.call !== undefined || state.seat?.state === 'acw' || state.connection !== 'online';
  const now = useNow(ticker, state.skewMs, busy ? 1000 : 15_000);
  useRecords(records);
  const [modeRef, setMode] = useRefState<SeatMode>('main');
  const mode = modeRef.current;
  // Keys that arrive after a key opened a form but before the form is on screen (a paste, a
  // fast typist, a scripted terminal) are kept and handed to the form once it listens.
  const {internal_eventEmitter: inputEvents} = useStdin();
  const shownMode = useRef<SeatMode>('main');
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
  const quitArmed = useRef(false);
  const noteFocus = useRef<string | undefined>(undefined);
  const mask = useCallback((n: string) => maskNumberFor(n, policy), [policy]);
  const offset = policy.calendars.utcOffsetMinutes;
  const seat = state.seat;
  const agentState = state.connection === 'online' || seat ? seat?.state ?? 'offline' : 'offline';
  const call = state.call;
  const offer = state.offer;
  const ended = state.ended;
  const text = (p: ScriptPhrase) => (lang === 'en' ? p.en : p.zh);
  const queueName = (id: string) => state.queue?.queues.find(q => q.id === id)?.name ?? id;

  const fail = useCallback((e: Error) => setNote({text: fmt(t.error, {message: switchErrorText(t, e)}), error: true}), [t]);
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
      noteFocus.current = undefined;
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

  // The ring stopped with no answer: say why, so the call does not just vanish.
  const missed = state.missed;
  useEffect(() => {
    if (!missed || missed.callId === session.state.call?.callId) return;
    const who = mask(missed.caller || '?');
    setNote(missed.by === 'caller'
      ? {text: fmt(t.call.callerLeftRinging, {caller: who}), error: true}
      : {text: fmt(t.call.ringStopped, {caller: who, why: t.call.stoppedWhy[missed.reason] ?? missed.reason}), error: true});
  }, [missed?.callId, missed?.at]);

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
  const currentUi = call && ui?.callId === call.callId ? ui : undefined;

  const script = useCallScript({call, ui: currentUi, policy, lang, t, topic: callNotes.what, trainee: state.profile?.trainee});

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
  const transferLive = useCallback(() => modeRef.current === 'transfer', [modeRef]);
  const readNote = useCallback((name: NoteField['name']) => (noteTarget ? String(records.notes(noteTarget)[name] ?? '') : ''), [noteTarget, records]);

  const keyContext = {uiRef, setUi, session, policy, now, annotate, run, setMode, setNote, t};

  useInput((input, key) => {
    lastInput.current = ticker.now();
    if (key.ctrl && input === 'c') {
      // Quitting leaves a live call running on the phone with no screen: ask first, as R-07's e does.
      const live = session.state;
      if ((live.call || live.offer) && !quitArmed.current) {
        quitArmed.current = true;
        setNote({text: t.quitDuringCall, error: true});
        return;
      }
      return exit();
    }
    quitArmed.current = false;
    setNote(undefined);
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
    // A ringing call keeps the screen: no panel may hide it (R-02 counts the rings).
    if (live.offer) return;
    if (live.call) {
      callKeys(keyContext, live.call, input, key);
      return;
    }
    if (live.seat?.state === 'acw' && input === 'r') return run(session.wrapupDone());
    if (live.ended && live.seat?.state === 'acw' && input === 'n') return setMode('notes');
    if (input === 'l') return setMode('history');
    if (input === 'c') return setMode('callbacks');
    if (input === 'o') return setMode('handover');
    if (input === 'w') return setMode('wrapup');
    if (input === 'L') return setLocked('manual');
    const target = stateKeys[input];
    // Not Ready says why: the agent picks one of the policy's reasons.
    if (target === 'not-ready' && !live.offer) return setMode('reason');
    if (target && !live.offer) run(session.setState(target));
  });
  // After useInput's own effect: the handler above is subscribed now.
  useEffect(() => onListening?.(), []);

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
    body = <CallView t={t} lang={lang} policy={policy} call={call} ui={currentUi} script={script} notes={callNotes} now={now} width={width} bodyRows={bodyRows}
      transferring={mode === 'transfer'} editing={mode === 'notes'} transferLive={transferLive} notesLive={notesLive} noteFocus={noteFocus} readNote={readNote} onNoteChange={onNoteChange}
      onTransfer={target => {
        const callId = call.callId;
        // 已转接 only once the switch moved the call: a refused transfer leaves the call here.
        session.transfer(target).then(() => {
          annotate(callId, {disposition: 'transferred'});
          setMode('main');
        }, fail);
      }}
      onLeave={() => setMode('main')} offerPhrase={offerPhrase} queueName={queueName}/>;
    if (currentUi.hangupArmed) {
      const closing = text(stagePhrases('closing', policy)[0] as ScriptPhrase);
      hints = [fmt(t.hangup.closeFirst, {phrase: closing}), t.hangup.warn];
    } else {
      hints = mode === 'notes' ? [t.notes.hint] : [t.keys.hold, t.keys.notes, t.keys.transfer, t.keys.hangup, t.keys.silent, t.keys.offer, t.keys.stage, t.keys.close, t.keys.help];
    }
  } else if (ended && seat?.state === 'acw') {
    body = <AfterCallView t={t} policy={policy} ended={ended} seat={seat} notes={records.notes(ended.callId)} row={calls.find(c => c.callId === ended.callId)} now={now} width={width}
      bodyRows={bodyRows} editing={mode === 'notes'} notesLive={notesLive} noteFocus={noteFocus} readNote={readNote} onNoteChange={onNoteChange} onLeave={() => setMode('main')} mask={mask}/>;
    hints = mode === 'notes' ? [t.notes.hint] : [t.keys.notes, t.acw.done, t.keys.help];
  } else {
    body = <IdleView t={t} seat={seat} queue={state.queue} calls={calls} openCallbacks={openCallbacks.length} bodyRows={bodyRows} utcOffsetMinutes={offset} mask={mask}
      offline={state.connection !== 'online'}/>;
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
