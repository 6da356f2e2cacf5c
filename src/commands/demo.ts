// `zuoxi demo` (what `npm start` runs): a whole center on this machine — the embedded SIP engine,
// the switch and the hub on their default ports (free ones when those are taken) — with a few
// headless colleagues, simulated callers and auto-answer phones over real SIP on loopback, and
// the seat TUI signed in as agent 1001 on this terminal. Quitting the seat stops everything.
// Without a terminal it needs --duration and prints a live text feed of the real calls instead.
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {z} from 'zod';
import {DEMO_PIN, demoConfig} from '../config.ts';
import {maskNumber} from '../rules/privacy.ts';
import {runLoad, type FeedEvent} from '../loadtest/runner.ts';
import {LoadScript} from '../loadtest/script.ts';
import {startCenter} from '../../server/center.ts';
import {LangFlag, PortFlag, chooseLang, positiveFlag} from './flags.ts';
import {command} from './run-command.ts';

const usage = `usage: zuoxi demo [--duration S] [--rate CPS] [--seats N] [--lang zh-CN|en] [--hub-port P] [--sip-port P] [--control-port P] [--ssh-port P]

  --duration S   stop by itself after S seconds, up to a week (needed when stdin is not a terminal)
  --rate CPS     calls per second from the simulated callers, up to 100, default 0.12
  --seats N      headless colleagues beside you (agents 1002…), up to 50, default 3
  --lang         the seat's language, zh-CN or en (default: LC_ALL / LC_MESSAGES / LANG, else zh-CN)
  --hub-port P, --sip-port P, --control-port P, --ssh-port P
                 listen here instead of 7070 / 5060 / 9022 / 2222 (0 = any free port)

You are agent 1001 (PIN ${DEMO_PIN}). Press r to go Ready; a call rings within seconds.`;

/** The demo's callers and colleagues: calls of half a minute, patient callers, few late answers. */
const demoScript = () => LoadScript.parse({
  run: {drainSeconds: 3, seatsPerSyncClient: 10},
  agents: {
    ringsBeforeAccept: {choice: {1: 75, 2: 17, 3: 6, 4: 2}},
    talkSeconds: {uniform: [15, 45]},
    holdProbability: 0.25,
    holdSeconds: {uniform: [5, 30]},
    wrapUpSeconds: {uniform: [2, 6]},
    breakProbability: 0,
    transferProbability: 0,
  },
  callers: {arrival: {pattern: 'steady', poisson: true}, patienceSeconds: {uniform: [60, 240]}},
});

