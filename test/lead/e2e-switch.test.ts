// The QA sample and the month report over calls made through the real switch: a short load run
// (simulated callers and phones over SIP on loopback, headless seats on /control) against a
// center whose switch writes every call's facts into the hub. Ring period 1 s, long hold at
// 2 s, so late answers and long holds happen within seconds. The test reads the records back
// from the hub and computes, on its own, which calls are flagged and what the report must say.
import test from 'ava';
import {execFile} from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {demoConfig, DEMO_PIN} from '../../src/config.ts';
import {startCenter} from '../../server/center.ts';
import {runLoad} from '../../src/loadtest/runner.ts';
import {LoadScript} from '../../src/loadtest/script.ts';
import {CallLog} from '../../src/sync/call-log.ts';
import {localTime} from '../../src/rules/calendar.ts';
import {LeadLink} from '../../src/client/lead/lead-link.ts';
import {leadActions} from '../../src/tui/lead/lead-actions.ts';
import {freePort} from '../helpers/ports.ts';

const exec = promisify(execFile);
const bin = path.resolve('bin/zuoxi.js');

test('calls through the real switch: flagged calls all sampled, random part sized by the quota, report matches the records', async t => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zuoxi-lead-switch-'));
  t.teardown(() => fs.rm(dataDir, {recursive: true, force: true}));
  const config = demoConfig({agents: 4, overrides: {dataDir, policy: {
    ringPeriodSeconds: 1, noAnswerSeconds: 8, afterCallWorkSeconds: 1,
    holdNudges: {longHoldSeconds: 2}, qa: {dailyPerAgent: {recording: 2}},
  }}});
  const policy = config.policy;
  const center = await startCenter(config, {hubPort: await freePort(), sipPort: await freePort(), controlPort: await freePort()});
  t.teardown(() => center.close());
  const hubUrl = `ws://127.0.0.1:${center.addresses.hub.port}`;
  const sip = center.addresses.sip?.find(s => s.transport === 'udp');
  if (!sip) throw new Error('the center has no UDP SIP address');

  const script = LoadScript.parse({
    run: {drainSeconds: 10, seed: 11, seatsPerSyncClient: 4, maxCalls: 10},
    agents: {
      ringsBeforeAccept: {choice: {1: 60, 4: 40}}, talkSeconds: {uniform: [0.5, 1]},
      holdProbability: 0.4, holdSeconds: {uniform: [2.3, 2.6]}, agentHangsUpFirst: 0, transferProbability: 0,
      wrapUpSeconds: {uniform: [0.2, 0.4]}, breakProbability: 0,
    },
    callers: {arrival: {pattern: 'steady', poisson: false}, patienceSeconds: {uniform: [60, 90]}},
  });
  const started = Date.now();
  const load = await runLoad({seats: 4, rate: 3, durationS: 3, script, server: {hubUrl, sip: {host: sip.host, port: sip.port}}});
  t.log(`load run ${Date.now() - started} ms, ${load.callsPlaced} calls`);
  t.is(load.failed, 0, JSON.stringify(load.failures));
  t.is(load.lost, 0);

  // The records as the hub holds them.
  const day = localTime(Date.now(), policy).date;
  const callsName = `calls/a/${day}`;
  const records = new CallLog(await center.sync.openDoc(callsName), {onIssue: () => {}}).list().flatMap(r => (r.facts ? [r.facts] : []));
  center.sync.release(callsName);
  t.is(records.length, load.callsPlaced);
  const answered = records.filter(f => f.answeredAt !== undefined && f.agent);
  const late = (f: (typeof records)[number]) => f.offeredAt !== undefined && f.answeredAt !== undefined && f.answeredAt - f.offeredAt >= 3 * 1000;
  const longHold = (f: (typeof records)[number]) => f.holds.some(h => (h.end ?? f.endedAt ?? Date.now()) - h.start >= 2000);
  const flaggedCall = (f: (typeof records)[number]) => late(f) || longHold(f) || f.hungUpBy === 'agent';
  t.true(answered.some(late), 'some answers came after the 3rd ring');
  t.true(answered.some(longHold), 'some holds were long');

  // The lead draws the day's sample through the hub.
  const agents = new Map(config.agents.map(a => [a.id, a.name]));
  const link = new LeadLink({hubUrl, agent: '9001', pin: DEMO_PIN, team: 'a', month: day.slice(0, 7), day, agents, policy});
  t.teardown(() => link.close());
  await link.whenSynced();
  leadActions(link, {lead: '9001', day, policy, clock: Date.now}).draw();
  await link.whenSaved();
  for (const agent of ['1001', '1002', '1003', '1004']) {
    const own = answered.filter(f => f.agent === agent);
    const nFlagged = own.filter(flaggedCall).length;
    const clean = own.length - nFlagged;
    const samples = link.qa.samples({date: day, agent});
    t.is(samples.filter(s => s.reason === 'flag').length, nFlagged, `flagged calls of ${agent}`);
    t.is(samples.length, nFlagged + Math.min(clean, Math.max(2, Math.ceil(clean * 0.05))), `sample size of ${agent}`);
  }

  // The month report from the persisted documents.
  const configFile = path.join(dataDir, 'zuoxi.config.json');
  await fs.writeFile(configFile, JSON.stringify(config));
  const {stdout} = await exec('node', [bin, 'report', '--team', 'a', '--period', 'month', '--date', day, '--format', 'json', '--data', dataDir, '--config', configFile]);
  const report = JSON.parse(stdout);
  t.is(report.totals.kpis.offered, records.length);
  t.is(report.totals.kpis.answered, records.filter(f => f.answeredAt !== undefined).length);
  t.is(report.totals.flags.late_answer ?? 0, records.filter(late).length);
  t.is(report.totals.flags.long_hold ?? 0, records.filter(longHold).length);
  const within = answered.filter(f => !late(f)).length;
  t.is(report.totals.kpis.threeRingRate, within / records.filter(f => f.answeredAt !== undefined).length);
  // R-34 service level: answered within 20 s of entering the queue ÷ offered less abandons under 5 s.
  const short = records.filter(f => f.answeredAt === undefined && (f.abandonWaitMs ?? (f.endedAt ?? f.arrivedAt) - f.arrivedAt) < 5000).length;
  const inTime = records.filter(f => f.answeredAt !== undefined && f.answeredAt - f.arrivedAt <= 20_000).length;
  t.is(report.totals.kpis.serviceLevel, inTime / (records.length - short));
});
