// `zuoxi config check FILE`: validate a zuoxi.config.json against ZuoxiConfig (its `policy` is
// src/rules PolicyConfig) and print every problem with its JSON path and reason.
import {readFile} from 'node:fs/promises';
import {parseArgs} from 'node:util';
import type {z} from 'zod';
import {ZuoxiConfig} from '../config.ts';
import {defaultPolicy} from '../rules/index.ts';

const usage = 'usage: zuoxi config check FILE';

export type ConfigProblem = {readonly path: string; readonly message: string};

export type LoadedConfig =
  | {readonly ok: true; readonly config: ZuoxiConfig; readonly unknownKeys: readonly string[]}
  | {readonly ok: false; readonly error: string; readonly problems: readonly ConfigProblem[]};

/** `policy.calendars.holidays[0]` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

function problemsOf(error: z.ZodError): ConfigProblem[] {
  return error.issues.map(issue => {
    const message = issue.message.replace(/^Invalid input: /, '');
    const missing = /^expected (.+), received undefined$/.exec(message);
    return {path: formatPath(issue.path), message: missing ? `missing (expected ${missing[1]})` : message};
  });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keys the schema dropped: in the input, not in the parsed result (typos like "polcy"). */
function unknownKeys(input: unknown, parsed: unknown, path: PropertyKey[] = []): string[] {
  if (Array.isArray(input) && Array.isArray(parsed)) return input.flatMap((item, i) => unknownKeys(item, parsed[i], [...path, i]));
  if (!isPlainObject(input) || !isPlainObject(parsed)) return [];
  return Object.keys(input).flatMap(key => (key in parsed ? unknownKeys(input[key], parsed[key], [...path, key]) : [formatPath([...path, key])]));
}

/** Read and validate a config file; every failure is data with a message a person can act on. */
export async function loadConfigFile(file: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {ok: false, error: `${file}: no such file`, problems: []};
    if (code === 'EISDIR') return {ok: false, error: `${file}: is a directory, expected a JSON file`, problems: []};
    if (code === 'EACCES') return {ok: false, error: `${file}: permission denied`, problems: []};
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {ok: false, error: `${file}: not valid JSON: ${(error as Error).message}`, problems: []};
  }
  const result = ZuoxiConfig.safeParse(json);
  if (!result.success) {
    const problems = problemsOf(result.error);
    return {ok: false, error: `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems};
  }
  return {ok: true, config: result.data, unknownKeys: unknownKeys(json, result.data)};
}

/** Policy values that differ from POLICY.md's defaults, as paths. */
export function policyOverrides(policy: unknown, defaults: unknown = defaultPolicy(), path: PropertyKey[] = ['policy']): string[] {
  if (isPlainObject(policy) && isPlainObject(defaults)) {
    const keys = [...new Set([...Object.keys(policy), ...Object.keys(defaults)])];
    return keys.flatMap(key => policyOverrides(policy[key], defaults[key], [...path, key]));
  }
  return JSON.stringify(policy) === JSON.stringify(defaults) ? [] : [formatPath(path)];
}

function summary(file: string, config: ZuoxiConfig): string {
  const overrides = policyOverrides(config.policy);
  const leads = config.agents.filter(a => a.role === 'lead').length;
  return [
    `${file}: valid`,
    `  center ${config.center.name} (${config.center.timeZone}), ${config.teams.length} team(s), ${config.queues.length} queue(s), ${config.agents.length - leads} agent(s) + ${leads} lead(s)`,
    `  listen sip ${config.listen.sip}, hub ${config.listen.hub}, ssh ${config.listen.ssh}`,
    overrides.length === 0 ? '  policy: POLICY.md defaults' : `  policy: ${overrides.length} value(s) differ from POLICY.md: ${overrides.join(', ')}`,
  ].join('\n');
}

export async function run(args: string[]): Promise<number> {
  let positionals: string[];
  try {
    ({positionals} = parseArgs({args, options: {}, allowPositionals: true, strict: true}));
  } catch (error) {
    console.error(`zuoxi config: ${(error as Error).message}\n${usage}`);
    return 1;
  }
  const [sub, file, ...extra] = positionals;
  if (sub !== 'check') {
    console.error(`zuoxi config: ${sub ? `unknown subcommand "${sub}"` : 'missing subcommand'}\n${usage}`);
    return 1;
  }
  if (!file || extra.length > 0) {
    console.error(`zuoxi config check: ${file ? `unexpected argument "${extra[0]}"` : 'missing FILE'}\n${usage}`);
    return 1;
  }
  const loaded = await loadConfigFile(file);
  if (!loaded.ok) {
    console.error(loaded.error);
    for (const p of loaded.problems) console.error(`  ${p.path}: ${p.message}`);
    return 1;
  }
  for (const key of loaded.unknownKeys) console.error(`warning: ${key}: unknown key, ignored`);
  console.log(summary(file, loaded.config));
  return 0;
}
