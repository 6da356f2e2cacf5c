// Not Ready with a reason: the agent picks why (the policy's list), by digit or ↑↓ + Enter;
// Esc leaves the state as it was. The switch and the wallboard show the reason picked.
import {useState} from 'react';
import {Box, Text, useInput} from 'ink';
import type {Messages} from './i18n.ts';

export type ReasonPickerProps = {
  readonly t: Messages;
  /** The policy's Not-Ready reasons (PolicyConfig.notReadyReasons). */
  readonly reasons: readonly string[];
  /** How a reason reads in this UI language (falls back to the reason itself). */
  readonly label?: (reason: string) => string;
  readonly onPick: (reason: string) => void;
  readonly onCancel: () => void;
};

export function ReasonPicker({t, reasons, label = r => r, onPick, onCancel}: ReasonPickerProps) {
  const [at, setAt] = useState(0);
  useInput((input, key) => {
    if (key.escape || input === 'q') return onCancel();
    if (key.downArrow) return setAt(i => Math.min(reasons.length - 1, i + 1));
    if (key.upArrow) return setAt(i => Math.max(0, i - 1));
    if (key.return && reasons[at] !== undefined) return onPick(reasons[at]);
    // Digits pick at once: the first nine reasons are one key away.
    const digit = /^[1-9]$/.test(input) ? Number(input) - 1 : -1;
    if (digit >= 0 && digit < reasons.length) onPick(reasons[digit]);
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text bold>{t.reasonPicker.title}</Text>
      {reasons.map((reason, i) => (
        <Text key={`${i}:${reason}`} inverse={i === at} wrap="truncate-end">{i < 9 ? `${i + 1}` : ' '} {label(reason)}</Text>
      ))}
      <Text dimColor wrap="truncate-end">{t.reasonPicker.hint}</Text>
    </Box>
  );
}
