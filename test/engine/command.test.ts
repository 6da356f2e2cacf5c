// `zuoxi engine` as a process: flags checked, where it listens printed, /metrics served, and
// SIGTERM ends a live call with a BYE before exiting.
import {spawn, spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import Srf from 'drachtio-srf';
import {freePort, SDP, sipp, until} from './helpers.ts';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'zuoxi.js');

test('bad flags get a clear error naming the flag', t => {
  const unknown = spawnSync('node', [bin, 'engine', '--bogus'], {encoding: 'utf8'});
  t.is(unknown.status, 2);
  t.regex(unknown.stderr, /--bogus/);
  const badSip = spawnSync('node', [bin, 'engine', '--sip', 'sctp:1.2.3.4:5', '--secret', 's'], {encoding: 'utf8'});
  t.is(badSip.status, 2);
  t.regex(badSip.stderr, /--sip: .*udp:HOST:PORT/);
  const noSecret = spawnSync('node', [bin, 'engine', '--sip', 'udp:127.0.0.1:5999'], {encoding: 'utf8', env: {...process.env, ZUOXI_ENGINE_SECRET: ''}});
  t.is(noSecret.status, 2);
  t.regex(noSecret.stderr, /--secret/);
});

test('zuoxi engine serves SIP, the control port and /metrics; SIGTERM BYEs the live call', async t => {
  const [sip, control, metrics] = [await freePort(), await freePort(), await freePort()];
  const proc = spawn('node', [bin, 'engine', '--sip', `udp:127.0.0.1:${sip},tcp:127.0.0.1:${sip}`, '--control', `127.0.0.1:${control}`,
    '--secret', 'shh', '--metrics-port', String(metrics), '--log-level', 'info'], {stdio: ['ignore', 'pipe', 'pipe']});
  t.teardown(() => { if (proc.exitCode === null) proc.kill('SIGKILL'); });
  let out = '';
  let err = '';
  proc.stdout.on('data', d => { out += d; });
  proc.stderr.on('data', d => { err += d; });
  await until(() => out.includes('zuoxi engine: sip'), 15_000, 'engine start');
  t.regex(out, new RegExp(`udp:127\\.0\\.0\\.1:${sip}.*control 127\\.0\\.0\\.1:${control}`));

  const srf: any = new (Srf as any)();
  srf.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    srf.connect({host: '127.0.0.1', port: control, secret: 'shh', reconnect: {maxAttempts: 1}});
    srf.once('connect', (e: Error | null) => (e ? reject(e) : resolve()));
  });
  t.teardown(() => { try { srf.disconnect(); } catch { /* gone */ } });
  let destroyed = false;
  srf.invite((req: any, res: any) => srf.createUAS(req, res, {localSdp: SDP}, (e: unknown, uas: any) => { if (!e) uas.on('destroy', () => { destroyed = true; }); }));
  await new Promise(r => setTimeout(r, 100));
  const caller = sipp(t, {scenario: 'engine-uac-recvbye.xml', port: await freePort(), remote: `127.0.0.1:${sip}`});
  let lastMetrics = '';
  await until(() => {
    void fetch(`http://127.0.0.1:${metrics}/metrics`).then(r => r.text()).then(x => { lastMetrics = x; }, () => {});
    return /zuoxi_engine_dialogs 1/.test(lastMetrics);
  }, 10_000, 'dialog up in /metrics');
  t.regex(lastMetrics, /# TYPE zuoxi_engine_calls_in_total counter\nzuoxi_engine_calls_in_total 1/);
  proc.kill('SIGTERM');
  const code = await new Promise<number | null>(resolve => proc.on('exit', c => resolve(c)));
  t.is(code, 0, err);
  const r = await caller.done;
  t.is(r.code, 0, r.stdout.slice(-2000)); // sipp got the BYE and answered it
  await until(() => destroyed, 3000, 'app saw the dialog end');
  t.true(err.split('\n').filter(Boolean).every(line => { try { return typeof JSON.parse(line).level === 'string'; } catch { return false; } }), err);
});

test('--log-level debug logs each SIP message in and out as JSON; info does not', async t => {
  const run = async (level: string) => {
    const [sip, control] = [await freePort(), await freePort()];
    const proc = spawn('node', [bin, 'engine', '--sip', `udp:127.0.0.1:${sip}`, '--control', `127.0.0.1:${control}`, '--secret', 's', '--log-level', level], {stdio: ['ignore', 'pipe', 'pipe']});
    t.teardown(() => { if (proc.exitCode === null) proc.kill('SIGKILL'); });
    let out = '';
    let err = '';
    proc.stdout.on('data', d => { out += d; });
    proc.stderr.on('data', d => { err += d; });
    await until(() => out.includes('zuoxi engine: sip'), 15_000, 'engine start');
    const r = await sipp(t, {scenario: 'engine-options.xml', port: await freePort(), remote: `127.0.0.1:${sip}`}).done;
    t.is(r.code, 0);
    proc.kill('SIGINT');
    await new Promise(resolve => proc.on('exit', resolve));
    return err.split('\n').filter(Boolean).map(line => JSON.parse(line) as {level: string; msg: string; start?: string});
  };
  const debug = await run('debug');
  t.true(debug.some(e => e.msg === 'sip in' && e.start?.startsWith('OPTIONS ')));
  t.true(debug.some(e => e.msg === 'sip out' && e.start === 'SIP/2.0 200 OK'));
  const info = await run('info');
  t.false(info.some(e => e.msg === 'sip in'));
  t.true(info.some(e => e.msg === 'engine listening'));
});
