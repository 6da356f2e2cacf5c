// the discipline ledger: points this month per agent (10 serious / 2 general, the 3rd
// repeat of a general item counted as serious), serious items in employment, the dismissal line.
import {Box, Text} from 'ink';
import type {AgentLedger} from '../../rules/discipline.ts';
import {violationCatalog, violationKind} from '../../rules/lead-violations.ts';
import type {Lang, LeadMessages} from './i18n.ts';
import {padCells} from './view.ts';

export type LedgerScreenProps = {
  readonly t: LeadMessages;
  readonly lang: Lang;
  readonly month: string;
  readonly agents: ReadonlyArray<{readonly id: string; readonly name: string}>;
  readonly ledgers: readonly (AgentLedger & {readonly name: string})[];
  readonly selected: number;
  /** While recording: the catalog index of the chosen kind. */
  readonly adding?: number;
};

export function LedgerScreen({t, lang, month, agents, ledgers, selected, adding}: LedgerScreenProps) {
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate-end">{padCells('', 16)}{t.ledger.points} · {t.ledger.serious} · {t.ledger.general}</Text>
      {agents.map((a, i) => {
        const l = ledgers.find(x => x.agentId === a.id);
        const m = l?.months.find(x => x.month === month);
        // The item's name in the screen's language (a center's own code as it is); * = counted serious.
        const name = (code: string) => {
          const kind = violationKind(code);
          return kind ? (lang === 'en' ? kind.en : kind.zh) : code;
        };
        const codes = (l?.entries ?? []).filter(e => e.month === month).map(e => `${name(e.code)}${e.counted !== e.severity ? '*' : ''}`);
        return (
          <Text key={a.id} inverse={i === selected} wrap="truncate-end">
            {padCells(`${a.id} ${a.name}`, 16)}<Text color={(m?.points ?? 0) > 0 ? 'yellow' : undefined}>{String(m?.points ?? 0).padStart(4)}</Text> {String(m?.serious ?? 0).padStart(3)} {String(m?.general ?? 0).padStart(3)} {l?.dismissal ? <Text color="red" bold>{t.ledger.dismissal} </Text> : null}<Text dimColor>{codes.join(' ')}</Text>
          </Text>
        );
      })}
      {adding !== undefined ? (
        <Text color="cyan" wrap="truncate-end">{t.ledger.code}: ◀ {lang === 'en' ? violationCatalog[adding].en : violationCatalog[adding].zh} ({t.ledger[violationCatalog[adding].severity]}) {adding + 1}/{violationCatalog.length} ▶</Text>
      ) : <Text dimColor wrap="truncate-end">{t.ledger.add}</Text>}
    </Box>
  );
}
