// The shared flag rules: the language from the locale, hub URLs in every form people paste,
// numbers refused with their range, secrets from the environment, and runCommand's conventions.
import test from 'ava';
import {z} from 'zod';
import {chooseLang, HubUrl, localeLang, normalizeHubUrl, positiveFlag, type Lang} from '../../src/commands/flags.ts';
import {runCommand, UsageError, type CommandSpec} from '../../src/commands/run-command.ts';

const lang = test.macro((t, env: NodeJS.ProcessEnv, expected: Lang | undefined) => {
  t.is(localeLang(env), expected);
});
test('LANG=zh_CN.UTF-8 → zh-CN', lang, {LANG: 'zh_CN.UTF-8'}, 'zh-CN');
test('LANG=zh_TW.UTF-8 → zh-CN', lang, {LANG: 'zh_TW.UTF-8'}, 'zh-CN');
test('LANG=en_US.UTF-8 → en', lang, {LANG: 'en_US.UTF-8'}, 'en');
test('LANG=en → en', lang, {LANG: 'en'}, 'en');
test('LC_ALL wins over LANG', lang, {LC_ALL: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8'}, 'en');
test('LC_MESSAGES wins over LANG', lang, {LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8'}, 'zh-CN');
test('LC_ALL=C decides: no preference, even with LANG=en', lang, {LC_ALL: 'C', LANG: 'en_US.UTF-8'}, undefined);
test('C.UTF-8 says nothing', lang, {LANG: 'C.UTF-8'}, undefined);
test('POSIX says nothing', lang, {LANG: 'POSIX'}, undefined);
test('unset says nothing', lang, {}, undefined);
test('an empty LC_ALL is unset', lang, {LC_ALL: '', LANG: 'en_US.UTF-8'}, 'en');
test('a language zuoxi does not have says nothing', lang, {LANG: 'fr_FR.UTF-8'}, undefined);
test('"english" is not en_*', lang, {LANG: 'eng'}, undefined);

test('--lang, then the locale, then the agent\'s configured lang, then zh-CN', t => {
  t.is(chooseLang('en', 'zh-CN', {LANG: 'zh_CN.UTF-8'}), 'en');
  t.is(chooseLang(undefined, 'zh-CN', {LANG: 'en_US.UTF-8'}), 'en');
  t.is(chooseLang(undefined, 'en', {LANG: 'C.UTF-8'}), 'en');
  t.is(chooseLang(undefined, undefined, {LANG: 'C.UTF-8'}), 'zh-CN');
  t.is(chooseLang(undefined, undefined, {}), 'zh-CN');
});

test('hub URLs: ws, wss, http, https are accepted and normalised once to ws(s), no trailing slash', t => {
  t.is(normalizeHubUrl('ws://127.0.0.1:7070'), 'ws://127.0.0.1:7070');
  t.is(normalizeHubUrl('http://127.0.0.1:7070/'), 'ws://127.0.0.1:7070');
  t.is(normalizeHubUrl('https://center.example'), 'wss://center.example');
  t.is(normalizeHubUrl('wss://center.example:8443/zuoxi/'), 'wss://center.example:8443/zuoxi');
  t.is(normalizeHubUrl('HTTP://[::1]:7070'), 'ws://[::1]:7070');
  for (const bad of ['127.0.0.1:7070', 'ftp://x', 'http//nope', 'ws://', '']) t.is(normalizeHubUrl(bad), undefined, bad);
  const r = HubUrl.safeParse('ftp://x');
  t.false(r.success);
  t.regex(r.error!.issues[0]!.message, /^expected ws:\/\/HOST:PORT \(or wss:\/\/, http:\/\/, https:\/\/\), got "ftp:\/\/x"$/);
});

test('numbers: the value, or a reason that gives the range', t => {
  const duration = positiveFlag(86_400, {unit: ' s'});
  t.is(duration.parse('30'), 30);
  t.is(duration.parse('0.5'), 0.5);
  t.is(duration.parse(undefined), undefined);
  const message = (text: string) => duration.safeParse(text).error?.issues[0]?.message;
  t.is(message('1e9'), 'at most 86400 s, got "1e9"');
  t.is(message('0'), 'expected a positive number, got "0"');
  t.is(message('-3'), 'expected a positive number, got "-3"');
  t.is(message('fast'), 'expected a positive number, got "fast"');
  t.is(message(''), 'expected a positive number, got ""');
  t.is(message('Infinity'), 'expected a positive number, got "Infinity"');
  t.is(positiveFlag(50, {integer: true}).safeParse('2.5').error?.issues[0]?.message, 'expected a positive whole number, got "2.5"');
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const {log, error} = console;
  console.log = (...p: unknown[]) => void out.push(p.join(' '));
  console.error = (...p: unknown[]) => void err.push(p.join(' '));
  return {out, err, restore: () => Object.assign(console, {log, error})};
}

const spec = (run: CommandSpec<z.ZodType>['run'] = async () => 0): CommandSpec<z.ZodType> => ({
  name: 'try',
  usage: 'usage: zuoxi try --log-level L [--pin PIN]',
  options: {'log-level': {type: 'string'}, pin: {type: 'string'}},
  env: {pin: 'ZUOXI_TEST_PIN'},
  schema: z.object({logLevel: z.enum(['info', 'debug']), pin: z.string()}),
  run,
});

test.serial('runCommand: camelCase keys, messages name the kebab-case flag, env stands in for a secret', async t => {
  const c = capture();
  let seen: unknown;
  try {
    delete process.env.ZUOXI_TEST_PIN;
    t.is(await runCommand(spec(), ['--log-level', 'loud']), 2);
    t.is(c.err.pop(), 'zuoxi try: --log-level: expected one of "info"|"debug"; --pin is required (or ZUOXI_TEST_PIN) (see zuoxi try --help)');
    process.env.ZUOXI_TEST_PIN = '';
    t.is(await runCommand(spec(), ['--log-level', 'info']), 2, 'an empty variable is unset');
    t.regex(c.err.pop()!, /--pin is required/);
    process.env.ZUOXI_TEST_PIN = '4321';
    t.is(await runCommand(spec(async flags => {
      seen = flags;
      return 7;
    }), ['--log-level', 'debug']), 7, 'the command\'s own exit code');
    t.deepEqual(seen, {logLevel: 'debug', pin: '4321'});
    t.is(await runCommand(spec(async () => {
      throw new UsageError('--pin: not with --token');
    }), ['--log-level', 'debug']), 2);
    t.is(c.err.pop(), 'zuoxi try: --pin: not with --token (see zuoxi try --help)');
    t.is(await runCommand(spec(), ['stray']), 2);
    t.is(c.err.pop(), 'zuoxi try: unexpected argument "stray" (see zuoxi try --help)');
    t.is(await runCommand(spec(), ['--log-level']), 2);
    t.is(c.err.pop(), 'zuoxi try: --log-level: needs a value (see zuoxi try --help)');
    t.is(await runCommand(spec(), ['-h']), 0);
    t.is(c.out.pop(), 'usage: zuoxi try --log-level L [--pin PIN]');
  } finally {
    c.restore();
    delete process.env.ZUOXI_TEST_PIN;
  }
});
