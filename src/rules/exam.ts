// the placement exam: recording test 50 + written 50, pass at ≥ 80 in total with
// neither part failed; a fail extends probation.
import type {PolicyConfig} from './config.ts';

export type ExamResult = {
  readonly total: number;
  readonly passed: boolean;
  readonly failedParts: readonly ('recording' | 'written')[];
  readonly outcome: 'pass' | 'extend_probation';
};

export function placementExam(scores: {readonly recording: number; readonly written: number}, policy: PolicyConfig): ExamResult {
  const t = policy.training;
  for (const [part, max] of [['recording', t.recordingMax], ['written', t.writtenMax]] as const) {
    const score = scores[part];
    if (!Number.isFinite(score) || score < 0 || score > max) throw new RangeError(`placementExam: ${part} score must be 0–${max}, got ${score}`);
  }
  const failedParts: ExamResult['failedParts'][number][] = [];
  if (scores.recording < t.recordingMax * t.partPassFraction) failedParts.push('recording');
  if (scores.written < t.writtenMax * t.partPassFraction) failedParts.push('written');
  const total = scores.recording + scores.written;
  const passed = total >= t.passTotal && failedParts.length === 0;
  return {total, passed, failedParts, outcome: passed ? 'pass' : 'extend_probation'};
}
