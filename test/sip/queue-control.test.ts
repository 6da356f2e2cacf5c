// A lead's queue controls over the real switch (issue 14): a lead's /control link moves an agent
// between queues, changes a member's penalty, signs a stuck agent out; sipp callers and phones
// show what the queues do after. Agents and other teams' leads are refused, with a warning logged.
import test from 'ava';
import {LeadFloor} from '../../src/client/lead/lead-floor.ts';
import {DEMO_PIN, type ZuoxiConfig} from '../../src/config.ts';
import type {ServerMessage} from '../../src/sip/protocol.ts';
import {Seat, centerFor, freePort, registerPhones, sipp, tempDir, testConfig, until, type TestCenter} from './helpers.ts';

// "billing" takes calls by skill: no agent has it, so only a lead's change makes a member.
const queues = [
  {id: 'main', name: 'Main', number: '12345', team: 'a', priority: 0},
  {id: 'billing', name: 'Billing', number: '12346', team: 'a', priority: 0, skill: 'billing'},
  {id: 'other', name: 'Other team', number: '12347', team: 'b', priority: 0},
];

/** The demo center plus lead 9002 of team b. */
function withTeamB(config: ZuoxiConfig): ZuoxiConfig {
  const lead = config.agents.find(a => a.id === '9001')!;
  config.agents.push({...lead, id: '9002', name: 'B班长', team: 'b', phone: {...lead.phone, user: '9002'}});
  return config;
}

async function center(t: Parameters<typeof centerFor>[0], agents: number, policy: Record<string, unknown> = {}, handsets: string[] = []): Promise<TestCenter & {logs: Array<Record<string, unknown>>}> {
  const logs: Array<Record<string, unknown>> = [];
  const config = withTeamB(testConfig(tempDir(t), agents, policy, {teams: [{id: 'a', name: '一班'}, {id: 'b', name: '二班'}], queues}));
  for (const a of config.agents) if (handsets.includes(a.id)) a.phone.mode = 'handset';
  const c = await centerFor(t, config, {log: entry => logs.push(entry)});
  return Object.assign(c, {logs});
}

test('a lead moves an agent from main to billing: the next billing call rings them, main no longer offers to them', async t => {
  const c = await center(t, 2);
  const phonePort = await freePort();
  sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 2});
  t.is((await registerPhones(t, c, ['1001', '1002'], phonePort)).code, 0);
  const a = (await Seat.open(t, c, '1001')).acceptOffers();
  const b = (await Seat.open(t, c, '1002')).acceptOffers();
  const lead = await Seat.open(t, c, '9001', {role: 'supervisor'});
  await a.command({type: 'set-state', state: 'ready'}); // 1001 idle longest: main would offer to them first
  await b.command({type: 'set-state', state: 'ready'});

  t.like(await lead.command({type: 'queue-control', action: 'move', agent: '1001', queue: 'main', to: 'billing'}), {type: 'ack'});
  const fact = await lead.next(m => m.type === 'queue-control', 'the fact');
  t.like(fact, {type: 'queue-control', lead: '9001', team: 'a', target: '1001', action: 'move', queue: 'main', to: 'billing'});
  t.true(fact.type === 'queue-control' && Math.abs(fact.at - Date.now()) < 5000);
  t.like(c.logs.find(e => e.msg === 'queue control'), {level: 'info', lead: '9001', target: '1001', action: 'move'});
  t.false(a.messages.some(m => m.type === 'queue-control'), 'the agent\'s seat is not told');

  const toMain = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${c.sipPort}`, service: '12345', pauseMs: 200});
  t.like(await b.next(m => m.type === 'offered', 'main offers to 1002'), {queue: 'main', agent: '1002'});
  t.is((await toMain.done).code, 0);
  t.false(a.messages.some(m => m.type === 'offered'), 'main did not offer to the moved agent');
  await until(() => c.switch.acd.snapshot('1001').state === 'ready' && c.switch.acd.snapshot('1002').state === 'ready', 10_000, 'both ready');

  const toBilling = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${c.sipPort}`, service: '12346', pauseMs: 200});
  t.like(await a.next(m => m.type === 'offered', 'billing offers to 1001'), {queue: 'billing', agent: '1001'});
  t.is((await toBilling.done).code, 0);
  t.deepEqual(c.switch.acd.memberships('1001'), [{queue: 'billing', penalty: 0}]);

  // A lead console opening later sees the day's changes so far.
  const later = await Seat.open(t, c, '9001', {role: 'supervisor'});
  t.like(later.messages.find(m => m.type === 'queue-control'), {target: '1001', action: 'move'});
});

