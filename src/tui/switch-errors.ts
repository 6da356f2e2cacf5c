// The switch refuses in English codes and sentences (its log's language); the seat tells the
// agent in the seat's language, keeping the ids (agents, queues) the sentence names.
import {fmt, type Messages} from './i18n.ts';

/** The switch's refusal `error` (a CommandError: code + message) as the agent should read it. */
export function switchErrorText(t: Messages, error: Error & {code?: string}): string {
  const m = error.message;
  const said = t.switchErrors;
  switch (error.code) {
    case 'unavailable': {
      const found = /agent (\S+) is not available \(([^),]*)(, phone not registered)?\)/.exec(m);
      if (!found) break;
      const state = (t.states as Record<string, string>)[found[2] as string] ?? found[2];
      return fmt(found[3] ? said.unavailableNoPhone : said.unavailable, {agent: found[1] as string, state: state as string});
    }
    case 'unknown-queue':
    case 'unknown-agent': {
      const id = /"([^"]*)"/.exec(m)?.[1];
      if (id !== undefined) return fmt(error.code === 'unknown-queue' ? said.unknownQueue : said.unknownAgent, {id});
      break;
    }
    case 'transfer-failed': {
      const target = /^(\S+) did not answer/.exec(m)?.[1];
      return target ? fmt(said.targetNoAnswer, {target}) : said.transferFailed;
    }
    case 'busy':
      if (/^call \S+ is busy: (\w+) in progress/.test(m)) return said.callBusy;
      if (/^cannot (change state|sign out) while/.test(m)) return said.finishCallFirst;
      break;
    case 'timeout':
      return said.timeout;
    case 'offline':
      return said.offline;
    case 'no-trunk':
      return said.noTrunk;
    case 'no-phone':
      return said.noPhone;
    case 'bad-target':
      return said.toYourself;
    case 'sip-failed':
      return /re-INVITE/.test(m) ? said.holdFailed : said.phoneFailed;
    case 'handset':
      return said.handset;
    default:
      break;
  }
  return m;
}
