// `npm run bench:media [-- --json] [--steps 50,100,200,300] [--seconds 10] [--cps 50]`
// Concurrent recorded calls through the center and its embedded rtpengine. The center runs in
// its own process (embedded engine, switch, hub, rtpengine child); this process is the floor:
// agent phones registered with digest auth, Ready seats on /control accepting every offer, and
// callers — SIP user agents on a second engine, every party sending a G.711 tone every 20 ms.
// Per step (N calls up at once): RTP packet loss (sequence gaps of what each party received; the
// received count against 50 packets/s per party is given too, so a starved sender shows),
// the longest gap between two packets any party received, rtpengine's and the center's CPU and
// RSS over the measured window, and the recordings written once the step's calls hung up.
// Bounded: at most 1000 calls a step, 600 s a step, and the whole run stops at --max-seconds.
import {spawn} from 'node:child_process';
import crypto from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import type Srf from 'drachtio-srf';
import WebSocket from 'ws';
import {DEMO_PIN, demoConfig, demoPhonePassword} from '../src/config.ts';
import type {CallFacts} from '../src/sync/schema.ts';
import {encodeUlaw} from '../server/media/g711.ts';
import {buildRtp, parseRtp, PT_PCMU} from '../server/media/rtp.ts';
import {sine} from '../server/media/tone.ts';
import {readProc} from '../src/loadtest/proc-stats.ts';
import {freePort} from './lib/ports.ts';
import {sipp} from './lib/sipp.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '..', 'test', 'fixtures', 'sipp');

type ChildReady = {type: 'ready'; controlUrl: string; sipPort: number; pid: number; rtpenginePid?: number; anchored: boolean; why?: string};
type ChildStats = {type: 'stats'; recorded: number; notRecorded: number; why: string[]; active: number; legs: number};

// ── child: the center ─────────────────────────────────────────────────────
async function child(agents: number): Promise<void> {
  const {startCenter} = await import('../server/center.ts');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-bench-media-'));
  const sipPort = await freePort();
  const config = demoConfig({agents, overrides: {dataDir, policy: {afterCallWorkSeconds: 0.05, noAnswerSeconds: 20, media: {ringbackOnly: true}}}});
  let recorded = 0;
  let notRecorded = 0;
  const why = new Set<string>();
  const seen = new Set<string>();
  const sink = {write(facts: CallFacts) {
    if (!facts.recording || seen.has(facts.callId)) return;
    seen.add(facts.callId);
    if (facts.recording.recorded) recorded++;
    else {
      notRecorded++;
      why.add(facts.recording.why);
    }
  }};
  const center = await startCenter(config, {sipPort, hubPort: 0, hubHost: '127.0.0.1', controlPort: 0, sink, media: {portRange: {portMin: 30000, portMax: 39999}}});
  const status = center.media?.port.status ?? {anchored: false, why: 'no media'};
  process.send!({type: 'ready', controlUrl: center.addresses.controlUrl, sipPort, pid: process.pid, anchored: status.anchored, ...(status.why ? {why: status.why} : {}),
    ...(center.media?.process ? {rtpenginePid: center.media.process.pid} : {})} satisfies ChildReady);
  process.on('message', (message: {type: string}) => {
    if (message.type === 'stats') {
      process.send!({type: 'stats', recorded, notRecorded, why: [...why].slice(0, 5), active: center.switch.acd.activeCalls(), legs: center.switch.legCount()} satisfies ChildStats);
    } else if (message.type === 'stop') {
      void center.close().then(() => {
        fs.rmSync(dataDir, {recursive: true, force: true});
        process.exit(0);
      });
    }
  });
}

// ── parent: the floor ─────────────────────────────────────────────────────
/** CPU seconds and RSS of a process (zeros when it is gone). */
const sample = (pid: number | undefined) => (pid === undefined ? undefined : readProc(pid)) ?? {cpuSeconds: 0, rssMb: 0};

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** One party's RTP: a socket, a tone it sends when the ticker says, and what it received. */
class Party {
  readonly socket = dgram.createSocket('udp4');
  target?: {host: string; port: number};
  readonly #ssrc = crypto.randomInt(1, 0xffffffff);
  #n = 0;
  received = 0;
  /** Sequence numbers span of the window: expected = last - first + 1 (16-bit wrap unfolded). */
  #first?: number;
  #last?: number;
  #lastAt?: number;
  longestGapMs = 0;

