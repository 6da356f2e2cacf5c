// The config subcommands that make values rather than check them: `init` (a starting config
// with generated credentials), `hash-pin` and `ha1` (one value for an agent's entry, the secret
// read from stdin), `schema` (the JSON Schema editors and CI can validate against).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import {z} from 'zod';
import {ZuoxiConfig, ha1, hashPin} from '../config.ts';
import {readSecret} from './ask-pin.ts';
import {optionalConfig, unknownKeys} from './config.ts';
import {positiveFlag} from './flags.ts';
import {command, UsageError} from './run-command.ts';

const initUsage = `usage: zuoxi config init [--agents N] [--out FILE] [--realm REALM]

Writes a valid starting config: team a, queue main on 12345, agents 1001… and lead 9001, the
services on 127.0.0.1, the default policy. Each person's PIN and phone password is generated and
printed once on stdout; the file keeps only the PIN's scrypt hash and the phone's digest HA1.

  --agents N     agents besides the lead, 1–500 (default 2)
  --out FILE     where to write (default zuoxi.config.json); an existing file is never replaced
  --realm REALM  the SIP digest realm phones register in (default zuoxi.local)

Exit status: 0 written, 1 the file exists or cannot be written, 2 usage error.`;

/** Six digits, uniformly drawn. */
const newPin = () => String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
/** 16 characters a phone's keypad-less config screen takes without escaping. */
const newPassword = () => crypto.randomBytes(12).toString('base64url');

export type Credential = {readonly id: string; readonly role: 'agent' | 'lead'; readonly pin: string; readonly user: string; readonly password: string};

/** A starting config and the credentials it was made with (shown once, never stored). */
export function startingConfig(agents: number, realm: string): {config: Record<string, unknown>; credentials: Credential[]} {
  const defaults = ZuoxiConfig.parse({});
  const team = defaults.teams[0]!.id;
  const people = [
    ...Array.from({length: agents}, (_, i) => ({id: String(1001 + i), role: 'agent' as const, name: `Agent ${1001 + i}`})),
    {id: '9001', role: 'lead' as const, name: 'Lead 9001'},
  ];
  const credentials = people.map(p => ({id: p.id, role: p.role, pin: newPin(), user: p.id, password: newPassword()}));
  const config = {
    center: {...defaults.center, realm},
    teams: defaults.teams,
    queues: defaults.queues,
    agents: people.map((p, i) => ({
      id: p.id, name: p.name, team, role: p.role, pinHash: hashPin(credentials[i]!.pin),
      phone: {user: p.id, ha1: ha1(p.id, realm, credentials[i]!.password), mode: 'auto-answer'},
      lang: 'zh-CN',
    })),
    listen: defaults.listen,
    ssh: defaults.ssh,
    dataDir: defaults.dataDir,
    // Empty: every rule at its default; `zuoxi policy` prints them, `zuoxi config schema` lists the keys.
    policy: {},
  };
  return {config, credentials};
}

