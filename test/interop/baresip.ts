// A real baresip (Debian `baresip`) as a test phone: its own config directory, a sine tone as its
// microphone (ausine), an audio bridge to nowhere as its speaker (paced like a sound card) and the sndfile filter writing what it
// hears and sends to WAV files, driven over its ctrl_tcp socket (netstring-framed JSON commands
// and events). Killed in teardown.
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import {freePort} from '../helpers/ports.ts';

export type BaresipEvent = {event: true; class?: string; type: string; peeruri?: string; param?: string; accountaor?: string};
type Response = {response: true; ok: boolean; data?: string; token?: string};

export type BaresipOptions = {
  user: string;
  password: string;
  realm: string;
  /** host:port of the registrar (the center's SIP port). */
  registrar: string;
  /** The tone baresip sends as its microphone. */
  toneHz: number;
  /** Extra account parameters, e.g. `;answermode=auto`. */
  accountParams?: string;
};

export class Baresip {
  readonly events: BaresipEvent[] = [];
  readonly dir: string;
  readonly sipPort: number;
  #proc: ChildProcess;
  #socket?: net.Socket;
  #buffer = '';
  #n = 0;
  #pending = new Map<string, (r: Response) => void>();
  #waiters: Array<{test: (e: BaresipEvent) => boolean; resolve: (e: BaresipEvent) => void}> = [];
  #output = '';

  private constructor(dir: string, sipPort: number, proc: ChildProcess) {
    this.dir = dir;
    this.sipPort = sipPort;
    this.#proc = proc;
    proc.stdout?.on('data', d => { this.#output += String(d); });
    proc.stderr?.on('data', d => { this.#output += String(d); });
  }

  static async start(t: ExecutionContext, dir: string, o: BaresipOptions): Promise<Baresip> {
    fs.mkdirSync(path.join(dir, 'audio'), {recursive: true});
    fs.writeFileSync(path.join(dir, 'accounts'), `<sip:${o.user}@${o.realm};transport=udp>;auth_pass=${o.password};outbound="sip:${o.registrar}";regint=300;audio_codecs=PCMU,PCMA${o.accountParams ?? ''}\n`);
    fs.writeFileSync(path.join(dir, 'contacts'), '');
    // baresip also listens for TLS on the SIP port + 1, which a free-port pick cannot reserve:
    // when another test took one of its ports in between, start again on new ones (bounded).
    for (let attempt = 1; ; attempt++) {
      const sipPort = await freePort();
      let ctrlPort = await freePort();
      while (Math.abs(ctrlPort - sipPort) <= 1) ctrlPort = await freePort();
      fs.writeFileSync(path.join(dir, 'config'), [
        'poll_method poll',
        `sip_listen 127.0.0.1:${sipPort}`,
        `audio_source ausine,${o.toneHz}`,
        // ausine makes 48 kHz stereo only; baresip resamples to the codec's 8 kHz.
        'ausrc_srate 48000', 'ausrc_channels 2',
        'audio_player aubridge,nowhere',
        'audio_alert aubridge,nowhere',
        'module_path /usr/lib/baresip/modules',
        'module g711.so', 'module ausine.so', 'module aubridge.so', 'module sndfile.so', 'module ctrl_tcp.so',
        'module_app account.so', 'module_app menu.so',
        `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
        `snd_path ${path.join(dir, 'audio')}`,
        '',
      ].join('\n'));
      const proc = spawn('baresip', ['-f', dir], {stdio: ['ignore', 'pipe', 'pipe']});
      const phone = new Baresip(dir, sipPort, proc);
      t.teardown(() => phone.close());
      try {
        await phone.#connect(ctrlPort);
        return phone;
      } catch (error) {
        await phone.close();
        if (attempt >= 4 || !/Address already in use/.test(phone.output)) throw error;
      }
    }
  }

  async #connect(port: number): Promise<void> {
    const end = Date.now() + 10_000;
    for (;;) {
      try {
        this.#socket = await new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
          socket.once('error', reject);
        });
        break;
      } catch (error) {
        if (Date.now() > end || this.#proc.exitCode !== null) throw new Error(`baresip control did not open: ${String(error)}\n${this.#output}`);
        await new Promise(r => setTimeout(r, 100));
      }
    }
    this.#socket.on('data', data => this.#read(String(data)));
    this.#socket.on('error', () => {});
  }

  #read(text: string): void {
    this.#buffer += text;
    for (;;) {
      const colon = this.#buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.#buffer.slice(0, colon));
      if (this.#buffer.length < colon + 1 + length + 1) return;
      const message = JSON.parse(this.#buffer.slice(colon + 1, colon + 1 + length)) as BaresipEvent | Response;
      this.#buffer = this.#buffer.slice(colon + 1 + length + 1);
      if ('response' in message) {
        this.#pending.get(message.token ?? '')?.(message);
        this.#pending.delete(message.token ?? '');
      } else {
        this.events.push(message);
        for (const w of [...this.#waiters]) {
          if (w.test(message)) {
            this.#waiters.splice(this.#waiters.indexOf(w), 1);
            w.resolve(message);
          }
        }
      }
    }
  }

  /** A ctrl_tcp command (`accept`, `hangup`, `dial sip:…`, `hold`, …): its response. */
  command(command: string, params = ''): Promise<Response> {
    const token = String(++this.#n);
    const body = JSON.stringify({command, params, token});
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`baresip: no response to ${command}`)), 5000);
      this.#pending.set(token, r => { clearTimeout(timer); resolve(r); });
      this.#socket!.write(`${Buffer.byteLength(body)}:${body},`);
    });
  }

  /** Waits until the account shows registered (its startup REGISTER can precede the control link). */
  async registered(timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const info = await this.command('reginfo');
      if (/\bOK\b/.test((info.data ?? '').replace(/\x1b\[[\d;]*m/g, ' '))) return;
      if (Date.now() > end) throw new Error(`baresip did not register: ${info.data}\n${this.#output.slice(-2000)}`);
      await new Promise(r => setTimeout(r, 100));
    }
  }

  /** The first event (seen or future) of `type`. */
  event(type: string, timeoutMs = 15_000): Promise<BaresipEvent> {
    const seen = this.events.find(e => e.type === type);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {test: (e: BaresipEvent) => e.type === type, resolve: (e: BaresipEvent) => { clearTimeout(timer); resolve(e); }};
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`baresip: no ${type} event; saw ${this.events.map(e => e.type).join(', ')}\n${this.#output.slice(-2000)}`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** The WAV files the sndfile filter wrote: what baresip heard (`-dec`) and sent (`-enc`). */
  audioFiles(kind: 'dec' | 'enc'): string[] {
    const dir = path.join(this.dir, 'audio');
    return fs.readdirSync(dir).filter(f => f.endsWith(`-${kind}.wav`)).map(f => path.join(dir, f));
  }

  get output(): string {
    return this.#output;
  }

  async close(): Promise<void> {
    this.#socket?.destroy();
    if (this.#proc.exitCode !== null || this.#proc.signalCode !== null) return;
    const exited = new Promise(resolve => this.#proc.once('exit', resolve));
    this.#proc.kill('SIGTERM');
    const timer = setTimeout(() => this.#proc.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
}
