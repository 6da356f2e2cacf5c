// Seat benchmark (npm run bench:seat [-- --json]): what one agent's terminal costs.
//  - RSS and idle CPU of a real `zuoxi seat` process in tmux (80×24), signed in to a real
//    center and Ready, over an idle window;
//  - keypress → frame latency: the seat app rendered in-process on stream stand-ins, signed in
//    to the same center, timing stdin → the next frame written to stdout (help overlay on/off).
// Targets (issue 6): idle CPU < 1 %, RSS < 100 MB.
import {execFile} from 'node:child_process';
import {EventEmitter} from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {parseArgs} from 'node:util';
import {startCenter} from '../server/center.ts';
import {DEMO_PIN, demoConfig} from '../src/config.ts';
import {defaultPolicy} from '../src/rules/config.ts';
import {LocalRecords} from '../src/client/seat-records.ts';
import {SeatSession} from '../src/client/seat-session.ts';
import {realTicker} from '../src/tui/ticker.ts';

// Measure the production React build, as `zuoxi seat` runs it.
process.env.NODE_ENV ??= 'production';
const {default: React} = await import('react');
const {render} = await import('ink');
const {SeatApp} = await import('../src/tui/SeatApp.tsx');

const exec = promisify(execFile);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const {values: flags} = parseArgs({options: {json: {type: 'boolean'}, idle: {type: 'string'}, keys: {type: 'string'}}, strict: true});
const idleSeconds = Math.min(120, Math.max(3, Number(flags.idle ?? 30))); // ≥ 2 idle redraws (every 15 s)
const keyCount = Math.min(1000, Math.max(10, Number(flags.keys ?? 200)));

const hz = 100; // USER_HZ on Linux
const readStat = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return {ticks: Number(fields[11]) + Number(fields[12]), rssKb: Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0)};
};

