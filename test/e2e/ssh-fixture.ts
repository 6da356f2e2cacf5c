// Pieces of the SSH gateway's end-to-end tests: the leads' keys made with the real ssh-keygen,
// a gateway in front of a real center, the real OpenSSH client, and tmux to read the screen.
import {execFile, execFileSync, spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import type {ExecutionContext} from 'ava';
import type {Center} from '../../server/center.ts';
import {startSshGateway, type SshGateway} from '../../server/ssh/gateway.ts';
import {freePort} from '../helpers/ports.ts';

const run = promisify(execFile);

export function tempDir(t: ExecutionContext, prefix = 'zuoxi-ssh-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
  return dir;
}

export type Keys = {readonly dir: string; readonly lead: string; readonly stranger: string; readonly authorizedKeys: string};

/** A lead's key (listed, `lead=9001`) and a stranger's key (not listed). */
export function makeKeys(t: ExecutionContext): Keys {
  const dir = tempDir(t);
  for (const name of ['lead', 'stranger']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path.join(dir, name)]);
  const pub = fs.readFileSync(path.join(dir, 'lead.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const authorizedKeys = path.join(dir, 'authorized_keys');
  fs.writeFileSync(authorizedKeys, `# the team leads of the floor\n${pub} lead=9001 林班长\n`);
  return {dir, lead: path.join(dir, 'lead'), stranger: path.join(dir, 'stranger'), authorizedKeys};
}

export async function gatewayFor(t: ExecutionContext, center: Center, keys: Keys, extra: {maxSessions?: number} = {}): Promise<SshGateway> {
  const gateway = await startSshGateway({
    host: '127.0.0.1',
    port: await freePort(),
    hostKeyPath: path.join(keys.dir, 'host', 'ssh_host_ed25519_key'),
    authorizedKeysPath: keys.authorizedKeys,
    auth: center.auth,
    agents: center.config.agents,
    hubUrl: `ws://127.0.0.1:${center.addresses.hub.port}`,
    policy: center.config.policy,
    ...extra,
  });
  t.teardown(() => gateway.close());
  return gateway;
}

/** OpenSSH client options for a throwaway test server. */
export function sshArgs(key: string, port: number, more: string[] = []): string[] {
  return [
    '-i', key, '-p', String(port),
    '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
    '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-o', 'ConnectTimeout=10',
    ...more,
  ];
}

export type SshResult = {code: number | null; stdout: string; stderr: string};

/** Run ssh to completion (bounded by `timeoutMs`). */
export function ssh(t: ExecutionContext, args: string[], timeoutMs = 20_000, command = 'ssh'): Promise<SshResult> {
  const proc = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe']});
  t.teardown(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', d => {
    stdout += d;
  });
  proc.stderr!.on('data', d => {
    stderr += d;
  });
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  // 'close', not 'exit': the output may still be in the pipes when the process exits.
  return new Promise(resolve => proc.on('close', code => {
    clearTimeout(timer);
    resolve({code, stdout, stderr});
  }));
}

/** A private tmux server for one test (its own socket), killed in teardown. */
export function tmux(t: ExecutionContext) {
  const socket = `zuoxi-ssh-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tm = (...args: string[]) => run('tmux', ['-L', socket, ...args], {env: {...process.env, TERM: 'xterm-256color'}});
  t.teardown(async () => {
    await tm('kill-server').catch(() => {});
  });
  return {
    start: (columns: number, rows: number, command: string[]) => tm('new-session', '-d', '-s', 'wall', '-x', String(columns), '-y', String(rows), command.map(shellQuote).join(' ')),
    capture: async () => (await tm('capture-pane', '-p', '-t', 'wall')).stdout,
    keys: (...keys: string[]) => tm('send-keys', '-t', 'wall', ...keys),
    resize: (columns: number, rows: number) => tm('resize-window', '-t', 'wall', '-x', String(columns), '-y', String(rows)),
    alive: async () => (await tm('has-session', '-t', 'wall').then(() => true, () => false)),
  };
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Poll `read` until `pattern` matches; the error shows the last screen. */
export async function screenUntil(read: () => Promise<string>, pattern: RegExp, what: string, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = await read();
    if (pattern.test(last)) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${pattern}); last screen:\n${last}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

export type SshChild = {proc: ChildProcess; output(): string; exited: Promise<number | null>};

/** An interactive `ssh -tt` whose screen output we collect (no tmux: cheap, for many at once). */
export function sshInteractive(t: ExecutionContext, args: string[]): SshChild {
  const proc = spawn('ssh', ['-tt', ...args], {stdio: ['pipe', 'pipe', 'pipe']});
  let out = '';
  proc.stdout!.on('data', d => {
    out = (out + d).slice(-200_000);
  });
  proc.stderr!.on('data', () => {});
  proc.stdin!.on('error', () => {});
  const exited = new Promise<number | null>(resolve => proc.on('exit', code => resolve(code)));
  t.teardown(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  return {proc, output: () => out, exited};
}
