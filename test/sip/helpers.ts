// Shared pieces of the switch tests: a center on free ports (demo agents, short policy times),
// sipp phones and callers (real SIP over loopback, always killed in teardown), and seats that
// are plain `ws` control-channel clients.
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ExecutionContext} from 'ava';
import WebSocket from 'ws';
import {startCenter, type Center, type CenterOptions} from '../../server/center.ts';
import {DEMO_PIN, demoConfig, demoPhonePassword, type ZuoxiConfig} from '../../src/config.ts';
import {MemoryFactsSink} from '../../src/sip/facts-sink.ts';
import type {ServerMessage} from '../../src/sip/protocol.ts';
import {freePort} from '../helpers/ports.ts';

export const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sipp');

export type TestCenter = Center & {readonly sink: MemoryFactsSink; readonly sipPort: number; readonly dataDir: string};

export function tempDir(t: ExecutionContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-switch-'));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  return dir;
}

export function testConfig(dataDir: string, agents: number, policy: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): ZuoxiConfig {
  return demoConfig({agents, overrides: {dataDir, policy: {ringPeriodSeconds: 1, noAnswerSeconds: 3, afterCallWorkSeconds: 0.2, ...policy}, ...extra}});
}

/** A center with the embedded engine (or `options.drachtio`) on free ports and a memory sink. */
export async function centerFor(t: ExecutionContext, config: ZuoxiConfig, options: CenterOptions = {}): Promise<TestCenter> {
  const sipPort = options.sipPort ?? await freePort();
  const sink = new MemoryFactsSink();
  const center = await startCenter(config, {sipPort, hubPort: 0, controlPort: 0, hubHost: '127.0.0.1', sink, ...options});
  t.teardown(() => center.close());
  return Object.assign(center, {sink, sipPort, dataDir: config.dataDir});
}

export type SippRun = {code: number | null; stdout: string; stderr: string};

export type SippOptions = {
  scenario: string;
  port: number;
  /** Local address to send from (another loopback address is another source); 127.0.0.1 by default. */
  ip?: string;
  remote?: string;
  calls?: number;
  rate?: number;
  /** -d: pause length (ms) for <pause/>. */
  pauseMs?: number;
  timeoutS?: number;
  service?: string;
  inf?: string;
  extra?: string[];
};

/** Run sipp; `done` resolves when it exits. Killed in teardown. */
export function sipp(t: ExecutionContext, o: SippOptions): {proc: ChildProcess; done: Promise<SippRun>} {
  const args = [
    '-sf', path.join(fixtures, o.scenario),
    '-p', String(o.port), '-i', o.ip ?? '127.0.0.1', '-t', 'u1',
    '-m', String(o.calls ?? 1), '-r', String(o.rate ?? 10),
    '-timeout', `${o.timeoutS ?? 30}s`, '-timeout_error',
    '-nostdin', '-nd', '-trace_err', '-error_file', path.join(os.tmpdir(), `sipp-switch-${o.port}-err.log`),
    ...(o.pauseMs === undefined ? [] : ['-d', String(o.pauseMs)]),
    ...(o.service ? ['-s', o.service] : []),
    ...(o.inf ? ['-inf', o.inf] : []),
    ...(o.extra ?? []),
  ];
  if (o.remote) args.push(o.remote);
  const proc = spawn('sipp', args, {stdio: ['ignore', 'pipe', 'pipe']});
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', d => {
    stdout += d;
    if (stdout.length > 100_000) stdout = stdout.slice(-50_000);
  });
  proc.stderr!.on('data', d => {
    stderr += d;
  });
  const done = new Promise<SippRun>(resolve => proc.on('exit', code => resolve({code, stdout, stderr})));
  t.teardown(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  return {proc, done};
}

