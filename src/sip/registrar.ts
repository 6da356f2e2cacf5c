// Phone registrations (bindings): AOR user → contacts with their expiry. Kept in
// `<dataDir>/registrations.json` (written atomically) so a switch restart keeps every phone
// reachable until its binding would have expired anyway.
import fs from 'node:fs/promises';
import path from 'node:path';
import {z} from 'zod';

export const Binding = z.object({
  user: z.string(),
  contact: z.string(),
  /** Epoch ms. */
  expiresAt: z.number(),
  /** Where the REGISTER came from (host:port), for diagnostics. */
  source: z.string().optional(),
  /** Transport the phone used (udp/tcp). */
  transport: z.string().optional(),
  /** Epoch ms of the REGISTER that made or last refreshed it: the freshest binding is used first. */
  updatedAt: z.number().optional(),
});
export type Binding = z.infer<typeof Binding>;

export const RegistrationsFile = z.object({version: z.literal(1), bindings: z.array(Binding)});
export type RegistrationsFile = z.infer<typeof RegistrationsFile>;

export type RegistrarLimits = {
  /** Bindings per user at most: a new one beyond it replaces the oldest. */
  readonly maxBindings: number;
  /**
   * Bytes the Contact list of a 200 OK may take: the oldest bindings are replaced until it fits,
   * so the answer to a phone's REGISTER always fits a UDP datagram (RFC 3261 §18.1.1).
   */
  readonly maxContactBytes: number;
};

/** Room for the 200 OK's other headers under 1300 bytes (RFC 3261 §18.1.1). */
export const CONTACT_BUDGET_BYTES = 800;

export class Registrar {
  readonly #file: string;
  readonly #bindings = new Map<string, Binding[]>();
  readonly #onChange: (user: string, registered: boolean) => void;
  readonly #limits: RegistrarLimits;
  #writing: Promise<void> = Promise.resolve();
  #dirty = false;

  constructor(file: string, onChange: (user: string, registered: boolean) => void, limits: Partial<RegistrarLimits> = {}) {
    this.#file = file;
    this.#onChange = onChange;
    this.#limits = {maxBindings: limits.maxBindings ?? 5, maxContactBytes: limits.maxContactBytes ?? CONTACT_BUDGET_BYTES};
  }

