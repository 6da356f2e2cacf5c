// Shared fixtures of the lead tests: a team, a month, local times in the center's zone (UTC+8).
import * as Y from 'yjs';
import {defaultPolicy} from '../../src/rules/config.ts';
import type {LeadContext} from '../../src/sync/lead/lead-doc.ts';

export const policy = defaultPolicy();
export const agents = new Map([['1001', '张敏'], ['1002', '李娜'], ['1003', '王芳'], ['9001', '班长 林']]);
export const ctx = (month = '2026-11'): LeadContext => ({team: 'a', month, agents});

/** Epoch ms of a local (UTC+8) date and time "HH:MM[:SS]". */
export function at(date: string, time: string): number {
  return Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`);
}

export const newDoc = () => new Y.Doc();

/** Run a command module's `run()` in-process and collect what it printed to stderr. */
export async function runCaptured(run: (args: string[]) => Promise<number>, args: string[]): Promise<{code: number; stderr: string}> {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...parts: unknown[]) => {
    lines.push(parts.map(String).join(' '));
  };
  try {
    const code = await run(args);
    return {code, stderr: lines.join('\n')};
  } finally {
    console.error = original;
  }
}
