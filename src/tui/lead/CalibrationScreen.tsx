// Evaluator calibration on the console: each evaluator's mean score this month against
// peers' mean on the same agents; one consistently too high or too low is flagged to be
// suspended and retrained. The same figures as the report (src/rules/qa-calibration.ts).
import {Box, Text} from 'ink';
import type {EvaluatorCalibration} from '../../rules/qa-calibration.ts';
import {fmt, type LeadMessages} from './i18n.ts';
import {padCells} from './view.ts';

export type CalibrationScreenProps = {
  readonly t: LeadMessages;
  readonly evaluators: readonly EvaluatorCalibration[];
  /** Policy: the difference (points) and the shared scores that flag an evaluator. */
  readonly threshold: number;
  readonly minScores: number;
  /** Agent id → name, for the evaluators. */
  readonly names: ReadonlyMap<string, string>;
};

const num = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(1));

export function CalibrationScreen({t, evaluators, threshold, minScores, names}: CalibrationScreenProps) {
  const w = t.calibration;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{w.title}</Text>
      <Text dimColor wrap="truncate-end">{fmt(w.rule, {threshold, min: minScores})}</Text>
      {evaluators.length === 0 ? <Text dimColor>{w.none}</Text> : <Text dimColor wrap="truncate-end">{w.head}</Text>}
      {evaluators.map(e => (
        <Text key={e.evaluatorId} wrap="truncate-end">
          {padCells(`${e.evaluatorId} ${names.get(e.evaluatorId) ?? ''}`, 14)} {String(e.count).padStart(3)} {num(e.mean).padStart(6)} {num(e.peersMean).padStart(6)} {(e.difference === undefined ? '–' : `${e.difference > 0 ? '+' : ''}${e.difference.toFixed(1)}`).padStart(6)}{' '}
          {e.flagged ? <Text color="red" bold>{e.direction === 'high' ? w.high : w.low}</Text> : e.peersMean === undefined ? <Text dimColor>{w.noPeers}</Text> : <Text color="green">{w.ok}</Text>}
        </Text>
      ))}
    </Box>
  );
}
