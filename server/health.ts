// Liveness and readiness on the hub port, as supervisors and load balancers probe a daemon:
// /healthz answers while the process serves HTTP at all; /readyz answers 200 only when every
// part a call needs is up (engine, switch, hub, media) and 503 naming the parts that are not.
import type {HubServer} from './http.ts';

export type PartState = {readonly ready: boolean; readonly detail?: string};
/** Each part's state now; called on every /readyz request. */
export type Readiness = () => Record<string, PartState>;

export function attachHealth(hub: HubServer, readiness: Readiness): void {
  const started = Date.now();
  hub.handle('/healthz', (request, response) => {
    if (!probeMethod(request.method, response)) return;
    json(response, 200, request.method, {status: 'ok', uptimeSeconds: Math.round((Date.now() - started) / 1000)});
  });
  hub.handle('/readyz', (request, response) => {
    if (!probeMethod(request.method, response)) return;
    let parts: Record<string, PartState>;
    try {
      parts = readiness();
    } catch (error) {
      parts = {center: {ready: false, detail: (error as Error).message}};
    }
    const notReady = Object.keys(parts).filter(name => !parts[name].ready);
    json(response, notReady.length ? 503 : 200, request.method, {status: notReady.length ? 'not ready' : 'ready', notReady, parts});
  });
}

function probeMethod(method: string | undefined, response: import('node:http').ServerResponse): boolean {
  if (method === 'GET' || method === 'HEAD') return true;
  response.writeHead(405, {allow: 'GET, HEAD', 'content-type': 'text/plain'}).end('GET or HEAD\n');
  return false;
}

function json(response: import('node:http').ServerResponse, status: number, method: string | undefined, body: object): void {
  const text = `${JSON.stringify(body)}\n`;
  response.writeHead(status, {'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text)});
  response.end(method === 'HEAD' ? undefined : text);
}

type Emitter = {on(event: string, listener: (...args: never[]) => void): unknown};

export type CenterParts = {
  readonly engine?: {readiness(): PartState};
  /** The switch's srf connection to drachtio (embedded engine or external). */
  readonly srf: Emitter;
  readonly hub: HubServer;
  readonly media?: {readonly port: {readonly status: {readonly anchored: boolean; readonly why?: string}}};
  /** policy.media.rtpengine is "off": signalling only is what the operator asked for. */
  readonly mediaOff: boolean;
};

/** The center's parts as /readyz reports them; the switch's link is followed through srf's events. */
export function centerReadiness(parts: CenterParts): Readiness {
  let switchUp = true; // built once srf has connected
  parts.srf.on('connect', (error: Error | null) => { switchUp = !error; });
  parts.srf.on('close', () => { switchUp = false; });
  return () => ({
    engine: parts.engine ? parts.engine.readiness() : {ready: true, detail: 'external drachtio server'},
    switch: switchUp ? {ready: true} : {ready: false, detail: 'not connected to drachtio (reconnecting)'},
    hub: parts.hub.server.listening ? {ready: true} : {ready: false, detail: 'not listening'},
    media: mediaState(parts),
  });
}

function mediaState(parts: CenterParts): PartState {
  if (!parts.media) return {ready: true, detail: 'not started: signalling only'};
  const {status} = parts.media.port;
  if (status.anchored) return {ready: true};
  return parts.mediaOff ? {ready: true, detail: status.why ?? 'off'} : {ready: false, detail: status.why ?? 'rtpengine not answering'};
}
