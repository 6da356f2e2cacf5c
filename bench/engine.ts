// Engine benchmark: sipp uac → engine (own process) → drachtio-srf B2BUA (own process) → sipp uas
// at increasing call rates. Prints figures; `--json` prints one JSON object instead.
//   npm run bench:engine [-- --seconds 30 --rates 50,100,200,300,400,600,800 --json]
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.join(root, 'test', 'fixtures', 'sipp');
const SECRET = 'bench';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const {port} = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

// ------------------------------------------------------------------ the B2BUA child

async function b2buaMain(control: number, target: string): Promise<void> {
  const {default: Srf} = await import('drachtio-srf');
  const srf: any = new (Srf as any)();
  srf.on('error', () => {});
  srf.connect({host: '127.0.0.1', port: control, secret: SECRET});
  srf.on('connect', (err: Error | null) => {
    if (err) { console.error(`b2bua: ${err.message}`); process.exit(1); }
    console.log('b2bua ready');
  });
  srf.invite((req: any, res: any) => {
    srf.createB2BUA(req, res, target, {localSdpB: req.body}).then((legs: any) => {
      legs.uas.on('destroy', () => legs.uac.destroy().catch(() => {}));
      legs.uac.on('destroy', () => legs.uas.destroy().catch(() => {}));
    }, () => {});
  });
}

// ------------------------------------------------------------------ measurements

function procStat(pid: number): {cpuTicks: number; rssMb: number} {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]); // utime + stime
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return {cpuTicks, rssMb: rss ? Number(rss[1]) / 1024 : 0};
  } catch {
    return {cpuTicks: 0, rssMb: 0};
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function waitLine(proc: ChildProcess, re: RegExp, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}: ${buf.slice(-500)}`)), ms);
    proc.stdout!.on('data', d => {
      buf += d;
      if (re.test(buf)) { clearTimeout(timer); resolve(); }
    });
    proc.on('exit', code => { clearTimeout(timer); reject(new Error(`exited with ${code}: ${buf.slice(-500)}`)); });
  });
}

function runSipp(args: string[], cwd: string, children: ChildProcess[]): {proc: ChildProcess; done: Promise<{code: number | null; out: string}>} {
  const p = spawn('sipp', args, {cwd, stdio: ['ignore', 'pipe', 'pipe']});
  children.push(p);
  let out = '';
  p.stdout!.on('data', d => { out += d; if (out.length > 100_000) out = out.slice(-50_000); });
  p.stderr!.on('data', d => { out += d; });
  return {proc: p, done: new Promise(resolve => p.on('exit', code => resolve({code, out})))};
}

/** The last line of sipp's -trace_stat CSV, as a column → value map. */
function lastStat(dir: string, prefix: string): Record<string, string> {
  const file = readdirSync(dir).find(f => f.startsWith(prefix) && f.endsWith('.csv') && !f.includes('rtt'));
  if (!file) return {};
  const lines = readFileSync(path.join(dir, file), 'utf8').trim().split('\n');
  const head = lines[0].split(';');
  const last = lines[lines.length - 1].split(';');
  return Object.fromEntries(head.map((h, i) => [h, last[i]]));
}

function rtts(dir: string): number[] {
  const file = readdirSync(dir).find(f => f.includes('_rtt.csv'));
  if (!file) return [];
  return readFileSync(path.join(dir, file), 'utf8').trim().split('\n').slice(1)
    .map(l => Number(l.split(';')[1])).filter(Number.isFinite).sort((a, b) => a - b);
}

async function metricsOf(port: number): Promise<Record<string, number>> {
  try {
    return await (await fetch(`http://127.0.0.1:${port}/metrics.json`)).json() as Record<string, number>;
  } catch {
    return {};
  }
}

interface Step {
  cps: number;
  calls: number;
  ok: number;
  failed: number;
  retransmissions: number;
  /** INVITE in → 200 out at the engine (B2BUA, B leg and callee included), µs-precise. */
  p50Ms: number;
  p99Ms: number;
  /** The same seen by sipp end to end (sipp's clock ticks in ~4 ms steps). */
  sippP50Ms: number;
  sippP99Ms: number;
  engineCpuPct: number;
  engineRssMb: number;
  /** The drachtio-srf B2BUA's CPU, for comparison. */
  appCpuPct: number;
  /** 1-minute load average at the end of the step: this box is shared, figures mean little under load. */
  loadAvg1: number;
  /** The engine's event-loop lag p99 (whole run so far) and heap in use after the step. */
  engineLoopDelayP99Ms: number;
  engineHeapMb: number;
  seconds: number;
}

