// the discipline ledger (工作纪律). Serious −10, general −2, counted per month; the 3rd
// repeat of the same general violation in a month counts as serious; 3 serious violations in
// employment → dismissal.
import type {PolicyConfig} from './config.ts';
import {localTime} from './calendar.ts';

export type Violation = {
  readonly agentId: string;
  readonly atMs: number;
  readonly severity: 'serious' | 'general';
  /** What was broken, e.g. `rudeness`, `forbidden_phrase`, `break_overrun`, `no_sign_in`. */
  readonly code: string;
};

export type LedgerEntry = Violation & {
  readonly month: string;
  /** Severity as counted (a repeated general one may count as serious). */
  readonly counted: 'serious' | 'general';
  readonly points: number;
  /** Occurrence of this code this month, from 1. */
  readonly repeat: number;
};

export type MonthTotals = {readonly month: string; readonly points: number; readonly serious: number; readonly general: number};

export type AgentLedger = {
  readonly agentId: string;
  readonly entries: readonly LedgerEntry[];
  readonly months: readonly MonthTotals[];
  readonly seriousTotal: number;
  readonly dismissal: boolean;
};

export function disciplineLedger(violations: readonly Violation[], policy: PolicyConfig): AgentLedger[] {
  const d = policy.discipline;
  const agents = [...new Set(violations.map(v => v.agentId))].sort();
  return agents.map(agentId => {
    const own = violations.filter(v => v.agentId === agentId).sort((a, b) => a.atMs - b.atMs);
    const repeats = new Map<string, number>();
    const entries: LedgerEntry[] = own.map(v => {
      const month = localTime(v.atMs, policy).date.slice(0, 7);
      const key = `${month}|${v.severity}|${v.code}`;
      const repeat = (repeats.get(key) ?? 0) + 1;
      repeats.set(key, repeat);
      const counted = v.severity === 'serious' || repeat >= d.generalRepeatCountsAsSerious ? 'serious' : 'general';
      return {...v, month, counted, repeat, points: counted === 'serious' ? d.seriousPoints : d.generalPoints};
    });
    const months = [...new Set(entries.map(e => e.month))].sort().map(month => {
      const inMonth = entries.filter(e => e.month === month);
      return {
        month,
        points: inMonth.reduce((sum, e) => sum + e.points, 0),
        serious: inMonth.filter(e => e.counted === 'serious').length,
        general: inMonth.filter(e => e.counted === 'general').length,
      };
    });
    const seriousTotal = entries.filter(e => e.counted === 'serious').length;
    return {agentId, entries, months, seriousTotal, dismissal: seriousTotal >= d.dismissalSerious};
  });
}
