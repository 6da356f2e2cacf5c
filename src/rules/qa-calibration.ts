// evaluator calibration. An evaluator whose scores are consistently too high or too low
// against peers is flagged (suspend and retrain). Compared on the same agents where peers
// scored them too, so an evaluator who happens to review stronger agents is not flagged.
import type {PolicyConfig} from './config.ts';

export type QaScore = {readonly evaluatorId: string; readonly agentId: string; readonly score: number};

export type EvaluatorCalibration = {
  readonly evaluatorId: string;
  readonly count: number;
  readonly mean: number;
  /** Peers' mean on the same agents. */
  readonly peersMean: number | undefined;
  /** Mean − peers' mean. */
  readonly difference: number | undefined;
  readonly flagged: boolean;
  readonly direction?: 'high' | 'low';
};

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function calibrateEvaluators(scores: readonly QaScore[], policy: PolicyConfig): EvaluatorCalibration[] {
  const {calibrationThreshold: threshold, calibrationMinScores: minScores} = policy.qa;
  const evaluators = [...new Set(scores.map(s => s.evaluatorId))].sort();
  return evaluators.map(evaluatorId => {
    const own = scores.filter(s => s.evaluatorId === evaluatorId);
    const agents = new Set(own.map(s => s.agentId));
    const peers = scores.filter(s => s.evaluatorId !== evaluatorId && agents.has(s.agentId));
    const shared = own.filter(s => peers.some(p => p.agentId === s.agentId));
    const ownMean = mean(own.map(s => s.score));
    if (shared.length === 0) return {evaluatorId, count: own.length, mean: ownMean, peersMean: undefined, difference: undefined, flagged: false};
    const sharedMean = mean(shared.map(s => s.score));
    const peersMean = mean(peers.map(s => s.score));
    const difference = sharedMean - peersMean;
    const flagged = shared.length >= minScores && Math.abs(difference) >= threshold;
    return {evaluatorId, count: own.length, mean: ownMean, peersMean, difference, flagged, ...(flagged ? {direction: difference > 0 ? 'high' as const : 'low' as const} : {})};
  });
}
