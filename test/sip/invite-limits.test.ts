// New INVITEs from sources that are not the center's phones (issue 15): a flood from one address
// is told 503 with Retry-After past its rate while another address still gets through, and with
// trunk sources named, a call into a queue from anywhere else is refused with 403 — each logged
// at warn as JSON with the source, and counted in /metrics. Real sipp over loopback addresses.
import test from 'ava';
import {DEMO_PIN} from '../../src/config.ts';
import {centerFor, freePort, registerPhones, Seat, sipp, tempDir, testConfig} from './helpers.ts';

type Entry = Record<string, unknown>;

test('an INVITE flood from one source gets 503 + Retry-After past its rate; another source is answered as usual', async t => {
  const log: Entry[] = [];
  const config = testConfig(tempDir(t), 1, {registrar: {invitesPerSecondPerSource: 5, inviteBurstPerSource: 10}});
  const center = await centerFor(t, config, {log: e => log.push(e)});
  const flood = await sipp(t, {scenario: 'switch-caller-limited.xml', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '99999', calls: 60, rate: 300}).done;
  t.is(flood.code, 0, `every INVITE answered 404, or 503 with Retry-After: ${flood.stderr}`);
  const refused = center.switch.invitesRefused.rate;
  // 10 in the burst and about one more per 200 ms of the flood are let on; the rest are not.
  t.true(refused >= 40 && refused <= 50, `refused ${refused} of 60`);

  const other = await sipp(t, {scenario: 'switch-caller-404.xml', ip: '127.0.0.2', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '99999', calls: 5, rate: 50}).done;
  t.is(other.code, 0, `another source is not limited by the first: ${other.stderr}`);
  t.is(center.switch.invitesRefused.rate, refused);

  const warns = log.filter(e => e.msg === 'SIP INVITE refused');
  t.is(warns.length, 1, 'one line per source while it stays over the rate, not one per INVITE');
  t.like(warns[0], {level: 'warn', source: '127.0.0.1', status: 503});
  t.regex(String(warns[0]?.reason), /over 5 INVITEs\/s/);
  const metrics = await (await fetch(`http://127.0.0.1:${center.addresses.hub.port}/metrics`)).text();
  t.regex(metrics, new RegExp(`zuoxi_sip_invites_refused_total\\{reason="rate"\\} ${refused}\\b`));
});

test('with trunk sources named, a call into a queue from elsewhere is refused with 403; a trunk and the phones still call', async t => {
  const log: Entry[] = [];
  const config = testConfig(tempDir(t), 1, {registrar: {trunkSources: ['127.0.0.2/32']}});
  const center = await centerFor(t, config, {log: e => log.push(e)});
  // Agent 1001's phone registers from 127.0.0.1: the center's own phone, never refused.
  const phonePort = await freePort();
  const phone = sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
  t.is((await registerPhones(t, center, ['1001'], phonePort)).code, 0);
  const seat = await Seat.open(t, center, '1001', {pin: DEMO_PIN});
  seat.acceptOffers();
  await seat.command({type: 'set-state', state: 'ready'});

  const stranger = await sipp(t, {scenario: 'switch-caller-403.xml', ip: '127.0.0.3', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345'}).done;
  t.is(stranger.code, 0, `403 for an address outside the trunk sources: ${stranger.stderr}`);
  t.like(log.find(e => e.msg === 'SIP INVITE refused'), {level: 'warn', source: '127.0.0.3', status: 403});
  t.is(center.switch.invitesRefused.source, 1);

  const trunk = await sipp(t, {scenario: 'switch-caller.xml', ip: '127.0.0.2', port: await freePort(), remote: `127.0.0.1:${center.sipPort}`, service: '12345', pauseMs: 100}).done;
  t.is(trunk.code, 0, `the trunk's call is answered: ${trunk.stderr}`);
  t.is((await phone.done).code, 0);
  t.is(center.switch.invitesRefused.source, 1);
});

test('trunk sources are validated: an entry that is no address or range is a clear config error', t => {
  t.throws(() => testConfig('/tmp/unused', 1, {registrar: {trunkSources: ['carrier.example']}}), {message: /trunkSources.*IP address or CIDR range/s});
});
