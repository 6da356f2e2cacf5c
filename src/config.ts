// ZuoxiConfig: what a center writes in zuoxi.config.json — its name and service numbers,
// teams, agents (PINs and phone passwords stored hashed only), where each service listens,
// and the policy (src/rules PolicyConfig, defaults from POLICY.md).
import crypto from 'node:crypto';
import {z} from 'zod';
import {PolicyConfig} from './rules/config.ts';
import {queuePolicyProblems} from './rules/queue-policy.ts';

const HostPort = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/, 'expected HOST:PORT');

export const AgentConfig = z.object({
  /** Agent id, also the phone's SIP user by default. */
  id: z.string().regex(/^\d{3,8}$/, 'expected 3–8 digits'),
  name: z.string().min(1),
  team: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase team id'),
  /** lead = team lead (班长): read-only on the floor's records, writes QA/roster/ledger. */
  role: z.enum(['agent', 'lead']).default('agent'),
  /** trainees (实习话务员) open with the trainee variant. */
  trainee: z.boolean().default(false),
  /** hashPin() output; the PIN itself is never stored. */
  pinHash: z.string().regex(/^scrypt:\d+:[\w+/=]+:[\w+/=]+$/, 'expected a hashPin() value (scrypt:N:salt:hash)'),
  phone: z.object({
    /** SIP user the phone registers as. */
    user: z.string().regex(/^[\w.+-]+$/),
    /** Digest HA1 = md5(user:realm:password) (RFC 2617); the password is never stored. */
    ha1: z.string().regex(/^[0-9a-f]{32}$/, 'expected 32 hex digits (md5 HA1)'),
    /** auto-answer: headset softphone answered by the TUI; handset: the agent picks up the phone. */
    mode: z.enum(['auto-answer', 'handset']).default('auto-answer'),
  }),
  skills: z.array(z.string()).default([]),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
});
export type AgentConfig = z.infer<typeof AgentConfig>;

export const QueueConfig = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  /** The dialled number (Request-URI user) that lands in this queue. */
  number: z.string().min(1),
  team: z.string(),
  skill: z.string().optional(),
  priority: z.number().int().min(0).max(9).default(0),
});
export type QueueConfig = z.infer<typeof QueueConfig>;

export const ZuoxiConfig = z.object({
  center: z.object({
    name: z.string().default('12345政务服务'),
    /** Digest realm for phone registration. */
    realm: z.string().default('zuoxi.local'),
    timeZone: z.string().default('Asia/Shanghai'),
  }).prefault({}),
  teams: z.array(z.object({id: z.string(), name: z.string()})).default([{id: 'a', name: '一班'}]),
  queues: z.array(QueueConfig).default([{id: 'main', name: '综合咨询', number: '12345', team: 'a', priority: 0}]),
  agents: z.array(AgentConfig).default([]),
  listen: z.object({
    /** SIP transports of the embedded engine. */
    sip: z.string().default('udp:127.0.0.1:5060,tcp:127.0.0.1:5060'),
    /** drachtio control port of the embedded engine. */
    control: HostPort.default('127.0.0.1:9022'),
    /** HTTP/WebSocket hub: /sync/<doc>, /control, /metrics. */
    hub: HostPort.default('127.0.0.1:7070'),
    ssh: HostPort.default('127.0.0.1:2222'),
  }).prefault({}),
  /**
   * TLS on the hub port (PEM files, relative to the config file): seats, leads and tools then
   * use wss:// (https://), and plain ws:// is refused. Clients trust the certificate through the
   * system store or NODE_EXTRA_CA_CERTS.
   */
  tls: z.object({cert: z.string().min(1), key: z.string().min(1)}).optional(),
  /** Shared secret between the switch and the drachtio server (embedded or real). */
  drachtioSecret: z.string().min(1).optional(),
  /** When set, /metrics answers only `Authorization: Bearer <metricsToken>` (a scraper off the office LAN). */
  metricsToken: z.string().min(16, 'metricsToken: at least 16 characters').optional(),
  ssh: z.object({
    /** OpenSSH authorized_keys file listing the leads' public keys. */
    authorizedKeys: z.string().default('leads_authorized_keys'),
    /** Generated on first start and kept. */
    hostKey: z.string().default('.data/ssh_host_ed25519_key'),
  }).prefault({}),
  dataDir: z.string().default('.data'),
  policy: PolicyConfig.prefault({}),
}).superRefine((config, ctx) => {
  for (const problem of queuePolicyProblems(config.policy.queueing, {
    queues: config.queues.map(q => q.id), agents: config.agents.map(a => a.id),
    calendars: Object.keys(config.policy.calendars.definitions), ringbackOnly: config.policy.media.ringbackOnly,
  })) ctx.addIssue({code: 'custom', path: [...problem.path], message: problem.message});
  // The switch files calls by the center's time zone; seats and rules count hours and days by
  // the policy's fixed UTC offset. If the two disagree, a call and its notes land on different
  // days, so a config where they differ is refused.
  const offsets = zoneOffsets(config.center.timeZone);
  if (!offsets) {
    ctx.addIssue({code: 'custom', path: ['center', 'timeZone'], message: `unknown time zone "${config.center.timeZone}"`});
    return;
  }
  const expected = config.policy.calendars.utcOffsetMinutes;
  if (offsets.some(offset => offset !== expected)) {
    ctx.addIssue({
      code: 'custom',
      path: ['policy', 'calendars', 'utcOffsetMinutes'],
      message: `is ${expected} but center.timeZone ${config.center.timeZone} is UTC${offsets.map(formatOffset).join(' / ')}; they must agree (zones with daylight saving are not supported)`,
    });
  }
});
export type ZuoxiConfig = z.infer<typeof ZuoxiConfig>;

