// The one way a `zuoxi` subcommand reads its arguments. Conventions every command shares:
//   --help / -h   usage on stdout, exit 0 (even beside other, bad, flags);
//   a usage error (unknown flag, bad or missing value, wrong positionals) is one line on
//                 stderr naming the flag, exit 2; a command's own failures keep their codes
//                 (1 = it ran and failed, 3 = refused credentials where a command says so);
//   flags are checked by a zod schema whose keys are the flags in camelCase (--log-level →
//   logLevel), so the message for a bad value names the flag the user typed;
//   a secret may come from the environment instead of argv (`env: {pin: 'ZUOXI_PIN'}`).
import process from 'node:process';
import {parseArgs, type ParseArgsConfig} from 'node:util';
import type {z} from 'zod';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Thrown by a command's `run` for a usage problem found after parsing: one line, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type CommandSpec<S extends z.ZodType> = {
  /** As typed after `zuoxi`: 'seat', 'config check'. */
  readonly name: string;
  /** Printed by --help. */
  readonly usage: string;
  /** node:util parseArgs options (string / boolean), without help. */
  readonly options: OptionSpecs;
  /** Names of the positional arguments ('FILE'); a trailing '?' marks an optional one. None when absent. */
  readonly positionals?: readonly string[];
  /** camelCase flag → environment variable that stands in for it (secrets never need argv). */
  readonly env?: Readonly<Record<string, string>>;
  /** Validates the flags (camelCase keys, strings and booleans as parsed). */
  readonly schema: S;
  readonly run: (flags: z.output<S>, positionals: string[]) => Promise<number>;
};

const kebab = (key: string) => key.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** `zuoxi NAME: REASON (see zuoxi NAME --help)` on stderr; the exit code of a usage error. */
export function usageError(name: string, reason: string): number {
  console.error(`zuoxi ${name}: ${reason} (see zuoxi ${name} --help)`);
  return 2;
}

/** node's parseArgs messages, reduced to the part that names the flag. */
function parseArgsReason(error: Error & {code?: string}): string {
  const message = error.message;
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /'(.*)'/.exec(message)?.[1];
    return `unexpected argument "${arg ?? ''}"`;
  }
  const missing = /^Option '(-[^' ]+)(?: <value>)?' argument missing/.exec(message);
  if (missing) return `${missing[1]}: needs a value`;
  const noValue = /^Option '(-[^']+)' does not take an argument/.exec(message);
  if (noValue) return `${noValue[1]}: takes no value`;
  return message.split(/\.\s/)[0] ?? message;
}

/** Every zod issue as `--flag: reason`, on one line. */
export function flagIssues(error: z.ZodError, input: Record<string, unknown>, env: Readonly<Record<string, string>> = {}): string {
  return error.issues.map(issue => {
    const key = String(issue.path[0] ?? '');
    const flag = key ? `--${kebab(key)}` : 'flags';
    if (key && input[key] === undefined) return `${flag} is required${env[key] ? ` (or ${env[key]})` : ''}`;
    return `${flag}: ${issue.message.replace(/^Invalid (?:input|option): /, '')}`;
  }).join('; ');
}

const wantsHelp = (args: readonly string[]) => {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some(a => a === '--help' || a === '-h');
};

/** Parse, validate and run; the exit code. */
export async function runCommand<S extends z.ZodType>(spec: CommandSpec<S>, args: readonly string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({values, positionals} = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: (spec.positionals?.length ?? 0) > 0,
      options: {...spec.options, help: {type: 'boolean', short: 'h'}},
    }) as {values: Record<string, string | boolean | undefined>; positionals: string[]});
  } catch (error) {
    if (wantsHelp(args)) return help(spec);
    return usageError(spec.name, parseArgsReason(error as Error));
  }
  if (values.help) return help(spec);

  const names = spec.positionals ?? [];
  const required = names.filter(n => !n.endsWith('?')).length;
  if (positionals.length < required) return usageError(spec.name, `missing ${names[positionals.length]}`);
  if (positionals.length > names.length) return usageError(spec.name, `unexpected argument "${positionals[names.length]}"`);

  const input: Record<string, unknown> = {};
  for (const [flag, value] of Object.entries(values)) if (flag !== 'help') input[camel(flag)] = value;
  // An empty variable counts as unset (`FOO= zuoxi …` is how a shell clears one).
  for (const [key, variable] of Object.entries(spec.env ?? {})) input[key] ??= process.env[variable] || undefined;
  const parsed = spec.schema.safeParse(input);
  if (!parsed.success) return usageError(spec.name, flagIssues(parsed.error, input, spec.env));
  try {
    return await spec.run(parsed.data, positionals);
  } catch (error) {
    if (error instanceof UsageError) return usageError(spec.name, error.message);
    throw error;
  }
}

function help(spec: CommandSpec<z.ZodType>): number {
  console.log(spec.usage);
  return 0;
}

/** A command module's `run(args)` from its spec. */
export function command<S extends z.ZodType>(spec: CommandSpec<S>): (args: string[]) => Promise<number> {
  return args => runCommand(spec, args);
}
