// Child processes for the crash tests: started with `node --import tsx`, killed with SIGKILL.
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import type {ExecutionContext} from 'ava';

const root = path.resolve(import.meta.dirname, '../..');

export type Child = {proc: ChildProcess; lines: string[]; waitFor: (pattern: RegExp, ms?: number) => Promise<string>; exited: Promise<number | null>};

export function startChild(t: ExecutionContext, script: string, args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], {cwd: root, stdio: ['ignore', 'pipe', 'pipe']});
  const lines: string[] = [];
  const waiters: Array<{pattern: RegExp; resolve: (line: string) => void}> = [];
  let buffer = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>(resolve => proc.on('exit', code => resolve(code)));
  t.teardown(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const waitFor = (pattern: RegExp, ms = 20_000) => {
    const seen = lines.find(l => pattern.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script}: no line matching ${pattern} within ${ms} ms; stdout: ${lines.join(' | ')}; stderr: ${stderr.slice(-500)}`)), ms);
      waiters.push({pattern, resolve: line => {
        clearTimeout(timer);
        resolve(line);
      }});
      void exited.then(code => {
        clearTimeout(timer);
        reject(new Error(`${script} exited (${code}) before printing ${pattern}; stderr: ${stderr.slice(-500)}`));
      });
    });
  };
  return {proc, lines, waitFor, exited};
}

/** kill -9 and wait for the exit. */
export async function kill9(child: Child): Promise<void> {
  child.proc.kill('SIGKILL');
  await child.exited;
}
