// Flag value types shared by the commands (zod, for runCommand's schemas): numbers with their
// range, ports, the hub's URL in any of the forms people paste, and the language.
import process from 'node:process';
import {z} from 'zod';
import type {Lang} from '../rules/i18n.ts';

/** A positive number (whole when `integer`) up to `max`, as typed; undefined when absent. */
export function positiveFlag(max: number, {integer = false, unit = '', hint = ''}: {integer?: boolean; unit?: string; hint?: string} = {}) {
  return z.string().optional().transform((text, ctx) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!/\S/.test(text) || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
      ctx.addIssue({code: 'custom', message: `expected a positive ${integer ? 'whole number' : 'number'}, got "${text}"`});
      return z.NEVER;
    }
    if (value > max) {
      ctx.addIssue({code: 'custom', message: `at most ${max}${unit}, got "${text}"${hint}`});
      return z.NEVER;
    }
    return value;
  });
}

/** A TCP/UDP port 0–65535 (0 = any free one). */
export const PortFlag = z.string().optional().transform((text, ctx) => {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) {
    ctx.addIssue({code: 'custom', message: `expected a port number 0–65535, got "${text}"`});
    return z.NEVER;
  }
  return Number(text);
});

const wsProtocol: Record<string, string> = {'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:'};

/**
 * The hub's address as ws:// or wss:// (no trailing slash). `zuoxi server` prints it as
 * http://HOST:PORT and the same port speaks WebSocket, so http(s):// is accepted everywhere.
 */
export function normalizeHubUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const protocol = wsProtocol[url.protocol];
  if (!protocol || !url.host) return undefined;
  return `${protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

export const HubUrl = z.string().transform((text, ctx) => {
  const url = normalizeHubUrl(text);
  if (url === undefined) {
    ctx.addIssue({code: 'custom', message: `expected ws://HOST:PORT (or wss://, http://, https://), got "${text}"`});
    return z.NEVER;
  }
  return url;
});

/** One of `values`; the message lists them and echoes what was typed. */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  const list = values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
  return z.enum(values, {error: issue => `expected ${list}, got "${String(issue.input)}"`});
}

export type {Lang};

export const LangFlag = choice(['zh-CN', 'en']).optional();

/**
 * The language the locale asks for: the first of LC_ALL, LC_MESSAGES, LANG that is set decides
 * (POSIX precedence); zh* → zh-CN, en* → en. C, POSIX and anything else say nothing, so the
 * agent's configured language (or zh-CN) applies.
 */
export function localeLang(env: NodeJS.ProcessEnv = process.env): Lang | undefined {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  if (!locale) return undefined;
  if (/^zh([_.@-]|$)/i.test(locale)) return 'zh-CN';
  if (/^en([_.@-]|$)/i.test(locale)) return 'en';
  return undefined;
}

/** --lang, then the locale, then the agent's own setting, then zh-CN. */
export function chooseLang(flag: Lang | undefined, configured?: Lang, env: NodeJS.ProcessEnv = process.env): Lang {
  return flag ?? localeLang(env) ?? configured ?? 'zh-CN';
}
