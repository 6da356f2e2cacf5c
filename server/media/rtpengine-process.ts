// The embedded rtpengine: a child process on the center's media interface, userspace forwarding
// (--table=-1: no kernel module needed), recording to pcap files under the data directory. It is
// started with the center, answers ng `ping` before the center takes calls, and is stopped with it.
import {spawn, type ChildProcess} from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import {RtpEngine} from './rtpengine.ts';

export type RtpEngineProcessOptions = {
  /** Address rtpengine binds RTP and ng on (the center's media interface). */
  readonly interface: string;
  readonly portMin: number;
  readonly portMax: number;
  /** ng control port; 0 = a free one. */
  readonly ngPort?: number;
  /** Where rtpengine writes pcap recordings (pcaps/, metadata/, tmp/ beneath it). */
  readonly recordingDir: string;
  readonly binary?: string;
  readonly startTimeoutMs?: number;
  readonly log?: (entry: Record<string, unknown>) => void;
};

export type RtpEngineProcess = {
  readonly ng: {host: string; port: number};
  readonly pid: number;
  readonly recordingDir: string;
  /** Resolves with how the process ended (also when stopped). */
  readonly exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
  stop(): Promise<void>;
};

/** The rtpengine binary on PATH (or at the given path), or undefined. */
export function findRtpengine(binary = 'rtpengine'): string | undefined {
  const candidates = binary.includes('/') ? [binary] : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map(dir => path.join(dir, binary));
  return candidates.find(file => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

function freeUdpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const {port} = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

const levelOf = (line: string): string => {
  const tag = /^(\w+):/.exec(line)?.[1] ?? '';
  if (tag === 'ERR' || tag === 'CRIT' || tag === 'ALERT' || tag === 'EMERG') return 'error';
  if (tag === 'WARNING') return 'warn';
  if (tag === 'DEBUG') return 'debug';
  return 'info';
};

/** Starts rtpengine and waits until it answers ng ping; rejects with its last log lines if it cannot start. */
/** rtpengines this process started and has not stopped: killed if the process exits (one listener for all). */
const running = new Set<ChildProcess>();
let watching = false;
function watchChild(child: ChildProcess): void {
  if (!watching) process.on('exit', killRunning);
  watching = true;
  running.add(child);
  child.once('exit', () => running.delete(child));
}
function killRunning(): void {
  for (const child of running) child.kill('SIGKILL');
}

export async function startRtpengine(options: RtpEngineProcessOptions): Promise<RtpEngineProcess> {
  const {portMin, portMax} = options;
  if (!(Number.isInteger(portMin) && Number.isInteger(portMax) && portMin >= 1024 && portMax <= 65535 && portMin + 3 <= portMax)) {
    throw new TypeError(`rtpengine: port range ${portMin}–${portMax} must lie within 1024–65535 and hold at least 4 ports`);
  }
  const binary = findRtpengine(options.binary);
  if (!binary) throw new Error(`rtpengine: "${options.binary ?? 'rtpengine'}" not found on PATH (Debian package rtpengine-daemon)`);
  fs.mkdirSync(options.recordingDir, {recursive: true});
  const log = options.log ?? (() => {});
  const host = options.interface;
  const ngPort = options.ngPort || await freeUdpPort(host).catch((error: Error) => {
    throw new Error(`rtpengine: cannot use interface ${host}: ${error.message}`);
  });
  const ngAddress = host.includes(':') ? `[${host}]:${ngPort}` : `${host}:${ngPort}`;
  const args = [
    // No /etc/rtpengine/rtpengine.conf: the center's configuration is the whole configuration.
    '--config-file=none', '--foreground', '--table=-1', '--log-stderr', '--no-log-timestamps',
    `--interface=${host}`, `--listen-ng=${ngAddress}`, `--port-min=${portMin}`, `--port-max=${portMax}`,
    `--recording-dir=${path.resolve(options.recordingDir)}`, '--recording-method=pcap', '--recording-format=raw',
    // A deleted call is gone at once, so its pcap is closed and can be turned into a WAV.
    '--delete-delay=0', '--log-level=5',
  ];
  // rtpengine 10.5 can crash in recording_finish when stopped with a recorded call still up
  // (the center deletes its calls first, but a crash must not drop a 70 MB core in its cwd).
  const child: ChildProcess = spawn('/bin/sh', ['-c', 'ulimit -c 0 && exec "$0" "$@"', binary, ...args], {stdio: ['ignore', 'ignore', 'pipe']});
  const tail: string[] = [];
  readline.createInterface({input: child.stderr!}).on('line', line => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
    log({level: levelOf(line), msg: line, component: 'rtpengine'});
  });
  const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => {
    child.once('exit', (code, signal) => resolve({code, signal}));
    child.once('error', () => resolve({code: null, signal: null}));
  });
  const spawnError = new Promise<Error>(resolve => child.once('error', resolve));
  // A crashed center must not leave rtpengine holding the ports.
  watchChild(child);

  const stop = async () => {
    running.delete(child);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };

  const probe = new RtpEngine({host, port: ngPort, timeoutMs: 300});
  const deadline = Date.now() + (options.startTimeoutMs ?? 8000);
  try {
    for (;;) {
      const outcome = await Promise.race([
        probe.ping().then(ok => ok ? 'up' as const : 'waiting' as const),
        exited.then(() => 'exited' as const),
        spawnError.then(error => error),
      ]);
      if (outcome === 'up') break;
      if (outcome instanceof Error) throw new Error(`rtpengine: cannot start ${binary}: ${outcome.message}`);
      if (outcome === 'exited') throw new Error(`rtpengine exited at start: ${tail.slice(-5).join(' | ') || 'no output'}`);
      if (Date.now() > deadline) throw new Error(`rtpengine did not answer ng ping on ${ngAddress} within ${options.startTimeoutMs ?? 8000} ms`);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  } catch (error) {
    probe.close();
    await stop();
    throw error;
  }
  probe.close();
  log({level: 'info', msg: 'rtpengine started', pid: child.pid, ng: ngAddress, ports: `${portMin}-${portMax}`});
  return {ng: {host, port: ngPort}, pid: child.pid!, recordingDir: options.recordingDir, exited, stop};
}
