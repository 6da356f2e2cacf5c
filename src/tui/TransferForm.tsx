// Blind transfer: kind (agent/queue/number) and target, with the transfer phrase to say first.
import {Box, Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import type {TransferTarget} from '../sip/protocol.ts';
import {fmt, type Messages} from './i18n.ts';

export type TransferFormProps = {
  readonly t: Messages;
  /** The §2 transfer phrase. */
  readonly phrase: string;
  /** The last transfer failed: show the transfer-failed phrase. */
  readonly failedPhrase?: string;
  readonly active: boolean;
  /** Whether the form has the keys right now (read per key; `active` is the last frame's). */
  readonly live?: () => boolean;
  readonly onSubmit: (target: TransferTarget) => void;
  readonly onCancel: () => void;
};

const kinds = ['agent', 'queue', 'number'] as const;

export function TransferForm({t, phrase, failedPhrase, active, live, onSubmit, onCancel}: TransferFormProps) {
  // Read and written per key (keys can come faster than frames); state only redraws.
  const form = useRef<{kind: (typeof kinds)[number]; value: string}>({kind: 'agent', value: ''});
  const [, redraw] = useState(0);
  const setKind = (kind: (typeof kinds)[number]) => {
    form.current = {...form.current, kind};
    redraw(n => n + 1);
  };
  const setValue = (update: (v: string) => string) => {
    form.current = {...form.current, value: update(form.current.value)};
    redraw(n => n + 1);
  };
  useInput((input, key) => {
    if (live && !live()) return;
    if (key.escape) return onCancel();
    const {kind, value} = form.current;
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
  const {kind, value} = form.current;
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="cyan" paddingX={1}>
      <Text bold>{t.transfer.title} <Text dimColor>{t.transfer.hint}</Text></Text>
      <Text wrap="wrap">{fmt(t.transfer.say, {phrase})}</Text>
      <Text>{kinds.map(k => (k === kind ? `[${t.transfer.kinds[k]}]` : ` ${t.transfer.kinds[k]} `)).join(' ')}  {t.transfer.target}: <Text bold>{value}▏</Text></Text>
      {failedPhrase ? <Text color="red" wrap="wrap">{t.transfer.failed}: 「{failedPhrase}」</Text> : null}
    </Box>
  );
}
