// A small multi-line editor (shift handover, wrap-up remarks): saved on every keystroke.
import {Box, Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import {fit} from './format.ts';

export type TextEditorProps = {
  readonly title: string;
  readonly hint: string;
  readonly text: string;
  readonly rows: number;
  readonly width: number;
  readonly onChange: (text: string) => void;
  /** Ctrl+S, and on leaving: hand the text to the team's documents. */
  readonly onSave?: () => void;
  readonly onClose: () => void;
  /** Shown after Ctrl+S until the next edit, so the agent knows the save happened. */
  readonly savedText?: string;
};

export function TextEditor({title, hint, text, rows, width, onChange, onSave, onClose, savedText}: TextEditorProps) {
  const [saved, setSaved] = useState(false);
  // Keys of one chunk come before the next frame: each edits the text the last one left.
  const latest = useRef(text);
  latest.current = text;
  const change = (next: string) => {
    latest.current = next;
    setSaved(false);
    onChange(next);
  };
  useInput((input, key) => {
    const text = latest.current;
    if (key.escape) {
      onSave?.();
      return onClose();
    }
    if (key.ctrl && input === 's') {
      onSave?.();
      setSaved(Boolean(onSave));
      return;
    }
    if (key.return) return change(`${text}\n`);
    if (key.backspace || key.delete) return change([...text].slice(0, -1).join(''));
    if (key.ctrl || key.meta) return;
    const chars = [...input].filter(ch => ch >= ' ' && ch !== '\u007f').join('');
    if (chars) change(text + chars);
  });
  const lines = text.split('\n');
  const shown = lines.slice(Math.max(0, lines.length - rows));
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="cyan" paddingX={1}>
      <Text wrap="truncate-end"><Text bold>{title}</Text> <Text dimColor>{hint}</Text>{saved && savedText ? <Text color="green"> ✓ {savedText}</Text> : null}</Text>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end">{fit(line, width - 6)}{i === shown.length - 1 ? '▏' : ''}</Text>
      ))}
    </Box>
  );
}
