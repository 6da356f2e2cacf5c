// Agent id + PIN. The PIN is never echoed.
import {Box, Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import type {Messages} from './i18n.ts';

export type SignInProps = {
  readonly t: Messages;
  /** Prefilled agent id (from --agent). */
  readonly agent?: string;
  /** The hub refused the last attempt: why. */
  readonly error?: string;
  /** A sign-in is under way. */
  readonly busy?: boolean;
  readonly onSubmit: (agent: string, pin: string) => void;
};

export function SignIn({t, agent: initialAgent = '', error, busy = false, onSubmit}: SignInProps) {
  // The form lives in a ref updated as keys arrive, so keys typed faster than a frame
  // (a paste, a scripted terminal) never meet a stale value; state only triggers the redraw.
  const form = useRef({agent: initialAgent, pin: '', field: (initialAgent ? 'pin' : 'agent') as 'agent' | 'pin'});
  const [, redraw] = useState(0);
  const update = (patch: Partial<typeof form.current>) => {
    form.current = {...form.current, ...patch};
    redraw(n => n + 1);
  };
  useInput((input, key) => {
    if (busy) return;
    const f = form.current;
    if (key.tab || key.upArrow || key.downArrow) return update({field: f.field === 'agent' ? 'pin' : 'agent'});
    if (key.return) {
      if (f.field === 'agent') return update({field: 'pin'});
      if (f.agent && f.pin) {
        onSubmit(f.agent, f.pin);
        update({pin: ''});
      }
      return;
    }
    const value = f[f.field];
    if (key.backspace || key.delete) return update({[f.field]: value.slice(0, -1)});
    if (key.ctrl || key.meta || key.escape) return;
    const text = [...input].filter(ch => ch > ' ' && ch !== '\u007f').join('');
    if (text) update({[f.field]: (value + text).slice(0, f.field === 'agent' ? 16 : 64)});
  });
  const {agent, pin, field} = form.current;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={2} paddingY={1} width={44}>
      <Text bold color="cyan">{t.signIn.title}</Text>
      <Text> </Text>
      <Text inverse={field === 'agent'}>{t.signIn.agent}: {agent}{field === 'agent' ? '▏' : ''}</Text>
      <Text inverse={field === 'pin'}>{t.signIn.pin}: {'•'.repeat(pin.length)}{field === 'pin' ? '▏' : ''}</Text>
      <Text> </Text>
      {busy ? <Text color="yellow">{t.signIn.connecting}</Text> : error ? <Text color="red" wrap="wrap">{error}</Text> : <Text dimColor>{t.signIn.hint}</Text>}
    </Box>
  );
}
