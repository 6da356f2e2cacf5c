// Run sipp for a test: explicit loopback ports, bounded by -m/-timeout, killed in teardown.
// It runs in a temp dir so its trace files don't land in the repo.
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ExecutionContext} from 'ava';

export const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

export type Sipp = {readonly done: Promise<{code: number | null; output: string}>; readonly child: ChildProcess};

/** Start sipp with `args` (a scenario, ports, target…); stopped when the test ends. */
export function sipp(t: ExecutionContext, args: string[]): Sipp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-sipp-'));
  const child = spawn('sipp', ['-nostdin', '-trace_err', '-timeout', '20s', '-timeout_error', ...args], {stdio: ['ignore', 'pipe', 'pipe'], cwd: dir});
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + String(chunk)).slice(-4000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const done = new Promise<{code: number | null; output: string}>(resolve => child.on('exit', code => {
    let errors = '';
    try {
      for (const file of fs.readdirSync(dir)) if (file.endsWith('_errors.log')) errors += fs.readFileSync(path.join(dir, file), 'utf8').slice(-2000);
    } catch {}
    resolve({code, output: output + errors});
  }));
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, {recursive: true, force: true});
  });
  return {done, child};
}
