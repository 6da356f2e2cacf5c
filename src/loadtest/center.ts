// The load tester's side of the center process (src/loadtest/center-process.ts): start it as a
// child so its CPU and memory are measured apart from the load, read its addresses and its
// event-loop delay from stdout, and stop it (stdin end, SIGTERM, SIGKILL after 8 s).
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type {Address} from './sim/endpoint.ts';

export type Lag = {p50: number; p99: number; max: number};

export type StartedCenter = {
  readonly hubUrl: string;
  readonly sip: Address;
  readonly pid: number;
  readonly child: ChildProcess;
  readonly dataDir: string;
  /** The child's latest event-loop delay report. */
  readonly lag: () => Lag | undefined;
};

export type CenterSpec = {
  /** Demo agents 1001… to create. */
  readonly agents: number;
  /** Policy overrides (the script's center.policy) on top of POLICY.md's defaults. */
  readonly policy: Record<string, unknown>;
  /** A validated config (`--config`): its center, teams, queues and policy, with the demo agents. */
  readonly config?: Record<string, unknown>;
};

/** Start a center in a child process; resolves with its addresses. */
export async function startCenterProcess(spec: CenterSpec, log: (line: string) => void): Promise<StartedCenter> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-load-'));
  const entry = path.join(import.meta.dirname, 'center-process.ts');
  let configFile: string | undefined;
  if (spec.config) {
    // A file, not argv: a center's config can be long.
    configFile = path.join(dataDir, 'load-config.json');
    fs.writeFileSync(configFile, JSON.stringify(spec.config));
  }
  const options = {agents: spec.agents, policy: spec.policy, dataDir, ...(configFile ? {configFile} : {})};
  // tsx by absolute URL, so `zuoxi loadtest` works from any directory.
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), entry, JSON.stringify(options)], {stdio: ['pipe', 'pipe', 'pipe']});
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  const lines = readline.createInterface({input: child.stdout!});
  let lag: Lag | undefined;
  lines.on('line', line => {
    if (!line.startsWith('ZUOXI_CENTER_LAG ')) return;
    try {
      lag = JSON.parse(line.slice('ZUOXI_CENTER_LAG '.length)) as Lag;
    } catch {}
  });
  try {
    const ready = await new Promise<{hub: {host: string; port: number}; sip?: Address}>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the center did not start within 60 s\n${stderr}`)), 60_000);
      child.once('exit', code => {
        clearTimeout(timer);
        reject(new Error(`the center exited with code ${code} before it was ready\n${stderr}`));
      });
      lines.on('line', line => {
        if (line.startsWith('ZUOXI_CENTER_LAG ')) return;
        if (!line.startsWith('ZUOXI_CENTER_READY ')) return log(`center: ${line}`);
        clearTimeout(timer);
        resolve(JSON.parse(line.slice('ZUOXI_CENTER_READY '.length)));
      });
    });
    if (!ready.sip) throw new Error('the center has no SIP UDP listener');
    const host = ready.hub.host.includes(':') ? `[${ready.hub.host}]` : ready.hub.host;
    return {hubUrl: `ws://${host}:${ready.hub.port}`, sip: {host: ready.sip.host, port: ready.sip.port}, pid: child.pid!, child, dataDir, lag: () => lag};
  } catch (error) {
    child.kill('SIGKILL');
    fs.rmSync(dataDir, {recursive: true, force: true});
    throw error;
  }
}

export async function stopCenterProcess(center: StartedCenter): Promise<void> {
  const exited = new Promise<void>(resolve => {
    if (center.child.exitCode !== null) resolve();
    else center.child.once('exit', () => resolve());
  });
  center.child.stdin!.end();
  center.child.kill('SIGTERM');
  const timer = setTimeout(() => center.child.kill('SIGKILL'), 8000);
  await exited;
  clearTimeout(timer);
  fs.rmSync(center.dataDir, {recursive: true, force: true});
}
