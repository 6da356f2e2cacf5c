// TLS on the hub port: a self-signed certificate made by openssl, a center that serves /control and
// /sync over it, a client that trusts the certificate signs in over wss://, a plain ws:// client
// and one that does not trust it are refused; the SSH wallboard's in-process link still works.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import WebSocket from 'ws';
import {DEMO_PIN} from '../../src/config.ts';
import {centerFor, tempDir, testConfig} from '../sip/helpers.ts';

function selfSigned(dir: string): {cert: string; key: string} {
  const cert = path.join(dir, 'hub.crt');
  const key = path.join(dir, 'hub.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], {stdio: 'pipe'});
  return {cert, key};
}

/** Opens `url` and signs in as agent 1001: the first message back, or the error. */
function signIn(url: string, options: WebSocket.ClientOptions = {}): Promise<{type: string} | Error> {
  return new Promise(resolve => {
    const ws = new WebSocket(url, options);
    ws.on('open', () => ws.send(JSON.stringify({type: 'hello', role: 'agent', agent: '1001', pin: DEMO_PIN})));
    ws.on('message', data => { resolve(JSON.parse(String(data)) as {type: string}); ws.close(); });
    ws.on('error', error => resolve(error));
    ws.on('close', () => resolve(new Error('closed')));
  });
}

test('hub over TLS: wss:// with the certificate trusted signs in; plain ws:// and an untrusted client are refused; a file that cannot be read is named', async t => {
  const dir = tempDir(t);
  const tls = selfSigned(dir);
  const center = await centerFor(t, {...testConfig(path.join(dir, 'center'), 1), tls});
  const url = center.addresses.controlUrl;
  t.regex(url, /^wss:\/\/127\.0\.0\.1:\d+\/control$/);
  t.like(await signIn(url, {ca: fs.readFileSync(tls.cert)}), {type: 'welcome'});
  const plain = await signIn(url.replace('wss:', 'ws:'));
  t.true(plain instanceof Error, `plain ws:// is refused: ${JSON.stringify(plain)}`);
  const untrusted = await signIn(url);
  t.true(untrusted instanceof Error && /self[- ]signed|certificate/i.test(untrusted.message), String(untrusted));
  // The center's own clients reach the same routes on loopback without a CA of their own.
  const internal = await center.hub.internalUrl();
  t.regex(internal, /^ws:\/\/127\.0\.0\.1:\d+$/);
  t.like(await signIn(`${internal}/control`), {type: 'welcome'});

  await t.throwsAsync(centerFor(t, {...testConfig(path.join(dir, 'other'), 1), tls: {cert: path.join(dir, 'missing.crt'), key: tls.key}}), {message: /tls\.cert: cannot read .*missing\.crt/});
});
