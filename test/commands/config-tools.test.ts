// `zuoxi config init | hash-pin | ha1 | schema` through the real CLI: a starting config that the
// server's own schema accepts, credentials printed once and stored only as hashes, secrets read
// from stdin (a pipe here; a terminal gets a no-echo prompt), the JSON Schema of the file.
import {spawn} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {ZuoxiConfig, verifyPin} from '../../src/config.ts';
import {loadConfigFile} from '../../src/commands/config.ts';

const bin = path.resolve('bin/zuoxi.js');

function zuoxi(args: string[], {input, cwd}: {input?: string; cwd?: string} = {}): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {cwd, stdio: ['pipe', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => void (stdout += d));
    child.stderr.on('data', d => void (stderr += d));
    child.on('error', reject);
    child.on('close', code => resolve({code, stdout, stderr}));
    child.stdin.end(input ?? '');
  });
}

function tempDir(t: import('ava').ExecutionContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-config-tools-'));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  return dir;
}

const md5 = (text: string) => crypto.createHash('md5').update(text).digest('hex');

test('config init writes a valid config; the PINs and passwords it prints match the hashes it stored', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'center.json');
  const r = await zuoxi(['config', 'init', '--agents', '3', '--out', out, '--realm', 'callcenter.example']);
  t.is(r.code, 0, r.stderr);
  t.is((fs.statSync(out).mode & 0o777), 0o600, 'HA1s are secrets: owner only');
  const text = fs.readFileSync(out, 'utf8');
  const loaded = await loadConfigFile(out);
  t.true(loaded.ok, JSON.stringify(loaded));
  if (!loaded.ok) return;
  t.deepEqual(loaded.unknownKeys, []);
  t.deepEqual(loaded.config.agents.map(a => [a.id, a.role]), [['1001', 'agent'], ['1002', 'agent'], ['1003', 'agent'], ['9001', 'lead']]);
  t.is(loaded.config.center.realm, 'callcenter.example');

  const rows = [...r.stdout.matchAll(/^ {2}(\d{4}) +(agent|lead) +(\d{6}) +(\S+) +(\S+)$/gm)];
  t.is(rows.length, 4, r.stdout);
  for (const [, id, , pin, user, password] of rows) {
    const agent = loaded.config.agents.find(a => a.id === id)!;
    t.true(verifyPin(pin!, agent.pinHash), `${id}'s printed PIN`);
    t.false(verifyPin(pin === '000000' ? '000001' : '000000', agent.pinHash));
    t.is(agent.phone.user, user);
    t.is(agent.phone.ha1, md5(`${user}:callcenter.example:${password}`), `${id}'s printed password`);
    t.false(text.includes(password!), 'no password in the file');
    t.false(new RegExp(`"${pin}"`).test(text), 'no PIN in the file');
  }
  t.regex(r.stdout, /USER@callcenter\.example/);
  t.regex(r.stdout, /udp:127\.0\.0\.1:5060/);
  // Two runs, two sets of credentials.
  const again = await zuoxi(['config', 'init', '--out', path.join(dir, 'other.json')]);
  t.is(again.code, 0, again.stderr);
  t.not(JSON.parse(fs.readFileSync(path.join(dir, 'other.json'), 'utf8')).agents[0].pinHash, loaded.config.agents[0]!.pinHash);

  const check = await zuoxi(['config', 'check', out]);
  t.is(check.code, 0, check.stderr);
  t.regex(check.stdout, /valid/);
});

test('config init never replaces a file, and refuses a bad --agents with its range', async t => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'zuoxi.config.json'), '{"mine": true}\n');
  const exists = await zuoxi(['config', 'init'], {cwd: dir});
  t.is(exists.code, 1);
  t.regex(exists.stderr, /zuoxi\.config\.json: exists; not replaced/);
  t.is(fs.readFileSync(path.join(dir, 'zuoxi.config.json'), 'utf8'), '{"mine": true}\n');
  for (const [value, reason] of [['0', /expected a positive whole number, got "0"/], ['501', /at most 500, got "501"/], ['two', /expected a positive whole number, got "two"/]] as const) {
    const bad = await zuoxi(['config', 'init', '--agents', value, '--out', path.join(dir, 'x.json')]);
    t.is(bad.code, 2, value);
    t.regex(bad.stderr, new RegExp(`^zuoxi config init: --agents: ${reason.source}`));
    t.false(fs.existsSync(path.join(dir, 'x.json')));
  }
});