function tcpFree(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

function udpFree(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

/** The default port when it is free, else 0 (the OS picks one). */
async function portOr0(host: string, port: number, udp = false): Promise<number> {
  const free = (await tcpFree(host, port)) && (!udp || (await udpFree(host, port)));
  return free ? port : 0;
}

/** The public keys of the person running the demo (best effort; none is fine). */
function ownPublicKeys(): string[] {
  const dir = path.join(os.homedir(), '.ssh');
  try {
    return fs.readdirSync(dir).filter(f => f.endsWith('.pub')).flatMap(f => {
      try {
        return fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(line => /^(ssh-|ecdsa-|sk-)/.test(line.trim()));
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

function feedLine(event: FeedEvent, t0: number): string {
  const at = ((event.at - t0) / 1000).toFixed(1).padStart(6);
  const who = maskNumber(event.from);
  const agent = event.agent ? ` agent ${event.agent}` : '';
  const detail = event.detail ? ` (${event.detail})` : '';
  const verb = {placed: 'calls 12345', offered: 'rings at', answered: 'answered by', ended: 'ended with', abandoned: 'hung up waiting', failed: 'FAILED'}[event.kind];
  return `${at} s  ${who} ${verb}${agent}${detail}`;
}

const Flags = z.object({
  duration: positiveFlag(7 * 86_400, {unit: ' s (a week)'}),
  rate: positiveFlag(100, {unit: ' calls/s'}),
  seats: positiveFlag(50, {integer: true, hint: ' (zuoxi loadtest runs more)'}),
  lang: LangFlag,
  hubPort: PortFlag,
  sipPort: PortFlag,
  controlPort: PortFlag,
  sshPort: PortFlag,
});

export const run = command({
  name: 'demo',
  usage,
  options: {
    duration: {type: 'string'}, rate: {type: 'string'}, seats: {type: 'string'}, lang: {type: 'string'},
    'hub-port': {type: 'string'}, 'sip-port': {type: 'string'}, 'control-port': {type: 'string'}, 'ssh-port': {type: 'string'},
  },
  schema: Flags,
  run: demo,
});

async function demo(flags: z.output<typeof Flags>): Promise<number> {
  const duration = flags.duration;
  const rate = flags.rate ?? 0.12;
  const seats = flags.seats ?? 3;
  const lang = chooseLang(flags.lang);
  const ports: Record<string, number | undefined> = {
    'hub-port': flags.hubPort, 'sip-port': flags.sipPort, 'control-port': flags.controlPort, 'ssh-port': flags.sshPort,
  };
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  if (!interactive && duration === undefined) {
    console.error('zuoxi demo: the seat needs a terminal, and stdin/stdout is not one.\n'
      + '  Run it in a terminal (npm start), or give --duration S to watch a text feed of the calls for S seconds.');
    return 2;
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-demo-'));
  const host = '127.0.0.1';
  // The leads' wallboard over SSH: your own public keys (~/.ssh/*.pub) stand for lead 9001.
  const authorizedKeys = path.join(dir, 'leads_authorized_keys');
  const leadKeys = ownPublicKeys().map(line => `${line.split(/\s+/).slice(0, 2).join(' ')} lead=9001`);
  fs.writeFileSync(authorizedKeys, leadKeys.length > 0 ? `${leadKeys.join('\n')}\n` : '');
  const config = demoConfig({agents: 1 + (seats as number), overrides: {
    dataDir: path.join(dir, 'center'),
    ssh: {authorizedKeys, hostKey: path.join(dir, 'ssh_host_ed25519_key')},
  }});
  const port = (text: string) => Number(text.slice(text.lastIndexOf(':') + 1));
  const sipDefault = Number(/udp:[^,]*:(\d+)/.exec(config.listen.sip)?.[1] ?? 5060);
  const [sipPort, controlPort, hubPort, sshPort] = [
    ports['sip-port'] ?? await portOr0(host, sipDefault, true),
    ports['control-port'] ?? await portOr0(host, port(config.listen.control)),
    ports['hub-port'] ?? await portOr0(host, port(config.listen.hub)),
    ports['ssh-port'] ?? await portOr0(host, port(config.listen.ssh)),
  ];
  const center = await startCenter(config, {sipPort, controlPort, hubPort, hubHost: host, sipHost: host, ssh: {host, port: sshPort}, media: true});
  const sip = center.addresses.sip?.find(s => s.transport === 'udp');
  if (!sip) {
    await center.close();
    console.error('zuoxi demo: the engine has no SIP UDP listener');
    return 1;
  }
  const hubUrl = `ws://${host}:${center.addresses.hub.port}`;
  const moved = (want: number, got: number, flag: string) => (want === got || ports[flag] !== undefined ? '' : ` (${want} was taken)`);
  console.log(`zuoxi demo — ${config.center.name}`);
  console.log(`  hub      ${hubUrl}${moved(port(config.listen.hub), center.addresses.hub.port, 'hub-port')}  (/control, /sync)`);
  console.log(`  SIP      udp+tcp ${sip.host}:${sip.port}${moved(sipDefault, sip.port, 'sip-port')}, service number ${config.queues[0].number}`);
  console.log(`  drachtio ${center.addresses.drachtio.host}:${center.addresses.drachtio.port}`);
  const media = center.media?.port.status;
  console.log(`  media    ${media?.anchored ? `rtpengine: calls recorded in ${path.join(config.dataDir, 'recordings')}` : media?.why ?? 'recordings off'}`);
  if (center.ssh) {
    const sshAt = center.ssh.port;
    console.log(leadKeys.length > 0
      ? `  ssh      ssh -p ${sshAt} lead@${host}  (the lead's wallboard; your ~/.ssh keys are lead 9001)${moved(port(config.listen.ssh), sshAt, 'ssh-port')}`
      : `  ssh      ${host}:${sshAt}  (no ~/.ssh/*.pub found: add a key with "lead=9001" to ${authorizedKeys})`);
  }
  console.log(`  you are agent 1001 (PIN ${DEMO_PIN}); colleagues 1002–${1001 + (seats as number)} are headless; callers at ${rate} calls/s`);
  if (interactive) console.log('  r = Ready, Enter = accept, ? = help, Ctrl+C = quit\n');

  const controller = new AbortController();
  const t0 = Date.now();
  const load = runLoad({
    rate: rate as number,
    durationS: (duration as number | undefined) ?? 7 * 86_400,
    script: demoScript(),
    server: {hubUrl, sip: {host: sip.host, port: sip.port}},
    // On a terminal you are 1001 (your phone is in the farm); in the feed mode 1001 is headless too.
    ...(interactive ? {seats: seats as number, firstAgent: 1002, extraPhones: ['1001']} : {seats: 1 + (seats as number), firstAgent: 1001}),
    signal: controller.signal,
    // Keep every colleague busy from the start with one caller left waiting: your first call
    // rings as soon as you press r.
    initialBurst: interactive ? (seats as number) + 1 : 0,
    ...(interactive ? {} : {
      onEvent: (event: FeedEvent) => console.log(feedLine(event, t0)),
      log: (line: string) => console.error(line),
    }),
  });
  let exitCode = 0;
  // Once only, whoever asks first (duration, the seat quitting, a signal).
  let stopping: ReturnType<typeof finish> | undefined;
  const stopAll = (now = true) => {
    if (now) controller.abort();
    stopping ??= finish();
    return stopping;
  };
  const finish = async () => {
    const report = await load.catch((error: Error) => {
      console.error(`zuoxi demo: ${error.message}`);
      exitCode = 1;
      return undefined;
    });
    // Bounded: a client that does not let go must not keep the demo from ending.
    const closed = await Promise.race([
      center.close().then(() => true, () => true),
      new Promise<boolean>(resolve => setTimeout(() => resolve(false), 5000).unref()),
    ]);
    if (!closed) console.error('zuoxi demo: the center did not close within 5 s; leaving anyway');
    fs.rmSync(dir, {recursive: true, force: true});
    return report;
  };

  if (!interactive) {
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const report = await stopAll(false);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (report) console.log(`\n${report.callsPlaced} calls: ${report.answered} answered, ${report.abandoned} abandoned, ${report.cutAtEnd} still waiting at the end, ${report.failed} failed; ${report.recordsInHub} records in the hub.`);
    return exitCode;
  }

  // Terminated from outside (kill, a closing terminal): stop everything, then leave.
  // (`on`, not `once`: Ink's signal-exit re-raises a signal nobody else still listens to.)
  const onTerm = () => void stopAll().then(() => process.exit(exitCode));
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onTerm);
  const {runSeat} = await import('../tui/run-seat.tsx');
  const seat = runSeat({hubUrl, agent: '1001', pin: DEMO_PIN, lang, dataDir: path.join(dir, 'seat'), policy: config.policy, stdin: process.stdin, stdout: process.stdout});
  if (duration !== undefined) {
    // --duration on a terminal: stop everything, then leave (Ink restores the terminal on exit).
    const timer = setTimeout(() => {
      void stopAll().then(() => process.exit(exitCode));
    }, (duration as number) * 1000);
    timer.unref();
  }
  load.catch(() => {}); // reported by stopAll
  await seat;
  await stopAll();
  // Everything is closed; a library's lingering reconnect timer must not hold the terminal.
  setTimeout(() => process.exit(exitCode), 500).unref();
  return exitCode;
}
