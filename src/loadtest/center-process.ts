// A center in its own process for the load tester, so its CPU and memory are measured apart
// from the load it is given. Started by the runner as
//   node --import tsx src/loadtest/center-process.ts '{"agents":N,"policy":{…},"dataDir":"…"[,"configFile":"…"]}'
// it prints one line `ZUOXI_CENTER_READY {addresses}` on stdout, and closes the center when
// its stdin ends (the runner exited or closed it) or on SIGTERM/SIGINT.
import {monitorEventLoopDelay} from 'node:perf_hooks';
import fs from 'node:fs';
import process from 'node:process';
import {z} from 'zod';
import {demoConfig, ZuoxiConfig} from '../config.ts';
import {startCenter} from '../../server/center.ts';

const Options = z.object({
  agents: z.number().int().min(1).max(5000),
  policy: z.record(z.string(), z.unknown()).default({}),
  dataDir: z.string().min(1),
  host: z.string().default('127.0.0.1'),
  /** A config the runner validated (`zuoxi loadtest --config`). */
  configFile: z.string().min(1).optional(),
});

const parsed = Options.safeParse(JSON.parse(process.argv[2] ?? '{}'));
if (!parsed.success) {
  console.error(`center-process: ${z.prettifyError(parsed.error)}`);
  process.exit(2);
}
const {agents, policy, dataDir, host, configFile} = parsed.data;
const any = `${host}:0`;
const listen = {sip: `udp:${any},tcp:${any}`, control: any, hub: any, ssh: any};
const config = configFile ? fromFile(configFile) : demoConfig({agents, overrides: {policy, dataDir, listen}});

/**
 * The given center (its name, time zone, teams, queues, policy) with the load test's agents in
 * place of its own: the load test signs in with credentials it knows (demo PINs and phone
 * passwords, in the demo realm), on ports of its own, in a throwaway data directory.
 */
function fromFile(file: string): ZuoxiConfig {
  const given = ZuoxiConfig.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const demo = demoConfig({agents});
  // The seats serve the first queue's team, with every queue's skill, so every queue is staffed.
  const team = given.queues[0]?.team ?? given.teams[0]?.id ?? 'a';
  const skills = [...new Set(given.queues.flatMap(q => (q.skill ? [q.skill] : [])))];
  return ZuoxiConfig.parse({
    ...given,
    center: {...given.center, realm: demo.center.realm},
    agents: demo.agents.map(a => ({...a, team, skills})),
    listen,
    dataDir,
    ssh: demo.ssh,
    drachtioSecret: undefined,
  });
}
const center = await startCenter(config, {hubPort: 0, sipPort: 0, controlPort: 0, hubHost: host, sipHost: host});

let closing = false;
const close = async () => {
  if (closing) return;
  closing = true;
  const force = setTimeout(() => process.exit(0), 5000);
  force.unref();
  await center.close().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());
process.stdin.on('end', () => void close());
process.stdin.on('error', () => void close());
process.stdin.resume();

// Event-loop delay, so the runner can tell a slow center from a slow load generator.
const lag = monitorEventLoopDelay({resolution: 10});
lag.enable();
const lagTimer = setInterval(() => {
  process.stdout.write(`ZUOXI_CENTER_LAG ${JSON.stringify({p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6})}\n`);
}, 1000);
lagTimer.unref();

const sip = center.addresses.sip?.find(s => s.transport === 'udp');
process.stdout.write(`ZUOXI_CENTER_READY ${JSON.stringify({hub: center.addresses.hub, controlUrl: center.addresses.controlUrl, sip, pid: process.pid})}\n`);
