// Shared pieces of the engine tests: an engine on free ports, drachtio-srf apps connected to
// it, and sipp runs (real SIP over loopback) that are always killed in teardown.
import {spawn, type ChildProcess} from 'node:child_process';
import {rmSync} from 'node:fs';
import os from 'node:os';
import process from 'node:process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ExecutionContext} from 'ava';
import Srf from 'drachtio-srf';
import {startEngine, type Engine, type EngineOptions} from '../../server/engine/index.ts';
import {freePort} from '../helpers/ports.ts';

export const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sipp');
export const SECRET = 'cymru';
export const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=sendrecv\r\n';

export async function engineFor(t: ExecutionContext, opts: Partial<EngineOptions> = {}): Promise<Engine> {
  const port = await freePort();
  const engine = await startEngine({
    sip: [{transport: 'udp', host: '127.0.0.1', port}, {transport: 'tcp', host: '127.0.0.1', port}],
    control: {host: '127.0.0.1', port: 0},
    secret: SECRET,
    logLevel: 'warn',
    ...opts,
  });
  t.teardown(() => engine.close());
  return engine;
}

export function sipPort(engine: Engine, transport: 'udp' | 'tcp' = 'udp'): number {
  return engine.sip.find(s => s.transport === transport)!.port;
}

/** A drachtio-srf app connected to the engine (resolves once authenticated). */
export async function srfFor(t: ExecutionContext, engine: Engine, secret = SECRET): Promise<any> {
  const srf: any = new (Srf as any)();
  srf.on('error', () => {}); // reconnect attempts after a refusal must not throw
  t.teardown(() => { try { srf.disconnect(); } catch { /* never connected */ } });
  await new Promise<void>((resolve, reject) => {
    srf.connect({host: '127.0.0.1', port: engine.control.port, secret, reconnect: {maxAttempts: 1}});
    srf.once('connect', (err: Error | null) => (err ? reject(err) : resolve()));
  });
  return srf;
}

export interface SippRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SippOptions {
  scenario: string;
  /** sipp's own port (UDP and TCP). */
  port: number;
  /** Where a UAC sends to. */
  remote?: string;
  transport?: 'udp' | 'tcp';
  calls?: number;
  rate?: number;
  timeoutS?: number;
  extra?: string[];
  /** sipp -key values (-key name value) */
  keys?: Record<string, string>;
}

/** Start sipp; `done` resolves when it exits; `ready` after it is listening (for UAS roles). */
export function sipp(t: ExecutionContext, o: SippOptions): {proc: ChildProcess; done: Promise<SippRun>} {
  const errorFile = path.join(os.tmpdir(), `zuoxi-sipp-${process.pid}-${o.port}-err.log`);
  const args = [
    '-sf', path.join(fixtures, o.scenario),
    '-p', String(o.port), '-i', '127.0.0.1',
    '-t', o.transport === 'tcp' ? 't1' : 'u1',
    '-m', String(o.calls ?? 1),
    '-r', String(o.rate ?? 10),
    '-timeout', `${o.timeoutS ?? 20}s`,
    '-timeout_error',
    '-nostdin', '-trace_err',
    '-error_file', errorFile,
    '-nd',
    ...Object.entries(o.keys ?? {}).flatMap(([k, v]) => ['-key', k, v]),
    ...(o.extra ?? []),
  ];
  if (o.remote) args.push(o.remote);
  const proc = spawn('sipp', args, {stdio: ['ignore', 'pipe', 'pipe']});
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', d => { stdout += d; if (stdout.length > 200_000) stdout = stdout.slice(-100_000); });
  proc.stderr!.on('data', d => { stderr += d; });
  const done = new Promise<SippRun>(resolve => proc.on('exit', code => resolve({code, stdout, stderr})));
  t.teardown(() => {
    if (proc.exitCode === null) proc.kill('SIGKILL');
    rmSync(errorFile, {force: true});
  });
  return {proc, done};
}

/** Wait until a predicate holds, polling; fails after timeoutMs. */
export async function until(pred: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

export {freePort};
