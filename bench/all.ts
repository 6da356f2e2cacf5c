// npm run bench: every benchmark's --json in one go, shortened where a benchmark offers flags
// for it, and bench/results.json with the machine it ran on. A missing benchmark is noted,
// not fatal; a failing one is recorded with its exit code and the end of its stderr.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

const root = path.resolve(import.meta.dirname, '..');

type Bench = {readonly name: string; readonly file: string; readonly args: readonly string[]; readonly timeoutS: number};

const benches: Bench[] = [
  {name: 'engine', file: 'bench/engine.ts', args: ['--seconds', '10'], timeoutS: 600},
  {name: 'acd', file: 'bench/acd.ts', args: ['--seconds', '5'], timeoutS: 600},
  {name: 'sync', file: 'bench/sync.ts', args: ['--seats', '500'], timeoutS: 600},
  {name: 'load', file: 'bench/load.ts', args: ['--minutes', '2'], timeoutS: 900},
];

type Outcome =
  | {readonly name: string; readonly ok: true; readonly seconds: number; readonly result: unknown}
  | {readonly name: string; readonly ok: false; readonly seconds: number; readonly note: string};

function runBench(bench: Bench): Promise<Outcome> {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  if (!fs.existsSync(path.join(root, bench.file))) {
    return Promise.resolve({name: bench.name, ok: false, seconds: 0, note: `${bench.file} does not exist (yet): skipped`});
  }
  return new Promise(resolve => {
    const child = spawn(process.execPath, ['--import', 'tsx', bench.file, '--json', ...bench.args], {cwd: root, stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => {
      stdout += String(chunk);
    });
    child.stderr.on('data', chunk => {
      stderr = (stderr + String(chunk)).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), bench.timeoutS * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // The benchmark's one JSON object is its last non-empty stdout line.
      const last = stdout.trim().split('\n').filter(Boolean).at(-1);
      let result: unknown;
      try {
        result = last === undefined ? undefined : JSON.parse(last);
      } catch {}
      if (result !== undefined && code === 0) resolve({name: bench.name, ok: true, seconds: seconds(), result});
      else if (result !== undefined) resolve({name: bench.name, ok: false, seconds: seconds(), note: `exit ${code ?? signal}; result kept`, ...{result}});
      else resolve({name: bench.name, ok: false, seconds: seconds(), note: `exit ${code ?? signal} without a JSON result: ${stderr.trim().split('\n').slice(-3).join(' | ')}`});
    });
  });
}

// Other work on the machine skews every figure: record the load around the run.
const loadBefore = os.loadavg().map(v => Math.round(v * 100) / 100);
const outcomes: Outcome[] = [];
for (const bench of benches) {
  process.stderr.write(`bench:${bench.name} ${bench.args.join(' ')}…\n`);
  const outcome = await runBench(bench);
  outcomes.push(outcome);
  process.stderr.write(`  ${outcome.ok ? 'done' : outcome.note} (${outcome.seconds} s)\n`);
}

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  loadAverageBefore: loadBefore,
  loadAverageAfter: os.loadavg().map(v => Math.round(v * 100) / 100),
};
const results = {ranAt: new Date().toISOString(), machine, benchmarks: Object.fromEntries(outcomes.map(o => [o.name, o]))};
fs.writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
console.error(`wrote bench/results.json (${outcomes.filter(o => o.ok).length}/${outcomes.length} benchmarks ok)`);
