// The wallboard's one link to the center: a read-only supervisor subscription on /control.
// It sends `hello` (role supervisor, with agent+PIN or a server-issued token) and nothing else
// — no command exists in this file — and folds every event into the FloorModel. It reconnects
// with backoff when the hub goes away; a refused hello stops it (wrong PIN is not retried).
import WebSocket from 'ws';
import {ServerMessage} from '../../sip/protocol.ts';
import type {FloorModel} from './floor-model.ts';

export type FloorCredentials = {readonly token: string} | {readonly agent: string; readonly pin: string};

export type FloorFeedOptions = {
  /** ws://host:port of the hub (the /control path is added). */
  readonly hubUrl: string;
  readonly credentials: FloorCredentials;
  readonly model: FloorModel;
  /** The hub refused the hello (wrong PIN, not a lead): `code: message`. */
  readonly onRefused?: (reason: string) => void;
  /** A message that failed validation (shown nowhere; counted for diagnostics). */
  readonly onInvalid?: (problem: string) => void;
  readonly backoffMs?: {readonly first: number; readonly max: number};
};

export function controlUrl(hubUrl: string): string {
  const url = new URL(hubUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new TypeError(`hubUrl: expected ws://HOST:PORT, got ${hubUrl}`);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/control`;
  return url.toString();
}

export class FloorFeed {
  readonly #options: FloorFeedOptions;
  readonly #url: string;
  #ws?: WebSocket;
  #closed = false;
  #backoff: number;
  #timer?: NodeJS.Timeout;
  #refused?: string;
  invalid = 0;

  constructor(options: FloorFeedOptions) {
    this.#options = options;
    this.#url = controlUrl(options.hubUrl);
    this.#backoff = options.backoffMs?.first ?? 250;
    this.#connect();
  }

  get refused(): string | undefined {
    return this.#refused;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#ws?.removeAllListeners();
    this.#ws?.on('error', () => {});
    this.#ws?.terminate();
    this.#ws = undefined;
  }

  #connect(): void {
    if (this.#closed) return;
    const ws = new WebSocket(this.#url, {handshakeTimeout: 10_000, maxPayload: 4 * 1024 * 1024});
    this.#ws = ws;
    const helloId = 'wallboard-hello';
    ws.on('open', () => {
      const credentials = this.#options.credentials;
      const hello = 'token' in credentials
        ? {type: 'hello', id: helloId, role: 'supervisor', token: credentials.token}
        : {type: 'hello', id: helloId, role: 'supervisor', agent: credentials.agent, pin: credentials.pin};
      ws.send(JSON.stringify(hello));
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        this.#invalid('not JSON');
        return;
      }
      const parsed = ServerMessage.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        this.#invalid(`${issue?.path.join('.') || '(message)'}: ${issue?.message ?? 'invalid'}`);
        return;
      }
      const message = parsed.data;
      if (message.type === 'error' && message.ref === helloId) {
        this.#refused = `${message.code}: ${message.message}`;
        this.#closed = true;
        ws.close();
        this.#options.onRefused?.(this.#refused);
        return;
      }
      if (message.type === 'welcome') this.#backoff = this.#options.backoffMs?.first ?? 250;
      this.#options.model.apply(message);
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      if (this.#ws !== ws) return;
      this.#ws = undefined;
      this.#options.model.setConnected(false);
      if (this.#closed) return;
      const max = this.#options.backoffMs?.max ?? 5000;
      this.#timer = setTimeout(() => this.#connect(), this.#backoff);
      this.#backoff = Math.min(max, this.#backoff * 2);
    });
  }

  #invalid(problem: string): void {
    this.invalid++;
    this.#options.onInvalid?.(problem);
  }
}
