// The embedded SIP engine: a SIP server (UDP/TCP, RFC 3261 transactions and dialogs) that
// drachtio-srf apps connect to exactly as to drachtio-server. See issue 3 and DESIGN.md.
import {Engine, type EngineOptions} from './core.ts';

export {Engine, ENGINE_VERSION, type EngineOptions, type LogLevel} from './core.ts';
export type {ListenSpec, TransportName} from './transport.ts';

/** Start an engine; resolves once every SIP transport and the control port are bound. */
export async function startEngine(opts: EngineOptions): Promise<Engine> {
  const engine = new Engine(opts);
  try {
    await engine.start();
  } catch (error) {
    await engine.close().catch(() => {});
    throw error;
  }
  return engine;
}
