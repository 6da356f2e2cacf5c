// Blind transfer: kind (agent/queue/number) and target, with the transfer phrase to say first.
import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import type {TransferTarget} from '../sip/protocol.ts';
import {fmt, type Messages} from './i18n.ts';

export type TransferFormProps = {
  readonly t: Messages;
  /** The §2 transfer phrase. */
  readonly phrase: string;
  /** The last transfer failed: show the transfer-failed phrase. */
  readonly failedPhrase?: string;
  readonly active: boolean;
  readonly onSubmit: (target: TransferTarget) => void;
  readonly onCancel: () => void;
};

const kinds = ['agent', 'queue', 'number'] as const;

export function TransferForm({t, phrase, failedPhrase, active, onSubmit, onCancel}: TransferFormProps) {
  const [kind, setKind] = useState<(typeof kinds)[number]>('agent');
  const [value, setValue] = useState('');
  useInput((input, key) => {
    if (key.escape) return onCancel();
    if (key.leftArrow || key.rightArrow) {
      const at = kinds.indexOf(kind);
      setKind(kinds[(at + (key.leftArrow ? kinds.length - 1 : 1)) % kinds.length] as (typeof kinds)[number]);
      return;
    }
    if (key.return) {
      if (value.trim()) onSubmit({kind, value: value.trim()});
      return;
    }
    if (key.backspace || key.delete) return setValue(v => v.slice(0, -1));
    if (key.ctrl || key.meta) return;
    if (/^[\w*#+.-]+$/.test(input)) setValue(v => (v + input).slice(0, 64));
  }, {isActive: active});
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="cyan" paddingX={1}>
      <Text bold>{t.transfer.title} <Text dimColor>{t.transfer.hint}</Text></Text>
      <Text wrap="wrap">{fmt(t.transfer.say, {phrase})}</Text>
      <Text>{kinds.map(k => (k === kind ? `[${t.transfer.kinds[k]}]` : ` ${t.transfer.kinds[k]} `)).join(' ')}  {t.transfer.target}: <Text bold>{value}▏</Text></Text>
      {failedPhrase ? <Text color="red" wrap="wrap">{t.transfer.failed}: 「{failedPhrase}」</Text> : null}
    </Box>
  );
}