  constructor(readonly payload: readonly Uint8Array[]) {
    this.socket.on('message', data => {
      const rtp = parseRtp(data);
      if (!rtp) return;
      const now = performance.now();
      if (this.#lastAt !== undefined) this.longestGapMs = Math.max(this.longestGapMs, now - this.#lastAt);
      this.#lastAt = now;
      let seq = rtp.sequence;
      if (this.#last !== undefined) while (seq < this.#last - 30_000) seq += 65_536;
      this.#first ??= seq;
      this.#last = Math.max(this.#last ?? seq, seq);
      this.received++;
    });
  }

  async open(): Promise<void> {
    await new Promise<void>(resolve => this.socket.bind(0, '127.0.0.1', resolve));
  }

  get port(): number {
    return this.socket.address().port;
  }

  sdp(): string {
    return ['v=0', `o=- ${this.port} 1 IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${this.port} RTP/AVP 0 101`, 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=sendrecv', ''].join('\r\n');
  }

  aim(sdp: string): void {
    const port = Number(/^m=audio (\d+)/m.exec(sdp)?.[1]);
    const host = /^c=IN IP4 (\S+)/m.exec(sdp)?.[1] ?? '127.0.0.1';
    if (port) this.target = {host, port};
  }

  #startedAt?: number;

  /** Sends every 20 ms frame due since the party started talking (a late tick catches up). */
  tick(now: number): void {
    if (!this.target) return;
    this.#startedAt ??= now;
    const due = Math.floor((now - this.#startedAt) / 20) + 1;
    while (this.#n < due) this.#send();
  }

  #send(): void {
    const target = this.target!;
    const n = this.#n++;
    this.socket.send(buildRtp({payloadType: PT_PCMU, marker: n === 0, sequence: n & 0xffff, timestamp: (n * 160) >>> 0, ssrc: this.#ssrc, payload: this.payload[n % this.payload.length]!}), target.port, target.host);
  }

  /** Start a measured window: what came before does not count. */
  reset(): void {
    this.received = 0;
    this.#first = this.#last = this.#lastAt = undefined;
    this.longestGapMs = 0;
  }

  get expected(): number {
    return this.#first === undefined || this.#last === undefined ? 0 : this.#last - this.#first + 1;
  }

  close(): void {
    this.target = undefined;
    try {
      this.socket.close();
    } catch {}
  }
}

/** 20 ms frames of a tone, one second's worth, encoded once. */
function frames(hz: number): Uint8Array[] {
  return Array.from({length: 50}, (_, i) => encodeUlaw(sine(hz, 160, {from: i * 160})));
}

type Step = {calls: number; up: number; lossPct: number; longestGapMs: number; packetsReceived: number; packetsExpected: number; packetsNominal: number; silentParties: number;
  rtpengineCpuPct: number; rtpengineRssMb: number; centerCpuPct: number; centerRssMb: number; recordings: number; notRecorded: number; seconds: number};

async function parent(options: {json: boolean; seconds: number; steps: number[]; cps: number; maxSeconds: number}): Promise<number> {
  const log = (line: string) => {
    if (!options.json) console.log(line);
  };
  const startedAt = Date.now();
  const agents = Math.max(...options.steps);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-bench-media-run-'));
  const centerProc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', '--agents', String(agents)], {stdio: ['ignore', 'inherit', 'inherit', 'ipc']});
  const cleanup: Array<() => unknown> = [() => centerProc.kill('SIGKILL'), () => fs.rmSync(tmp, {recursive: true, force: true})];
  try {
    const ready = await new Promise<ChildReady>((resolve, reject) => {
      centerProc.once('message', m => resolve(m as ChildReady));
      centerProc.once('exit', code => reject(new Error(`center exited ${code}`)));
    });
    if (!ready.anchored) throw new Error(`the center runs without media (${ready.why ?? '?'}): install rtpengine-daemon`);
    const stats = () => new Promise<ChildStats>(resolve => {
      centerProc.once('message', m => resolve(m as ChildStats));
      centerProc.send({type: 'stats'});
    });

    // The floor's SIP: one engine with an srf app for the callers and every agent phone.
    const {startEngine} = await import('../server/engine/index.ts');
    const {connectSrf} = await import('../server/center.ts');
    const uaPort = await freePort();
    const secret = crypto.randomBytes(9).toString('hex');
    const engine = await startEngine({sip: [{transport: 'udp', host: '127.0.0.1', port: uaPort}], control: {host: '127.0.0.1', port: 0}, secret, logLevel: 'error'});
    const srf = await connectSrf({host: engine.control.host, port: engine.control.port, secret});
    cleanup.push(() => engine.close(), () => srf.disconnect());
    const callerTone = frames(440);
    const agentTone = frames(1000);
    const live = new Set<Party>();
    const ticker = setInterval(() => {
      const now = performance.now();
      for (const party of live) party.tick(now);
    }, 20);
    cleanup.push(() => clearInterval(ticker));
    const phoneDialogs = new Set<Srf.Dialog>();
    srf.invite((req, res) => {
      const phone = new Party(agentTone);
      void phone.open().then(() => srf.createUAS(req, res, {localSdp: phone.sdp()})).then(dialog => {
        phone.aim(req.body);
        live.add(phone);
        phoneDialogs.add(dialog);
        dialog.on('destroy', () => {
          live.delete(phone);
          phoneDialogs.delete(dialog);
          phone.close();
        });
      }, () => phone.close());
    });

    const ids = Array.from({length: agents}, (_, i) => String(1001 + i));
    const inf = path.join(tmp, 'phones.csv');
    fs.writeFileSync(inf, ['SEQUENTIAL', ...ids.map(u => `${u};${demoPhonePassword(u)};${uaPort};zuoxi.local;3600;[authentication username=${u} password=${demoPhonePassword(u)}]`)].join('\n') + '\n');
    const reg = await sipp(['-sf', path.join(fixtures, 'switch-register.xml'), '-p', String(await freePort()), '-inf', inf, '-m', String(ids.length), '-r', '200', '-timeout', '30s', `127.0.0.1:${ready.sipPort}`]).done;
    if (reg.code !== 0) throw new Error(`phone registration failed: ${reg.out.slice(-500)}`);
    const seats: WebSocket[] = [];
    cleanup.push(() => seats.forEach(ws => ws.terminate()));
    await Promise.all(ids.map(id => new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(ready.controlUrl);
      seats.push(ws);
      ws.on('error', reject);
      ws.on('open', () => ws.send(JSON.stringify({type: 'hello', role: 'agent', agent: id, pin: DEMO_PIN})));
      ws.on('message', data => {
        const m = JSON.parse(String(data)) as {type: string; callId?: string; ref?: string};
        if (m.type === 'welcome') ws.send(JSON.stringify({type: 'set-state', state: 'ready', id: 'ready'}));
        else if (m.type === 'ack' && m.ref === 'ready') resolve();
        else if (m.type === 'offered') ws.send(JSON.stringify({type: 'accept', callId: m.callId}));
      });
    })));
    log(`bench:media — embedded rtpengine (userspace), ${agents} registered auto-answer phones and Ready seats; every call recorded; G.711 µ-law both ways, 50 packets/s per party; ${options.seconds} s measured per step`);
    log('  calls    up   loss     longest gap   rtpengine CPU  RSS      center CPU  RSS      recordings  received/nominal');

    const steps: Step[] = [];
    for (const target of options.steps) {
      if ((Date.now() - startedAt) / 1000 > options.maxSeconds) {
        log(`stopping: --max-seconds ${options.maxSeconds} reached`);
        break;
      }
      const before = await stats();
      const callers: Array<{party: Party; dialog?: Srf.Dialog}> = [];
      // Ramp to `target` calls at --cps, each caller sending from its first 200 OK.
      for (let i = 0; i < target; i++) {
        const party = new Party(callerTone);
        await party.open();
        const entry: {party: Party; dialog?: Srf.Dialog} = {party};
        callers.push(entry);
        void srf.createUAC(`sip:12345@127.0.0.1:${ready.sipPort}`, {localSdp: party.sdp(), headers: {From: `<sip:1380013${String(i).padStart(4, '0')}@caller.example>`}}).then(dialog => {
          entry.dialog = dialog;
          party.aim(dialog.remote.sdp);
          live.add(party);
          dialog.on('destroy', () => live.delete(party));
        }, () => {});
        if ((i + 1) % options.cps === 0) await sleep(1000);
      }
      for (let i = 0; i < 100 && callers.some(c => !c.dialog); i++) await sleep(100);
      await sleep(1500);
      const up = callers.filter(c => c.dialog).length;
      const phones = [...live].filter(p => !callers.some(c => c.party === p));
      const parties = [...callers.map(c => c.party), ...phones];
      for (const p of parties) p.reset();
      const cpu0 = [sample(ready.rtpenginePid), sample(ready.pid)];
      const t0 = performance.now();
      await sleep(options.seconds * 1000);
      const wallS = (performance.now() - t0) / 1000;
      const cpu1 = [sample(ready.rtpenginePid), sample(ready.pid)];
      const received = parties.reduce((n, p) => n + p.received, 0);
      const expected = parties.reduce((n, p) => n + p.expected, 0);
      const silent = parties.filter(p => p.received === 0).length;
      /** What 50 packets/s per party over the window would be: the floor's own sending shortfall shows here. */
      const nominal = Math.round(parties.length * wallS * 50);
      const longest = Math.max(0, ...parties.map(p => p.longestGapMs));
      // Hang up (callers first, as customers do) and wait for the recordings to be filed.
      for (const c of callers) {
        const dialog = c.dialog;
        if (dialog) {
          try {
            dialog.destroy();
          } catch {}
        }
      }
      let after = await stats();
      for (let i = 0; i < 600 && (after.active > 0 || after.recorded + after.notRecorded - before.recorded - before.notRecorded < up); i++) {
        await sleep(100);
        after = await stats();
      }
      for (const c of callers) {
        live.delete(c.party);
        c.party.close();
      }
      const step: Step = {
        calls: target, up, seconds: round(wallS, 1),
        lossPct: expected === 0 ? 100 : round((1 - received / expected) * 100, 3), longestGapMs: round(longest, 1),
        packetsReceived: received, packetsExpected: expected, packetsNominal: nominal, silentParties: silent,
        rtpengineCpuPct: round((cpu1[0]!.cpuSeconds - cpu0[0]!.cpuSeconds) * 100 / wallS, 1), rtpengineRssMb: round(cpu1[0]!.rssMb, 1),
        centerCpuPct: round((cpu1[1]!.cpuSeconds - cpu0[1]!.cpuSeconds) * 100 / wallS, 1), centerRssMb: round(cpu1[1]!.rssMb, 1),
        recordings: after.recorded - before.recorded, notRecorded: after.notRecorded - before.notRecorded,
      };
      steps.push(step);
      log(`  ${String(target).padStart(5)} ${String(up).padStart(5)}  ${step.lossPct.toFixed(3).padStart(6)} %  ${step.longestGapMs.toFixed(1).padStart(8)} ms  ${step.rtpengineCpuPct.toFixed(1).padStart(9)} %  ${step.rtpengineRssMb.toFixed(0).padStart(4)} MB  ${step.centerCpuPct.toFixed(1).padStart(8)} %  ${step.centerRssMb.toFixed(0).padStart(4)} MB  ${step.recordings}/${up}${step.notRecorded ? ` (${step.notRecorded} not: ${after.why.join('; ')})` : ''}  ${nominal ? (received / nominal * 100).toFixed(1) : '0'} %`);
      await sleep(1000);
      if (up < target || step.lossPct >= 5) break;
    }
    const good = steps.filter(s => s.up === s.calls && s.lossPct < 0.5 && s.recordings === s.up);
    const result = {
      concurrentWithinTarget: good.at(-1)?.calls ?? 0,
      steps,
      loadAvg1: round(os.loadavg()[0]!, 2),
      cpus: os.cpus().length,
      target: {concurrent: 300, lossPct: 0.5},
    };
    log(`load average ${result.loadAvg1} on ${result.cpus} CPUs (this process sends and checks every party's RTP on the same machine)`);
    log(`most concurrent recorded calls with < 0.5 % loss and every call recorded: ${result.concurrentWithinTarget} (target ≥ 300)`);
    if (options.json) console.log(JSON.stringify(result));
    centerProc.send({type: 'stop'});
    await sleep(500);
    return 0;
  } finally {
    for (const fn of cleanup.reverse()) {
      try {
        await fn();
      } catch {}
    }
  }
}

const {values} = parseArgs({
  options: {
    json: {type: 'boolean', default: false},
    child: {type: 'boolean', default: false},
    agents: {type: 'string', default: '300'},
    seconds: {type: 'string', default: '10'},
    steps: {type: 'string', default: '50,100,200,300'},
    cps: {type: 'string', default: '50'},
    'max-seconds': {type: 'string', default: '900'},
  },
  strict: true,
});
const seconds = Number(values.seconds);
const cps = Number(values.cps);
const maxSeconds = Number(values['max-seconds']);
const steps = values.steps!.split(',').map(Number);
if (!(seconds > 0 && seconds <= 600)) throw new TypeError(`--seconds: expected 1–600, got ${values.seconds}`);
if (!Number.isInteger(cps) || cps < 1 || cps > 500) throw new TypeError(`--cps: expected 1–500, got ${values.cps}`);
if (!(maxSeconds > 0 && maxSeconds <= 7200)) throw new TypeError(`--max-seconds: expected 1–7200, got ${values['max-seconds']}`);
if (steps.length === 0 || steps.some(n => !Number.isInteger(n) || n < 1 || n > 1000)) throw new TypeError(`--steps: expected comma-separated call counts 1–1000, got ${values.steps}`);
if (values.child) await child(Number(values.agents));
else process.exitCode = await parent({json: values.json!, seconds, steps, cps, maxSeconds});
