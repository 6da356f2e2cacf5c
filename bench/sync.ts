// `npm run bench:sync [-- --json] [--seats 100,500,1000] [--seconds S] [--rate PER_SEAT_PER_MIN] [--team-size N] [--records 20000]`
// N seats on one hub (the hub in its own process, as in production), each writing call-record
// edits at a call-center rate (default 2 edits per seat per minute: a call every ~3 min with its
// notes and disposition), grouped into teams that share a day document (default 50 seats a
// team). Reports edit → every-seat-of-the-team convergence p50/p99, edits lost, the hub's CPU
// and RSS, and the load time of a day document holding 20,000 call records.
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {performance} from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {WebsocketProvider} from 'y-websocket';
import {DEMO_PIN, hashPin, ZuoxiConfig} from '../src/config.ts';
import {CallLog} from '../src/sync/call-log.ts';
import {SeatStore} from '../src/sync/seat-store.ts';
import {UpdateLog, RecordKind} from '../src/sync/update-log.ts';
import {freePort} from './lib/ports.ts';

const self = fileURLToPath(import.meta.url);
const day = '2026-11-23';

function benchConfig(seats: number, teamSize: number, dataDir: string): ZuoxiConfig {
  const pinHash = hashPin(DEMO_PIN, 1024);
  const agents = Array.from({length: seats}, (_, i) => ({
    id: String(100_000 + i),
    name: `坐席${i}`,
    team: `t${Math.floor(i / teamSize)}`,
    pinHash,
    phone: {user: String(100_000 + i), ha1: '0'.repeat(32)},
  }));
  return ZuoxiConfig.parse({agents, dataDir});
}

// ── child: the hub ──────────────────────────────────────────────────────────
async function hubChild(port: number, seats: number, teamSize: number, dataDir: string): Promise<void> {
  const {Auth} = await import('../server/auth.ts');
  const {HubServer} = await import('../server/http.ts');
  const {attachHub} = await import('../server/hub/hub.ts');
  const server = new HubServer();
  attachHub(server, {auth: new Auth(benchConfig(seats, teamSize, dataDir)), dataDir, log: () => undefined});
  await server.listen('127.0.0.1', port);
  process.stdout.write('ready\n');
}

// ── parent ───────────────────────────────────────────────────────────────────
function procStats(pid: number): {cpuMs: number; rssMb: number} {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const tick = 100; // USER_HZ on Linux
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / tick;
  const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return {cpuMs, rssMb: rss ? Number(rss[1]) / 1024 : 0};
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function startHub(seats: number, teamSize: number): Promise<{child: ChildProcess; port: number; dataDir: string}> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-bench-sync-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', self, '--hub-child', String(port), String(seats), String(teamSize), dataDir], {stdio: ['ignore', 'pipe', 'inherit']});
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('hub did not start within 30 s')), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', code => reject(new Error(`hub exited (${code})`)));
  });
  return {child, port, dataDir};
}

type RunResult = {
  seats: number; teamSize: number; seconds: number; edits: number; converged: number; lost: number;
  convergenceP50Ms: number; convergenceP99Ms: number; convergenceMaxMs: number;
  hubCpuPct: number; hubRssMb: number; connectMs: number;
};

