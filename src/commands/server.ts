// `zuoxi server [--config FILE] [--drachtio HOST:PORT[:SECRET]] [--trunk HOST:PORT]`: what a
// center runs — the embedded SIP engine (or a real drachtio-server), the switch, the hub with
// /control (and /sync). Prints where each service listens; SIGINT/SIGTERM close it gracefully.
import path from 'node:path';
import process from 'node:process';
import {z} from 'zod';
import {startCenter, type DrachtioAddress} from '../../server/center.ts';
import {configSearchPath, findConfigFile, loadConfigFile} from './config.ts';
import {command, UsageError} from './run-command.ts';
import {createLogger, logLevels} from '../../server/log.ts';

const usage = `usage: zuoxi server [--config FILE] [--drachtio HOST:PORT[:SECRET]] [--trunk HOST[:PORT]] [--log-level L]

  --config FILE        the center's config (default ./zuoxi.config.json); \`zuoxi config init\` writes one
  --drachtio H:P[:S]   use a real drachtio-server instead of the embedded engine; its secret after a
                       second ':', or (better) in ZUOXI_DRACHTIO_SECRET, or the config's drachtioSecret
  --trunk HOST[:PORT]  where calls to outside numbers go
  --log-level L        error, warn, info (default) or debug, or ZUOXI_LOG_LEVEL: every component's
                       JSON lines on stderr (one readable line each on a terminal)

Exit status: 0 stopped by SIGINT/SIGTERM, 1 the config is invalid or a service could not start,
2 usage error or no config.`;

/** `HOST:PORT:SECRET` (the secret may itself contain ':') or `HOST:PORT`, the secret then given elsewhere; IPv6 hosts in brackets. */
export function parseDrachtio(text: string): (Omit<DrachtioAddress, 'secret'> & {secret?: string}) | string {
  const match = /^(\[[0-9a-fA-F:]+\]|[\w.-]+):(\d{1,5})(?::(.+))?$/.exec(text);
  if (!match) return `--drachtio: "${text}" is not HOST:PORT:SECRET (or HOST:PORT with ZUOXI_DRACHTIO_SECRET)`;
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) return `--drachtio: port ${port} is out of range`;
  return {host: match[1]!.replace(/^\[|\]$/g, ''), port, ...(match[3] ? {secret: match[3]} : {})};
}

export const run = command({
  name: 'server',
  usage,
  options: {config: {type: 'string'}, drachtio: {type: 'string'}, trunk: {type: 'string'}, 'log-level': {type: 'string'}},
  env: {logLevel: 'ZUOXI_LOG_LEVEL'},
  schema: z.object({
    logLevel: z.enum(logLevels).default('info'),
    config: z.string().min(1).optional(),
    drachtio: z.string().optional(),
    trunk: z.string().regex(/^(\[[0-9a-fA-F:]+\]|[\w.-]+)(:\d{1,5})?$/, 'expected HOST[:PORT]').optional(),
  }),
  run: server,
});

