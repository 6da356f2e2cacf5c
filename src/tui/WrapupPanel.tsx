// R-35 daily wrap-up (工作日结): today's KPIs computed by src/rules from the seat's calls, and remarks.
import {Box, Text} from 'ink';
import type {PolicyConfig} from '../rules/config.ts';
import {computeKpis} from '../rules/kpi.ts';
import {kpiCalls} from '../sync/seat-call.ts';
import {duration} from './format.ts';
import type {Messages} from './i18n.ts';
import type {CallRow} from '../client/seat-records.ts';
import {TextEditor} from './TextEditor.tsx';

export type WrapupPanelProps = {
  readonly t: Messages;
  readonly calls: readonly CallRow[];
  readonly policy: PolicyConfig;
  readonly agent: string;
  readonly text: string;
  readonly rows: number;
  readonly width: number;
  readonly onChange: (text: string) => void;
  readonly onSave: () => void;
  readonly onClose: () => void;
};

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function WrapupPanel({t, calls, policy, agent, text, rows, width, onChange, onSave, onClose}: WrapupPanelProps) {
  const k = computeKpis(kpiCalls(calls, agent), policy);
  return (
    <Box flexDirection="column">
      <Box flexDirection="column" borderStyle="single" paddingX={1}>
        <Text bold>{t.wrapup.title} · {t.wrapup.kpis}</Text>
        <Text wrap="truncate-end">{t.kpi.offered} {k.offered}  {t.kpi.answered} {k.answered}  {t.kpi.answerRate} {pct(k.answerRate)}  {t.kpi.serviceLevel} {pct(k.serviceLevel)}</Text>
        <Text wrap="truncate-end">{t.kpi.aht} {duration(k.ahtMs)}  {t.kpi.hold} {duration(k.holdMs)}</Text>
      </Box>
      <TextEditor title={t.wrapup.remarks} hint={t.wrapup.hint} text={text} rows={Math.max(2, rows - 6)} width={width} onChange={onChange} onSave={onSave} onClose={onClose} savedText={t.wrapup.saved}/>
    </Box>
  );
}