async function main(): Promise<number> {
  let values: {seconds?: string; rates?: string; json?: boolean; role?: string; control?: string; target?: string};
  try {
    ({values} = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: {
        seconds: {type: 'string', default: '30'},
        rates: {type: 'string', default: '50,100,200,300,400,600,800'},
        json: {type: 'boolean', default: false},
        role: {type: 'string'},
        control: {type: 'string'},
        target: {type: 'string'},
      },
    }));
  } catch (error) {
    console.error(`bench:engine: ${(error as Error).message}\nusage: npm run bench:engine [-- --seconds S --rates 50,100,… --json]`);
    return 2;
  }
  if (values.role === 'b2bua') {
    await b2buaMain(Number(values.control), String(values.target));
    await new Promise(() => {});
  }
  const seconds = Number(values.seconds);
  const rates = String(values.rates).split(',').map(Number);
  if (!(seconds > 0 && seconds <= 600) || rates.some(r => !(r > 0 && r <= 5000))) {
    console.error('bench:engine: --seconds must be 1…600 and --rates positive numbers up to 5000');
    return 2;
  }
  const say = (s: string) => { if (!values.json) console.log(s); };
  if (spawnSync('sipp', ['-v']).error) {
    console.error('bench:engine: sipp is not installed (Debian package sip-tester; .ci/run installs it)');
    return 2;
  }

  const [sipPort, controlPort, metricsPort, uasPort, uacPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const cleanup = () => { for (const c of children) if (c.exitCode === null) c.kill('SIGKILL'); };
  process.on('exit', cleanup);
  const work = mkdtempSync(path.join(os.tmpdir(), 'zuoxi-bench-engine-'));
  try {
    const engine = spawn('node', [...(process.env.ZUOXI_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.ZUOXI_BENCH_PROFILE] : []), path.join(root, 'bin', 'zuoxi.js'), 'engine', '--sip', `udp:127.0.0.1:${sipPort}`, '--control', `127.0.0.1:${controlPort}`,
      '--secret', SECRET, '--log-level', 'error', '--metrics-port', String(metricsPort)], {stdio: ['ignore', 'pipe', 'inherit']});
    children.push(engine);
    await waitLine(engine, /zuoxi engine: sip/, 20_000);
    const b2bua = spawn('node', ['--import', 'tsx', fileURLToPath(import.meta.url), '--role', 'b2bua', '--control', String(controlPort), '--target', `sip:callee@127.0.0.1:${uasPort}`],
      {cwd: root, stdio: ['ignore', 'pipe', 'inherit']});
    children.push(b2bua);
    await waitLine(b2bua, /b2bua ready/, 20_000);
    say(`engine pid ${engine.pid}, B2BUA pid ${b2bua.pid}; ${seconds} s per step`);
    say('INVITE→200 measured at the engine (sipp end to end in brackets, 4 ms resolution)');
    say('   cps   calls      ok  failed  retrans   p50 ms   p99 ms  (sipp p99)  engine cpu  engine rss');

    const steps: Step[] = [];
    for (const cps of rates) {
      const calls = Math.round(cps * seconds);
      const dir = mkdtempSync(path.join(work, `step-${cps}-`));
      const common = ['-i', '127.0.0.1', '-t', 'u1', '-nostdin', '-timeout', `${seconds + 40}s`, '-timeout_error', '-trace_stat', '-fd', '1', '-nd'];
      const uas = runSipp(['-sf', path.join(fixtures, 'engine-uas.xml'), '-p', String(uasPort), '-m', String(calls), ...common], dir, children);
      await new Promise(r => setTimeout(r, 300));
      const before = procStat(engine.pid!);
      const appBefore = procStat(b2bua.pid!);
      const t0 = Date.now();
      const uac = await runSipp(['-sf', path.join(fixtures, 'engine-uac.xml'), '-p', String(uacPort), '-m', String(calls), '-r', String(cps),
        '-l', String(cps * 5), '-trace_rtt', '-rtt_freq', '100', ...common, `127.0.0.1:${sipPort}`], dir, children).done;
      const elapsed = (Date.now() - t0) / 1000;
      const after = procStat(engine.pid!);
      const appAfter = procStat(b2bua.pid!);
      const uasDone = await Promise.race([uas.done, new Promise<null>(r => setTimeout(() => r(null), 5000))]);
      if (!uasDone) uas.proc.kill('SIGKILL'); // calls it still waits for have failed on the caller side
      const stat = lastStat(dir, 'engine-uac');
      const ok = Number(stat['SuccessfulCall(C)'] ?? 0);
      // calls sipp never finished (killed at its timeout) count as failed too
      const failed = Math.max(Number(stat['FailedCall(C)'] ?? 0), calls - ok);
      const retransmissions = Number(stat['Retransmissions(C)'] ?? 0) + Number(lastStat(dir, 'engine-uas')['Retransmissions(C)'] ?? 0);
      const r = rtts(dir);
      const m = await metricsOf(metricsPort);
      const step: Step = {
        cps, calls, ok, failed, retransmissions, seconds: elapsed,
        p50Ms: m.answer_latency_p50_ms ?? NaN, p99Ms: m.answer_latency_p99_ms ?? NaN,
        sippP50Ms: percentile(r, 50), sippP99Ms: percentile(r, 99),
        engineCpuPct: ((after.cpuTicks - before.cpuTicks) / 100 / elapsed) * 100,
        engineRssMb: after.rssMb,
        appCpuPct: ((appAfter.cpuTicks - appBefore.cpuTicks) / 100 / elapsed) * 100,
        loadAvg1: os.loadavg()[0],
        engineLoopDelayP99Ms: m.event_loop_delay_p99_ms ?? NaN,
        engineHeapMb: (m.heap_used_bytes ?? NaN) / 1048576,
      };
      steps.push(step);
      say(`${String(cps).padStart(6)} ${String(calls).padStart(7)} ${String(ok).padStart(7)} ${String(failed).padStart(7)} ${String(retransmissions).padStart(8)}` +
        ` ${step.p50Ms.toFixed(2).padStart(8)} ${step.p99Ms.toFixed(2).padStart(8)} ${`(${step.sippP99Ms.toFixed(0)})`.padStart(11)} ${step.engineCpuPct.toFixed(0).padStart(10)} % ${step.engineRssMb.toFixed(1).padStart(8)} MB   (heap ${step.engineHeapMb.toFixed(0)} MB, loop lag p99 ${step.engineLoopDelayP99Ms.toFixed(1)} ms, B2BUA cpu ${step.appCpuPct.toFixed(0)} %, load ${step.loadAvg1.toFixed(1)})`);
      if (uac.code !== 0 && failed === 0) say(`  sipp uac exit ${uac.code}: ${uac.out.slice(-300)}`);
      if (failed > 0 || ok < calls) break;
      await new Promise(r => setTimeout(r, 1000)); // let the engine's timers drain between steps
    }
    const engineMetrics = await metricsOf(metricsPort);
    const metric = (name: string) => engineMetrics[name] ?? NaN;
    const passing = steps.filter(s => s.failed === 0 && s.ok === s.calls);
    const best = passing[passing.length - 1];
    const result = {
      maxCps: best?.cps ?? 0,
      p50Ms: best?.p50Ms ?? NaN,
      p99Ms: best?.p99Ms ?? NaN,
      sippP99Ms: best?.sippP99Ms ?? NaN,
      failed: steps.reduce((n, s) => n + s.failed, 0),
      retransmissions: steps.reduce((n, s) => n + s.retransmissions, 0),
      engineRetransmissionsSent: metric('retransmissions_sent'),
      engineRssMb: Math.max(...steps.map(s => s.engineRssMb)),
      engineCpuPctAtMax: best?.engineCpuPct ?? NaN,
      secondsPerStep: seconds,
      cpus: os.cpus().length,
      steps,
    };
    if (values.json) console.log(JSON.stringify(result));
    else say(`max ${result.maxCps} cps with zero failed calls; p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms at that rate; engine RSS ≤ ${result.engineRssMb.toFixed(1)} MB`);
    engine.kill('SIGTERM');
    await new Promise(r => engine.once('exit', r));
    return 0;
  } finally {
    cleanup();
    rmSync(work, {recursive: true, force: true});
  }
}

process.exitCode = await main();
