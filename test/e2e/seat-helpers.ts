// Pieces of the seat's end-to-end tests: a real center (embedded engine + switch + hub) on free
// ports, and sipp phones and callers over loopback, all torn down with the test.
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ExecutionContext} from 'ava';
import {startCenter, type Center} from '../../server/center.ts';
import WebSocket from 'ws';
import {attachHub} from '../../server/hub/hub.ts';
import {DEMO_PIN, demoConfig, demoPhonePassword, type ZuoxiConfig} from '../../src/config.ts';
import {freePort} from '../helpers/ports.ts';

export const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sipp');
export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function tempDir(t: ExecutionContext, prefix = 'zuoxi-seat-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  return dir;
}

export type SeatCenter = Center & {readonly sipPort: number; readonly hubUrl: string; readonly dataDir: string};

/** Whether the center serves /sync (the sync hub) on its hub port. */
export function servesSync(hubUrl: string): Promise<boolean> {
  return new Promise(resolve => {
    const ws = new WebSocket(`${hubUrl}/sync/calls/a/2000-01-01?agent=1002&pin=${DEMO_PIN}`);
    ws.on('open', () => {
      ws.terminate();
      resolve(true);
    });
    ws.on('unexpected-response', () => resolve(false));
    ws.on('error', () => resolve(false));
  });
}

/**
 * A demo center (agents 1001…, PIN 1234) with the hub's /sync attached, on free ports. Its hub
 * creates days a year back: the seat tests write fixed days (2026-11-23).
 */
export async function seatCenter(t: ExecutionContext, policy: Record<string, unknown> = {}): Promise<SeatCenter> {
  const dataDir = tempDir(t, 'zuoxi-seat-center-');
  const config: ZuoxiConfig = demoConfig({agents: 2, overrides: {dataDir, policy: {afterCallWorkSeconds: 600, hub: {pastDays: 366}, ...policy}}});
  const sipPort = await freePort();
  const center = await startCenter(config, {sipPort, hubPort: 0, controlPort: 0, hubHost: '127.0.0.1'});
  t.teardown(() => center.close());
  const hubUrl = `ws://127.0.0.1:${center.addresses.hub.port}`;
  // Until the center wires the sync hub itself, mount it here on the same port.
  if (!(await servesSync(hubUrl))) attachHub(center.hub, {auth: center.auth, dataDir: path.join(dataDir, 'hub'), log: () => {}});
  return Object.assign(center, {sipPort, dataDir, hubUrl});
}

export type SippRun = {code: number | null; stdout: string; stderr: string};

/** Run a sipp scenario from test/fixtures/sipp; killed in teardown. */
export function sipp(t: ExecutionContext, o: {scenario: string; port: number; remote?: string; service?: string; inf?: string; calls?: number; timeoutS?: number}): {proc: ChildProcess; done: Promise<SippRun>} {
  const args = [
    '-sf', path.join(fixtures, o.scenario), '-p', String(o.port), '-i', '127.0.0.1', '-t', 'u1',
    '-m', String(o.calls ?? 1), '-timeout', `${o.timeoutS ?? 90}s`, '-timeout_error', '-nostdin', '-nd',
    ...(o.service ? ['-s', o.service] : []), ...(o.inf ? ['-inf', o.inf] : []),
  ];
  if (o.remote) args.push(o.remote);
  const proc = spawn('sipp', args, {stdio: ['ignore', 'pipe', 'pipe']});
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', d => {
    stdout = (stdout + d).slice(-50_000);
  });
  proc.stderr!.on('data', d => {
    stderr = (stderr + d).slice(-50_000);
  });
  const done = new Promise<SippRun>(resolve => proc.on('exit', code => resolve({code, stdout, stderr})));
  t.teardown(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  return {proc, done};
}

/** Register agent `user`'s phone with contact 127.0.0.1:phonePort (digest auth, demo password). */
export async function registerPhone(t: ExecutionContext, center: SeatCenter, user: string, phonePort: number): Promise<void> {
  const dir = tempDir(t);
  const inf = path.join(dir, 'phone.csv');
  const realm = center.config.center.realm;
  const password = demoPhonePassword(user);
  fs.writeFileSync(inf, `SEQUENTIAL\n${user};${password};${phonePort};${realm};300;[authentication username=${user} password=${password}]\n`);
  const run = await sipp(t, {scenario: 'seat-register.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, inf, timeoutS: 15}).done;
  if (run.code !== 0) throw new Error(`phone ${user} did not register: ${run.stderr || run.stdout.slice(-2000)}`);
}

/** Poll until `pred` holds; throws naming `what` after `timeoutMs`. */
export async function until(pred: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

export {freePort};
