// End to end against a real center: the switch's /control (the lead's profile) and the center's
// sync hub on the same port, persisting to disk. The day's call records go in through the hub
// the way the switch's sink writes them (hub.openDoc + CallLog.writeFacts), with the exact
// timings a QA test needs (late answers, a long hold); an agent connection writes
// its dispute on the call record like a seat does; the lead console (real LeadLink, real
// components) draws the QA sample, scores, sees the dispute, decides; the agent cannot touch
// the QA document; `zuoxi report` reads the persisted documents and shows what the records imply.
import test from 'ava';
import {execFile} from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {render} from 'ink-testing-library';
import * as Y from 'yjs';
import {WebsocketProvider} from 'y-websocket';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import {demoConfig, DEMO_PIN} from '../../src/config.ts';
import {startCenter} from '../../server/center.ts';
import {CallLog} from '../../src/sync/call-log.ts';
import type {CallFacts} from '../../src/sync/schema.ts';
import {localTime, localMs} from '../../src/rules/calendar.ts';
import {fetchLeadProfile} from '../../src/client/lead/lead-profile.ts';
import {FloorBreaks} from '../../src/client/lead/floor-breaks.ts';
import {SeatSession} from '../../src/client/seat-session.ts';
import {LeadLink} from '../../src/client/lead/lead-link.ts';
import {LeadApp} from '../../src/tui/lead/LeadApp.tsx';
import {leadActions} from '../../src/tui/lead/lead-actions.ts';
import {useLeadData} from '../../src/tui/lead/use-lead-data.ts';
import {freePort} from '../helpers/ports.ts';

const exec = promisify(execFile);
const bin = path.resolve('bin/zuoxi.js');

async function until<T>(fn: () => T | undefined | false, what: string, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 25));
  }
}