async function server(values: {config?: string; drachtio?: string; trunk?: string; logLevel: typeof logLevels[number]}): Promise<number> {
  // Checked before the config is read, so a typo in the flag is named first.
  const external = values.drachtio === undefined ? undefined : parseDrachtio(values.drachtio);
  if (typeof external === 'string') throw new UsageError(external);

  const file = await findConfigFile(values.config);
  if (!file) {
    console.error([
      `zuoxi server: no config (looked for ${configSearchPath().join(', ')}; --config or ZUOXI_CONFIG name another).`,
      'A center needs a config with its agents (ids, hashed PINs, phone HA1s): `zuoxi config init` writes one',
      '(check an edited one with `zuoxi config check zuoxi.config.json`), then run `zuoxi server`.',
      'To try zuoxi without a config, run `zuoxi demo` (demo credentials exist only there).',
    ].join('\n'));
    return 2;
  }
  const loaded = await loadConfigFile(file);
  // As `config check` does: a typo ("polcy") would otherwise be dropped without a word.
  for (const key of loaded.unknownKeys ?? []) console.error(`zuoxi server: warning: ${file}: ${key}: unknown key, ignored`);
  if (!loaded.ok) {
    console.error(`zuoxi server: ${loaded.error}`);
    for (const problem of loaded.problems) console.error(`  ${problem.path}: ${problem.message}`);
    return 1;
  }
  const config = loaded.config;
  if (config.agents.length === 0) {
    console.error(`zuoxi server: ${file} has no agents; add them (check with \`zuoxi config check ${file}\`)`);
    return 1;
  }
  let drachtio: DrachtioAddress | undefined;
  if (external) {
    // Secrets need not be in argv, where `ps` shows them.
    const secret = external.secret ?? (process.env.ZUOXI_DRACHTIO_SECRET || config.drachtioSecret);
    if (!secret) throw new UsageError('--drachtio: no secret (HOST:PORT:SECRET, ZUOXI_DRACHTIO_SECRET, or drachtioSecret in the config)');
    drachtio = {...external, secret};
  }
  // dataDir is relative to the config file, so the server finds its data wherever it is started.
  const resolved = {...config, dataDir: path.resolve(path.dirname(file), config.dataDir)};
  // So are the SSH gateway's host key and the leads' authorized_keys.
  resolved.ssh = {hostKey: path.resolve(path.dirname(file), config.ssh.hostKey), authorizedKeys: path.resolve(path.dirname(file), config.ssh.authorizedKeys)};
  if (config.tls) resolved.tls = {cert: path.resolve(path.dirname(file), config.tls.cert), key: path.resolve(path.dirname(file), config.tls.key)};

  // The SSH wallboard's terminals are colour terminals whatever this process's stdout is (a
  // service has none): Ink's colours are decided when the gateway loads, after this line.
  process.env.FORCE_COLOR ??= '2';
  // One logger for every component (server/log.ts).
  const logger = createLogger({level: values.logLevel});
  // Listened for before anything starts: a supervisor's SIGTERM during start-up or while the
  // banner prints still closes the center cleanly (exit 0) rather than killing it mid-write.
  const stopped = new Promise<string>(resolve => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  let center;
  try {
    center = await startCenter(resolved, {
      ...(drachtio ? {drachtio} : {}),
      ...(values.trunk ? {trunk: values.trunk} : {}),
      // The leads' SSH wallboard (config.listen.ssh, config.ssh keys).
      ssh: {},
      // Media through rtpengine per policy.media (signalling only, said why, when it is not there).
      media: true,
      logger,
    });
  } catch (error) {
    console.error(`zuoxi server: could not start: ${(error as Error).message}`);
    return 1;
  }
  const a = center.addresses;
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  console.log(`zuoxi server: ${config.center.name} (${count(config.agents.length, 'agent')}, ${count(config.queues.length, 'queue')})`);
  if (a.sip) console.log(`  SIP        ${a.sip.map(s => `${s.transport}:${s.host}:${s.port}`).join(', ')}`);
  console.log(`  drachtio   ${a.drachtio.host}:${a.drachtio.port}${drachtio ? ' (external)' : ' (embedded engine)'}`);
  console.log(`  hub        ${config.tls ? 'https' : 'http'}://${a.hub.host}:${a.hub.port}  (/control, /sync, /metrics${config.tls ? '; TLS: seats use wss://' : ''})`);
  if (center.ssh) console.log(`  ssh        ${config.listen.ssh.replace(/:\d+$/, '')}:${center.ssh.port}  (leads' wallboard, keys in ${config.ssh.authorizedKeys})`);
  console.log(`  queues     ${config.queues.map(q => `${q.number} → ${q.id}`).join(', ')}`);
  console.log(`  data       ${resolved.dataDir}`);
  const media = center.media?.port.status;
  console.log(`  media      ${media?.anchored ? `rtpengine${center.media?.process ? ` (embedded, pid ${center.media.process.pid})` : ''}, recordings in ${path.join(resolved.dataDir, 'recordings')}` : media?.why ?? 'recordings off'}`);

  const signal = await stopped;
  console.log(`zuoxi server: ${signal}, closing`);
  logger.info({component: 'center', signal}, 'closing');
  await center.close();
  logger.info({component: 'center'}, 'closed');
  console.log('zuoxi server: closed');
  return 0;
}
