// `zuoxi engine`: the embedded SIP engine alone, for any drachtio-srf app.
//   zuoxi engine --sip udp:127.0.0.1:5060,tcp:127.0.0.1:5060 --control 127.0.0.1:9022 --secret S
//                [--log-level info] [--metrics-port P]
// Structured JSON logs go to stderr; `/metrics` (Prometheus text) is served when asked;
// SIGINT/SIGTERM end every dialog with a BYE and close the sockets.
import http from 'node:http';
import process from 'node:process';
import client from 'prom-client';
import {z} from 'zod';
import type {Engine} from '../../server/engine/index.ts';
import {PortFlag, choice} from './flags.ts';
import {command} from './run-command.ts';

const usage = `usage: zuoxi engine [--sip udp:HOST:PORT[,tcp:HOST:PORT…]] [--control HOST:PORT] [--secret S] [--log-level error|warn|info|debug] [--metrics-port P]

  --sip LIST          SIP transports (default udp:127.0.0.1:5060,tcp:127.0.0.1:5060)
  --control HOST:PORT the drachtio control port apps connect to (default 127.0.0.1:9022)
  --secret S          the apps' shared secret; better: ZUOXI_ENGINE_SECRET in the environment
  --log-level L       error, warn, info (default) or debug; JSON lines on stderr
  --metrics-port P    serve Prometheus /metrics on the control host at this port

Exit status: 0 stopped by SIGINT/SIGTERM, 1 cannot listen, 2 usage error.`;

const HostPort = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/, 'expected HOST:PORT');

function splitHostPort(s: string): {host: string; port: number} {
  const i = s.lastIndexOf(':');
  return {host: s.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(s.slice(i + 1))};
}

const SipSpec = z.string().regex(/^(udp|tcp):(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/, 'expected udp:HOST:PORT or tcp:HOST:PORT')
  .transform(s => {
    const transport = s.slice(0, 3) as 'udp' | 'tcp';
    return {transport, ...splitHostPort(s.slice(4))};
  })
  .refine(s => s.port <= 65535, 'port out of range');

export const EngineArgs = z.object({
  sip: z.string().default('udp:127.0.0.1:5060,tcp:127.0.0.1:5060').transform(s => s.split(',').map(x => x.trim()).filter(Boolean)).pipe(z.array(SipSpec).min(1, 'at least one SIP transport')),
  control: HostPort.default('127.0.0.1:9022').transform(splitHostPort).refine(c => c.port <= 65535, 'port out of range'),
  secret: z.string().min(1),
  logLevel: choice(['error', 'warn', 'info', 'debug']).default('info'),
  metricsPort: PortFlag,
});
export type EngineArgs = z.infer<typeof EngineArgs>;

export const run = command({
  name: 'engine',
  usage,
  options: {sip: {type: 'string'}, control: {type: 'string'}, secret: {type: 'string'}, 'log-level': {type: 'string'}, 'metrics-port': {type: 'string'}},
  env: {secret: 'ZUOXI_ENGINE_SECRET'},
  schema: EngineArgs,
  run: engine,
});

async function engine(a: EngineArgs): Promise<number> {
  const {startEngine} = await import('../../server/engine/index.ts');
  let engine: Engine;
  try {
    engine = await startEngine({
      sip: a.sip, control: a.control, secret: a.secret, logLevel: a.logLevel,
      log: entry => process.stderr.write(`${JSON.stringify(entry)}\n`),
    });
  } catch (error) {
    console.error(`zuoxi engine: cannot listen: ${(error as Error).message}`);
    return 1;
  }
  let metricsServer: http.Server | undefined;
  if (a.metricsPort !== undefined) {
    client.collectDefaultMetrics({register: engine.registry});
    metricsServer = http.createServer((req, res) => {
      if (req.url === '/metrics') {
        engine.registry.metrics().then(text => res.writeHead(200, {'content-type': engine.registry.contentType}).end(text), (error: Error) => res.writeHead(500).end(`${error.message}\n`));
      } else if (req.url === '/metrics.json') {
        // The same figures as numbers, with p50/p99 answer latency over the last answered calls (bench:engine).
        res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(engine.metrics()));
      } else {
        res.writeHead(404).end('not found\n');
      }
    });
    try {
      await new Promise<void>((resolve, reject) => {
        metricsServer!.once('error', reject);
        metricsServer!.listen(a.metricsPort, a.control.host, () => resolve());
      });
    } catch (error) {
      console.error(`zuoxi engine: cannot serve metrics: ${(error as Error).message}`);
      await engine.close();
      return 1;
    }
  }
  const where = engine.sip.map(s => `${s.transport}:${s.host}:${s.port}`).join(',');
  const metricsAt = metricsServer ? ` metrics http://${a.control.host}:${(metricsServer.address() as {port: number}).port}/metrics` : '';
  console.log(`zuoxi engine: sip ${where} control ${engine.control.host}:${engine.control.port}${metricsAt}`);
  await new Promise<void>(resolve => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  metricsServer?.close();
  await engine.close();
  console.log('zuoxi engine: stopped');
  return 0;
}
