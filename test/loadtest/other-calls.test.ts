// Issue 14: the headless seats answer any call offered to them, not only the run's own. A
// caller outside the run (its own simulated UA, its own number) dials the center mid-run and
// is answered by a scripted seat; the report counts it apart from the run's calls.
import test from 'ava';
import {demoConfig} from '../../src/config.ts';
import {startCenter} from '../../server/center.ts';
import {runLoad} from '../../src/loadtest/runner.ts';
import {LoadScript} from '../../src/loadtest/script.ts';
import {CallerSim, type CallResult} from '../../src/loadtest/sim/callers.ts';
import {freePort} from '../helpers/ports.ts';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';

test('a call the run did not place is answered by a headless seat', async t => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zuoxi-other-calls-'));
  t.teardown(() => fs.rm(dataDir, {recursive: true, force: true}));
  const config = demoConfig({agents: 2, overrides: {dataDir, policy: {ringPeriodSeconds: 1, noAnswerSeconds: 8, afterCallWorkSeconds: 1}}});
  const center = await startCenter(config, {hubPort: await freePort(), sipPort: await freePort(), controlPort: await freePort()});
  t.teardown(() => center.close());
  const sip = center.addresses.sip?.find(s => s.transport === 'udp');
  if (!sip) throw new Error('the center has no UDP SIP address');
  const server = {host: sip.host, port: sip.port};

  const script = LoadScript.parse({
    run: {drainSeconds: 10, seed: 5, seatsPerSyncClient: 2, maxCalls: 2},
    agents: {ringsBeforeAccept: 1, talkSeconds: 1, holdProbability: 0, transferProbability: 0, agentHangsUpFirst: 0, wrapUpSeconds: 0.2, breakProbability: 0},
    callers: {arrival: {pattern: 'steady', poisson: false}, patienceSeconds: 60},
  });
  const outsider = await CallerSim.start({server});
  t.teardown(() => outsider.close());
  let other: Promise<CallResult> | undefined;
  const load = await runLoad({
    seats: 2, rate: 1, durationS: 3, script, server: {hubUrl: `ws://127.0.0.1:${center.addresses.hub.port}`, sip: server},
    // Once the run's seats are up (its first call placed), the outsider dials in.
    onEvent: event => {
      if (event.kind === 'placed' && !other) other = outsider.call({from: '13700000001', talkMs: 1000, patienceMs: 20_000});
    },
  });
  t.truthy(other);
  const result = await other!;
  t.is(result.outcome, 'completed');
  t.is(result.queue.kind, 'answered');
  t.is(load.otherCallsOffered, 1);
  t.is(load.failed, 0, JSON.stringify(load.failures));
  t.is(load.callerOutcomes.answered, load.callsPlaced);
  t.is(load.callsPerSeat.min + load.callsPerSeat.max, load.callsPlaced + 1);
});
