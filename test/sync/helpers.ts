// Shared pieces of the sync tests: a hub on a free port with a demo center, and waiting for a
// condition with a deadline (no sleeps).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import type {ExecutionContext} from 'ava';
import {demoConfig, DEMO_PIN, type ZuoxiConfig} from '../../src/config.ts';
import {Auth} from '../../server/auth.ts';
import {HubServer} from '../../server/http.ts';
import {attachHub, type Hub, type HubOptions} from '../../server/hub/hub.ts';
import {freePort} from '../helpers/ports.ts';

export {DEMO_PIN};

// Each y-websocket provider adds a process 'exit' listener; tests run a dozen at once.
process.setMaxListeners(100);

/** Demo center with a second team "b" (agent 2001, lead 9002). */
export function twoTeamConfig(): ZuoxiConfig {
  const config = demoConfig({agents: 4});
  const pinHash = config.agents[0].pinHash;
  const phone = config.agents[0].phone;
  config.agents.push({...config.agents[0], id: '2001', name: '乙', team: 'b', pinHash, phone: {...phone, user: '2001'}});
  config.teams.push({id: 'b', name: '二班'});
  return config;
}

export async function tempDir(t: ExecutionContext, prefix = 'zuoxi-sync-'): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  t.teardown(() => fs.rm(dir, {recursive: true, force: true}));
  return dir;
}

export type RunningHub = {hub: Hub; server: HubServer; url: string; port: number; auth: Auth; dataDir: string; logs: string[]};

export async function startHub(t: ExecutionContext, options: Partial<HubOptions> & {dataDir?: string; port?: number} = {}): Promise<RunningHub> {
  const config = twoTeamConfig();
  const auth = new Auth(config);
  const dataDir = options.dataDir ?? await tempDir(t);
  const server = new HubServer();
  const logs: string[] = [];
  const hub = attachHub(server, {auth, dataDir, log: e => logs.push(`${e.level} ${e.doc ?? ''} ${e.agent ?? ''} ${e.message}`), ...options});
  const port = options.port ?? await freePort();
  await server.listen('127.0.0.1', port);
  t.teardown(async () => {
    await hub.close();
    await server.close();
  });
  return {hub, server, url: `ws://127.0.0.1:${port}/sync`, port, auth, dataDir, logs};
}

/** Poll `check` on a short interval until it is true or `ms` passed. */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}
