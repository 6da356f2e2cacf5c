// sipp as the benchmarks run it: loopback, UDP, no stdin; the last 20 kB of its output kept for errors.
import {spawn, type ChildProcess} from 'node:child_process';

export function sipp(args: string[]): {proc: ChildProcess; done: Promise<{code: number | null; out: string}>} {
  const proc = spawn('sipp', [...args, '-i', '127.0.0.1', '-t', 'u1', '-nostdin', '-nd'], {stdio: ['ignore', 'pipe', 'pipe']});
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d).slice(-20_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  return {proc, done: new Promise(resolve => proc.on('exit', code => resolve({code, out})))};
}
