// One rtpengine spoken to over its ng protocol (UDP, bencode) through npm rtpengine-client, with
// a health state from `ping`: when rtpengine stops answering, new calls fall back to
// signalling-only (the switch asks `healthy` before anchoring a call) with a warning in the log
// and a counter for /metrics; calls in progress are left alone.
import rtpengineClient, {type NgReply} from 'rtpengine-client';

export type NgParams = Record<string, unknown>;

export type RtpEngineOptions = {
  readonly host: string;
  readonly port: number;
  /** A command unanswered after this long fails (and counts against health). */
  readonly timeoutMs?: number;
  /** How often to ping; 0 = only on demand. */
  readonly pingEveryMs?: number;
  /** Consecutive failed pings before the engine counts as down. */
  readonly failuresToDown?: number;
  readonly log?: (entry: Record<string, unknown>) => void;
};

/** An ng command rtpengine answered with `result: error`, or did not answer. */
export class NgError extends Error {
  constructor(readonly command: string, readonly reason: string, options?: {cause?: unknown}) {
    super(`rtpengine ${command}: ${reason}`, options);
    this.name = 'NgError';
  }
}

type CommandName = 'ping' | 'offer' | 'answer' | 'delete' | 'query' | 'startRecording' | 'stopRecording'
  | 'blockMedia' | 'unblockMedia' | 'playMedia' | 'stopMedia' | 'subscribeRequest' | 'subscribeAnswer' | 'unsubscribe';

export class RtpEngine {
  readonly address: string;
  /** Counters for /metrics. */
  readonly stats = {commands: 0, errors: 0, timeouts: 0, downTransitions: 0};
  #client: InstanceType<typeof rtpengineClient.Client>;
  #target: {host: string; port: number};
  #timeoutMs: number;
  #failuresToDown: number;
  #failures = 0;
  #healthy = false;
  #pinger?: NodeJS.Timeout;
  #log: (entry: Record<string, unknown>) => void;
  #closed = false;

  constructor(options: RtpEngineOptions) {
    if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) throw new TypeError(`RtpEngine: port must be 1–65535, got ${options.port}`);
    this.#target = {host: options.host, port: options.port};
    this.address = `${options.host}:${options.port}`;
    this.#timeoutMs = options.timeoutMs ?? 1500;
    this.#failuresToDown = options.failuresToDown ?? 2;
    this.#log = options.log ?? (() => {});
    // No library timeout: its late-reply path writes to the console, which would tear a seat's
    // terminal in the demo. A late reply simply finds its promise already settled.
    this.#client = new rtpengineClient.Client({localAddress: options.host.includes(':') ? '::' : '0.0.0.0'});
    this.#client.on('error', (error: Error) => this.#log({level: 'warn', msg: 'rtpengine client error', rtpengine: this.address, error: error.message}));
    if (options.pingEveryMs) {
      this.#pinger = setInterval(() => void this.ping(), options.pingEveryMs);
      this.#pinger.unref();
    }
  }

  /** Whether the last pings (and commands) were answered: new calls are anchored only then. */
  get healthy(): boolean {
    return this.#healthy && !this.#closed;
  }

  /** Pings once; resolves whether rtpengine answered, updating the health state. */
  async ping(): Promise<boolean> {
    try {
      const reply = await this.#send('ping', {});
      const ok = reply.result === 'pong';
      if (ok) this.#up();
      else this.#failed('ping', `unexpected reply ${String(reply.result)}`);
      return ok;
    } catch (error) {
      this.#failed('ping', (error as Error).message);
      return false;
    }
  }

  offer(params: NgParams): Promise<NgReply> { return this.command('offer', params); }
  answer(params: NgParams): Promise<NgReply> { return this.command('answer', params); }
  delete(params: NgParams): Promise<NgReply> { return this.command('delete', params); }
  query(params: NgParams): Promise<NgReply> { return this.command('query', params); }
  startRecording(params: NgParams): Promise<NgReply> { return this.command('startRecording', params); }
  stopRecording(params: NgParams): Promise<NgReply> { return this.command('stopRecording', params); }
  blockMedia(params: NgParams): Promise<NgReply> { return this.command('blockMedia', params); }
  unblockMedia(params: NgParams): Promise<NgReply> { return this.command('unblockMedia', params); }
  playMedia(params: NgParams): Promise<NgReply> { return this.command('playMedia', params); }
  stopMedia(params: NgParams): Promise<NgReply> { return this.command('stopMedia', params); }
  subscribeRequest(params: NgParams): Promise<NgReply> { return this.command('subscribeRequest', params); }
  subscribeAnswer(params: NgParams): Promise<NgReply> { return this.command('subscribeAnswer', params); }
  unsubscribe(params: NgParams): Promise<NgReply> { return this.command('unsubscribe', params); }

  /** Sends `name`; rejects with NgError on `result: error` or no answer in time. */
  async command(name: CommandName, params: NgParams): Promise<NgReply> {
    if (this.#closed) throw new NgError(name, 'client closed');
    this.stats.commands++;
    let reply: NgReply;
    try {
      reply = await this.#send(name, params);
    } catch (error) {
      this.#failed(name, (error as Error).message);
      throw new NgError(name, (error as Error).message, {cause: error});
    }
    if (reply.result === 'error') {
      this.stats.errors++;
      throw new NgError(name, reply['error-reason'] ?? 'error without a reason');
    }
    return reply;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#pinger);
    try {
      this.#client.close();
    } catch {}
  }

  #send(name: CommandName, params: NgParams): Promise<NgReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stats.timeouts++;
        reject(new Error(`no answer from ${this.address} within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      let sent: Promise<NgReply>;
      try {
        sent = this.#client[name](this.#target, params);
      } catch (error) {
        clearTimeout(timer);
        reject(error as Error);
        return;
      }
      sent.then(reply => {
        clearTimeout(timer);
        resolve(reply);
      }, (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  #up(): void {
    this.#failures = 0;
    if (this.#healthy) return;
    this.#healthy = true;
    this.#log({level: 'info', msg: 'rtpengine answering: new calls carry media through it', rtpengine: this.address});
  }

  #failed(command: string, why: string): void {
    if (this.#closed) return;
    this.#failures++;
    if (!this.#healthy || this.#failures < this.#failuresToDown) return;
    this.#healthy = false;
    this.stats.downTransitions++;
    this.#log({level: 'warn', msg: 'rtpengine not answering: new calls fall back to signalling only (no recording, no music on hold)', rtpengine: this.address, command, why});
  }
}
