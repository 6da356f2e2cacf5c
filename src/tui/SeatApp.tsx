// The agent's seat: sign-in, then one screen that follows the call (idle → ringing → in call →
// after-call work) with the policy's phrases and timers. Keyboard only; fits 80×24.
import {Box, useApp, useInput, useStdin} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import type {PolicyConfig} from '../rules/config.ts';
import {pinChecker} from '../client/pin-check.ts';
import {fmt, messages, type Lang, type Messages} from './i18n.ts';
import type {SeatRecords} from '../client/seat-records.ts';
import type {SeatPort} from '../client/seat-session.ts';
import {splitInputEvents} from './key-chunks.ts';
import {SignIn} from './SignIn.tsx';
import type {Ticker} from './ticker.ts';
import {useTerminalSize} from './use-terminal-size.ts';
import {Seat} from './Seat.tsx';

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

export function SeatApp({lang = 'zh-CN', policy, ticker, agent, pin, signIn, columns: fixedColumns, rows: fixedRows, bell}: SeatAppProps) {
  const t = messages(lang);
  // Before any handler sees a key: one event per key, however stdin's reads cut them.
  const {internal_eventEmitter: inputEvents} = useStdin();
  splitInputEvents(inputEvents);
  // Between the sign-in's answer and the seat's input handler (a React effect after its first
  // frame) keys would reach nobody: the `r` typed as 按 r 就绪 appears. Held here, replayed.
  const early = useRef<string[] | undefined>(undefined);
  useEffect(() => {
    const hold = (raw: unknown) => {
      if (typeof raw === 'string') early.current?.push(raw);
    };
    inputEvents.on('input', hold);
    return () => {
      inputEvents.off('input', hold);
    };
  }, [inputEvents]);
  const listening = useCallback(() => {
    const keys = early.current ?? [];
    early.current = undefined;
    for (const raw of keys) inputEvents.emit('input', raw);
  }, [inputEvents]);
  const size = useTerminalSize();
  const columns = fixedColumns ?? size.columns;
  const rows = fixedRows ?? size.rows;
  const [signedIn, setSignedIn] = useState<SignedIn & {checkPin: (pin: string) => boolean}>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = useCallback((a: string, p: string) => {
    setBusy(true);
    setError(undefined);
    signIn(a, p).then(
      s => {
        early.current = [];
        setSignedIn({...s, checkPin: pinChecker(p)});
      },
      (e: Error & {code?: string}) => {
        setError(signInError(t, e));
        setBusy(false);
      },
    );
  }, [signIn, t]);
  const started = useRef(false);
  useEffect(() => {
    if (agent && pin && !started.current) {
      started.current = true;
      submit(agent, pin);
    }
  }, [agent, pin, submit]);

  // Signed in, the seat decides (a live call asks first); before that Ctrl+C just quits.
  const {exit} = useApp();
  useInput((input, key) => {
    if (key.ctrl && input === 'c') exit();
  }, {isActive: !signedIn});

  if (!signedIn) {
    return (
      <Box flexDirection="column" height={rows - 1} width={columns} alignItems="center" justifyContent="center">
        <SignIn t={t} agent={agent} error={error} busy={busy} onSubmit={submit}/>
      </Box>
    );
  }
  return <Seat t={t} lang={lang} policy={signedIn.policy ?? policy} ticker={ticker} session={signedIn.session} records={signedIn.records} notice={signedIn.notice}
    checkPin={signedIn.checkPin} columns={columns} rows={rows} bell={bell} onListening={listening}/>;
}

/** Why sign-in failed, in the seat's language (the switch's refusals are English codes). */
function signInError(t: Messages, e: Error & {code?: string}): string {
  if (e.code === 'unreachable') return fmt(t.signIn.unreachable, {hub: e.message});
  if (e.code === 'refused' && /^auth\b/.test(e.message)) return t.signIn.wrong;
  if (e.code === 'refused') return fmt(t.signIn.refused, {reason: e.message});
  return fmt(t.signIn.failed, {reason: e.message});
}
