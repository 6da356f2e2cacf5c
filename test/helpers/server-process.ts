// `zuoxi server` as an operator runs it, in a child process: a config written into a fresh
// directory (demo agents, every port free or chosen by the test), its output collected, killed
// in teardown. `hub()` waits for the address the server prints.
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import {demoConfig} from '../../src/config.ts';
import {freePort} from './ports.ts';

const defaultBin = path.resolve('bin/zuoxi.js');

export type ServerProcess = {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  readonly dir: string;
  readonly sipPort: number;
  readonly config: ReturnType<typeof demoConfig>;
  out(): string;
  err(): string;
  /** HOST:PORT of the hub once printed (undefined if the server exited or 20 s passed). */
  hub(timeoutMs?: number): Promise<string | undefined>;
};

export type ServerProcessOptions = {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly agents?: number;
  /** Another copy of the app (the packaging test's built one). */
  readonly bin?: string;
  /** Where the config goes and the server runs (default: a temp dir removed in teardown). */
  readonly dir?: string;
  /** Listen on TCP too (same port). */
  readonly tcp?: boolean;
  /** Fixed ports (a restart on the same addresses); free ones otherwise, the hub's chosen by the OS. */
  readonly sipPort?: number;
  readonly hubPort?: number;
};

/** Spawn a process with its output collected; killed in teardown. */
export function collect(t: ExecutionContext, command: string, args: readonly string[], options: {cwd: string; env?: NodeJS.ProcessEnv}) {
  const proc = spawn(command, [...args], {cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe']});
  t.teardown(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', d => {
    out += d;
  });
  proc.stderr.on('data', d => {
    err += d;
  });
  const exited = new Promise<number | null>(resolve => proc.on('exit', code => resolve(code)));
  const hub = async (timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!/hub\s+http:\/\/[\d.]+:\d+/.test(out) && Date.now() < deadline && proc.exitCode === null) await new Promise(r => setTimeout(r, 50));
    return /hub\s+http:\/\/([\d.]+:\d+)/.exec(out)?.[1];
  };
  return {proc, exited, out: () => out, err: () => err, hub};
}

export async function serverProcess(t: ExecutionContext, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  let dir = options.dir;
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-server-'));
    const made = dir;
    t.teardown(() => fs.rmSync(made, {recursive: true, force: true}));
  }
  const sipPort = options.sipPort ?? await freePort();
  const hub = `127.0.0.1:${options.hubPort ?? 0}`;
  const config = demoConfig({agents: options.agents ?? 2, overrides: {listen: {sip: `udp:127.0.0.1:${sipPort}${options.tcp ? `,tcp:127.0.0.1:${sipPort}` : ''}`, control: '127.0.0.1:0', hub, ssh: '127.0.0.1:0'}}});
  fs.writeFileSync(path.join(dir, 'zuoxi.config.json'), JSON.stringify({...config, dataDir: 'data'}));
  const env = {...process.env, ...options.env};
  const child = collect(t, process.execPath, [options.bin ?? defaultBin, 'server', ...(options.args ?? [])], {cwd: dir, env});
  return {...child, dir, sipPort, config};
}
