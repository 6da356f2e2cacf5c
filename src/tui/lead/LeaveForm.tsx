// A leave request taken down by the lead for an agent: kind, first and last day, reason.
// Routing (team lead up to 3 days, department head beyond) and the annual-leave notice are
// checked on save; the error says what is wrong and nothing is written.
import {Box, Text} from 'ink';
import type {LeadMessages} from './i18n.ts';

export const leaveKinds = ['personal', 'sick', 'annual', 'other'] as const;
export const leaveFields = ['kind', 'from', 'to', 'reason'] as const;

export type LeaveFormProps = {
  readonly t: LeadMessages;
  /** "1001 张敏". */
  readonly who: string;
  readonly kind: number;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  /** Index into leaveFields. */
  readonly field: number;
};

export function LeaveForm({t, who, kind, from, to, reason, field}: LeaveFormProps) {
  const cursor = (i: number) => (i === field ? '▏' : '');
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{t.leave.title} {who}</Text>
      <Text inverse={field === 0} wrap="truncate-end">{t.leave.kind}: ◀ {t.leave.kinds[leaveKinds[kind]]} ▶</Text>
      <Text inverse={field === 1} wrap="truncate-end">{t.leave.from}: {from}{cursor(1)}</Text>
      <Text inverse={field === 2} wrap="truncate-end">{t.leave.to}: {to}{cursor(2)}</Text>
      <Text inverse={field === 3} wrap="truncate-end">{t.leave.reason}: {reason}{cursor(3)}</Text>
      <Text dimColor wrap="truncate-end">{t.leave.hint}</Text>
    </Box>
  );
}
