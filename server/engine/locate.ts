// Target location and stateless forwarding: where a URI or a Via sends a message (§18.2.2,
// RFC 3581, RFC 3263 reduced to A/AAAA), and requests/responses forwarded without state
// (ACKs and in-dialog requests routed through us whose transaction we never held).
import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import net from 'node:net';
import {getHeader, getHeaderValues, h, parseNameAddr, parseUri, popHeaderValue, type SipMessage, type Via} from './sip/message.ts';
import {serialize} from './sip/serialize.ts';
import {STATELESS_PREFIX, topVia, viaFor} from './build.ts';
import type {Core} from './context.ts';
import type {Flow, TransportName} from './transport.ts';

export class Locator {
  readonly #dns = new Map<string, {address: string; until: number}>();

  constructor(private readonly core: Core) {}

  /** Where responses to a request go (§18.2.2, RFC 3581 §4). */
  responseFlow(via: Via, flow: Flow): Flow {
    if (flow.transport !== 'udp' || via.params.has('rport')) return flow;
    return {...flow, port: via.port ?? 5060};
  }

  sendStateless(req: SipMessage, flow: Flow, res: SipMessage): void {
    const via = topVia(req);
    this.core.send(via ? this.responseFlow(via, flow) : flow, serialize(res));
  }

  /** Is the request addressed to us (R-URI or remaining top Route), or to someone we proxy to? */
  isForUs(msg: SipMessage): boolean {
    const route = getHeaderValues(msg, 'route')[0];
    const target = parseUri(route ? parseNameAddr(route).uri : msg.uri);
    return !target || this.core.transports.isLocal(target.host, target.port);
  }

  /** Resolve a SIP URI to a flow (IP literals and localhost; the engine runs on loopback/LANs). */
  target(uri: string): Flow | undefined {
    const u = parseUri(uri.includes(':') ? uri : `sip:${uri}`);
    if (!u) return undefined;
    const transport: TransportName = (u.params.get('transport') ?? 'udp').toLowerCase() === 'tcp' ? 'tcp' : 'udp';
    const local = this.core.transports.local(transport);
    if (!local) return undefined;
    let address = u.params.get('maddr') || u.host;
    if (address === 'localhost') address = net.isIPv6(local.host) ? '::1' : '127.0.0.1';
    if (!net.isIP(address)) return undefined;
    return {transport, address, port: u.port ?? 5060, local};
  }

  /** Like target, resolving a host name by DNS (A/AAAA via the system resolver, cached 60 s). */
  async resolveTarget(uri: string): Promise<Flow | undefined> {
    const direct = this.target(uri);
    if (direct) return direct;
    const u = parseUri(uri.includes(':') ? uri : `sip:${uri}`);
    if (!u || net.isIP(u.host)) return undefined;
    const cached = this.#dns.get(u.host);
    let address = cached && cached.until > Date.now() ? cached.address : undefined;
    if (!address) {
      try {
        address = this.core.opts.resolve ? await this.core.opts.resolve(u.host) : (await dns.lookup(u.host)).address;
        if (!address || !net.isIP(address)) return undefined;
        this.#dns.set(u.host, {address, until: Date.now() + 60_000});
        if (this.#dns.size > 1000) this.#dns.delete(this.#dns.keys().next().value!);
      } catch {
        return undefined;
      }
    }
    const at = uri.indexOf(u.host);
    return this.target(`${uri.slice(0, at)}${address.includes(':') ? `[${address}]` : address}${uri.slice(at + u.host.length)}`);
  }

  forwardStateless(msg: SipMessage): void {
    const {counters} = this.core;
    const route = getHeaderValues(msg, 'route')[0];
    const target = this.target(route ? parseNameAddr(route).uri : msg.uri);
    if (!target) { counters.dropped++; return; }
    const mf = Number(getHeader(msg, 'max-forwards') ?? '70');
    if (mf <= 0) { counters.dropped++; return; }
    const fwd: SipMessage = {...msg, headers: msg.headers.filter(x => x.name !== 'max-forwards')};
    fwd.headers.unshift(h('max-forwards', String(mf - 1)));
    const tv = topVia(msg)!;
    // deterministic, so a retransmission leaves with the branch its original had
    const branch = `${STATELESS_PREFIX}${crypto.createHash('md5').update(`${tv.branch}|${msg.method === 'ACK' ? 'ack' : ''}`).digest('hex').slice(0, 16)}`;
    fwd.headers.unshift(h('via', viaFor(target.local, branch)));
    counters.proxied++;
    this.core.send(target, serialize(fwd));
  }

  forwardResponseStateless(msg: SipMessage): void {
    const {counters} = this.core;
    const fwd: SipMessage = {...msg, headers: msg.headers.map(x => ({...x}))};
    popHeaderValue(fwd, 'via');
    const next = topVia(fwd);
    if (!next) { counters.dropped++; return; }
    const transport = next.transport.toLowerCase() as TransportName;
    const local = this.core.transports.local(transport === 'tcp' ? 'tcp' : 'udp');
    if (!local) { counters.dropped++; return; }
    const address = next.params.get('received') || next.host;
    const port = Number(next.params.get('rport')) || next.port || 5060;
    counters.proxied++;
    this.core.send({transport: local.transport, address, port, local}, serialize(fwd));
  }
}