async function runSeats(seats: number, seconds: number, perSeatPerMin: number, teamSize: number): Promise<RunResult> {
  const {child, port, dataDir} = await startHub(seats, teamSize);
  const url = `ws://127.0.0.1:${port}/sync`;
  process.setMaxListeners(seats * 2 + 10);
  type Seat = {doc: Y.Doc; provider: WebsocketProvider; log: CallLog; team: number};
  const list: Seat[] = [];
  const teams: Seat[][] = [];
  const pending = new Map<string, {sentAt: number; remaining: number}>();
  const latencies: number[] = [];
  const connectStart = performance.now();
  for (let i = 0; i < seats; i++) {
    const team = Math.floor(i / teamSize);
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(url, `calls/t${team}/${day}`, doc, {
      WebSocketPolyfill: WebSocket as never, params: {agent: String(100_000 + i), pin: DEMO_PIN}, disableBc: true, maxBackoffTime: 1000,
    });
    const seat: Seat = {doc, provider, log: new CallLog(doc), team};
    doc.getMap('seat').observe((event, transaction) => {
      if (transaction.local) return;
      const ids = new Set<string>();
      for (const key of event.keysChanged) ids.add(key.slice(0, key.lastIndexOf('|')));
      const now = performance.now();
      for (const id of ids) {
        const p = pending.get(id);
        if (!p) continue;
        if (--p.remaining === 0) {
          latencies.push(now - p.sentAt);
          pending.delete(id);
        }
      }
    });
    list.push(seat);
    (teams[team] ??= []).push(seat);
    // Connect in slices so the hub is not handed a thousand handshakes in one tick.
    if (i % 50 === 49) await new Promise(resolve => setTimeout(resolve, 20));
  }
  const deadline = Date.now() + 60_000;
  while (!list.every(s => s.provider.synced)) {
    if (Date.now() > deadline) throw new Error(`only ${list.filter(s => s.provider.synced).length}/${seats} seats synced within 60 s`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  const connectMs = performance.now() - connectStart;

  const before = procStats(child.pid!);
  const start = performance.now();
  const editsPerMs = (seats * perSeatPerMin) / 60_000;
  let edits = 0;
  let credit = 0;
  let last = start;
  await new Promise<void>(resolve => {
    const timer = setInterval(() => {
      const now = performance.now();
      credit += (now - last) * editsPerMs;
      last = now;
      while (credit >= 1) {
        credit--;
        const seat = list[Math.floor(Math.random() * list.length)];
        const id = `e${edits++}`;
        pending.set(id, {sentAt: performance.now(), remaining: teams[seat.team].length - 1});
        seat.log.annotate(id, {disposition: 'resolved', notes: {when: '10:00', who: '王先生', where: '东区', what: '咨询社保', why: '', how: '已答复'}}, {by: String(100_000 + list.indexOf(seat)), at: Date.now()});
      }
      if (now - start >= seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  // Stragglers: up to 10 s more.
  const drain = Date.now() + 10_000;
  while (pending.size > 0 && Date.now() < drain) await new Promise(resolve => setTimeout(resolve, 20));
  const wall = performance.now() - start;
  const after = procStats(child.pid!);

  for (const s of list) {
    s.provider.destroy();
    s.doc.destroy();
  }
  child.kill('SIGTERM');
  await new Promise(resolve => child.once('exit', resolve));
  fs.rmSync(dataDir, {recursive: true, force: true});
  const sorted = latencies.sort((a, b) => a - b);
  return {
    seats, teamSize, seconds, edits, converged: latencies.length, lost: pending.size,
    convergenceP50Ms: round(percentile(sorted, 50)), convergenceP99Ms: round(percentile(sorted, 99)), convergenceMaxMs: round(sorted.at(-1) ?? Number.NaN),
    hubCpuPct: round(((after.cpuMs - before.cpuMs) / wall) * 100), hubRssMb: round(after.rssMb), connectMs: Math.round(connectMs),
  };
}

/** A day with `records` calls (switch facts + the agent's fields), persisted as the hub stores it; time to load it. */
async function dayLoad(records: number): Promise<{dayLoadMs: number; dayListMs: number; dayUncompactedLoadMs: number; dayBytes: number}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-bench-day-'));
  try {
    const doc = new Y.Doc();
    const log = new CallLog(doc, {onIssue: () => undefined});
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const t0 = Date.UTC(2026, 10, 23, 1);
    for (let i = 0; i < records; i++) {
      const callId = `${t0 + i}-${i}@zuoxi`;
      const arrivedAt = t0 + i * 1500;
      log.writeFacts({callId, direction: 'inbound', caller: `138${String(i).padStart(8, '0')}`, queue: 'main', team: 'a', agent: String(1001 + (i % 50)), arrivedAt, offeredAt: arrivedAt + 2000, answeredAt: arrivedAt + 6000, rings: 1});
      log.writeFacts({callId, endedAt: arrivedAt + 180_000, hungUpBy: 'caller', endReason: 'hangup', holds: [{start: arrivedAt + 60_000, end: arrivedAt + 75_000}]});
      log.annotate(callId, {category: 'inquiry', notes: {when: '上午', who: '王先生', where: '东区', what: '咨询社保缴费', why: '新入职', how: '已答复'}, disposition: 'resolved', owner: String(1001 + (i % 50))}, {by: String(1001 + (i % 50)), at: arrivedAt + 200_000});
    }
    // As the hub keeps it after an unload: one compacted state.
    const file = path.join(dir, 'docs', 'calls', 'a', `${day}.ylog`);
    const opened = await UpdateLog.open(file);
    await opened.log.append(Y.encodeStateAsUpdate(doc), RecordKind.remote);
    await opened.log.close();
    const dayBytes = fs.statSync(file).size;
    doc.destroy();

    let start = performance.now();
    const store = await SeatStore.open({dir, team: 'a', day, onIssue: () => undefined});
    const dayLoadMs = performance.now() - start;
    start = performance.now();
    const listed = store.calls.list().length;
    const dayListMs = performance.now() - start;
    await store.close();
    if (listed !== records) throw new Error(`day load: expected ${records} records, read ${listed}`);

    // As a seat's log looks after a day of live edits (one record per edit), before compaction.
    const dir2 = path.join(dir, 'live');
    const live = await UpdateLog.open(path.join(dir2, 'docs', 'calls', 'a', `${day}.ylog`));
    for (const u of updates) void live.log.append(u, RecordKind.remote);
    await live.log.close();
    start = performance.now();
    const store2 = await SeatStore.open({dir: dir2, team: 'a', day, onIssue: () => undefined});
    const dayUncompactedLoadMs = performance.now() - start;
    if (store2.calls.size !== records) throw new Error('uncompacted day load lost records');
    await store2.close();
    return {dayLoadMs: round(dayLoadMs), dayListMs: round(dayListMs), dayUncompactedLoadMs: round(dayUncompactedLoadMs), dayBytes};
  } finally {
    fs.rmSync(dir, {recursive: true, force: true});
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--hub-child') {
    await hubChild(Number(argv[1]), Number(argv[2]), Number(argv[3]), argv[4]);
    return -1;
  }
  let values;
  try {
    ({values} = parseArgs({args: argv, strict: true, options: {
      json: {type: 'boolean', default: false},
      seats: {type: 'string', default: '100,500,1000'},
      seconds: {type: 'string', default: '15'},
      rate: {type: 'string', default: '2'},
      'team-size': {type: 'string', default: '50'},
      records: {type: 'string', default: '20000'},
    }}));
  } catch (error) {
    console.error(`bench:sync: ${(error as Error).message}`);
    return 2;
  }
  const seatsList = values.seats.split(',').map(Number);
  const seconds = Number(values.seconds);
  const rate = Number(values.rate);
  const teamSize = Number(values['team-size']);
  const records = Number(values.records);
  if (seatsList.some(n => !Number.isInteger(n) || n < 2 || n > 5000)) return fail(`--seats "${values.seats}": expected numbers 2…5000, comma-separated`);
  if (!(seconds > 0 && seconds <= 600)) return fail(`--seconds "${values.seconds}": expected 0 < S ≤ 600`);
  if (!(rate > 0 && rate <= 600)) return fail(`--rate "${values.rate}": expected edits per seat per minute, 0 < R ≤ 600`);
  if (!Number.isInteger(teamSize) || teamSize < 2) return fail(`--team-size "${values['team-size']}": expected an integer ≥ 2`);
  if (!Number.isInteger(records) || records < 1 || records > 200_000) return fail(`--records "${values.records}": expected 1…200000`);

  const log = (line: string) => {
    if (!values.json) console.log(line);
  };
  const runs: RunResult[] = [];
  for (const seats of seatsList) {
    log(`${seats} seats (teams of ${teamSize}), ${rate} edits/seat/min for ${seconds} s …`);
    const r = await runSeats(seats, seconds, rate, teamSize);
    runs.push(r);
    log(`  edits ${r.edits}, converged ${r.converged}, lost ${r.lost}; convergence p50 ${r.convergenceP50Ms} ms, p99 ${r.convergenceP99Ms} ms, max ${r.convergenceMaxMs} ms; hub CPU ${r.hubCpuPct} %, RSS ${r.hubRssMb} MB; all seats synced in ${r.connectMs} ms`);
  }
  log(`day document with ${records} call records …`);
  const day = await dayLoad(records);
  log(`  load (compacted, ${round(day.dayBytes / 1024 / 1024, 2)} MB) ${day.dayLoadMs} ms; validated list ${day.dayListMs} ms; load of the uncompacted live log ${day.dayUncompactedLoadMs} ms`);
  const headline = runs.find(r => r.seats === 500) ?? runs.at(-1)!;
  const result = {
    seats: headline.seats,
    convergenceP50Ms: headline.convergenceP50Ms,
    convergenceP99Ms: headline.convergenceP99Ms,
    hubRssMb: headline.hubRssMb,
    hubCpuPct: headline.hubCpuPct,
    lost: runs.reduce((n, r) => n + r.lost, 0),
    dayRecords: records,
    ...day,
    runs,
  };
  if (values.json) console.log(JSON.stringify(result));
  else log(`targets: p99 < 100 ms at 500 seats → ${headline.seats === 500 ? (headline.convergenceP99Ms < 100 ? 'met' : 'MISSED') : 'not run'}; 20,000-record day < 500 ms → ${day.dayLoadMs < 500 ? 'met' : 'MISSED'}`);
  return 0;
}

function fail(message: string): number {
  console.error(`bench:sync: ${message}`);
  return 2;
}

const code = await main();
if (code >= 0) process.exit(code);