/** Register phones (user = agent id) whose contact is 127.0.0.1:phonePort; resolves with sipp's exit. */
export async function registerPhones(t: ExecutionContext, center: TestCenter, users: string[], phonePort: number, options: {password?: (user: string) => string; expires?: number; scenario?: string} = {}): Promise<SippRun> {
  const dir = tempDir(t);
  const inf = path.join(dir, 'phones.csv');
  const realm = center.config.center.realm;
  fs.writeFileSync(inf, ['SEQUENTIAL', ...users.map(u => {
    const password = (options.password ?? demoPhonePassword)(u);
    return `${u};${password};${phonePort};${realm};${options.expires ?? 300};[authentication username=${u} password=${password}]`;
  })].join('\n') + '\n');
  const port = await freePort();
  return sipp(t, {scenario: options.scenario ?? 'switch-register.xml', port, remote: `127.0.0.1:${center.sipPort}`, calls: users.length, rate: 200, inf, timeoutS: 15}).done;
}

/** A seat: a control-channel client that records every message. */
export class Seat {
  readonly messages: ServerMessage[] = [];
  readonly ws: WebSocket;
  #waiters: Array<{test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void}> = [];
  #n = 0;
  onMessage?: (message: ServerMessage) => void;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', data => {
      const message = JSON.parse(String(data)) as ServerMessage;
      this.messages.push(message);
      this.onMessage?.(message);
      for (const w of [...this.#waiters]) {
        if (w.test(message)) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve(message);
        }
      }
    });
    this.ws.on('error', () => {});
  }

  /** Accept every call offered to this seat, as an agent pressing Enter at once. */
  acceptOffers(): this {
    this.onMessage = m => {
      if (m.type === 'offered') this.send({type: 'accept', callId: m.callId});
    };
    return this;
  }

  static async open(t: ExecutionContext, center: Center, agent: string, options: {role?: 'agent' | 'supervisor'; pin?: string} = {}): Promise<Seat> {
    const seat = new Seat(center.addresses.controlUrl);
    t.teardown(() => seat.ws.terminate());
    await new Promise<void>((resolve, reject) => {
      seat.ws.once('open', () => resolve());
      seat.ws.once('error', reject);
    });
    seat.send({type: 'hello', role: options.role ?? 'agent', agent, pin: options.pin ?? DEMO_PIN});
    await seat.next(m => m.type === 'welcome' || m.type === 'error', 'welcome');
    return seat;
  }

  send(message: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Send a command and wait for its ack or error. */
  async command(message: Record<string, unknown>): Promise<ServerMessage> {
    const id = `c${++this.#n}`;
    const reply = this.next(m => (m.type === 'ack' || m.type === 'error' || m.type === 'pong') && m.ref === id, `reply to ${String(message.type)}`);
    this.send({...message, id});
    return reply;
  }

  /** The first message (already received or future) that passes `test`. */
  next(test: (m: ServerMessage) => boolean, what = 'message', timeoutMs = 15_000): Promise<ServerMessage> {
    const seen = this.messages.find(test);
    if (seen) return Promise.resolve(seen);
    return this.wait(test, what, timeoutMs);
  }

  /** The next future message that passes `test`. */
  wait(test: (m: ServerMessage) => boolean, what = 'message', timeoutMs = 15_000): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const waiter = {test, resolve: (m: ServerMessage) => {
        clearTimeout(timer);
        resolve(m);
      }};
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }
}

export async function until(pred: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 10));
  }
}

export {freePort};

/**
 * One inbound call answered and ended on a running center: agent 1001's phone (sipp) registers,
 * the seat goes Ready and accepts, a sipp caller dials 12345 and hangs up. Resolves with the
 * call id and sipp's exit code.
 */
export async function answeredCall(t: ExecutionContext, center: Center, sipPort: number): Promise<{callId: string; callerCode: number | null; seat: Seat}> {
  const phonePort = await freePort();
  sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
  const registered = await registerPhones(t, {...center, sipPort} as unknown as TestCenter, ['1001'], phonePort);
  if (registered.code !== 0) throw new Error(`phone did not register: ${registered.stderr}`);
  const seat = await Seat.open(t, center, '1001');
  seat.acceptOffers();
  await seat.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${sipPort}`, service: '12345', pauseMs: 100});
  const answered = await seat.next(m => m.type === 'answered') as {callId: string};
  await seat.next(m => m.type === 'ended');
  return {callId: answered.callId, callerCode: (await caller.done).code, seat};
}
