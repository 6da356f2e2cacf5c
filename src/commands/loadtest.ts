// `zuoxi loadtest --seats N --rate CPS --duration S [--script FILE] [--seed N] [--config FILE | --server URL --sip HOST:PORT] [--json]`
// Runs headless seats, simulated phones and callers against a center and prints the report.
import fs from 'node:fs';
import process from 'node:process';
import {z} from 'zod';
import type {ZuoxiConfig} from '../config.ts';
import {formatReport} from '../loadtest/report.ts';
import {runLoad, type ExistingServer} from '../loadtest/runner.ts';
import {defaultScript, parseScript, type LoadScript} from '../loadtest/script.ts';
import {loadConfigFile} from './config.ts';
import {HubUrl, positiveFlag} from './flags.ts';
import {command} from './run-command.ts';

const usage = `usage: zuoxi loadtest [--seats N] [--rate CPS] [--duration S] [--script FILE] [--seed N] [--config FILE | --server ws://HOST:PORT --sip HOST:PORT] [--json] [--quiet]

  --seats N        headless seats (agents 1001…), 1–5000, default 20 (or the script's run.seats)
  --rate CPS       base arrival rate in calls per second, up to 1000, default 2
  --duration S     seconds of arrivals (calls in progress then get run.drainSeconds), up to 86400,
                   default 30
  --script FILE    a load script (JSON): agent and caller behaviour, arrival pattern
  --seed N         seed of the random stream (default the script's run.seed); the report prints it
  --config FILE    start the center on this config (validated as by zuoxi server): its queues and
                   policy, with the load test's agents 1001… in place of the config's
  --server URL     an existing center's hub, ws:// or http:// (agents with the demo credentials);
                   default: start one
  --sip HOST:PORT  that center's SIP UDP address (default: the hub's host, port 5060)
  --json           print exactly one JSON object on stdout
  --quiet          no progress line on stderr

The default script: exponential talk time (mean 40 s), 20 % holds of 5–50 s (R-10 nudges),
most answers in 1–3 rings (R-01) and some late (R-02), patient callers, steady Poisson
arrivals. src/loadtest/scripts/r18-peak.json is an example with an R-18 peak.
Exit code 0 when nothing was lost and nothing failed, 1 otherwise, 2 for bad input.`;

function fail(message: string): number {
  console.error(`zuoxi loadtest: ${message}`);
  return 2;
}

const Flags = z.object({
  seats: positiveFlag(5000, {integer: true}),
  rate: positiveFlag(1000, {unit: ' calls/s'}),
  duration: positiveFlag(86_400, {unit: ' s (a day)'}),
  script: z.string().optional(),
  seed: z.string().optional().transform((text, ctx) => {
    if (text === undefined) return undefined;
    if (/^\d{1,10}$/.test(text) && Number(text) <= 0xffff_ffff) return Number(text);
    ctx.addIssue({code: 'custom', message: `expected a whole number 0–4294967295, got "${text}"`});
    return z.NEVER;
  }),
  config: z.string().optional(),
  server: HubUrl.optional(),
  sip: z.string().optional(),
  json: z.boolean().default(false),
  quiet: z.boolean().default(false),
});

export const run = command({
  name: 'loadtest',
  usage,
  options: {
    seats: {type: 'string'}, rate: {type: 'string'}, duration: {type: 'string'}, script: {type: 'string'},
    seed: {type: 'string'}, config: {type: 'string'},
    server: {type: 'string'}, sip: {type: 'string'}, json: {type: 'boolean'}, quiet: {type: 'boolean'},
  },
  schema: Flags,
  run: loadtest,
});

async function loadtest(values: z.output<typeof Flags>): Promise<number> {
  let script: LoadScript = defaultScript();
  if (values.script !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(values.script, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return fail(code === 'ENOENT' ? `--script ${values.script}: no such file` : `--script ${values.script}: ${(error as Error).message}`);
    }
    const parsed = parseScript(text, values.script);
    if (!parsed.ok) return fail(`bad script:\n  ${parsed.errors.join('\n  ')}`);
    script = parsed.script;
  }

  const seats = values.seats ?? script.run.seats ?? 20;
  const rate = values.rate ?? script.run.rate ?? 2;
  const duration = values.duration ?? script.run.duration ?? 30;
  const seed = values.seed;

  let config: {file: string; config: ZuoxiConfig} | undefined;
  if (values.config !== undefined) {
    if (values.server !== undefined) return fail('--config starts a center on that config; --server uses a running one: give one of them');
    const loaded = await loadConfigFile(values.config);
    if (!loaded.ok) return fail(`${loaded.error}${loaded.problems.map(p => `\n  ${p.path}: ${p.message}`).join('')}`);
    config = {file: values.config, config: loaded.config};
  }

  let server: ExistingServer | undefined;
  if (values.server !== undefined) {
    const hubUrl = values.server;
    const sipText = values.sip ?? `${new URL(hubUrl).hostname}:5060`;
    const m = /^(\[[0-9a-fA-F:]+\]|[\w.-]+):(\d{1,5})$/.exec(sipText);
    if (!m || Number(m[2]) > 65_535) return fail(`--sip: expected HOST:PORT, got "${sipText}"`);
    server = {hubUrl, sip: {host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2])}};
  } else if (values.sip !== undefined) {
    return fail('--sip needs --server (without --server the load test starts its own center)');
  }

  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nzuoxi loadtest: stopping (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  try {
    const report = await runLoad({
      seats,
      rate,
      durationS: duration,
      script,
      ...(server ? {server} : {}),
      ...(config ? {config} : {}),
      ...(seed === undefined ? {} : {seed}),
      signal: controller.signal,
      log: values.quiet ? undefined : line => process.stderr.write(`${tty ? '\r\x1b[K' : ''}${line}\n`),
      onProgress: values.quiet ? undefined : line => {
        // On a terminal: one line rewritten in place; in a log: a line every 5 s.
        if (tty) process.stderr.write(`\r\x1b[K${line}`);
        else if (Date.now() - lastLine >= 5000) {
          lastLine = Date.now();
          process.stderr.write(`${line}\n`);
        }
      },
    });
    if (tty && !values.quiet) process.stderr.write('\r\x1b[K');
    // Figures without samples are null, so every key is always there.
    if (values.json) process.stdout.write(`${JSON.stringify(report, (_key, value: unknown) => (value === undefined ? null : value))}\n`);
    else process.stdout.write(`${formatReport(report)}\n`);
    return report.lost === 0 && report.failed === 0 ? 0 : 1;
  } catch (error) {
    return fail((error as Error).message);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