test('a lead raises a member\'s penalty: the next call goes to the other agent though the first has waited longest', async t => {
  const c = await center(t, 2);
  const phonePort = await freePort();
  sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 2});
  t.is((await registerPhones(t, c, ['1001', '1002'], phonePort)).code, 0);
  const a = (await Seat.open(t, c, '1001')).acceptOffers();
  const b = (await Seat.open(t, c, '1002')).acceptOffers();
  const lead = await Seat.open(t, c, '9001', {role: 'supervisor'});
  await a.command({type: 'set-state', state: 'ready'});
  await b.command({type: 'set-state', state: 'ready'});
  t.like(await lead.command({type: 'queue-control', action: 'penalty', agent: '1001', queue: 'main', penalty: 3}), {type: 'ack'});
  t.like(await lead.next(m => m.type === 'queue-control'), {action: 'penalty', target: '1001', queue: 'main', penalty: 3});
  const caller = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${c.sipPort}`, service: '12345', pauseMs: 200});
  t.like(await b.next(m => m.type === 'offered', 'the offer'), {agent: '1002'});
  t.is((await caller.done).code, 0);
  t.false(a.messages.some(m => m.type === 'offered'));
  // Back to penalty 0: longest idle again, and 1001 has waited longest.
  await until(() => c.switch.acd.snapshot('1002').state === 'ready', 10_000, '1002 ready');
  t.like(await lead.command({type: 'queue-control', action: 'penalty', agent: '1001', queue: 'main', penalty: 0}), {type: 'ack'});
  const again = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${c.sipPort}`, service: '12345', pauseMs: 200});
  t.like(await a.next(m => m.type === 'offered', 'the second offer'), {agent: '1001'});
  t.is((await again.done).code, 0);
});

test('a lead signs out a stuck agent whose phone rings: the phone is cancelled, the agent is signed out, the call goes to another', async t => {
  // RONA only after 5 missed offers: without the lead, the stuck phone would ring on and on.
  const c = await center(t, 2, {noAnswerSeconds: 30, queueing: {defaults: {ronaAfterMisses: 5}}}, ['1001']);
  const stuckPort = await freePort();
  const stuck = sipp(t, {scenario: 'switch-phone-noanswer.xml', port: stuckPort, calls: 1});
  t.is((await registerPhones(t, c, ['1001'], stuckPort)).code, 0);
  const a = await Seat.open(t, c, '1001');
  await a.command({type: 'set-state', state: 'ready'});
  const caller = sipp(t, {scenario: 'switch-caller.xml', port: await freePort(), remote: `127.0.0.1:${c.sipPort}`, service: '12345', pauseMs: 200, timeoutS: 30});
  const offer = await a.next(m => m.type === 'offered', 'the offer to the stuck agent');

  const lead = await Seat.open(t, c, '9001', {role: 'supervisor'});
  t.like(await lead.command({type: 'queue-control', action: 'sign-out', agent: '1001'}), {type: 'ack'});
  t.like(await lead.next(m => m.type === 'queue-control'), {action: 'sign-out', target: '1001'});
  const run = await stuck.done;
  t.is(run.code, 0, `the stuck phone saw no CANCEL: ${run.stderr}`);
  t.like(c.switch.acd.snapshot('1001'), {state: 'offline', reason: 'signed-out-by-lead'});
  t.like(await a.next(m => m.type === 'ended'), {callId: offer.type === 'offered' ? offer.callId : '', reason: 'signed-out'});
  t.like(await a.command({type: 'set-state', state: 'ready'}), {type: 'error', code: 'offline'});

  // The call went back to the head of the queue: the next agent to come in answers it.
  const phonePort = await freePort();
  sipp(t, {scenario: 'switch-phone.xml', port: phonePort, calls: 1});
  t.is((await registerPhones(t, c, ['1002'], phonePort)).code, 0);
  const b = (await Seat.open(t, c, '1002')).acceptOffers();
  await b.command({type: 'set-state', state: 'ready'});
  t.like(await b.next(m => m.type === 'offered', 'the re-queued call'), {agent: '1002'});
  t.is((await caller.done).code, 0);
  t.is(a.messages.filter(m => m.type === 'offered').length, 1, 'the signed-out agent was offered nothing more');
});

