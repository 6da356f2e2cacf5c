// The line above an active call: caller, queue, talk and hold timers, flags.
import {Box, Text} from 'ink';
import {duration} from './format.ts';
import type {Messages} from './i18n.ts';

export type CallHeaderProps = {
  readonly t: Messages;
  /** Full number: the active call is the one place it is shown unmasked. */
  readonly caller: string;
  readonly queue: string;
  readonly talkMs: number;
  /** Time on the current hold, if on hold. */
  readonly holdMs?: number;
  /** R-02 flag. */
  readonly late: boolean;
  /** "张先生/女士" once the surname is typed. */
  readonly addressAs?: string;
};

export function CallHeader({t, caller, queue, talkMs, holdMs, late, addressAs}: CallHeaderProps) {
  return (
    <Box>
      <Text wrap="truncate-end">
        <Text bold color="cyan">☎ {t.call.title}</Text>
        <Text> {caller} </Text>
        <Text dimColor>{queue} </Text>
        {addressAs ? <Text color="green">{addressAs} </Text> : null}
        <Text>{t.call.talk} {duration(talkMs)}</Text>
        {holdMs !== undefined ? <Text color="yellow" bold> {t.call.hold} {duration(holdMs)}</Text> : null}
        {late ? <Text color="red"> {t.call.flaggedLate}</Text> : null}
      </Text>
    </Box>
  );
}
