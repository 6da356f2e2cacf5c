// The keys, and the promise that none of them changes the center.
import {Box, Text} from 'ink';
import type {Strings} from './i18n.ts';

export type HelpPanelProps = {readonly width: number; readonly height: number; readonly t: Strings};

export function HelpPanel({width, height, t}: HelpPanelProps) {
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" flexShrink={0}>
      <Text bold>{t.help}</Text>
      {t.helpLines.map(line => <Text key={line} wrap="truncate">{line}</Text>)}
    </Box>
  );
}
