// Drill-down to one agent: the seat now, KPIs today, QA quota progress, discipline
// points once recorded, and today's calls with masked numbers.
import {Box, Text} from 'ink';
import type {AgentDetail as Detail} from '../../client/floor/floor-model.ts';
import {bar, clock, duration, percent} from './format.ts';
import {fill, type Strings} from './i18n.ts';
import {Cell} from './Cell.tsx';
import {stateColor} from './SeatsTable.tsx';

export type AgentDetailProps = {
  readonly detail: Detail;
  readonly width: number;
  readonly height: number;
  readonly utcOffsetMinutes: number;
  readonly t: Strings;
};

function Progress({label, done, target, width}: {readonly label: string; readonly done: number; readonly target: number; readonly width: number}) {
  const met = done >= target;
  return (
    <Box>
      <Cell width={14}>{label}</Cell>
      <Cell width={8} align="right">{`${done}/${target}`}</Cell>
      <Text color={met ? 'green' : 'yellow'}>{' ' + bar(target > 0 ? done / target : 1, Math.max(0, Math.min(20, width - 24)))}</Text>
    </Box>
  );
}

export function AgentDetail({detail, width, height, utcOffsetMinutes, t}: AgentDetailProps) {
  const {seat, kpi, qa, qaQuota} = detail;
  const inner = width - 2;
  const split = inner >= 90;
  const sideWidth = split ? 44 : inner;
  const side = (
    <Box flexDirection="column" width={sideWidth} flexShrink={0}>
      <Text bold>{t.kpis}</Text>
      <Box><Cell width={14}>{t.answered}</Cell><Text>{String(kpi.answered)}</Text></Box>
      <Box><Cell width={14}>{t.late}</Cell><Text color={kpi.lateAnswers > 0 ? 'yellow' : undefined}>{String(kpi.lateAnswers)}</Text></Box>
      <Box><Cell width={14}>{t.serviceLevel}</Cell><Text>{percent(kpi.serviceLevel)}</Text></Box>
      <Box><Cell width={14}>{t.aht}</Cell><Text>{duration(kpi.ahtMs)}</Text></Box>
      <Box><Cell width={14}>{t.avgHold}</Cell><Text>{duration(kpi.avgHoldMs)}</Text></Box>
      <Text bold>{t.qa}</Text>
      {qa ? (
        <>
          <Progress label={t.qaLive} done={qa.live} target={qaQuota.live} width={sideWidth} />
          <Progress label={t.qaRecording} done={qa.recording} target={qaQuota.recording} width={sideWidth} />
          <Progress label={t.qaSideBySide} done={qa.sideBySide} target={qaQuota.sideBySide} width={sideWidth} />
          {qa.week === undefined ? null : <Progress label={t.qaWeekly} done={qa.week} target={qaQuota.weekly} width={sideWidth} />}
        </>
      ) : <Text dimColor wrap="truncate">{`${t.qaNone} (${t.qaLive} ${qaQuota.live} · ${t.qaRecording} ${qaQuota.recording} · ${t.qaSideBySide} ${qaQuota.sideBySide})`}</Text>}
      <Text bold>{t.discipline}</Text>
      <Text color={detail.disciplinePoints ? 'red' : undefined} dimColor={detail.disciplinePoints === undefined}>
        {detail.disciplinePoints === undefined ? t.disciplineNone : fill(t.disciplinePoints, {points: detail.disciplinePoints})}
      </Text>
    </Box>
  );
  // Lines used above the call list: title, state line, (side block when stacked), list header.
  const sideLines = split ? 0 : 13;
  const listRows = Math.max(0, height - 2 - 2 - sideLines - 2);
  const list = (
    <Box flexDirection="column" flexGrow={1}>
      <Text bold>{t.todaysCalls}</Text>
      {detail.calls.length === 0 ? <Text dimColor>{t.noCalls}</Text> : null}
      {detail.calls.slice(0, listRows).map(call => (
        <Box key={call.callId}>
          <Cell width={9}>{call.offeredAt === undefined ? '' : clock(call.offeredAt, utcOffsetMinutes)}</Cell>
          <Cell width={13}>{call.caller}</Cell>
          <Cell width={5} align="right" color={call.late ? 'yellow' : undefined}>{call.rings === undefined ? '' : `${call.rings}${call.late ? '!' : ''}`}</Cell>
          <Cell width={8} align="right">{duration(call.talkMs)}</Cell>
          <Cell width={7} align="right">{call.holdMs > 0 ? duration(call.holdMs) : ''}</Cell>
          <Cell width={12}>{' ' + (call.endReason ? t.end[call.endReason] ?? call.endReason : '')}</Cell>
        </Box>
      ))}
      {detail.calls.length > listRows && listRows > 0 ? <Text dimColor>{fill(t.more, {n: detail.calls.length - listRows})}</Text> : null}
    </Box>
  );
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" flexShrink={0}>
      <Text bold wrap="truncate">{fill(t.detailTitle, {agent: seat.agent, name: seat.name})}</Text>
      <Text wrap="truncate">
        <Text color={stateColor(seat)}>{t.states[seat.state]}</Text>
        {` ${duration(seat.inStateMs)}`}
        {seat.callMs === undefined ? '' : ` · ${t.call} ${duration(seat.callMs)}`}
        {seat.holdMs === undefined ? '' : ` · ${t.hold} ${duration(seat.holdMs)}`}
        {seat.caller ? ` · ${seat.caller}` : ''}
        {seat.overBreak ? <Text color="red" bold>{` · ${t.overBreak}`}</Text> : ''}
        {seat.longAcw ? <Text color="yellow" bold>{` · ${t.longAcw}`}</Text> : ''}
      </Text>
      {split ? <Box>{side}<Box width={2} />{list}</Box> : <>{side}{list}</>}
    </Box>
  );
}