export const init = command({
  name: 'config init',
  usage: initUsage,
  options: {agents: {type: 'string'}, out: {type: 'string'}, realm: {type: 'string'}},
  schema: z.object({
    agents: positiveFlag(500, {integer: true}),
    out: z.string().min(1).default('zuoxi.config.json'),
    realm: z.string().regex(/^[\w.-]+$/, 'expected a realm like zuoxi.local').default('zuoxi.local'),
  }),
  async run(flags) {
    const {config, credentials} = startingConfig(flags.agents ?? 2, flags.realm);
    // The file is checked by the same schema the server loads it with, before it is written.
    const parsed = ZuoxiConfig.safeParse(config);
    const unknown = unknownKeys(config, ZuoxiConfig);
    if (!parsed.success || unknown.length > 0) throw new Error(`config init made an invalid config: ${parsed.error?.message ?? unknown.join(', ')}`);
    try {
      // 'wx': never over an existing config; 0600: an HA1 lets whoever reads it register as that phone.
      await fs.writeFile(flags.out, `${JSON.stringify(config, null, 2)}\n`, {flag: 'wx', mode: 0o600});
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      console.error(`zuoxi config init: ${flags.out}: ${code === 'EEXIST' ? 'exists; not replaced (remove it or give --out FILE)' : (error as Error).message}`);
      return 1;
    }
    const data = parsed.data;
    console.log([
      `zuoxi config init: wrote ${flags.out} (${credentials.length - 1} agents + lead 9001, team ${data.teams[0]!.id}, queue ${data.queues[0]!.number})`,
      '',
      'Credentials, shown this once (the file keeps only their hashes):',
      `  ${'id'.padEnd(6)}${'role'.padEnd(7)}${'PIN'.padEnd(8)}${'phone user'.padEnd(12)}phone password`,
      ...credentials.map(c => `  ${c.id.padEnd(6)}${c.role.padEnd(7)}${c.pin.padEnd(8)}${c.user.padEnd(12)}${c.password}`),
      '',
      `Phones register as USER@${data.center.realm} with that password (digest realm ${data.center.realm})`,
      `at ${data.listen.sip.split(',').join(' and ')}; agents sign in to \`zuoxi seat\` with their id and PIN.`,
      `Next: edit names, teams and listen addresses, \`zuoxi config check ${flags.out}\`, then \`zuoxi server --config ${flags.out}\`.`,
    ].join('\n'));
    return 0;
  },
});

export const hashPinCommand = command({
  name: 'config hash-pin',
  usage: `usage: zuoxi config hash-pin

Reads a PIN from stdin (typed without echo on a terminal, else the first line piped in) and
prints its pinHash for an agent's entry in the config.`,
  options: {},
  schema: z.object({}),
  async run() {
    const pin = await readSecret('PIN: ', 64);
    if (pin === undefined || pin.length > 64) throw new UsageError('expected a PIN of 1–64 characters on stdin');
    console.log(hashPin(pin));
    return 0;
  },
});

export const ha1Command = command({
  name: 'config ha1',
  usage: `usage: zuoxi config ha1 USER [--realm REALM | --config FILE]

Reads the phone's password from stdin (typed without echo on a terminal, else the first line
piped in) and prints md5(USER:REALM:PASSWORD), the phone.ha1 of the agent's entry. The realm is
--realm, else the config's center.realm (--config, or ./zuoxi.config.json when there is one),
else zuoxi.local; it is named on stderr, since the HA1 only works in that realm.`,
  options: {realm: {type: 'string'}, config: {type: 'string'}},
  positionals: ['USER'],
  schema: z.object({
    realm: z.string().regex(/^[\w.-]+$/, 'expected a realm like zuoxi.local').optional(),
    config: z.string().min(1).optional(),
  }),
  async run(flags, [user]) {
    if (!/^[\w.+-]+$/.test(user!)) throw new UsageError(`USER "${user}" is not a SIP user (letters, digits, . _ + -)`);
    if (flags.realm && flags.config) throw new UsageError('give --realm or --config, not both');
    let realm = flags.realm;
    if (!realm) {
      const found = await optionalConfig('config ha1', flags.config);
      if (typeof found === 'number') return found;
      realm = found.config?.center.realm;
    }
    realm ??= ZuoxiConfig.parse({}).center.realm;
    const password = await readSecret(`password of ${user}@${realm}: `);
    if (password === undefined) throw new UsageError('expected the password on stdin');
    console.error(`zuoxi config ha1: realm ${realm}`);
    console.log(ha1(user!, realm, password));
    return 0;
  },
});

export const schema = command({
  name: 'config schema',
  usage: `usage: zuoxi config schema

Prints the JSON Schema (draft 2020-12) of zuoxi.config.json as the file is written: every key,
its type, range and default. Cross-field checks (the time zone against the policy's UTC offset)
are only in \`zuoxi config check\`.`,
  options: {},
  schema: z.object({}),
  async run() {
    const json = z.toJSONSchema(ZuoxiConfig, {io: 'input', unrepresentable: 'any'});
    console.log(JSON.stringify({...json, title: 'zuoxi.config.json'}, null, 2));
    return 0;
  },
});
