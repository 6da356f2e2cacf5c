// SIP transports: UDP sockets and TCP listeners/connections (RFC 3261 §18). Messages in are
// parsed here; parse failures are handed up with what could be read so a request can still be
// answered with 400. Outgoing TCP connections are pooled by remote address and reused, and a
// connection a peer opened to us carries our requests back to it (RFC 5923 style reuse).
import dgram from 'node:dgram';
import net from 'node:net';
import type {SipMessage} from './sip/message.ts';
import {parseMessage, StreamParser} from './sip/parser.ts';

export type TransportName = 'udp' | 'tcp';

export interface ListenSpec {
  transport: TransportName;
  host: string;
  port: number;
}

/** Where a message came from or goes to. */
export interface Flow {
  transport: TransportName;
  address: string;
  port: number;
  /** The TCP connection the message arrived on (responses go back on it). */
  conn?: net.Socket;
  /** Our local address the message arrived on / leaves from. */
  local: ListenSpec;
}

export interface TransportEvents {
  message(msg: SipMessage, flow: Flow, bytes: number): void;
  parseError(error: string, partial: SipMessage | undefined, flow: Flow): void;
  /** A TCP connection closed with an unfinished message in it. */
  truncated(flow: Flow, pendingBytes: number): void;
  error(error: Error, where: string): void;
  /** An outgoing TCP connection could not be made: what was sent on it is lost. */
  connectFailed(address: string, port: number, error: Error): void;
}

const IDLE_TCP_MS = 5 * 60_000;

export class Transports {
  readonly bound: ListenSpec[] = [];
  readonly #udp = new Map<string, dgram.Socket>(); // key: host:port
  readonly #tcpServers: net.Server[] = [];
  readonly #conns = new Map<string, net.Socket>(); // key: address:port of the peer
  readonly #events: TransportEvents;

  constructor(events: TransportEvents) {
    this.#events = events;
  }

  get connectionCount(): number {
    return this.#conns.size;
  }

  async listen(specs: ListenSpec[]): Promise<void> {
    for (const spec of specs) {
      if (spec.transport === 'udp') await this.#listenUdp(spec);
      else await this.#listenTcp(spec);
    }
  }

  #listenUdp(spec: ListenSpec): Promise<void> {
    const socket = dgram.createSocket({type: net.isIPv6(spec.host) ? 'udp6' : 'udp4', recvBufferSize: 4 * 1024 * 1024, sendBufferSize: 4 * 1024 * 1024});
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(spec.port, spec.host, () => {
        socket.off('error', reject);
        socket.on('error', error => this.#events.error(error, 'udp'));
        const local: ListenSpec = {transport: 'udp', host: spec.host, port: socket.address().port};
        this.bound.push(local);
        this.#udp.set(`${local.host}:${local.port}`, socket);
        socket.on('message', (data, rinfo) => {
          const flow: Flow = {transport: 'udp', address: rinfo.address, port: rinfo.port, local};
          // keep-alive pings (CRLF) carry nothing to parse
          if (data.length <= 4 && data.every(b => b === 13 || b === 10)) return;
          const r = parseMessage(data);
          if (r.ok) this.#events.message(r.msg, flow, data.length);
          else this.#events.parseError(r.error, r.partial, flow);
        });
        resolve();
      });
    });
  }

  #listenTcp(spec: ListenSpec): Promise<void> {
    const server = net.createServer(socket => {
      const local = this.bound.find(b => b.transport === 'tcp' && b.port === (server.address() as net.AddressInfo).port)!;
      this.#adopt(socket, local, socket.remoteAddress ?? '', socket.remotePort ?? 0);
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(spec.port, spec.host, () => {
        server.off('error', reject);
        server.on('error', error => this.#events.error(error, 'tcp'));
        this.bound.push({transport: 'tcp', host: spec.host, port: (server.address() as net.AddressInfo).port});
        this.#tcpServers.push(server);
        resolve();
      });
    });
  }

  #adopt(socket: net.Socket, local: ListenSpec, address: string, port: number): void {
    const key = `${stripV6(address)}:${port}`;
    this.#conns.set(key, socket);
    socket.setNoDelay(true);
    socket.setTimeout(IDLE_TCP_MS, () => socket.destroy());
    const parser = new StreamParser();
    const flow: Flow = {transport: 'tcp', address: stripV6(address), port, conn: socket, local};
    socket.on('data', chunk => {
      const r = parser.push(chunk);
      for (const e of r.errors) this.#events.parseError(e.error, e.partial, flow);
      for (const m of r.messages) this.#events.message(m, flow, 0);
      if (r.fatal) {
        if (r.errors.length === 0) this.#events.parseError(r.fatal, undefined, flow);
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (this.#conns.get(key) === socket) this.#conns.delete(key);
      if (parser.pending > 0) this.#events.truncated(flow, parser.pending);
    });
  }

  /** Our listening address for a transport (first bound), used in Via/Contact/Record-Route. */
  local(transport: TransportName): ListenSpec | undefined {
    return this.bound.find(b => b.transport === transport);
  }

  /** Is host:port one of our own listening addresses? */
  isLocal(host: string, port: number | undefined): boolean {
    const p = port ?? 5060;
    return this.bound.some(b => b.port === p && (b.host === host || (host === 'localhost' && (b.host === '127.0.0.1' || b.host === '::1'))));
  }

  /** Send bytes along a flow; TCP reuses the flow's or a pooled connection, else connects. */
  send(flow: Flow, data: Buffer): boolean {
    if (flow.transport === 'udp') {
      const socket = this.#udp.get(`${flow.local.host}:${flow.local.port}`) ?? this.#udp.values().next().value;
      if (!socket) return false;
      // no per-datagram callback: send errors surface as the socket's 'error' event
      socket.send(data, flow.port, flow.address);
      return true;
    }
    let conn = flow.conn && !flow.conn.destroyed ? flow.conn : this.#conns.get(`${flow.address}:${flow.port}`);
    if (!conn || conn.destroyed) {
      const local = this.local('tcp');
      if (!local) return false;
      const c = net.connect({host: flow.address, port: flow.port});
      conn = c;
      let connected = false;
      c.once('connect', () => { connected = true; });
      c.on('error', error => {
        c.destroy();
        if (!connected) this.#events.connectFailed(flow.address, flow.port, error);
      });
      this.#adopt(c, local, flow.address, flow.port);
    }
    flow.conn = conn;
    conn.write(data);
    return true;
  }

  async close(): Promise<void> {
    for (const c of this.#conns.values()) c.destroy();
    this.#conns.clear();
    await Promise.all(this.#tcpServers.map(s => new Promise<void>(resolve => s.close(() => resolve()))));
    await Promise.all([...this.#udp.values()].map(s => new Promise<void>(resolve => s.close(() => resolve()))));
    this.#udp.clear();
  }
}

function stripV6(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
