// The gateway's host key: generated once (ed25519, OpenSSH format, 0600), then kept; a key file
// that is not a key is an error naming the file, never silently replaced.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import ssh2 from 'ssh2';
import {ensureHostKey} from '../../server/ssh/host-key.ts';
import {parseAuthorizedKeys} from '../../server/ssh/authorized-keys.ts';
import {tempDir} from './ssh-fixture.ts';

test('generated on first start, kept after; every generated key parses (ssh2 alone sometimes writes a bad one)', t => {
  const dir = tempDir(t);
  for (let i = 0; i < 300; i++) {
    const file = path.join(dir, String(i), 'ssh_host_ed25519_key');
    const first = ensureHostKey(file);
    t.true(first.created);
    t.false(ssh2.utils.parseKey(fs.readFileSync(file)) instanceof Error, `key ${i}`);
    const again = ensureHostKey(file);
    t.false(again.created);
    t.is(again.publicKey, first.publicKey);
    if (i === 0) {
      t.is(fs.statSync(file).mode & 0o777, 0o600);
      t.regex(first.publicKey, /^ssh-ed25519 AAAA[\w+/=]+$/);
      t.is(fs.readFileSync(`${file}.pub`, 'utf8').split(' ').slice(0, 2).join(' '), first.publicKey);
    }
  }
});

test('a file that is not a key is an error naming it, and is left alone', t => {
  const file = path.join(tempDir(t), 'host_key');
  fs.writeFileSync(file, 'not a key\n');
  t.throws(() => ensureHostKey(file), {message: new RegExp(`ssh host key ${file}: `)});
  t.is(fs.readFileSync(file, 'utf8'), 'not a key\n');
});

test('authorized_keys: which lead a key is, and why a line is skipped', t => {
  const key = ssh2.utils.generateKeyPairSync('ed25519').public.split(' ').slice(0, 2).join(' ');
  const text = [
    '# leads',
    `${key} lead=9001 林班长`,
    `no-pty,from="10.0.0.0/8" ${key} lead:9002`,
    `${key} 9003@laptop`,
    `${key} 9004`,
    `${key} someone`,
    `${key} lead=1001`,
    'ssh-ed25519 notbase64 lead=9001',
    'garbage',
  ].join('\n');
  const list = parseAuthorizedKeys(text, id => id.startsWith('900'));
  t.deepEqual(list.keys.map(k => [k.lead, k.line]), [['9001', 2], ['9002', 3], ['9004', 5]]);
  t.is(list.problems.length, 5);
  t.regex(list.problems.join('\n'), /line 4: the comment names no lead/);
  t.regex(list.problems.join('\n'), /line 6: the comment names no lead/);
  t.regex(list.problems.join('\n'), /line 7: agent 1001 is not a team lead/);
  t.regex(list.problems.join('\n'), /line 8: /);
  t.regex(list.problems.join('\n'), /line 9: no key type and key/);
});
