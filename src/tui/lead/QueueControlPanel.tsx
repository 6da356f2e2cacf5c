// The lead console's queue controls for the shift (issue 14): a small form — agent, action,
// queue, value (the queue to move to, or the penalty) — sent to the switch on Enter, and the
// team's changes of the day under it (who, what, when). The switch decides who may; its refusal
// is shown in red and the form stays open. The console passes its keys on while the panel is open
// (its input handler is subscribed already, so no key typed right after `c` is lost).
import {Box, Text, useInput} from 'ink';
import {useEffect, useReducer, useRef, type MutableRefObject} from 'react';
import type {QueueControlFact, QueueControlRequest} from '../../client/lead/lead-floor.ts';
import type {QueueControlAction} from '../../sip/protocol.ts';
import {fmt, type LeadMessages} from './i18n.ts';
import {clockOf} from './view.ts';

export const controlActions: readonly QueueControlAction[] = ['move', 'join', 'leave', 'penalty', 'sign-out'];
const fields = ['agent', 'action', 'queue', 'value'] as const;

/** The panel's key handler, for a host that reads the keys itself. */
export type PanelKeys = Parameters<typeof useInput>[0];

export type QueueControlPanelProps = {
  /** UI words. */
  readonly t: LeadMessages;
  /** The center's queues to choose from. */
  readonly queues: ReadonlyArray<{readonly id: string; readonly name: string}>;
  /** The team's changes today, oldest first. */
  readonly controls: readonly QueueControlFact[];
  /** The agent the form starts with (the selected roster row). */
  readonly agent?: string;
  readonly utcOffsetMinutes: number;
  /** Rows for the list of changes. */
  readonly height?: number;
  /** Send one change; rejects with the switch's reason. */
  readonly onSubmit: (request: QueueControlRequest) => Promise<void>;
  /** Close the panel, with what to show in the console's message line. */
  readonly onClose: (message?: {readonly kind: 'ok' | 'error'; readonly text: string}) => void;
  /** Where the host finds the panel's key handler; without it the panel reads the keys itself. */
  readonly keys?: MutableRefObject<PanelKeys | undefined>;
};

type Form = {agent: string; action: number; queue: number; to: number; penalty: string; field: number; busy: boolean; error?: string};

/** What a change did, in the console's words. */
export function describeControl(t: LeadMessages, c: {readonly action: QueueControlAction; readonly target: string; readonly queue?: string; readonly to?: string; readonly penalty?: number}): string {
  return fmt(t.control.what[c.action] ?? c.action, {agent: c.target, queue: c.queue ?? '', to: c.to ?? '', penalty: c.penalty ?? ''});
}

export function QueueControlPanel({t, queues, controls, agent = '', utcOffsetMinutes, height = 8, onSubmit, onClose, keys}: QueueControlPanelProps) {
  // In a ref, so keys typed faster than React re-renders see the state the previous key left.
  const form = useRef<Form>({agent, action: 0, queue: 0, to: Math.min(1, Math.max(0, queues.length - 1)), penalty: '', field: agent ? 1 : 0, busy: false});
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const update = (patch: Partial<Form>) => {
    form.current = {...form.current, ...patch};
    rerender();
  };
  const f = form.current;
  const action = controlActions[f.action]!;
  const shown = fields.filter(id => (id !== 'queue' || action !== 'sign-out') && (id !== 'value' || action === 'move' || action === 'penalty'));
  const cycle = (n: number, by: number, size: number) => (size === 0 ? 0 : (n + by + size) % size);

  const submit = () => {
    const {agent, queue, to, penalty} = form.current;
    const q = queues[queue]?.id;
    const request: QueueControlRequest | undefined =
      action === 'sign-out' ? {action, agent}
      : action === 'move' ? {action, agent, ...(q ? {queue: q} : {}), ...(queues[to] ? {to: queues[to].id} : {})}
      : action === 'penalty' ? (/^\d{1,2}$/.test(penalty) ? {action, agent, ...(q ? {queue: q} : {}), penalty: Number(penalty)} : undefined)
      : {action, agent, ...(q ? {queue: q} : {})};
    if (!request) return update({error: t.control.badPenalty});
    update({busy: true, error: undefined});
    onSubmit(request).then(
      () => onClose({kind: 'ok', text: fmt(t.control.done, {what: describeControl(t, {...request, target: agent})})}),
      (error: Error) => update({busy: false, error: error.message}),
    );
  };

  const onKey: PanelKeys = (input, key) => {
    const f = form.current;
    if (key.escape) return onClose();
    if (f.busy) return;
    const field = shown[Math.min(f.field, shown.length - 1)]!;
    const at = shown.indexOf(field);
    if (key.tab || key.downArrow) return update({field: (at + 1) % shown.length});
    if (key.upArrow) return update({field: (at + shown.length - 1) % shown.length});
    if (key.return) return submit();
    const by = key.leftArrow ? -1 : key.rightArrow ? 1 : 0;
    if (field === 'action' && by) return update({action: cycle(f.action, by, controlActions.length), field: 1});
    if (field === 'queue' && by) return update({queue: cycle(f.queue, by, queues.length)});
    if (field === 'value' && action === 'move' && by) return update({to: cycle(f.to, by, queues.length)});
    const text = field === 'agent' ? 'agent' : field === 'value' && action === 'penalty' ? 'penalty' : undefined;
    if (!text) return;
    if (key.backspace || key.delete) return update({[text]: [...f[text]].slice(0, -1).join('')});
    if (/^\d+$/.test(input)) update({[text]: (f[text] + input).slice(0, text === 'agent' ? 16 : 2)});
  };
  if (keys) keys.current = onKey;
  // A closed panel takes no more keys.
  useEffect(() => () => {
    if (keys) keys.current = undefined;
  }, [keys]);
  useInput(onKey, {isActive: !keys});

  const queueText = (i: number) => (queues[i] ? `◀ ${queues[i].id} ${queues[i].name} ▶` : '—');
  const value = (id: (typeof fields)[number]) =>
    id === 'agent' ? f.agent
    : id === 'action' ? `◀ ${t.control.actions[action] ?? action} ▶`
    : id === 'queue' ? queueText(f.queue)
    : action === 'move' ? queueText(f.to) : f.penalty;
  const selected = shown[Math.min(f.field, shown.length - 1)];
  const recent = controls.slice(-Math.max(1, height - shown.length - 3));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{t.control.title}</Text>
      {shown.map(id => (
        <Text key={id} inverse={id === selected} wrap="truncate-end">
          {t.control.fields[id === 'value' ? (action === 'move' ? 'to' : 'penalty') : id]}: {value(id)}{id === selected && (id === 'agent' || (id === 'value' && action === 'penalty')) ? '▏' : ''}
        </Text>
      ))}
      <Text color={f.error ? 'red' : 'cyan'} wrap="truncate-end">{f.error ?? (f.busy ? t.control.sending : ' ')}</Text>
      <Text dimColor wrap="truncate-end">{t.control.recent}</Text>
      {recent.length === 0 ? <Text dimColor wrap="truncate-end">{t.control.none}</Text> : recent.map(c => (
        <Text key={`${c.at}/${c.lead}/${c.target}/${c.action}`} wrap="truncate-end">
          {fmt(t.control.fact, {time: clockOf(c.at, utcOffsetMinutes).slice(0, 5), lead: c.lead, what: describeControl(t, c)})}
        </Text>
      ))}
    </Box>
  );
}
