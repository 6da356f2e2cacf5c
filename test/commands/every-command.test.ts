// Every subcommand `zuoxi --help` lists (and every `zuoxi config` subcommand) answers --help with
// its usage on stdout and exit 0, and an unknown flag with one line on stderr naming it, exit 2.
// In-process (the modules' `run`, as bin/zuoxi.js calls them) so the table stays cheap; the
// command list itself comes from the real CLI.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import test from 'ava';

const exec = promisify(execFile);

type Run = (args: string[]) => Promise<number>;

async function captured(run: Run, args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  const out: string[] = [];
  const err: string[] = [];
  const {log, error} = console;
  console.log = (...parts: unknown[]) => void out.push(parts.map(String).join(' '));
  console.error = (...parts: unknown[]) => void err.push(parts.map(String).join(' '));
  try {
    const code = await run(args);
    return {code, stdout: out.join('\n'), stderr: err.join('\n')};
  } finally {
    console.log = log;
    console.error = error;
  }
}

const configSubcommands = ['check', 'init', 'hash-pin', 'ha1', 'schema'];

test.serial('every subcommand: --help / -h print its usage (exit 0); --bogus is one line naming it (exit 2)', async t => {
  const {stdout: help} = await exec(process.execPath, ['bin/zuoxi.js', '--help']);
  const names = [...help.matchAll(/^ {2}([a-z]+) {2}/gm)].map(m => m[1]!);
  t.true(names.length >= 11, help);
  const cases: Array<{words: string[]; run: Run}> = [];
  for (const name of names) {
    const mod = await import(`../../src/commands/${name}.ts`) as {run: Run};
    cases.push({words: [name], run: mod.run});
    if (name === 'config') for (const sub of configSubcommands) cases.push({words: [name, sub], run: args => mod.run([sub, ...args])});
  }
  for (const {words, run} of cases) {
    const what = `zuoxi ${words.join(' ')}`;
    for (const flag of ['--help', '-h']) {
      const r = await captured(run, [flag]);
      t.is(r.code, 0, `${what} ${flag}: ${r.stderr}`);
      t.true(r.stdout.startsWith(`usage: ${words.length > 1 ? what : `zuoxi ${words[0]}`}`), `${what} ${flag} printed: ${r.stdout.slice(0, 200)}`);
      t.is(r.stderr, '', `${what} ${flag}`);
    }
    const bad = await captured(run, ['--bogus']);
    t.is(bad.code, 2, `${what} --bogus`);
    t.is(bad.stdout, '', `${what} --bogus`);
    t.false(bad.stderr.includes('\n'), `${what} --bogus: one line, got ${JSON.stringify(bad.stderr)}`);
    t.regex(bad.stderr, new RegExp(`^${what}: .*--bogus`), what);
    // --help wins over a bad flag beside it.
    t.is((await captured(run, ['--bogus', '--help'])).code, 0, `${what} --bogus --help`);
  }
});

test.serial('the terminal clients say so when there is no terminal (exit 2) instead of drawing into a pipe', async t => {
  const {run: seat} = await import('../../src/commands/seat.ts');
  const {run: supervise} = await import('../../src/commands/supervise.ts');
  const noSeat = await captured(seat, ['--agent', '1001', '--hub', 'ws://127.0.0.1:1']);
  t.is(noSeat.code, 2);
  t.regex(noSeat.stderr, /zuoxi seat: needs a terminal/);
  const noWall = await captured(supervise, ['--agent', '9001', '--pin', '1234', '--hub', 'ws://127.0.0.1:1']);
  t.is(noWall.code, 2);
  t.regex(noWall.stderr, /zuoxi supervise: needs a terminal/);
});

test('zuoxi config --help lists each config subcommand', async t => {
  const {stdout} = await exec(process.execPath, ['bin/zuoxi.js', 'config', '--help']);
  for (const sub of configSubcommands) t.regex(stdout, new RegExp(`^ {2}${sub}\\b`, 'm'));
});

test('through the real CLI: zuoxi with no command is a usage error (2); help and --help exit 0', async t => {
  const none = await t.throwsAsync(exec(process.execPath, ['bin/zuoxi.js'])) as Error & {code: number; stderr: string};
  t.is(none.code, 2);
  t.regex(none.stderr, /usage: zuoxi <command>/);
  t.regex((await exec(process.execPath, ['bin/zuoxi.js', 'help'])).stdout, /usage: zuoxi <command>/);
  const bogus = await t.throwsAsync(exec(process.execPath, ['bin/zuoxi.js', 'report', '--bogus'])) as Error & {code: number; stderr: string};
  t.is(bogus.code, 2);
  t.is(bogus.stderr.trim(), "zuoxi report: Unknown option '--bogus' (see zuoxi report --help)");
});