/** UTC offsets (minutes) of an IANA zone in January and July, or undefined for an unknown zone. */
function zoneOffsets(timeZone: string): number[] | undefined {
  try {
    const format = new Intl.DateTimeFormat('en-US', {timeZone, timeZoneName: 'longOffset'});
    return [Date.UTC(2026, 0, 15), Date.UTC(2026, 6, 15)].map(ms => {
      const name = format.formatToParts(ms).find(part => part.type === 'timeZoneName')?.value ?? 'GMT';
      const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
      return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
    });
  } catch {
    return undefined;
  }
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** scrypt hash of a PIN, self-describing: `scrypt:N:salt:hash`. */
export function hashPin(pin: string, cost = 16_384): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(pin, salt, 32, {N: cost});
  return `scrypt:${cost}:${salt.toString('base64')}:${hash.toString('base64')}`;
}

export function verifyPin(pin: string, pinHash: string): boolean {
  const [kind, cost, salt, hash] = pinHash.split(':');
  if (kind !== 'scrypt' || !cost || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = crypto.scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, {N: Number(cost)});
  return crypto.timingSafeEqual(expected, actual);
}

/** Digest HA1 (RFC 2617): md5(user:realm:password). */
export function ha1(user: string, realm: string, password: string): string {
  return crypto.createHash('md5').update(`${user}:${realm}:${password}`).digest('hex');
}

/** Demo credentials: every PIN is this, only in demo/loadtest mode. */
export const DEMO_PIN = '1234';
export const demoPhonePassword = (user: string) => `pw-${user}`;

const demoNames = ['张敏', '李娜', '王芳', '刘洋', '陈静', '杨帆', '赵磊', '黄丽', '周杰', '吴霞', '徐强', '孙悦'];

/**
 * The demo/loadtest center: agents 1001… in team "a" (PIN 1234, phone password pw-<id>),
 * lead 9001. Cheap scrypt cost so hundreds of seats start fast — demo only.
 */
export function demoConfig(options: {agents?: number; overrides?: Record<string, unknown>} = {}): ZuoxiConfig {
  const count = options.agents ?? 12;
  const realm = 'zuoxi.local';
  const pinHash = hashPin(DEMO_PIN, 1024);
  const agents = Array.from({length: count}, (_, i) => {
    const id = String(1001 + i);
    return {
      id,
      name: demoNames[i % demoNames.length] + (i >= demoNames.length ? String(Math.floor(i / demoNames.length)) : ''),
      team: 'a',
      trainee: i === 2,
      pinHash,
      phone: {user: id, ha1: ha1(id, realm, demoPhonePassword(id))},
    };
  });
  agents.push({id: '9001', name: '班长 林', team: 'a', trainee: false, pinHash, phone: {user: '9001', ha1: ha1('9001', realm, demoPhonePassword('9001'))}, role: 'lead'} as (typeof agents)[number]);
  return ZuoxiConfig.parse({center: {realm}, agents, ...options.overrides});
}
