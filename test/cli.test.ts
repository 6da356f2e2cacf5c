import {execFile} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {promisify} from 'node:util';
import test from 'ava';

const run = promisify(execFile);

test('an unknown command is named in the error and exits 2', async t => {
  const error = await t.throwsAsync(run('node', ['bin/zuoxi.js', 'frobnicate'])) as Error & {code: number; stderr: string};
  t.is(error.code, 2);
  t.regex(error.stderr, /unknown command "frobnicate"/);
  t.regex(error.stderr, /usage: zuoxi <command>/);
});

test('--help lists every command', async t => {
  const {stdout} = await run('node', ['bin/zuoxi.js', '--help']);
  for (const name of ['demo', 'server', 'engine', 'seat', 'supervise', 'loadtest', 'config', 'policy']) {
    t.regex(stdout, new RegExp(`^  ${name} `, 'm'));
  }
});

test('--version and -V print package.json\'s version', async t => {
  const {version} = JSON.parse(await readFile('package.json', 'utf8')) as {version: string};
  for (const flag of ['--version', '-V']) t.is((await run('node', ['bin/zuoxi.js', flag])).stdout.trim(), version);
});
