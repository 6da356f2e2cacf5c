// The wallboard's one link to the center: a read-only supervisor subscription on /control.
// It sends `hello` (role supervisor, with agent+PIN or a server-issued token) and nothing else
// — it sends no command — and folds every event into the FloorModel. It reconnects with the
// control client's back-off when the hub goes away; a refused hello stops it (wrong PIN is not retried).
import {ControlClient, type ControlCredentials} from '../control-client.ts';
import type {FloorModel} from './floor-model.ts';

export {controlUrl} from '../control-client.ts';

export type FloorCredentials = ControlCredentials;

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

export class FloorFeed {
  readonly #control: ControlClient;
  invalid = 0;

  constructor(options: FloorFeedOptions) {
    const {model} = options;
    this.#control = new ControlClient({
      hubUrl: options.hubUrl, role: 'supervisor', credentials: options.credentials,
      backoffMs: options.backoffMs,
      handshakeTimeoutMs: 10_000, maxPayload: 4 * 1024 * 1024,
    });
    this.#control.on('message', message => {
      if (message.type === 'error' && this.#control.refused) return;
      model.apply(message);
    });
    this.#control.on('refused', reason => {
      model.setConnected(false);
      options.onRefused?.(reason);
    });
    this.#control.on('down', () => model.setConnected(false));
    this.#control.on('invalid', problem => {
      this.invalid++;
      options.onInvalid?.(problem);
    });
    this.#control.start();
  }

  get refused(): string | undefined {
    return this.#control.refused;
  }

  close(): void {
    this.#control.stop();
  }
}
