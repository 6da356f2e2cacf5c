// The console's top lines: title, team, day, clock and the link state; then the screen tabs.
import {Box, Text} from 'ink';
import {fmt, type LeadMessages} from './i18n.ts';
import type {LinkStatus} from '../../client/lead/lead-link.ts';

export const screenIds = ['qa', 'disputes', 'feedback', 'workforce', 'ledger', 'review', 'report', 'calibration'] as const;
export type ScreenId = (typeof screenIds)[number];

export type LeadHeaderProps = {
  /** UI words. */
  readonly t: LeadMessages;
  /** "9001 班长 林". */
  readonly who: string;
  readonly team: string;
  readonly day: string;
  /** HH:MM:SS in the center's time. */
  readonly clock: string;
  readonly status: LinkStatus;
  readonly screen: ScreenId;
  /** Open disputes and overdue feedback, shown on their tabs. */
  readonly badges: Partial<Record<ScreenId, number>>;
  /** Live state beside the clock: a listen-in in progress, "recordings off". */
  readonly live?: {readonly text: string; readonly color: string};
};

export function LeadHeader({t, who, team, day, clock, status, screen, badges, live}: LeadHeaderProps) {
  const link = status.connected < status.total ? t.sync.offline : !status.synced ? t.sync.syncing : status.unsaved > 0 ? fmt(t.sync.unsaved, {n: status.unsaved}) : t.sync.synced;
  const linkColor = status.connected < status.total ? 'red' : status.unsaved > 0 || !status.synced ? 'yellow' : 'green';
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between">
        <Text wrap="truncate-end"><Text bold inverse color="cyan"> {t.title} </Text><Text> {team} · {day} · </Text><Text dimColor>{who}</Text></Text>
        <Text wrap="truncate-end">{live ? <Text color={live.color}>{live.text} · </Text> : null}<Text color={linkColor}>{link}</Text><Text bold> {clock}</Text></Text>
      </Box>
      <Text wrap="truncate-end">
        {screenIds.map((id, i) => (
          <Text key={id} inverse={id === screen} bold={id === screen}>{`${i + 1} ${t.screens[id]}${badges[id] ? `(${badges[id]})` : ''} `}</Text>
        ))}
      </Text>
    </Box>
  );
}
