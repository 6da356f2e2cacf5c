// Agent id + PIN. The PIN is never echoed.
import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import {fmt, type Messages} from './i18n.ts';

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
  const [agent, setAgent] = useState(initialAgent);
  const [pin, setPin] = useState('');
  const [field, setField] = useState<'agent' | 'pin'>(initialAgent ? 'pin' : 'agent');
  useInput((input, key) => {
    if (busy) return;
    if (key.tab || key.upArrow || key.downArrow) return setField(f => (f === 'agent' ? 'pin' : 'agent'));
    if (key.return) {
      if (field === 'agent') return setField('pin');
      if (agent && pin) {
        onSubmit(agent, pin);
        setPin('');
      }
      return;
    }
    const set = field === 'agent' ? setAgent : setPin;
    if (key.backspace || key.delete) return set(v => v.slice(0, -1));
    if (key.ctrl || key.meta || key.escape) return;
    const text = [...input].filter(ch => ch > ' ' && ch !== '\u007f').join('');
    if (text) set(v => (v + text).slice(0, field === 'agent' ? 16 : 64));
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={2} paddingY={1} width={44}>
      <Text bold color="cyan">{t.signIn.title}</Text>
      <Text> </Text>
      <Text inverse={field === 'agent'}>{t.signIn.agent}: {agent}{field === 'agent' ? '▏' : ''}</Text>
      <Text inverse={field === 'pin'}>{t.signIn.pin}: {'•'.repeat(pin.length)}{field === 'pin' ? '▏' : ''}</Text>
      <Text> </Text>
      {busy ? <Text color="yellow">{t.signIn.connecting}</Text> : error ? <Text color="red" wrap="wrap">{fmt(t.signIn.wrong, {reason: error})}</Text> : <Text dimColor>{t.signIn.hint}</Text>}
    </Box>
  );
}
