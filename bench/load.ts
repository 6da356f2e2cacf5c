// npm run bench:load [-- --json] [--seats N] [--cph CALLS_PER_HOUR] [--minutes M] [--full]
// Headless seats, simulated phones and callers against a center in its own process (the
// `zuoxi loadtest` machinery with the shipped script). Target on a 2-core machine: 500 seats
// and 20,000 calls/hour sustained for 10 minutes (--full), zero lost records, offer p99 < 50 ms.
// The default run is shorter (2 minutes) so `npm run bench` stays quick.
import os from 'node:os';
import process from 'node:process';
import {parseArgs} from 'node:util';
import {formatReport} from '../src/loadtest/report.ts';
import {runLoad} from '../src/loadtest/runner.ts';
import {defaultScript} from '../src/loadtest/script.ts';

const {values} = parseArgs({
  options: {
    json: {type: 'boolean', default: false},
    full: {type: 'boolean', default: false},
    seats: {type: 'string'},
    cph: {type: 'string'},
    minutes: {type: 'string'},
  },
  strict: true,
});

function number(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(Number.isFinite(value) && value >= min && value <= max)) {
    console.error(`bench:load: --${name}: expected a number ${min}–${max}, got "${text}"`);
    process.exit(2);
  }
  return value;
}

const seats = Math.round(number('seats', values.seats, 500, 1, 5000));
const cph = number('cph', values.cph, 20_000, 1, 500_000);
const minutes = number('minutes', values.minutes, values.full ? 10 : 2, 0.1, 120);
const script = defaultScript();

const report = await runLoad({
  seats,
  rate: cph / 3600,
  durationS: minutes * 60,
  script,
  ...(values.json ? {} : {onProgress: (line: string) => process.stderr.write(`\r\x1b[K${line}`), log: (line: string) => process.stderr.write(`\r\x1b[K${line}\n`)}),
});
if (!values.json) process.stderr.write('\r\x1b[K');

const center = report.processes.find(p => p.name === 'center');
const load = report.processes.find(p => p.name === 'loadtest');
const targetMet = seats >= 500 && cph >= 20_000 && minutes >= 10 && report.lost === 0 && report.failed === 0 && (report.offerP99Ms ?? Infinity) < 50;
const result = {
  seats,
  callsPerHour: cph,
  minutes,
  callsPlaced: report.callsPlaced,
  answered: report.answered,
  abandoned: report.abandoned,
  failed: report.failed,
  failures: report.failures,
  callerOutcomes: report.callerOutcomes,
  seed: report.seed,
  lost: report.lost,
  recordsInHub: report.recordsInHub,
  answerRate: report.answerRate,
  serviceLevel: report.serviceLevel,
  ahtMs: report.ahtMs,
  offeredErlangs: report.offeredErlangs,
  occupancy: report.occupancy,
  offerP50Ms: report.offerP50Ms,
  offerP99Ms: report.offerP99Ms,
  offerToSeatP99Ms: report.offerToSeatP99Ms,
  acceptToPhoneP99Ms: report.acceptToPhoneP99Ms,
  syncP50Ms: report.syncP50Ms,
  syncP99Ms: report.syncP99Ms,
  centerCpuPercent: center?.cpuPercent,
  centerRssMb: center?.maxRssMb,
  centerLoopP99Ms: center?.eventLoopP99Ms,
  centerLoopMaxMs: center?.eventLoopMaxMs,
  loadCpuPercent: load?.cpuPercent,
  loadRssMb: load?.maxRssMb,
  loadLoopP99Ms: load?.eventLoopP99Ms,
  loadLoopMaxMs: load?.eventLoopMaxMs,
  wallS: Math.round(report.wallS),
  cpus: os.cpus().length,
  target: '500 seats, 20,000 calls/h for 10 min, lost 0, offer p99 < 50 ms',
  targetMet,
};
if (values.json) {
  process.stdout.write(`${JSON.stringify(result, (_key, value: unknown) => (value === undefined ? null : value))}\n`);
} else {
  console.log(formatReport(report));
  console.log(`\ntarget (${result.target}): ${targetMet ? 'met' : minutes < 10 || seats < 500 || cph < 20_000 ? 'not run at full size (use --full)' : 'NOT met'}`);
}
process.exitCode = report.lost === 0 && report.failed === 0 ? 0 : 1;
