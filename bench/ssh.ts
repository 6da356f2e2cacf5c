// SSH wallboard benchmark (npm run bench:ssh [-- --json] [-- --leads N --seats N --seconds S]):
// what one attached lead costs the process that runs the center and its SSH gateway, with
// 200 seats active (signed in over /control from a separate process, changing state every
// few seconds). The gateway's process is measured over the same window twice — with no lead
// attached, then with N leads attached through the real OpenSSH client — and the difference is
// divided by N. Targets (issue 7): < 10 MB RSS and < 1 % of a core per attached lead.
// Ink renders no live frames when CI is set; the gateway must render here. React runs as a
// deployed center runs it (production build: the development build costs twice the CPU).
delete process.env.CI;
process.env.NODE_ENV ??= 'production';

import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import WebSocket from 'ws';

const here = fileURLToPath(import.meta.url);
const {values: flags} = parseArgs({
  options: {
    json: {type: 'boolean'},
    leads: {type: 'string'},
    seats: {type: 'string'},
    seconds: {type: 'string'},
    'seats-child': {type: 'string'},
  },
  strict: true,
});
const int = (text: string | undefined, fallback: number, min: number, max: number) => {
  const n = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new TypeError(`expected an integer ${min}…${max}, got ${text}`);
  return n;
};
const leads = int(flags.leads, 10, 1, 50);
const seats = int(flags.seats, 200, 1, 500);
const seconds = int(flags.seconds, 10, 3, 120);

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Child mode: `seats` agents sign in and change state every 2–8 s, until the parent goes. */
async function seatsChild(controlUrl: string): Promise<void> {
  const states = ['ready', 'not-ready', 'break', 'training', 'meeting'];
  const sockets: WebSocket[] = [];
  for (let i = 0; i < seats; i++) {
    const ws = new WebSocket(controlUrl);
    sockets.push(ws);
    ws.on('error', () => {});
    ws.on('open', () => {
      ws.send(JSON.stringify({type: 'hello', role: 'agent', agent: String(1001 + i), pin: '1234'}));
      const change = () => {
        if (ws.readyState !== ws.OPEN) return;
        ws.send(JSON.stringify({type: 'set-state', state: states[Math.floor(Math.random() * states.length)]}));
        setTimeout(change, 2000 + Math.random() * 6000);
      };
      setTimeout(change, Math.random() * 2000);
    });
    if (i % 20 === 19) await sleep(50);
  }
  process.stdout.write('seats signed in\n');
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

type Window = {cpuPercent: number; rssMb: number};

/** CPU (% of one core) and mean RSS of this process over `ms`. */
async function measure(ms: number): Promise<Window> {
  const start = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const rss: number[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    rss.push(process.memoryUsage.rss());
    await sleep(250);
  }
  const used = process.cpuUsage(start);
  const elapsedUs = Number(process.hrtime.bigint() - t0) / 1000;
  return {cpuPercent: ((used.user + used.system) / elapsedUs) * 100, rssMb: rss.reduce((a, b) => a + b, 0) / rss.length / 2 ** 20};
}

async function main(): Promise<void> {
  const {startCenter} = await import('../server/center.ts');
  const {demoConfig} = await import('../src/config.ts');
  const {startSshGateway} = await import('../server/ssh/gateway.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-bench-ssh-'));
  const children: ChildProcess[] = [];
  const log = (line: string) => {
    if (!flags.json) console.log(line);
  };
  try {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lead', '-f', path.join(dir, 'lead')]);
    const pub = fs.readFileSync(path.join(dir, 'lead.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    fs.writeFileSync(path.join(dir, 'authorized_keys'), `${pub} lead=9001\n`);
    const config = demoConfig({agents: seats, overrides: {dataDir: dir}});
    const center = await startCenter(config, {hubPort: 0, sipPort: 0, controlPort: 0, hubHost: '127.0.0.1', sipHost: '127.0.0.1'});
    const hubUrl = `ws://127.0.0.1:${center.addresses.hub.port}`;
    const gateway = await startSshGateway({
      port: 0, hostKeyPath: path.join(dir, 'host_key'), authorizedKeysPath: path.join(dir, 'authorized_keys'),
      auth: center.auth, agents: config.agents, hubUrl, policy: config.policy, maxSessions: leads + 5,
    });
    try {
      const driver = spawn(process.execPath, ['--import', 'tsx', here, '--seats-child', center.addresses.controlUrl, '--seats', String(seats)], {stdio: ['pipe', 'pipe', 'inherit']});
      children.push(driver);
      await new Promise<void>((resolve, reject) => {
        driver.stdout!.on('data', d => String(d).includes('seats signed in') && resolve());
        driver.once('exit', code => reject(new Error(`seat driver exited ${code}`)));
      });
      await sleep(3000);
      log(`${seats} seats active; measuring ${seconds} s without leads…`);
      const baseline = await measure(seconds * 1000);

      const outputs: string[] = [];
      for (let i = 0; i < leads; i++) {
        const proc = spawn('ssh', ['-tt', '-i', path.join(dir, 'lead'), '-p', String(gateway.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
          '-o', 'LogLevel=ERROR', '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', 'lead@127.0.0.1'], {stdio: ['pipe', 'pipe', 'ignore']});
        children.push(proc);
        outputs[i] = '';
        proc.stdout!.on('data', d => {
          outputs[i] = (outputs[i] + d).slice(-20_000);
        });
      }
      const deadline = Date.now() + 30_000;
      while (gateway.sessions() < leads || !outputs.every(o => o.includes('●'))) {
        if (Date.now() > deadline) throw new Error(`only ${gateway.sessions()} of ${leads} wallboards came up`);
        await sleep(100);
      }
      await sleep(3000);
      log(`${leads} leads attached; measuring ${seconds} s…`);
      const attached = await measure(seconds * 1000);
      const result = {
        bench: 'ssh',
        seats,
        leads,
        seconds,
        baseline: {cpuPercent: round(baseline.cpuPercent), rssMb: round(baseline.rssMb)},
        attached: {cpuPercent: round(attached.cpuPercent), rssMb: round(attached.rssMb)},
        perLead: {cpuPercent: round((attached.cpuPercent - baseline.cpuPercent) / leads), rssMb: round((attached.rssMb - baseline.rssMb) / leads)},
        targets: {cpuPercent: 1, rssMb: 10},
      };
      const ok = result.perLead.cpuPercent < 1 && result.perLead.rssMb < 10;
      if (flags.json) console.log(JSON.stringify({...result, ok}));
      else {
        console.log(`gateway process, ${seats} seats, no lead:   CPU ${result.baseline.cpuPercent} %  RSS ${result.baseline.rssMb} MB`);
        console.log(`gateway process, ${seats} seats, ${leads} leads: CPU ${result.attached.cpuPercent} %  RSS ${result.attached.rssMb} MB`);
        console.log(`per attached lead: CPU ${result.perLead.cpuPercent} % of a core (target < 1 %), RSS ${result.perLead.rssMb} MB (target < 10 MB) — ${ok ? 'within target' : 'OVER TARGET'}`);
      }
    } finally {
      for (const child of children) child.kill('SIGKILL');
      await gateway.close();
      await center.close();
    }
  } finally {
    fs.rmSync(dir, {recursive: true, force: true});
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (flags['seats-child']) await seatsChild(flags['seats-child']);
else {
  await main();
  process.exit(0);
}
