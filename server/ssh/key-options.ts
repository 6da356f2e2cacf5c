// The options field of an authorized_keys line (sshd(8) "AUTHORIZED_KEYS FILE FORMAT"), as far
// as the wallboard gateway can honour it. Options that only take something away (restrict,
// no-pty, no-port-forwarding, …) are honoured: the gateway forwards nothing and runs nothing but
// the wallboard anyway, and no-pty (or restrict without pty) refuses the terminal request.
// `from=` and `expiry-time=` are checked at every authentication. An option the gateway cannot
// honour (command=, permitopen=, port-forwarding, a host-name pattern in from=, …) makes the
// key refused with a problem naming it — never silently ignored (issue 16).
import net from 'node:net';

export type KeyOptions = {
  /** from="…": address patterns (`*`, `?`, CIDR, `!` to exclude); absent = any source. */
  readonly from?: readonly string[];
  /** expiry-time="…": the key stops working at this instant (epoch ms). */
  readonly expiresAt?: number;
  /** Whether a pty may be allocated (no-pty, or restrict without pty, says no). */
  readonly pty: boolean;
};

/** Options that take away what the gateway never gives: honoured by construction. */
const withdrawn = new Set(['no-port-forwarding', 'no-agent-forwarding', 'no-x11-forwarding', 'no-user-rc']);

/** Split `a,b="x,y",c` at the commas outside quotes. */
function splitOptions(text: string): string[] | string {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted && text[i + 1] === '"') {
      current += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (quoted) return 'an option has an unclosed quote';
  out.push(current);
  return out;
}

/** YYYYMMDD[HHMM[SS]], in the machine's local time unless it ends in Z (as sshd reads it). */
function parseExpiry(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z)?$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1, 7).map(v => v ?? undefined) as string[];
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const ms = m[7] ? Date.UTC(...parts) : new Date(...parts).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

function checkPattern(pattern: string): string | undefined {
  const bare = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  if (bare === '') return 'an empty from= pattern';
  if (bare.includes('/')) {
    const [address, bits] = bare.split('/');
    const family = net.isIP(address ?? '');
    const max = family === 6 ? 128 : 32;
    return family && /^\d+$/.test(bits ?? '') && Number(bits) <= max ? undefined : `from= "${pattern}" is not a valid CIDR block`;
  }
  // Host names would need a DNS lookup of the client (sshd's UseDNS, off by default).
  return /^[0-9a-fA-F:.*?]+$/.test(bare) ? undefined : `from= "${pattern}" is a host name: only addresses, wildcards and CIDR blocks are supported`;
}

/** Parse the options field; a string is the reason the key must be refused. */
export function parseKeyOptions(text: string): KeyOptions | string {
  if (text === '') return {pty: true};
  const list = splitOptions(text);
  if (typeof list === 'string') return list;
  let from: string[] | undefined;
  let expiresAt: number | undefined;
  let restrict = false;
  let pty: boolean | undefined;
  for (const option of list) {
    const eq = option.indexOf('=');
    const name = (eq < 0 ? option : option.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? undefined : option.slice(eq + 1);
    if (name === 'restrict' && value === undefined) restrict = true;
    else if (name === 'no-pty' && value === undefined) pty = false;
    else if (name === 'pty' && value === undefined) pty = true;
    else if (withdrawn.has(name) && value === undefined) continue;
    else if (name === 'from' && value !== undefined) {
      const patterns = value.split(',').map(p => p.trim());
      const problem = patterns.map(checkPattern).find(p => p !== undefined);
      if (problem) return problem;
      from = [...(from ?? []), ...patterns];
    } else if (name === 'expiry-time' && value !== undefined) {
      expiresAt = parseExpiry(value);
      if (expiresAt === undefined) return `expiry-time="${value}" is not YYYYMMDD[HHMM[SS]][Z]`;
    } else {
      return `option "${name}" cannot be honoured by the wallboard gateway`;
    }
  }
  return {from, expiresAt, pty: pty ?? !restrict};
}

function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(value);
}

function matches(pattern: string, ip: string): boolean {
  if (!pattern.includes('/')) return wildcard(pattern, ip);
  const [address, bits] = pattern.split('/') as [string, string];
  const family = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (net.isIP(ip) !== (family === 'ipv6' ? 6 : 4)) return false;
  const block = new net.BlockList();
  block.addSubnet(address, Number(bits), family);
  return block.check(ip, family);
}

/** Whether a key with these options may authenticate from `ip` at `now` (the reason if not). */
export function keyRefusal(options: KeyOptions, ip: string, now: number): string | undefined {
  if (options.expiresAt !== undefined && now >= options.expiresAt) return 'key expired (expiry-time)';
  if (!options.from) return undefined;
  const address = ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  // sshd: a negated match refuses at once; otherwise some positive pattern must match.
  if (options.from.some(p => p.startsWith('!') && matches(p.slice(1), address))) return `source ${address} excluded by from=`;
  return options.from.some(p => !p.startsWith('!') && matches(p, address)) ? undefined : `source ${address} not in from=`;
}