async function childPid(parent: number): Promise<number | undefined> {
  try {
    const {stdout} = await exec('pgrep', ['-P', String(parent)]);
    return Number(stdout.trim().split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

/** Stream stand-ins Ink accepts as a terminal. */
class FakeStdout extends EventEmitter {
  columns = 80;
  rows = 24;
  isTTY = true;
  onWrite: (() => void) | undefined;
  write(_chunk: string): boolean {
    this.onWrite?.();
    return true;
  }
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  #queue: string[] = [];
  setRawMode() {}
  setEncoding() {}
  ref() {}
  unref() {}
  resume() {}
  pause() {}
  read(): string | null {
    return this.#queue.shift() ?? null;
  }
  press(key: string) {
    this.#queue.push(key);
    this.emit('readable');
  }
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-bench-seat-'));
  const center = await startCenter(demoConfig({agents: 2, overrides: {dataDir}}), {sipPort: 0, hubPort: 0, controlPort: 0, hubHost: '127.0.0.1'});
  const hubUrl = `ws://127.0.0.1:${center.addresses.hub.port}`;
  const socket = path.join(dataDir, 'tmux.sock');
  const tmux = (...args: string[]) => exec('tmux', ['-u', '-S', socket, ...args], {env: {...process.env, LANG: 'C.UTF-8'}});
  try {
    // What `npm ci` leaves: the seat's prebuilt bundle (bin/zuoxi.js falls back to tsx when it
    // is missing or older than the sources; ZUOXI_FROM_SOURCE=1 measures that path).
    if (!process.env.ZUOXI_FROM_SOURCE) await exec(process.execPath, [path.join(root, 'scripts/bundle.mjs')]);
    // ── idle seat process ────────────────────────────────────────────────────────
    const seatData = path.join(dataDir, 'seat');
    await tmux('new-session', '-d', '-s', 'seat', '-x', '80', '-y', '24', '-e', 'LANG=C.UTF-8',
      `exec node ${path.join(root, 'bin/zuoxi.js')} seat --agent 1001 --pin ${DEMO_PIN} --hub ${hubUrl} --data ${seatData}`);
    const end = Date.now() + 20_000;
    let screen = '';
    while (Date.now() < end && !/今日/.test(screen)) {
      await new Promise(r => setTimeout(r, 100));
      screen = (await tmux('capture-pane', '-p', '-t', 'seat')).stdout;
    }
    if (!/今日/.test(screen)) throw new Error(`the seat did not sign in:\n${screen}`);
    await tmux('send-keys', '-t', 'seat', 'r');
    await new Promise(r => setTimeout(r, 1000));
    const panePid = Number((await tmux('list-panes', '-t', 'seat', '-F', '#{pane_pid}')).stdout.trim());
    const pid = fs.readFileSync(`/proc/${panePid}/cmdline`, 'utf8').includes('zuoxi') ? panePid : (await childPid(panePid)) ?? panePid;
    const before = readStat(pid);
    const t0 = process.hrtime.bigint();
    await new Promise(r => setTimeout(r, idleSeconds * 1000));
    const after = readStat(pid);
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const idleCpuPercent = ((after.ticks - before.ticks) / hz / wallS) * 100;
    const seatRssMb = after.rssKb / 1024;
    await tmux('kill-server').catch(() => {});

    // The floor under it: Node with the tsx loader (no build step) and nothing else loaded.
    const {spawn} = await import('node:child_process');
    const floor = spawn(process.execPath, ['--import', 'tsx', '-e', 'setTimeout(() => {}, 60_000)'], {cwd: root, stdio: 'ignore'});
    await new Promise(r => setTimeout(r, 1500));
    const runtimeFloorMb = readStat(floor.pid as number).rssKb / 1024;
    floor.kill();

    // ── keypress → frame ─────────────────────────────────────────────────────────
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const session = new SeatSession({hubUrl, agent: '1002', pin: DEMO_PIN});
    await session.start();
    const records = new LocalRecords({day: '2026-01-01'});
    const app = render(React.createElement(SeatApp, {
      policy: defaultPolicy(), ticker: realTicker, agent: '1002', pin: DEMO_PIN,
      signIn: async () => ({session, records}),
    }), {stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false, maxFps: 20});
    await new Promise(r => setTimeout(r, 500));
    const latencies: number[] = [];
    for (let i = 0; i < keyCount; i++) {
      const frame = new Promise<number>(resolve => {
        const start = process.hrtime.bigint();
        stdout.onWrite = () => {
          stdout.onWrite = undefined;
          resolve(Number(process.hrtime.bigint() - start) / 1e6);
        };
        stdin.press(i % 2 === 0 ? '?' : 'x'); // help overlay on, any key closes it
      });
      const timeout = new Promise<number>(resolve => setTimeout(() => resolve(NaN), 1000));
      const ms = await Promise.race([frame, timeout]);
      if (Number.isFinite(ms)) latencies.push(ms);
      await new Promise(r => setTimeout(r, 60)); // slower than the 20 fps frame budget, like a person
    }
    app.unmount();
    session.stop();

    const result = {
      seatRssMb: Number(seatRssMb.toFixed(1)),
      runtimeFloorMb: Number(runtimeFloorMb.toFixed(1)),
      idleCpuPercent: Number(idleCpuPercent.toFixed(2)),
      idleSeconds,
      keys: keyCount,
      framesSeen: latencies.length,
      keyToFrameP50Ms: Number(percentile(latencies, 50).toFixed(2)),
      keyToFrameP99Ms: Number(percentile(latencies, 99).toFixed(2)),
      targets: {idleCpuPercent: 1, seatRssMb: 100},
      pass: idleCpuPercent < 1 && seatRssMb < 100,
    };
    if (flags.json) console.log(JSON.stringify(result));
    else {
      console.log(`seat RSS            ${result.seatRssMb} MB   (target < 100 MB; Node + tsx loader alone: ${result.runtimeFloorMb} MB)`);
      console.log(`seat idle CPU       ${result.idleCpuPercent} %   over ${idleSeconds} s Ready in tmux 80×24 (target < 1 %)`);
      console.log(`keypress → frame    p50 ${result.keyToFrameP50Ms} ms, p99 ${result.keyToFrameP99Ms} ms over ${result.framesSeen}/${keyCount} keys`);
    }
  } finally {
    await tmux('kill-server').catch(() => {});
    await center.close();
    fs.rmSync(dataDir, {recursive: true, force: true});
  }
}

await main();
process.exit(0);
