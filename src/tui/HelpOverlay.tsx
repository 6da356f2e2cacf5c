// Every key of the seat, grouped by when it works.
import {Box, Text} from 'ink';
import type {Messages} from './i18n.ts';

export type HelpOverlayProps = {
  readonly t: Messages;
};

export function HelpOverlay({t}: HelpOverlayProps) {
  const k = t.keys;
  const groups: Array<[string, string[]]> = [
    [t.idle.title, [k.ready, k.notReady, k.break, k.meal, k.training, k.meeting, k.history, k.callbacks, k.handover, k.wrapup, k.lock]],
    [t.ringing.title, [k.accept]],
    [t.call.title, [k.hold, k.notes, k.transfer, k.hangup, k.silent, k.offer, k.stage, k.close, k.phrase, k.reactions]],
    [t.acw.title, [k.notes, t.acw.done]],
    ['', [k.help, k.quit]],
  ];
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="white" paddingX={1}>
      <Text bold>{t.help.title} <Text dimColor>({t.help.close})</Text></Text>
      {groups.map(([title, keys]) => (
        <Box key={title} flexDirection="column">
          {title ? <Text bold color="cyan">{title}</Text> : null}
          <Text wrap="wrap">  {keys.join('   ')}</Text>
        </Box>
      ))}
      <Text dimColor wrap="wrap">T {t.reactions.thanks} · P {t.reactions.praise} · U {t.reactions.suggest} · B {t.reactions.badLine} · W {t.reactions.wrong} · A {t.reactions.slow}</Text>
    </Box>
  );
}
