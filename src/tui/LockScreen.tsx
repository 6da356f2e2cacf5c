// the seat locks on Break/Meal and when idle; the agent's PIN unlocks it.
import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import type {Messages} from './i18n.ts';

export type LockScreenProps = {
  readonly t: Messages;
  /** break | meal | idle */
  readonly reason: string;
  /** Time in the locking state, shown so a long break is visible. */
  readonly elapsed: string;
  /** True when the PIN is right. */
  readonly check: (pin: string) => boolean;
  readonly onUnlock: () => void;
};

export function LockScreen({t, reason, elapsed, check, onUnlock}: LockScreenProps) {
  const [pin, setPin] = useState('');
  const [wrong, setWrong] = useState(false);
  useInput((input, key) => {
    if (key.return) {
      if (check(pin)) onUnlock();
      else setWrong(true);
      setPin('');
      return;
    }
    if (key.backspace || key.delete) return setPin(p => p.slice(0, -1));
    if (key.ctrl || key.meta || key.escape) return;
    const text = [...input].filter(ch => ch > ' ' && ch !== '\u007f').join('');
    if (text) {
      setWrong(false);
      setPin(p => (p + text).slice(0, 64));
    }
  });
  return (
    <Box flexDirection="column" borderStyle="double" borderColor="blue" paddingX={2} paddingY={1} width={44}>
      <Text bold color="blue">🔒 {t.lock.title}</Text>
      <Text>{t.lock.reason[reason] ?? reason} {elapsed}</Text>
      <Text> </Text>
      <Text>{t.lock.pin}: {'•'.repeat(pin.length)}▏</Text>
      {wrong ? <Text color="red">{t.lock.wrong}</Text> : <Text> </Text>}
    </Box>
  );
}
