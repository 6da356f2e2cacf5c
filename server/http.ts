// One HTTP server on the hub port. WebSocket upgrades and plain requests are routed by path
// prefix, so the sync hub (/sync/…) and the control channel (/control) share the port.
import http from 'node:http';
import type {Duplex} from 'node:stream';
import type net from 'node:net';
import type {UpgradeHandler, UpgradeRouter} from '../src/sip/control-ports.ts';

export type {UpgradeHandler};
export type RequestHandler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export class HubServer implements UpgradeRouter {
  readonly server = http.createServer((request, response) => this.#request(request, response));
  readonly #upgrades: Array<[string, UpgradeHandler]> = [];
  readonly #requests: Array<[string, RequestHandler]> = [];
  /** Upgraded sockets belong to their WebSocket handlers, yet keep `server.close()` waiting. */
  readonly #upgraded = new Set<Duplex>();

  constructor() {
    this.server.on('upgrade', (request, socket, head) => {
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
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 30_000;
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
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as net.AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    return new Promise(resolve => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      // Handlers that close gracefully have done so by now; whatever is left would hang close().
      for (const socket of this.#upgraded) socket.destroy();
    });
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

export function pathOf(request: http.IncomingMessage): string {
  try {
    return new URL(request.url ?? '/', 'http://hub').pathname;
  } catch {
    return '/';
  }
}