  /** Load saved bindings, dropping expired ones. A damaged file is reported and set aside, never fatal. */
  async load(now: number): Promise<{loaded: number; problem?: string}> {
    let text: string;
    try {
      text = await fs.readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {loaded: 0};
      throw error;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
    const parsed = RegistrationsFile.safeParse(data);
    if (!parsed.success) {
      const aside = `${this.#file}.bad-${now}`;
      await fs.rename(this.#file, aside).catch(() => {});
      return {loaded: 0, problem: `${this.#file}: not a registrations file (moved to ${aside})`};
    }
    let loaded = 0;
    for (const b of parsed.data.bindings) {
      if (b.expiresAt <= now) continue;
      const list = this.#bindings.get(b.user) ?? [];
      list.push(b);
      this.#bindings.set(b.user, list);
      loaded++;
    }
    for (const user of this.#bindings.keys()) this.#onChange(user, true);
    return {loaded};
  }

  /**
   * Add or refresh a binding (expires > 0) or remove it (expires = 0). Past the limits the
   * oldest bindings are replaced. Throws a TypeError for a contact that alone exceeds the
   * Contact budget (the REGISTER is refused; nothing changes).
   */
  update(user: string, contact: string, expiresSeconds: number, now: number, extra: {source?: string; transport?: string} = {}): void {
    if (expiresSeconds > 0 && Buffer.byteLength(contactLine(contact, expiresSeconds)) > this.#limits.maxContactBytes) {
      throw new TypeError(`Contact of ${contact.length} bytes exceeds the ${this.#limits.maxContactBytes}-byte limit`);
    }
    const before = this.registered(user, now);
    // Kept in REGISTER order: the first is the oldest.
    const list = (this.#bindings.get(user) ?? []).filter(b => b.contact !== contact && b.expiresAt > now);
    if (expiresSeconds > 0) {
      list.push({user, contact, expiresAt: now + expiresSeconds * 1000, updatedAt: now, ...extra});
      while (list.length > this.#limits.maxBindings || contactBytes(list, now) > this.#limits.maxContactBytes) list.shift();
    }
    if (list.length > 0) this.#bindings.set(user, list);
    else this.#bindings.delete(user);
    this.#changed(user, before, now);
  }

  /** The Contact header value listing a user's bindings (for the 200 OK), or undefined. */
  contactHeader(user: string, now: number): string | undefined {
    const bindings = this.contacts(user, now);
    if (bindings.length === 0) return undefined;
    return bindings.map(b => contactLine(b.contact, remaining(b, now))).join(', ');
  }

  /** `Contact: *` with Expires 0: remove every binding of the user. */
  removeAll(user: string, now: number): void {
    const before = this.registered(user, now);
    this.#bindings.delete(user);
    this.#changed(user, before, now);
  }

  /** Contacts of a user, freshest REGISTER first (a binding from before `updatedAt` was kept: by expiry). */
  contacts(user: string, now: number): Binding[] {
    // The list is in REGISTER order, so among equals the later one is the fresher.
    return (this.#bindings.get(user) ?? []).filter(b => b.expiresAt > now).reverse().sort((a, b) => freshness(b) - freshness(a) || (a.updatedAt === undefined ? b.expiresAt - a.expiresAt : 0));
  }

  registered(user: string, now: number): boolean {
    return this.contacts(user, now).length > 0;
  }

  /** Whether some user's live binding was registered from `address` (one of the center's phones). */
  hasSource(address: string, now: number): boolean {
    for (const list of this.#bindings.values()) {
      if (list.some(b => b.expiresAt > now && b.source !== undefined && hostOf(b.source) === address)) return true;
    }
    return false;
  }

  /** Users with at least one live binding. */
  registeredUsers(now: number): number {
    let n = 0;
    for (const list of this.#bindings.values()) if (list.some(b => b.expiresAt > now)) n++;
    return n;
  }

  /** Drop expired bindings; the users that lost their last one are reported unregistered. */
  sweep(now: number): void {
    for (const [user, list] of [...this.#bindings]) {
      const live = list.filter(b => b.expiresAt > now);
      if (live.length === list.length) continue;
      if (live.length > 0) this.#bindings.set(user, live);
      else this.#bindings.delete(user);
      this.#dirty = true;
      if (live.length === 0) this.#onChange(user, false);
    }
    if (this.#dirty) this.#save();
  }

  /** The earliest expiry, for the sweep timer. */
  nextExpiry(): number | undefined {
    let next = Infinity;
    for (const list of this.#bindings.values()) for (const b of list) next = Math.min(next, b.expiresAt);
    return Number.isFinite(next) ? next : undefined;
  }

  /** Wait for pending writes. */
  async flush(): Promise<void> {
    await this.#writing;
  }

  #changed(user: string, before: boolean, now: number): void {
    this.#dirty = true;
    const after = this.registered(user, now);
    if (after !== before) this.#onChange(user, after);
    this.#save();
  }

  #save(): void {
    // One write at a time; a burst of REGISTERs coalesces into the next write.
    this.#writing = this.#writing.then(async () => {
      if (!this.#dirty) return;
      this.#dirty = false;
      const data: RegistrationsFile = {version: 1, bindings: [...this.#bindings.values()].flat()};
      const tmp = `${this.#file}.tmp`;
      await fs.mkdir(path.dirname(this.#file), {recursive: true});
      await fs.writeFile(tmp, JSON.stringify(data));
      await fs.rename(tmp, this.#file);
    }).catch(() => {
      this.#dirty = true;
    });
  }
}

const remaining = (b: Binding, now: number) => Math.max(0, Math.round((b.expiresAt - now) / 1000));
const contactLine = (contact: string, expiresSeconds: number) => `<${contact}>;expires=${expiresSeconds}`;
const contactBytes = (list: readonly Binding[], now: number) => list.reduce((n, b) => n + Buffer.byteLength(contactLine(b.contact, remaining(b, now))) + 2, 0);
/** Bindings from before `updatedAt` existed count as older than any since (among themselves: by expiry). */
const freshness = (b: Binding) => b.updatedAt ?? 0;

/** `host:port` or `[v6]:port` → host. */
export function hostOf(source: string): string {
  const i = source.lastIndexOf(':');
  return (i < 0 ? source : source.slice(0, i)).replace(/^\[|\]$/g, '');
}
