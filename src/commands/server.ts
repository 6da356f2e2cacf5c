// `zuoxi server [--config FILE] [--drachtio HOST:PORT:SECRET] [--trunk HOST:PORT]`: what a
// center runs — the embedded SIP engine (or a real drachtio-server), the switch, the hub with
// /control (and /sync). Prints where each service listens; SIGINT/SIGTERM close it gracefully.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {parseArgs} from 'node:util';
import {startCenter, type DrachtioAddress} from '../../server/center.ts';
import {loadConfigFile} from './config.ts';
import {createLogger, parseLogLevel} from '../../server/log.ts';

const usage = 'usage: zuoxi server [--config FILE] [--drachtio HOST:PORT:SECRET] [--trunk HOST:PORT] [--log-level error|warn|info|debug]';

/** `HOST:PORT:SECRET` (the secret may itself contain ':'); IPv6 hosts in brackets. */
export function parseDrachtio(text: string): DrachtioAddress | string {
  const match = /^(\[[0-9a-fA-F:]+\]|[\w.-]+):(\d{1,5}):(.+)$/.exec(text);
  if (!match) return `--drachtio: "${text}" is not HOST:PORT:SECRET`;
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) return `--drachtio: port ${port} is out of range`;
  return {host: match[1]!.replace(/^\[|\]$/g, ''), port, secret: match[3]!};
}

export async function run(args: string[]): Promise<number> {
  let values: {config?: string; drachtio?: string; trunk?: string; 'log-level'?: string; help?: boolean};
  try {
    ({values} = parseArgs({
      args,
      options: {config: {type: 'string'}, drachtio: {type: 'string'}, trunk: {type: 'string'}, 'log-level': {type: 'string'}, help: {type: 'boolean', short: 'h'}},
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`zuoxi server: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }

  // --log-level, else ZUOXI_LOG_LEVEL, else info: one logger for every component (server/log.ts).
  const level = parseLogLevel(values['log-level']) ?? parseLogLevel(process.env.ZUOXI_LOG_LEVEL) ?? 'info';
  if (typeof level === 'object') {
    console.error(`zuoxi server: ${values['log-level'] === undefined ? 'ZUOXI_LOG_LEVEL' : '--log-level'}: ${level.error}\n${usage}`);
    return 2;
  }
  const logger = createLogger({level});

  let drachtio: DrachtioAddress | undefined;
  if (values.drachtio) {
    const parsed = parseDrachtio(values.drachtio);
    if (typeof parsed === 'string') {
      console.error(`zuoxi server: ${parsed}\n${usage}`);
      return 2;
    }
    drachtio = parsed;
  }
  if (values.trunk !== undefined && !/^(\[[0-9a-fA-F:]+\]|[\w.-]+)(:\d{1,5})?$/.test(values.trunk)) {
    console.error(`zuoxi server: --trunk: "${values.trunk}" is not HOST[:PORT]\n${usage}`);
    return 2;
  }

  let file = values.config;
  if (!file) {
    if (!fs.existsSync('zuoxi.config.json')) {
      console.error([
        'zuoxi server: no config. A center needs a zuoxi.config.json with its agents (ids, hashed PINs, phone HA1s).',
        'Write one (see README), check it with `zuoxi config check zuoxi.config.json`, then run `zuoxi server --config zuoxi.config.json`.',
        'To try zuoxi without a config, run `zuoxi demo` (demo credentials exist only there).',
      ].join('\n'));
      return 2;
    }
    file = 'zuoxi.config.json';
  }
  const loaded = await loadConfigFile(file);
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
  // dataDir is relative to the config file, so the server finds its data wherever it is started.
  const resolved = {...config, dataDir: path.resolve(path.dirname(file), config.dataDir)};
  // So are the SSH gateway's host key and the leads' authorized_keys.
  resolved.ssh = {hostKey: path.resolve(path.dirname(file), config.ssh.hostKey), authorizedKeys: path.resolve(path.dirname(file), config.ssh.authorizedKeys)};

  // The SSH wallboard's terminals are colour terminals whatever this process's stdout is (a
  // service has none): Ink's colours are decided when the gateway loads, after this line.
  process.env.FORCE_COLOR ??= '2';
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
  console.log(`zuoxi server: ${config.center.name} (${config.agents.length} agents, ${config.queues.length} queues)`);
  if (a.sip) console.log(`  SIP        ${a.sip.map(s => `${s.transport}:${s.host}:${s.port}`).join(', ')}`);
  console.log(`  drachtio   ${a.drachtio.host}:${a.drachtio.port}${drachtio ? ' (external)' : ' (embedded engine)'}`);
  console.log(`  hub        http://${a.hub.host}:${a.hub.port}  (/control, /sync, /metrics)`);
  if (center.ssh) console.log(`  ssh        ${config.listen.ssh.replace(/:\d+$/, '')}:${center.ssh.port}  (leads' wallboard, keys in ${config.ssh.authorizedKeys})`);
  console.log(`  queues     ${config.queues.map(q => `${q.number} → ${q.id}`).join(', ')}`);
  console.log(`  data       ${resolved.dataDir}`);
  const media = center.media?.port.status;
  console.log(`  media      ${media?.anchored ? `rtpengine${center.media?.process ? ` (embedded, pid ${center.media.process.pid})` : ''}, recordings in ${path.join(resolved.dataDir, 'recordings')}` : media?.why ?? 'recordings off'}`);

  await new Promise<void>(resolve => {
    const stop = (signal: string) => {
      console.log(`zuoxi server: ${signal}, closing`);
      logger.info({component: 'center', signal}, 'closing');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await center.close();
  logger.info({component: 'center'}, 'closed');
  console.log('zuoxi server: closed');
  return 0;
}
