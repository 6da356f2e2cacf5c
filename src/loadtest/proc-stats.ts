// CPU and memory of a process, read from /proc (Linux) for children, process.* for ourselves.
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // Linux USER_HZ

export type ProcSample = {readonly cpuSeconds: number; readonly rssMb: number; readonly at: number};

/** One reading of `pid` (undefined when it is gone or /proc is unavailable). */
export function readProc(pid: number): ProcSample | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return {cpuSeconds: (utime + stime) / TICKS_PER_SECOND, rssMb: rssKb / 1024, at: Date.now()};
  } catch {
    return undefined;
  }
}

/** This process. */
export function readSelf(): ProcSample {
  const cpu = process.cpuUsage();
  return {cpuSeconds: (cpu.user + cpu.system) / 1e6, rssMb: process.memoryUsage.rss() / (1024 * 1024), at: Date.now()};
}

/** Tracks a process over a run: first and last reading, and the highest RSS seen. */
export class ProcTracker {
  readonly name: string;
  readonly pid: number;
  readonly #read: () => ProcSample | undefined;
  #first: ProcSample | undefined;
  #last: ProcSample | undefined;
  #maxRss = 0;

  constructor(name: string, pid: number, read: () => ProcSample | undefined) {
    this.name = name;
    this.pid = pid;
    this.#read = read;
    this.sample();
  }

  sample(): void {
    const s = this.#read();
    if (!s) return;
    this.#first ??= s;
    this.#last = s;
    this.#maxRss = Math.max(this.#maxRss, s.rssMb);
  }

  usage(): {name: string; pid: number; cpuPercent: number; cpuSeconds: number; rssMb: number; maxRssMb: number} {
    const first = this.#first;
    const last = this.#last;
    const cpuSeconds = first && last ? last.cpuSeconds - first.cpuSeconds : 0;
    const wall = first && last ? (last.at - first.at) / 1000 : 0;
    const round = (v: number) => Math.round(v * 10) / 10;
    return {name: this.name, pid: this.pid, cpuPercent: wall > 0 ? round((cpuSeconds / wall) * 100) : 0, cpuSeconds: round(cpuSeconds), rssMb: round(last?.rssMb ?? 0), maxRssMb: round(this.#maxRss)};
  }
}