test('config hash-pin: the PIN from stdin, a hash the server verifies; nothing on stdin is a usage error', async t => {
  const r = await zuoxi(['config', 'hash-pin'], {input: '482913\n'});
  t.is(r.code, 0, r.stderr);
  const hash = r.stdout.trim();
  t.true(ZuoxiConfig.shape.agents.unwrap().element.shape.pinHash.safeParse(hash).success, hash);
  t.true(verifyPin('482913', hash));
  t.false(verifyPin('482914', hash));
  t.false(r.stdout.includes('482913'));
  const empty = await zuoxi(['config', 'hash-pin'], {input: ''});
  t.is(empty.code, 2);
  t.regex(empty.stderr, /expected a PIN of 1–64 characters on stdin/);
  const extra = await zuoxi(['config', 'hash-pin', '1234']);
  t.is(extra.code, 2, 'a PIN in argv is refused');
  t.regex(extra.stderr, /unexpected argument "1234"/);
});

test('config ha1 USER: the password from stdin; the realm from --realm, the config, or the default', async t => {
  const dir = tempDir(t);
  const byFlag = await zuoxi(['config', 'ha1', '1001', '--realm', 'r.example'], {input: 's3cret:with:colons\r\n'});
  t.is(byFlag.code, 0, byFlag.stderr);
  t.is(byFlag.stdout.trim(), md5('1001:r.example:s3cret:with:colons'));
  t.regex(byFlag.stderr, /realm r\.example/);

  const byDefault = await zuoxi(['config', 'ha1', 'agent.7'], {input: 'pw', cwd: dir});
  t.is(byDefault.stdout.trim(), md5('agent.7:zuoxi.local:pw'));
  fs.writeFileSync(path.join(dir, 'zuoxi.config.json'), JSON.stringify({center: {realm: 'center.example'}}));
  const byConfig = await zuoxi(['config', 'ha1', '1001'], {input: 'pw\n', cwd: dir});
  t.is(byConfig.stdout.trim(), md5('1001:center.example:pw'));
  t.regex(byConfig.stderr, /realm center\.example/);

  const noUser = await zuoxi(['config', 'ha1'], {input: 'pw'});
  t.is(noUser.code, 2);
  t.regex(noUser.stderr, /missing USER/);
  const badUser = await zuoxi(['config', 'ha1', 'a b'], {input: 'pw'});
  t.is(badUser.code, 2);
  t.regex(badUser.stderr, /USER "a b" is not a SIP user/);
  const noPassword = await zuoxi(['config', 'ha1', '1001'], {input: ''});
  t.is(noPassword.code, 2);
  t.regex(noPassword.stderr, /expected the password on stdin/);
});

test('config schema: the JSON Schema of the file, with its keys, patterns and defaults', async t => {
  const r = await zuoxi(['config', 'schema']);
  t.is(r.code, 0, r.stderr);
  const schema = JSON.parse(r.stdout);
  t.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  t.is(schema.type, 'object');
  for (const key of ['center', 'teams', 'queues', 'agents', 'listen', 'ssh', 'dataDir', 'policy']) t.truthy(schema.properties[key], key);
  const agent = schema.properties.agents.items;
  t.deepEqual([...agent.required].sort(), ['id', 'name', 'phone', 'pinHash', 'team']);
  t.is(agent.properties.phone.properties.ha1.pattern, '^[0-9a-f]{32}$');
  t.is(schema.properties.policy.properties.ringPeriodSeconds.default, 5);
});
