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
  | {readonly ok: false; readonly error: string; readonly problems: readonly ConfigProblem[]; readonly unknownKeys?: readonly string[]};

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

type SchemaDef = {type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; valueType?: z.ZodType; element?: z.ZodType; catchall?: z.ZodType};
const defOf = (schema: z.ZodType) => (schema as unknown as {_zod: {def: SchemaDef}})._zod.def;

/** Keys the schema does not know (typos like "polcy"): zod would drop them silently. */
export function unknownKeys(input: unknown, schema: z.ZodType, path: PropertyKey[] = []): string[] {
  let def = defOf(schema);
  for (let i = 0; i < 10 && (def.innerType || (def.type === 'pipe' && def.in)); i++) def = defOf((def.innerType ?? def.in) as z.ZodType);
  if (def.type === 'array' && def.element && Array.isArray(input)) return input.flatMap((item, i) => unknownKeys(item, def.element as z.ZodType, [...path, i]));
  if (!isPlainObject(input)) return [];
  if (def.type === 'record' && def.valueType) return Object.keys(input).flatMap(key => unknownKeys(input[key], def.valueType as z.ZodType, [...path, key]));
  if (def.type !== 'object' || !def.shape || def.catchall) return [];
  const shape = def.shape;
  return Object.keys(input).flatMap(key => (key in shape ? unknownKeys(input[key], shape[key], [...path, key]) : [formatPath([...path, key])]));
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
  const unknown = unknownKeys(json, ZuoxiConfig);
  if (!result.success) {
    const problems = problemsOf(result.error);
    return {ok: false, error: `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems, unknownKeys: unknown};
  }
  return {ok: true, config: result.data, unknownKeys: unknown};
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
  for (const key of loaded.unknownKeys ?? []) console.error(`warning: ${key}: unknown key, ignored`);
  if (!loaded.ok) {
    console.error(loaded.error);
    for (const p of loaded.problems) console.error(`  ${p.path}: ${p.message}`);
    return 1;
  }
  console.log(summary(file, loaded.config));
  return 0;
}