test('agents and another team\'s lead are refused (forbidden), nothing changes, and each refusal is logged as a warning', async t => {
  const c = await center(t, 2);
  const agent = await Seat.open(t, c, '1001');
  const otherLead = await Seat.open(t, c, '9002', {role: 'supervisor'});
  const lead = await Seat.open(t, c, '9001', {role: 'supervisor'});
  const refusal = (m: ServerMessage) => m.type === 'error' ? m.code : m.type;
  t.is(refusal(await agent.command({type: 'queue-control', action: 'leave', agent: '1002', queue: 'main'})), 'forbidden');
  t.is(refusal(await otherLead.command({type: 'queue-control', action: 'leave', agent: '1002', queue: 'main'})), 'forbidden');
  t.is(refusal(await otherLead.command({type: 'queue-control', action: 'sign-out', agent: '1001'})), 'forbidden');
  // Team a's lead, on team b's queue, an unknown agent or queue, a move without a target.
  t.is(refusal(await lead.command({type: 'queue-control', action: 'join', agent: '1002', queue: 'other'})), 'forbidden');
  t.is(refusal(await lead.command({type: 'queue-control', action: 'join', agent: '4242', queue: 'main'})), 'unknown-agent');
  t.is(refusal(await lead.command({type: 'queue-control', action: 'join', agent: '1002', queue: 'nope'})), 'unknown-queue');
  t.is(refusal(await lead.command({type: 'queue-control', action: 'move', agent: '1002', queue: 'main'})), 'bad-message');
  t.is(refusal(await lead.command({type: 'queue-control', action: 'penalty', agent: '1002', queue: 'main', penalty: 100})), 'bad-message');
  t.is(refusal(await lead.command({type: 'queue-control', action: 'penalty', agent: '1002', queue: 'billing', penalty: 1})), 'bad-state');
  t.is(refusal(await lead.command({type: 'queue-control', action: 'join', agent: '1002', queue: 'main'})), 'bad-state');
  t.is(refusal(await lead.command({type: 'queue-control', action: 'leave', agent: '1002', queue: 'billing'})), 'bad-state');
  t.is(refusal(await lead.command({type: 'queue-control', action: 'sign-out', agent: '1002'})), 'offline', 'never signed in');
  t.deepEqual(c.switch.acd.memberships('1002'), [{queue: 'main', penalty: 0}]);
  t.like(c.switch.acd.snapshot('1001'), {state: 'not-ready'});
  const warnings = c.logs.filter(e => e.msg === 'queue control refused');
  t.is(warnings.length, 11, 'every refusal the switch saw is logged (the bad penalty never reached it)');
  t.like(warnings[0], {level: 'warn', lead: '1001', agent: '1002', action: 'leave', code: 'forbidden'});
  t.like(warnings[1], {level: 'warn', lead: '9002', code: 'forbidden'});
  t.false([agent, otherLead, lead].some(s => s.messages.some(m => m.type === 'queue-control')), 'no fact for a refusal');
});

test('the lead console\'s link (LeadFloor) sends a change, shows the team\'s changes and the queues, and rejects with the switch\'s reason', async t => {
  const c = await center(t, 2);
  const hubUrl = `ws://127.0.0.1:${c.addresses.hub.port}`;
  const floor = new LeadFloor({hubUrl, agent: '9001', pin: DEMO_PIN, team: 'a'});
  t.teardown(() => floor.close());
  const other = new LeadFloor({hubUrl, agent: '9002', pin: DEMO_PIN, team: 'b'});
  t.teardown(() => other.close());
  await until(() => floor.state().queues.length === 3 && other.state().online, 10_000, 'the links up');
  await floor.queueControl({action: 'join', agent: '1002', queue: 'billing'});
  await until(() => floor.state().controls.length === 1, 5000, 'the fact');
  t.like(floor.state().controls[0], {lead: '9001', target: '1002', action: 'join', queue: 'billing'});
  t.deepEqual(floor.state().queues.map(q => q.id), ['main', 'billing', 'other']);
  const refused = await t.throwsAsync(other.queueControl({action: 'leave', agent: '1002', queue: 'billing'}));
  t.regex(refused?.message ?? '', /not in your team/);
  t.deepEqual(other.state().controls, [], 'team b\'s console does not list team a\'s changes');
  t.deepEqual(c.switch.acd.memberships('1002'), [{queue: 'main', penalty: 0}, {queue: 'billing', penalty: 0}]);
});
