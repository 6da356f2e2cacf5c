// One HTTP server on the hub port (HTTPS when the config gives a certificate and key). WebSocket
// upgrades and plain requests are routed by path prefix, so the sync hub (/sync/…) and the control
// channel (/control) share the port. With TLS, the center's own in-process clients (the SSH
// wallboard) reach the same routes over a plain listener on 127.0.0.1 only: loopback has no
// network to protect, and they need no CA of their own.
import http from 'node:http';
import https from 'node:https';
import type {Duplex} from 'node:stream';
import type net from 'node:net';
import type {UpgradeHandler, UpgradeRouter} from '../src/sip/control-ports.ts';

export type {UpgradeHandler};
export type RequestHandler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export type HubTls = {readonly cert: Buffer; readonly key: Buffer};

export class HubServer implements UpgradeRouter {
  readonly server: http.Server;
  /** The loopback listener for in-process clients when `server` is TLS. */
  #internal?: http.Server;
  readonly #upgrades: Array<[string, UpgradeHandler]> = [];
  readonly #requests: Array<[string, RequestHandler]> = [];
  /** Upgraded sockets belong to their WebSocket handlers, yet keep `server.close()` waiting. */
  readonly #upgraded = new Set<Duplex>();

  constructor(readonly tls?: HubTls) {
    const handler = (request: http.IncomingMessage, response: http.ServerResponse) => this.#request(request, response);
    this.server = tls ? https.createServer({cert: tls.cert, key: tls.key}, handler) : http.createServer(handler);
    this.#route(this.server);
  }

  #route(server: http.Server): void {
    server.on('upgrade', (request, socket, head) => {
      socket.on('error', () => socket.destroy());
      this.#upgraded.add(socket);
      socket.once('close', () => this.#upgraded.delete(socket));
      const path = pathOf(request);
      const route = this.#upgrades.find(([prefix]) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
      if (!route) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      route[1](request, socket, head);
    });
    // A client that never finishes its request must not hold a socket forever.
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
  }

  /**
   * ws://127.0.0.1:PORT for the center's own clients: the TLS port's routes on a plain loopback
   * listener (opened once), or the main listener itself without TLS.
   */
  async internalUrl(): Promise<string> {
    if (!this.tls) {
      const {address, port} = this.server.address() as net.AddressInfo;
      return `ws://${address.includes(':') ? `[${address}]` : address}:${port}`;
    }
    if (!this.#internal) {
      this.#internal = http.createServer((request, response) => this.#request(request, response));
      this.#route(this.#internal);
      await listenOn(this.#internal, '127.0.0.1', 0);
    }
    return `ws://127.0.0.1:${(this.#internal.address() as net.AddressInfo).port}`;
  }

  /** Route WebSocket upgrades whose path is `prefix` or below it. */
  upgrade(prefix: string, handler: UpgradeHandler): void {
    this.#upgrades.push([prefix, handler]);
  }

  /** Route plain HTTP requests whose path starts with `prefix`. */
  handle(prefix: string, handler: RequestHandler): void {
    this.#requests.push([prefix, handler]);
  }

  listen(host: string, port: number): Promise<net.AddressInfo> {
    return listenOn(this.server, host, port);
  }

  async close(): Promise<void> {
    const servers = [this.server, this.#internal].filter(server => server !== undefined);
    const closed = servers.map(server => new Promise<void>(resolve => server.close(() => resolve())));
    for (const server of servers) server.closeAllConnections();
    // Handlers that close gracefully have done so by now; whatever is left would hang close().
    for (const socket of this.#upgraded) socket.destroy();
    await Promise.all(closed);
  }

  #request(request: http.IncomingMessage, response: http.ServerResponse): void {
    const path = pathOf(request);
    const route = this.#requests.find(([prefix]) => path.startsWith(prefix));
    if (!route) {
      response.writeHead(404, {'content-type': 'text/plain'}).end(`no such path: ${path}\n`);
      return;
    }
    route[1](request, response);
  }
}

function listenOn(server: http.Server, host: string, port: number): Promise<net.AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as net.AddressInfo);
    });
  });
}

export function pathOf(request: http.IncomingMessage): string {
  try {
    return new URL(request.url ?? '/', 'http://hub').pathname;
  } catch {
    return '/';
  }
}
