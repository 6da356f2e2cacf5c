// R-34 today in figures: per agent answered calls as bars, service level, AHT, QA average and
// discipline points; the team's calls by hour as a sparkline.
import {Box, Text} from 'ink';
import {duration, pct, sparkline, textBar} from '../../report/text-charts.ts';
import type {LeadMessages} from './i18n.ts';
import type {LeadData} from './lead-data.ts';
import {padCells} from './view.ts';

export type ReportScreenProps = {
  readonly t: LeadMessages;
  readonly report: LeadData['report'];
  /** Terminal columns, for the bar width. */
  readonly columns: number;
};

export function ReportScreen({t, report, columns}: ReportScreenProps) {
  const k = report.team;
  const max = Math.max(1, ...report.agents.map(a => a.kpis.answered));
  const barWidth = Math.max(6, Math.min(30, columns - 56));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end"><Text bold>{t.report.title}</Text> {t.report.offered} {k.offered} · {t.report.answered} {k.answered} · {t.report.sl} {pct(k.serviceLevel)} · {t.report.aht} {duration(k.ahtMs)}</Text>
      <Text wrap="truncate-end">{t.report.hourly} <Text color="cyan">{sparkline(report.hourly)}</Text></Text>
      {report.agents.map(a => (
        <Text key={a.agent} wrap="truncate-end">
          {padCells(`${a.agent} ${a.name}`, 14)} <Text color="green">{padCells(textBar(a.kpis.answered, max, barWidth), barWidth)}</Text> {String(a.kpis.answered).padStart(3)} {t.report.sl} {pct(a.kpis.serviceLevel, 0).padStart(4)} {t.report.qa} {a.qa === null ? '  –' : a.qa.toFixed(0).padStart(3)} {t.report.points} <Text color={a.points > 0 ? 'yellow' : undefined}>{a.points}</Text>
        </Text>
      ))}
    </Box>
  );
}
