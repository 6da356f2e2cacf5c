// `zuoxi seat` flags: bad ones are named, --help prints the usage.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import test from 'ava';

const run = promisify(execFile);

test('zuoxi seat names a bad flag and exits 2', async t => {
  const error = await t.throwsAsync(run('node', ['bin/zuoxi.js', 'seat', '--agnet', '1001'])) as Error & {code: number; stderr: string};
  t.is(error.code, 2);
  t.regex(error.stderr, /--agnet/);
  t.regex(error.stderr, /see zuoxi seat --help/);
});

test('zuoxi seat names a bad value', async t => {
  const error = await t.throwsAsync(run('node', ['bin/zuoxi.js', 'seat', '--agent', '1001', '--lang', 'fr'])) as Error & {code: number; stderr: string};
  t.is(error.code, 2);
  t.regex(error.stderr, /--lang/);
  const hub = await t.throwsAsync(run('node', ['bin/zuoxi.js', 'seat', '--agent', 'x1', '--hub', 'ftp://nope'])) as Error & {stderr: string};
  t.regex(hub.stderr, /--agent: expected 3–8 digits/);
  t.regex(hub.stderr, /--hub: expected ws:\/\/HOST:PORT/);
});

test('zuoxi seat --help prints the usage', async t => {
  const {stdout} = await run('node', ['bin/zuoxi.js', 'seat', '--help']);
  t.regex(stdout, /usage: zuoxi seat --agent ID/);
});
