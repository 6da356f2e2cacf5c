// `zuoxi config check FILE`: validate a zuoxi.config.json against ZuoxiConfig (its `policy` is
// src/rules PolicyConfig) and print every problem with its JSON path and reason. The other
// config subcommands (init, hash-pin, ha1, schema) are in config-tools.ts.
import {access, readFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {z} from 'zod';
import {ZuoxiConfig} from '../config.ts';
import {defaultPolicy} from '../rules/index.ts';
import {command, usageError} from './run-command.ts';

const usage = `usage: zuoxi config <subcommand>

  check FILE                      validate a zuoxi.config.json, every problem with its path
  init [--agents N] [--out FILE]  write a starting config; its PINs and phone passwords are
                                  printed once, the file keeps only their hashes
  hash-pin                        a PIN from stdin → the pinHash for the config
  ha1 USER [--realm R]            a phone password from stdin → the phone's ha1 for the config
  schema                          the config's JSON Schema

zuoxi config SUBCOMMAND --help for each.`;

const checkUsage = `usage: zuoxi config check FILE

Exit status: 0 valid (warnings about unknown keys on stderr), 1 the file is invalid or cannot be
read (its problems on stderr), 2 usage error.`;

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
/** Where a command looks for the config when no --config is given, in order. */
export function configSearchPath(env: NodeJS.ProcessEnv = process.env): string[] {
  const xdg = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return ['zuoxi.config.json', path.join(xdg, 'zuoxi', 'zuoxi.config.json'), '/etc/zuoxi/zuoxi.config.json'];
}

/**
 * The config file a command reads: --config, else ZUOXI_CONFIG (both must exist — a wrong path
 * is an error, not a silent default), else the first of `configSearchPath` that exists;
 * undefined when there is none.
 */
export async function findConfigFile(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const given = flag ?? (env.ZUOXI_CONFIG || undefined);
  if (given) return given;
  for (const candidate of configSearchPath(env)) {
    if (await access(candidate).then(() => true, () => false)) return candidate;
  }
  return undefined;
}

/**
 * The config a command runs on when it may run without one: found as `findConfigFile` says and
 * read; `undefined` when there is none. A config with problems is said on stderr (each with its
 * path) and given as the exit code 1.
 */
export async function optionalConfig(command: string, flag: string | undefined): Promise<{file?: string; config?: ZuoxiConfig} | number> {
  const file = await findConfigFile(flag);
  if (!file) return {};
  const loaded = await loadConfigFile(file);
  if (loaded.ok) return {file, config: loaded.config};
  console.error(`zuoxi ${command}: ${loaded.error}`);
  for (const p of loaded.problems) console.error(`  ${p.path}: ${p.message}`);
  return 1;
}

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
    overrides.length === 0 ? '  policy: the defaults (docs/policy-reference.md)' : `  policy: ${overrides.length} value(s) differ from the defaults (docs/policy-reference.md): ${overrides.join(', ')}`,
  ].join('\n');
}

const check = command({
  name: 'config check',
  usage: checkUsage,
  options: {},
  positionals: ['FILE'],
  schema: z.object({}),
  async run(_flags, [file]) {
    const loaded = await loadConfigFile(file!);
    for (const key of loaded.unknownKeys ?? []) console.error(`warning: ${key}: unknown key, ignored`);
    // A config with problems is not a usage error: exit 1, so scripts can tell the two apart.
    if (!loaded.ok) {
      console.error(loaded.error);
      for (const p of loaded.problems) console.error(`  ${p.path}: ${p.message}`);
      return 1;
    }
    console.log(summary(file!, loaded.config));
    return 0;
  },
});

const subcommands: Record<string, () => Promise<(args: string[]) => Promise<number>>> = {
  check: async () => check,
  init: async () => (await import('./config-tools.ts')).init,
  'hash-pin': async () => (await import('./config-tools.ts')).hashPinCommand,
  ha1: async () => (await import('./config-tools.ts')).ha1Command,
  schema: async () => (await import('./config-tools.ts')).schema,
};

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'help' || (sub?.startsWith('-') && args.some(a => a === '--help' || a === '-h'))) {
    console.log(usage);
    return 0;
  }
  if (sub === undefined) return usageError('config', `missing subcommand (${Object.keys(subcommands).join(', ')})`);
  if (sub.startsWith('-')) return usageError('config', `Unknown option '${sub}'`);
  const load = subcommands[sub];
  if (!load) return usageError('config', `unknown subcommand "${sub}" (${Object.keys(subcommands).join(', ')})`);
  return (await load())(rest);
}
