// authorized_keys options the wallboard gateway honours or refuses (issue 16), as pure parsing.
import test from 'ava';
import {keyRefusal, parseKeyOptions, type KeyOptions} from '../../server/ssh/key-options.ts';
import {parseAuthorizedKeys} from '../../server/ssh/authorized-keys.ts';

const options = (text: string): KeyOptions => {
  const parsed = parseKeyOptions(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

const refusedOption = test.macro((t, text: string, reason: RegExp) => {
  const parsed = parseKeyOptions(text);
  t.is(typeof parsed, 'string');
  t.regex(parsed as string, reason);
});
test('command= is refused', refusedOption, 'command="/bin/sh"', /"command" cannot be honoured/);
test('permitopen= is refused', refusedOption, 'restrict,permitopen="localhost:22"', /"permitopen"/);
test('port-forwarding (a grant) is refused', refusedOption, 'restrict,port-forwarding', /"port-forwarding"/);
test('a host name in from= is refused', refusedOption, 'from="*.example.com"', /host name/);
test('a bad CIDR block is refused', refusedOption, 'from="10.0.0.0/33"', /CIDR/);
test('a bad expiry-time is refused', refusedOption, 'expiry-time="2026-12-31"', /YYYYMMDD/);
test('an unclosed quote is refused', refusedOption, 'from="127.0.0.1', /unclosed quote/);

const source = test.macro((t, from: string, ip: string, allowed: boolean) => {
  const refusal = keyRefusal(options(`from="${from}"`), ip, 0);
  t.is(refusal === undefined, allowed, refusal);
});
test('exact address', source, '127.0.0.1', '127.0.0.1', true);
test('IPv4-mapped IPv6 source', source, '127.0.0.1', '::ffff:127.0.0.1', true);
test('wildcard', source, '127.0.0.*', '127.0.0.9', true);
test('wildcard miss', source, '10.*', '127.0.0.1', false);
test('CIDR hit', source, '127.0.0.0/8', '127.3.2.1', true);
test('CIDR miss', source, '192.168.0.0/16', '127.0.0.1', false);
test('IPv6 CIDR', source, '::1/128', '::1', true);
test('negation wins over a match', source, '127.0.0.0/8,!127.0.0.2', '127.0.0.2', false);
test('negation alone matches nothing', source, '!10.0.0.1', '127.0.0.1', false);

test('expiry-time: usable before, refused from the instant on (Z = UTC)', t => {
  const o = options('expiry-time="20261231235959Z"');
  const at = Date.UTC(2026, 11, 31, 23, 59, 59);
  t.is(keyRefusal(o, '127.0.0.1', at - 1), undefined);
  t.regex(keyRefusal(o, '127.0.0.1', at) ?? '', /expired/);
});

test('restrict takes the pty away unless pty gives it back; the no-* options are honoured', t => {
  t.false(options('restrict').pty);
  t.true(options('restrict,pty').pty);
  t.false(options('no-pty').pty);
  t.true(options('no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc').pty);
  t.true(options('').pty);
});

test('authorized_keys: options with quoted commas and spaces before the key; refused keys are named by line', t => {
  const key = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
  const text = [
    `from="127.0.0.1, 10.0.0.0/8",no-pty ssh-ed25519 ${key} lead=9001 林班长`,
    `command="/bin/sh" ssh-ed25519 ${key} lead=9001`,
  ].join('\n');
  const list = parseAuthorizedKeys(text);
  t.is(list.keys.length, 1);
  t.deepEqual(list.keys[0]!.options.from, ['127.0.0.1', '10.0.0.0/8']);
  t.false(list.keys[0]!.options.pty);
  t.is(list.keys[0]!.lead, '9001');
  t.deepEqual(list.problems, ['line 2: key refused: option "command" cannot be honoured by the wallboard gateway']);
});
