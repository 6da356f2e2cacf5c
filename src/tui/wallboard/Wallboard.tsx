// The team lead's wallboard: header, R-18 banner, seats table, queue and service panels, the
// agent drill-down and help. Keyboard navigation only; it takes data and callbacks and has no
// way to reach the center (read-only by construction).
import {useRef, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import type {AgentDetail as Detail, FloorView} from '../../client/floor/floor-model.ts';
import {clock} from './format.ts';
import {strings, type Lang} from './i18n.ts';
import {SeatsTable} from './SeatsTable.tsx';
import {QueuePanel} from './QueuePanel.tsx';
import {ServicePanel} from './ServicePanel.tsx';
import {PeakBanner} from './PeakBanner.tsx';
import {AgentDetail} from './AgentDetail.tsx';
import {HelpPanel} from './HelpPanel.tsx';

export type WallboardProps = {
  /** The floor now (FloorModel.view()). */
  readonly view: FloorView;
  /** One agent's drill-down (FloorModel.detail). */
  readonly detailOf: (agent: string) => Detail | undefined;
  readonly lang?: Lang;
  /** Terminal size; the frame stays one row shorter than the terminal so Ink never clears it. */
  readonly columns: number;
  readonly rows: number;
  /** The center's UTC offset for clock times (R-19). */
  readonly utcOffsetMinutes?: number;
  /** The lead pressed q. */
  readonly onQuit?: () => void;
};

const panels = ['seats', 'queue', 'service'] as const;
type Panel = (typeof panels)[number];

export function Wallboard({view, detailOf, lang = 'zh-CN', columns, rows, utcOffsetMinutes = 480, onQuit}: WallboardProps) {
  const t = strings(lang);
  const [focus, setFocus] = useState<Panel>('seats');
  const [selectedAgent, setSelectedAgent] = useState<string | undefined>(undefined);
  const [drill, setDrill] = useState<string | undefined>(undefined);
  const [help, setHelp] = useState(false);

  const width = Math.max(40, columns);
  const height = Math.max(12, rows - 1);
  const bodyHeight = height - 3;
  const rightWidth = width >= 160 ? 70 : width >= 120 ? 50 : 32;
  const seatsWidth = width - rightWidth;
  const serviceHeight = Math.min(10, Math.max(5, bodyHeight - 8));
  const queueHeight = bodyHeight - serviceHeight;
  const pageSize = Math.max(1, bodyHeight - 3);

  // Selection follows the agent, not the row, so a seat that changes order keeps the cursor.
  const found = selectedAgent === undefined ? -1 : view.seats.findIndex(s => s.agent === selectedAgent);
  const selected = found >= 0 ? found : 0;
  // Keys read the latest render's state through a ref: a key that arrives before Ink has
  // re-subscribed the new handler must not act on the previous frame.
  const latest = useRef({seats: view.seats, selected, focus, drill, help});
  latest.current = {seats: view.seats, selected, focus, drill, help};
  const move = (delta: number) => {
    const {seats, selected: from} = latest.current;
    if (seats.length === 0) return;
    const next = Math.min(seats.length - 1, Math.max(0, from + delta));
    latest.current = {...latest.current, selected: next};
    setSelectedAgent(seats[next].agent);
  };

  useInput((input, key) => {
    const {seats, selected, focus, drill, help} = latest.current;
    if (input === 'q' || (key.ctrl && input === 'c')) {
      onQuit?.();
      return;
    }
    const set = (patch: Partial<typeof latest.current>) => {
      latest.current = {...latest.current, ...patch};
    };
    if (input === '?') {
      set({help: !help});
      setHelp(!help);
      return;
    }
    if (help) {
      if (key.escape || key.return) {
        set({help: false});
        setHelp(false);
      }
      return;
    }
    if (drill !== undefined) {
      if (key.escape || key.return || key.backspace || key.leftArrow) {
        set({drill: undefined});
        setDrill(undefined);
      }
      return;
    }
    if (key.tab) {
      const next = panels[(panels.indexOf(focus) + (key.shift ? panels.length - 1 : 1)) % panels.length];
      set({focus: next});
      setFocus(next);
      return;
    }
    if (focus !== 'seats') return;
    if (key.upArrow || input === 'k') move(-1);
    else if (key.downArrow || input === 'j') move(1);
    else if (key.pageUp) move(-pageSize);
    else if (key.pageDown) move(pageSize);
    else if (key.home || input === 'g') move(-seats.length);
    else if (key.end || input === 'G') move(seats.length);
    else if (key.return && seats[selected]) {
      set({drill: seats[selected].agent});
      setDrill(seats[selected].agent);
    }
  });

  const c = view.counts;
  const status = `${t.ready} ${c.ready} · ${t.talking} ${c.talking} · ${t.acwShort} ${c.acw} · ${t.away} ${c.away} · ${t.offline} ${c.offline}`;
  const detail = drill === undefined ? undefined : detailOf(drill);

  let body;
  if (help) body = <HelpPanel width={width} height={bodyHeight} t={t} />;
  else if (detail) body = <AgentDetail detail={detail} width={width} height={bodyHeight} utcOffsetMinutes={utcOffsetMinutes} t={t} />;
  else {
    body = (
      <Box>
        <SeatsTable seats={view.seats} selected={selected} focused={focus === 'seats'} width={seatsWidth} height={bodyHeight} t={t} />
        <Box flexDirection="column" width={rightWidth}>
          <QueuePanel queue={view.queue} peak={view.peak} predictablePeak={view.predictablePeak} predictablePeakName={view.predictablePeakName} focused={focus === 'queue'} width={rightWidth} height={queueHeight} t={t} />
          <ServicePanel today={view.today} hour={view.hour} focused={focus === 'service'} width={rightWidth} height={serviceHeight} t={t} />
        </Box>
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box width={width} height={1}>
        <Text wrap="truncate">
          <Text bold color="cyan">{t.title}</Text>
          {` ${clock(view.now, utcOffsetMinutes)} `}
          <Text color={view.connected ? 'green' : 'red'}>{view.connected ? `● ${t.connected}` : `○ ${t.disconnected}`}</Text>
          <Text dimColor>{` ${t.readOnly}${view.lead ? ` · ${view.lead.name}` : ''} │ `}</Text>
          {view.media && !view.media.anchored ? <Text color="red">{`${t.recordingsOff} │ `}</Text> : null}
          {status}
        </Text>
      </Box>
      <PeakBanner peak={view.peak} width={width} t={t} />
      <Box height={bodyHeight}>{body}</Box>
      <Box width={width} height={1}><Text dimColor wrap="truncate">{t.footer}</Text></Box>
    </Box>
  );
}
