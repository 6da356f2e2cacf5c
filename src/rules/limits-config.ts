// The center's protective limits as policy (issue 15; zuoxi defaults — the handbooks give none):
// the registrar's, in the spirit of Kamailio's registrar, pike and fail2ban, and the sync hub's.
import {z} from 'zod';

/** The registrar's limits (zuoxi defaults, in the spirit of Kamailio's registrar, pike and fail2ban). */
export const RegistrarLimits = z.object({
  /** A phone user's bindings at most; a new one beyond it replaces the oldest. */
  maxBindingsPerUser: z.number().int().min(1).max(20).default(5),
  /** A digest nonce is good this long, then the phone is told stale=true (RFC 7616 §3.3). */
  nonceTtlSeconds: z.number().int().min(10).max(86_400).default(300),
  /** Failed authentications tolerated per source address and per user within the window, then a ban. */
  failuresPerSource: z.number().int().min(1).default(10),
  failuresPerUser: z.number().int().min(1).default(10),
  failureWindowSeconds: z.number().int().min(1).default(60),
  banSeconds: z.number().int().min(1).default(300),
  /**
   * New INVITEs per second from one source address that holds no phone binding (a trunk, a
   * scanner), sustained and in a burst; over it the source is told 503 with Retry-After. The
   * default leaves a carrier trunk's peak room (bench:acd runs 150 calls/s from one address).
   */
  invitesPerSecondPerSource: z.number().positive().max(100_000).default(200),
  inviteBurstPerSource: z.number().int().min(1).max(100_000).default(400),
  /**
   * Where calls into queues may come from besides the center's registered phones: addresses or
   * CIDR ranges of the carrier's trunk. Empty (the default): from anywhere. Others get 403.
   */
  trunkSources: z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {error: 'expected an IP address or CIDR range'})).max(1000).default([]),
});
export type RegistrarLimits = z.infer<typeof RegistrarLimits>;

/** The sync hub's limits (issue 15; zuoxi defaults): which documents, how big a write, how many connections. */
export const HubLimits = z.object({
  /** Day documents may be created for today and this many days back / ahead (older ones stay readable). */
  pastDays: z.number().int().min(0).max(366).default(7),
  futureDays: z.number().int().min(0).max(31).default(1),
  /** Month documents likewise, in months. */
  pastMonths: z.number().int().min(0).max(120).default(13),
  futureMonths: z.number().int().min(0).max(12).default(1),
  /** A text field (a note) and a single update or entry, at most (above what the seat's schema allows). */
  maxFieldKiB: z.number().int().min(1).max(1024).default(32),
  maxUpdateKiB: z.number().int().min(1).max(16 * 1024).default(256),
  /** Connections held at once by one agent, lead or supervisor view, and from one source address. */
  maxConnectionsPerAgent: z.number().int().min(1).default(16),
  maxConnectionsPerLead: z.number().int().min(1).default(32),
  maxConnectionsPerSupervisor: z.number().int().min(1).default(512),
  maxConnectionsPerSource: z.number().int().min(1).default(4096),
});
export type HubLimits = z.infer<typeof HubLimits>;
