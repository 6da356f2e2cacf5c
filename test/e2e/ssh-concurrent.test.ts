// Twenty leads at once through the real OpenSSH client: all get the wallboard, all see a
// seat change within seconds, and all sessions end cleanly — on q, or when the client drops.
import './ssh-live-ink.ts';
import test from 'ava';
import {DEMO_PIN} from '../../src/config.ts';
import {SeatSession} from '../../src/client/seat-session.ts';
import {seatCenter, until} from './seat-helpers.ts';
import {gatewayFor, makeKeys, sshArgs, sshInteractive, type SshChild} from './ssh-fixture.ts';

const LEADS = 20;

test(`${LEADS} concurrent ssh wallboards stay responsive and end cleanly`, async t => {
  const center = await seatCenter(t);
  const keys = makeKeys(t);
  const gateway = await gatewayFor(t, center, keys);
  const started = Date.now();
  const leads: SshChild[] = Array.from({length: LEADS}, () =>
    sshInteractive(t, [...sshArgs(keys.lead, gateway.port, ['-o', 'SetEnv=LANG=en_US.UTF-8']), 'lead@127.0.0.1']));
  await until(() => leads.every(l => /zuoxi wallboard[\s\S]*● live/.test(l.output())), 'every wallboard live', 30_000);
  t.is(gateway.sessions(), LEADS);
  t.log(`${LEADS} wallboards live after ${Date.now() - started} ms`);

  // One seat change reaches every wall.
  const marks = leads.map(l => l.output().length);
  const seat = new SeatSession({hubUrl: center.hubUrl, agent: '1002', pin: DEMO_PIN});
  t.teardown(() => seat.stop());
  await seat.start();
  const changed = Date.now();
  await seat.setState('break');
  await until(() => leads.every((l, i) => l.output().slice(marks[i]).includes('Break')), 'every wall shows the break', 10_000);
  const latency = Date.now() - changed;
  t.log(`a seat change reached all ${LEADS} walls in ${latency} ms`);
  t.true(latency < 5000, `${latency} ms`);

  // Half quit with q, the other half drop their connection: every session is torn down.
  leads.slice(0, LEADS / 2).forEach(l => l.proc.stdin!.write('q'));
  leads.slice(LEADS / 2).forEach(l => l.proc.kill('SIGKILL'));
  const codes = await Promise.all(leads.slice(0, LEADS / 2).map(l => l.exited));
  t.deepEqual(codes, codes.map(() => 0));
  await until(() => gateway.sessions() === 0, 'all sessions torn down', 10_000);
});