test('lead console end to end: sample sizes, score, agent dispute, decision, refused agent write, month report', async t => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zuoxi-lead-e2e-'));
  t.teardown(() => fs.rm(dataDir, {recursive: true, force: true}));
  const config = demoConfig({agents: 3, overrides: {dataDir, policy: {qa: {dailyPerAgent: {recording: 2}}}}});
  const policy = config.policy;
  const center = await startCenter(config, {hubPort: await freePort(), sipPort: await freePort(), controlPort: await freePort()});
  const hub = center.sync;
  t.teardown(() => center.close());
  const hubUrl = `ws://127.0.0.1:${center.addresses.hub.port}`;

  // The day's records, as the switch writes them. Ring period 5 s: answered ≥ 15 s after the
  // offer is the 4th ring (late, R-02); a hold of ≥ 120 s is long.
  const day = localTime(Date.now(), policy).date;
  const month = day.slice(0, 7);
  const at = (h: number, m: number, s = 0) => localMs(day, h * 60 + m + s / 60, policy);
  type Spec = {agent: string; answerAfterS?: number; holdS?: number; talkS: number};
  const specs: Spec[] = [
    {agent: '1001', answerAfterS: 4, talkS: 120}, {agent: '1001', answerAfterS: 18, talkS: 200}, {agent: '1001', answerAfterS: 3, talkS: 90},
    {agent: '1001', answerAfterS: 21, talkS: 150}, {agent: '1001', answerAfterS: 6, talkS: 60},
    {agent: '1002', answerAfterS: 2, talkS: 300, holdS: 150}, {agent: '1002', answerAfterS: 5, talkS: 100}, {agent: '1002', talkS: 40},
    {agent: '1002', answerAfterS: 9, talkS: 80}, {agent: '1002', answerAfterS: 4, talkS: 70},
    {agent: '1003', answerAfterS: 3, talkS: 100}, {agent: '1003', answerAfterS: 7, talkS: 110}, {agent: '1003', answerAfterS: 2, talkS: 95},
  ];
  const facts: CallFacts[] = specs.map((s, i) => {
    const arrived = at(9, i * 15);
    const offered = arrived + 1000;
    const answered = s.answerAfterS === undefined ? undefined : offered + s.answerAfterS * 1000;
    const ended = (answered ?? offered) + s.talkS * 1000;
    return {
      callId: `e2e-${i + 1}`, direction: 'inbound', caller: `1380000${String(i).padStart(4, '0')}`, queue: 'main', agent: s.agent, team: 'a',
      arrivedAt: arrived, offeredAt: offered, ...(answered ? {answeredAt: answered} : {}), endedAt: ended,
      hungUpBy: 'caller', endReason: answered ? 'hangup' : 'abandoned', ronaAgents: [], transfers: [],
      holds: s.holdS && answered ? [{start: answered + 30_000, end: answered + 30_000 + s.holdS * 1000}] : [],
    };
  });
  const callsName = `calls/a/${day}`;
  const callsDoc = await hub.openDoc(callsName);
  const switchLog = new CallLog(callsDoc);
  for (const f of facts) switchLog.writeFacts(f);
  await hub.flushed(callsName);

  // The lead signs in: the switch names the team; the hub serves the documents.
  const profile = await fetchLeadProfile(hubUrl, '9001', DEMO_PIN);
  t.is(profile.team, 'a');
  t.deepEqual([...profile.agents.keys()].sort(), ['1001', '1002', '1003', '9001']);
  await t.throwsAsync(fetchLeadProfile(hubUrl, '9001', '0000'), {message: /refused/});
  const link = new LeadLink({hubUrl, agent: '9001', pin: DEMO_PIN, team: 'a', month, day, agents: profile.agents, policy});
  t.teardown(() => link.close());
  await link.whenSynced();
  t.is(link.calls.list().length, facts.length);

  const clock = () => at(16, 0) + (Date.now() % 1000);
  function Console() {
    const {data, status} = useLeadData(link, {day, policy, clock, lead: '9001'});
    return <LeadApp data={data} status={status} actions={leadActions(link, {lead: '9001', day, policy, clock})} who="9001 班长 林" utcOffsetMinutes={480} />;
  }
  const app = render(<Console />);
  t.teardown(() => app.unmount());
  const frame = () => app.lastFrame() ?? '';
  const press = async (keys: string) => {
    app.stdin.write(keys);
    await new Promise(resolve => setTimeout(resolve, 40));
  };
  await until(() => frame().includes('今日尚无抽样'), 'the console');

  // QA draw: flagged calls always, plus min(clean, max(2, ⌈5 % of clean⌉)) random ones (R-25, quota 2 here).
  await press('d');
  await until(() => link.qa.samples({date: day}).length > 0 && /e2e-\d+\s+标记/.test(frame()), 'the drawn sample');
  const flagged = (f: CallFacts) => (f.answeredAt !== undefined && f.offeredAt !== undefined && f.answeredAt - f.offeredAt >= 15_000) || f.holds.some(h => (h.end as number) - h.start >= 120_000);
  for (const agent of ['1001', '1002', '1003']) {
    const answered = facts.filter(f => f.agent === agent && f.answeredAt !== undefined);
    const nFlagged = answered.filter(flagged).length;
    const clean = answered.length - nFlagged;
    const expected = nFlagged + Math.min(clean, Math.max(2, Math.ceil(clean * 0.05)));
    const samples = link.qa.samples({date: day, agent});
    t.is(samples.length, expected, `sample size of ${agent}`);
    t.is(samples.filter(s => s.reason === 'flag').length, nFlagged, `flagged calls of ${agent}`);
  }
  t.deepEqual(link.qa.samples({date: day, agent: '1001'}).filter(s => s.reason === 'flag').map(s => s.callId), ['e2e-2', 'e2e-4']);

  // Score 1001's late answer (the first sample row is the earliest call: pick e2e-2's row).
  const rows = link.qa.samples({date: day});
  const index = rows.findIndex(s => s.callId === 'e2e-2');
  for (let i = 0; i < index; i++) await press('\u001B[B');
  await press('\r');
  await until(() => frame().includes('评分 e2e-2'), 'the scoring form').catch(error => {
    throw new Error(`${(error as Error).message}; index ${index}; frame:\n${frame()}`);
  });
  await press('5'); // greeting: the R-02 apology was missing → 5/15
  await press('\r');
  await until(() => link.qa.scores(0).length === 1, 'the score');
  const score = link.qa.scores(0)[0];
  t.is(score.total, 90);
  t.is(score.evaluator, '9001');
  await link.whenSaved();

  // The agent disputes on the call record (the seat's way: agents only read the QA document).
  const agentDoc = new Y.Doc();
  const agentProvider = new WebsocketProvider(`${hubUrl}/sync`, callsName, agentDoc, {params: {agent: '1001', pin: DEMO_PIN}, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket});
  t.teardown(() => {
    agentProvider.destroy();
    agentDoc.destroy(); // its awareness timer goes with the document
  });
  await until(() => agentProvider.synced, 'the agent sync');
  new CallLog(agentDoc, {onIssue: () => {}}).annotate('e2e-2', {qaDispute: {reason: '客户没等多久', at: at(16, 30)}}, {by: '1001', at: at(16, 30)});
  await until(() => link.qa.disputes().length === 1, 'the dispute reaching the lead');
  t.is(link.qa.disputes()[0].via, 'seat');
  await press('2');
  await until(() => frame().includes('待裁定') && frame().includes('客户没等多久'), 'the dispute on screen');

  // The lead revises: greeting 10/15 → final 95.
  await press('r');
  await until(() => frame().includes('裁定申诉 e2e-2'), 'the decision form');
  await press('10');
  await press('\r');
  await until(() => link.qa.disputes()[0]?.decision !== undefined, 'the decision');
  t.is(link.qa.disputes()[0].decision?.total, 95);
  await until(() => frame().includes('改为 95'), 'the decision on screen');
  await link.whenSaved();

  // The agent reads the QA document (R-27/R-28: its score, feedback and the decision) but its
  // write is refused by the hub and reaches nobody.
  const intruderDoc = new Y.Doc();
  const intruder = new WebsocketProvider(`${hubUrl}/sync`, `qa/a/${month}`, intruderDoc, {params: {agent: '1001', pin: DEMO_PIN}, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket});
  const denied: string[] = [];
  intruder.messageHandlers[2] = (_encoder, decoder) => {
    decoding.readVarUint(decoder);
    denied.push(decoding.readVarString(decoder));
  };
  t.teardown(() => {
    intruder.destroy();
    intruderDoc.destroy();
  });
  await until(() => intruder.synced, 'the agent reads the QA document');
  t.deepEqual([...intruderDoc.getMap('scores').keys()], ['e2e-2']);
  t.truthy(intruderDoc.getMap('disputes').get('e2e-2'), 'the agent sees the dispute and its decision');
  t.regex(denied[0] ?? '', /read-only: an agent reads the QA feedback/);
  intruderDoc.getMap('scores').set('e2e-1', {callId: 'e2e-1', total: 100});
  await until(() => denied.some(r => r.includes('write refused')), 'the refused write');
  intruder.destroy();
  const hubQa = await hub.openDoc(`qa/a/${month}`);
  t.deepEqual([...hubQa.getMap('scores').keys()], ['e2e-2'], 'nothing of the agent reached the QA document');
  hub.release(`qa/a/${month}`);

  // The month report from the persisted documents, against figures computed here.
  const configFile = path.join(dataDir, 'zuoxi.config.json');
  await fs.writeFile(configFile, JSON.stringify(config));
  await hub.flushed(`qa/a/${month}`);
  const {stdout} = await exec('node', [bin, 'report', '--team', 'a', '--period', 'month', '--date', day, '--format', 'json', '--data', dataDir, '--config', configFile]);
  const report = JSON.parse(stdout);
  const answered = facts.filter(f => f.answeredAt !== undefined);
  const within = answered.filter(f => (f.answeredAt as number) - (f.offeredAt as number) < 15_000);
  t.is(report.totals.kpis.offered, facts.length);
  t.is(report.totals.kpis.answered, answered.length);
  t.is(report.totals.kpis.abandoned, facts.length - answered.length);
  t.is(report.totals.kpis.answerRate, answered.length / facts.length);
  t.is(report.totals.kpis.threeRingRate, within.length / answered.length);
  // R-34 service level: answered within 20 s of entering the queue ÷ offered less abandons under 5 s.
  const short = facts.filter(f => f.answeredAt === undefined && (f.abandonWaitMs ?? (f.endedAt as number) - f.arrivedAt) < 5000);
  const inTime = answered.filter(f => (f.answeredAt as number) - f.arrivedAt <= 20_000);
  t.is(report.totals.kpis.serviceLevel, inTime.length / (facts.length - short.length));
  t.is(report.totals.flags.late_answer, 2);
  t.is(report.totals.flags.long_hold, 1);
  const r1001 = report.agents.find((r: {agent: string}) => r.agent === '1001');
  t.is(r1001.name, '张敏');
  t.is(r1001.qa.average, 95, 'the decided score counts');
  t.is(r1001.qa.disputes, 1);
  t.is(r1001.kpis.asaMs, facts.filter(f => f.agent === '1001').reduce((n, f) => n + ((f.answeredAt as number) - f.arrivedAt), 0) / 5);

  // a break taken on the floor (the seat's state on the switch) lands in the roster.
  const breaks = new FloorBreaks({hubUrl, agent: '9001', pin: DEMO_PIN, roster: link.roster, policy});
  t.teardown(() => breaks.close());
  const seat = new SeatSession({hubUrl, agent: '1003', pin: DEMO_PIN});
  t.teardown(() => seat.stop());
  await seat.start();
  await seat.setState('break');
  await until(() => link.roster.breaks({agent: '1003'}).length === 1, 'the break in the roster');
  await seat.setState('not-ready');
  const ended = await until(() => link.roster.breaks({agent: '1003'}).find(b => b.end !== undefined), 'the end of the break');
  t.is(ended.kind, 'break');
  t.falsy(ended.duringPeak);
  await press('4');
  await until(() => /1003 王芳/.test(frame()), 'the workforce screen');
});


