// A real linphone (Debian `linphone-cli`: linphonec 5.1) as a test phone: its own HOME and
// linphonerc, SIP and RTP bound to 127.0.0.1, wav files instead of a sound card (a tone file as
// its microphone, what it hears recorded), driven by commands on stdin; its call events are read
// from stdout. Killed in teardown.
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import {sine} from '../../server/media/tone.ts';
import {encodeWav} from '../../server/media/wav.ts';
import {freePort} from '../helpers/ports.ts';

export type LinphoneOptions = {
  /** The tone linphone plays as its microphone. */
  toneHz: number;
  /** A registered account (an agent's phone); without it linphone calls without registering. */
  account?: {user: string; password: string; realm: string; registrar: string};
  /** The From identity of an unregistered caller. */
  identity?: string;
};

export type LinphoneEvent = {type: 'incoming' | 'ringing' | 'connected' | 'media' | 'ended' | 'paused' | 'resumed'; line: string};

const EVENTS: Array<[LinphoneEvent['type'], RegExp]> = [
  ['incoming', /Receiving new incoming call from/],
  ['ringing', /^Call \d+ to .* ringing/],
  ['connected', /^Call \d+ with .* connected/],
  ['media', /^Media streams established/],
  ['ended', /^Call \d+ with .* ended/],
  ['paused', /paused by|has been paused/],
  ['resumed', /resumed/],
];

export class Linphone {
  readonly events: LinphoneEvent[] = [];
  readonly heardFile: string;
  #proc: ChildProcess;
  #output = '';
  #pending = '';
  #waiters: Array<{type: LinphoneEvent['type']; after: number; resolve: (e: LinphoneEvent) => void}> = [];

  private constructor(proc: ChildProcess, heardFile: string) {
    this.#proc = proc;
    this.heardFile = heardFile;
    const read = (data: Buffer) => {
      this.#output += String(data);
      this.#pending += String(data);
      const lines = this.#pending.split('\n');
      this.#pending = lines.pop() ?? '';
      for (const raw of lines) this.#line(raw.replace(/^(linphonec> )+/, '').trim());
    };
    proc.stdout?.on('data', read);
    proc.stderr?.on('data', read);
  }

  static async start(t: ExecutionContext, dir: string, o: LinphoneOptions): Promise<Linphone> {
    const home = path.join(dir, 'home');
    // Without its data directory linphone 5 never starts its SIP stack.
    fs.mkdirSync(path.join(home, '.local', 'share', 'linphone'), {recursive: true});
    const sipPort = await freePort();
    const rtpPort = await freePort();
    const account = o.account ? [
      '[proxy_0]', `reg_proxy=sip:${o.account.registrar};transport=udp`, `reg_identity=sip:${o.account.user}@${o.account.realm}`,
      'reg_expires=300', 'reg_sendregister=1',
      '[auth_info_0]', `username=${o.account.user}`, `passwd=${o.account.password}`, `realm=${o.account.realm}`, `domain=${o.account.realm}`,
    ] : [];
    const config = path.join(dir, 'linphonerc');
    fs.writeFileSync(config, [
      '[sip]', `sip_port=${sipPort}`, 'sip_tcp_port=-1', 'sip_tls_port=-1', 'use_ipv6=0', 'bind_address=127.0.0.1',
      `contact=${o.identity ?? (o.account ? `sip:${o.account.user}@127.0.0.1` : 'sip:linphone@127.0.0.1')}`,
      ...(o.account ? ['default_proxy=0'] : []),
      // SDP and RTP on loopback, not the machine's other interfaces.
      '[rtp]', `audio_rtp_port=${rtpPort}`, 'bind_address=127.0.0.1',
      '[sound]', 'echocancellation=0',
      ...account, '',
    ].join('\n'));
    const tone = path.join(dir, 'tone.wav');
    fs.writeFileSync(tone, encodeWav({sampleRate: 8000, channels: [sine(o.toneHz, 8000 * 60)]}));
    const heard = path.join(dir, 'heard.wav');
    const proc = spawn('linphonec', ['-c', config], {env: {...process.env, HOME: home}, stdio: ['pipe', 'pipe', 'pipe']});
    const phone = new Linphone(proc, heard);
    t.teardown(() => phone.close());
    for (const command of ['soundcard use files', `play ${tone}`, `record ${heard}`]) phone.send(command);
    return phone;
  }

  #line(line: string): void {
    for (const [type, pattern] of EVENTS) {
      if (!pattern.test(line)) continue;
      const event = {type, line};
      this.events.push(event);
      for (const w of [...this.#waiters]) {
        if (w.type === type && this.events.length > w.after) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve(event);
        }
      }
    }
  }

  send(command: string): void {
    this.#proc.stdin?.write(`${command}\n`);
  }

  /** The next event of `type` after the first `after` events (default: any seen so far counts). */
  event(type: LinphoneEvent['type'], {after = 0, timeoutMs = 15_000} = {}): Promise<LinphoneEvent> {
    const seen = this.events.slice(after).find(e => e.type === type);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {type, after, resolve: (e: LinphoneEvent) => { clearTimeout(timer); resolve(e); }};
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`linphone: no ${type} event; saw ${this.events.map(e => e.type).join(', ')}\n${this.#output.slice(-2000)}`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** Waits until its account shows registered. */
  async registered(timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!/registered, identity=/.test(this.#output)) {
      if (Date.now() > end) throw new Error(`linphone did not register:\n${this.#output.slice(-2000)}`);
      this.send('status register');
      await new Promise(r => setTimeout(r, 200));
    }
  }

  get output(): string {
    return this.#output;
  }

  async close(): Promise<void> {
    if (this.#proc.exitCode !== null || this.#proc.signalCode !== null) return;
    const exited = new Promise(resolve => this.#proc.once('exit', resolve));
    this.send('quit');
    const timer = setTimeout(() => this.#proc.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}
