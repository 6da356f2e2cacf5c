// the value-added offer, its count, and the lock after the second decline.
import {Box, Text} from 'ink';
import {fmt, type Messages} from './i18n.ts';

export type OfferPanelProps = {
  readonly t: Messages;
  readonly offers: number;
  readonly declined: number;
  /** False after R-13's limit: the offer script is disabled. */
  readonly allowed: boolean;
  /** An offer was made and awaits the customer's answer. */
  readonly awaiting: boolean;
  /** The offer phrase. */
  readonly phrase: string;
  /** R-13's offers per call. */
  readonly max: number;
};

export function OfferPanel({t, offers, declined, allowed, awaiting, phrase, max}: OfferPanelProps) {
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text wrap="truncate-end"><Text bold>{t.offers.title}</Text> {fmt(t.offers.count, {offers, accepted: offers - declined, declined})}</Text>
      {/* Two declines lock the offer; two offers made (one accepted) end it without a refusal. */}
      {!allowed ? <Text color={declined >= max ? 'red' : 'yellow'} wrap="truncate-end">⛔ {declined >= max ? fmt(t.offers.disabled, {n: declined}) : fmt(t.offers.limit, {n: offers})}</Text> : null}
      {allowed && awaiting ? <Text wrap="wrap">「{phrase}」 <Text bold color="cyan">{t.offers.ask}</Text></Text> : null}
    </Box>
  );
}
