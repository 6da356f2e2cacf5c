// A phrase's slots the seat cannot fill ({topic} before the agent noted it, {department} before
// a target is known) are shown as a blank to fill in the agent's language, never as `{topic}`.
import {fillPhrase} from '../rules/phrase.ts';
import type {Messages} from './i18n.ts';

export function fillForAgent(phrase: string, slots: Readonly<Record<string, string | undefined>>, t: Messages): string {
  return fillPhrase(phrase, slots).replace(/\{(\w+)\}/g, (_whole, name: string) => `［${t.slots[name] ?? '…'}］`);
}
