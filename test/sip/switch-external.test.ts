// The same call scenarios with the switch reaching a separate engine process over TCP as an
// external drachtio server (`zuoxi server --drachtio HOST:PORT:SECRET`): the switch speaks only
// the drachtio protocol, so it must not matter what is on the other end.
import {spawn} from 'node:child_process';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import type {ZuoxiConfig} from '../../src/config.ts';
import {callScenarios} from './call-scenarios.ts';
import {centerFor, freePort, type TestCenter} from './helpers.ts';

const bin = path.resolve('bin/zuoxi.js');

/** `node bin/zuoxi.js engine …` on free ports; resolves once it prints where it listens. */
async function externalEngine(t: ExecutionContext): Promise<{sipPort: number; controlPort: number; secret: string}> {
  const sipPort = await freePort();
  const controlPort = await freePort();
  const secret = 'external-engine-secret';
  const proc = spawn(process.execPath, [bin, 'engine', '--sip', `udp:127.0.0.1:${sipPort},tcp:127.0.0.1:${sipPort}`, '--control', `127.0.0.1:${controlPort}`, '--secret', secret, '--log-level', 'error'], {stdio: ['ignore', 'pipe', 'pipe']});
  t.teardown(() => {
    if (proc.exitCode === null) proc.kill('SIGKILL');
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`engine did not start: ${out}`)), 20_000);
    proc.stdout.on('data', d => {
      out += d;
      if (out.includes('control')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.stderr.on('data', d => {
      out += d;
    });
    proc.once('exit', code => reject(new Error(`engine exited ${code}: ${out}`)));
  });
  return {sipPort, controlPort, secret};
}

const startExternal = async (t: ExecutionContext, config: ZuoxiConfig): Promise<TestCenter> => {
  const engine = await externalEngine(t);
  const center = await centerFor(t, config, {drachtio: {host: '127.0.0.1', port: engine.controlPort, secret: engine.secret}, sipPort: engine.sipPort});
  t.is(center.engine, undefined, 'no embedded engine');
  return center;
};

for (const [title, run] of callScenarios) test(`external drachtio: ${title}`, t => run(t, startExternal));

test('external drachtio: a wrong secret is refused with a clear error', async t => {
  const engine = await externalEngine(t);
  const {startCenter} = await import('../../server/center.ts');
  const {demoConfig} = await import('../../src/config.ts');
  await t.throwsAsync(startCenter(demoConfig({agents: 1}), {drachtio: {host: '127.0.0.1', port: engine.controlPort, secret: 'wrong'}, hubPort: 0}), {message: /drachtio 127\.0\.0\.1:\d+/});
});
