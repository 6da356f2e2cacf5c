// Quotas on the hub (issue 15), against real hubs: a note is text a person typed (a 10 MB one
// is refused with a clear reason to the seat and a warn line), a center has documents only for
// the days around today (the window from the center's policy), and one agent or one source
// holds only so many connections.
import test from 'ava';
import * as Y from 'yjs';
import WebSocket from 'ws';
import {CallLog} from '../../src/sync/call-log.ts';
import {openHubDoc, syncUrl} from '../../src/sync/hub-doc.ts';
import {demoConfig} from '../../src/config.ts';
import {startCenter} from '../../server/center.ts';
import type {HubLogger} from '../../server/hub/hub.ts';
import {freePort} from '../helpers/ports.ts';
import {tempDir} from '../sip/helpers.ts';
import {DEMO_PIN, startHub, until} from '../sync/helpers.ts';

const day = 'calls/a/2026-11-23';
type LogEvent = Parameters<HubLogger>[0];
const notes = (what: string) => ({when: '', who: '', where: '', what, why: '', how: ''});

function seat(t: import('ava').ExecutionContext, port: number, agent: string) {
  const doc = new Y.Doc();
  const refused: string[] = [];
  let durable = 0;
  const provider = openHubDoc(day, doc, {url: syncUrl(`ws://127.0.0.1:${port}`), agent, pin: DEMO_PIN}, {
    ack: true,
    onRefused: reason => refused.push(reason),
    onDurable: sv => {
      durable = Math.max(durable, sv.get(doc.clientID) ?? 0);
    },
  });
  t.teardown(() => {
    provider.destroy();
    doc.destroy();
  });
  return {doc, provider, refused, log: new CallLog(doc), durable: () => durable};
}

test('a 10 MB note is refused with a clear reason to the seat and a warn line; a record at the schema maximum passes', async t => {
  const events: LogEvent[] = [];
  const {hub, port} = await startHub(t, {log: e => events.push(e)});
  const a = seat(t, port, '1001');
  await until(() => a.provider.synced, 5000, 'sync');
  // The seat's own CallLog would not write it (its schema caps a note): a raw entry, as an old or hostile client sends it.
  a.doc.getMap('seat').set(`big|${a.doc.clientID}`, JSON.stringify({f: {notes: notes('噪'.repeat(3_500_000))}, t: 1}));
  await until(() => a.refused.length > 0, 10_000, 'refusal of a 10 MB note');
  t.regex(a.refused[0], /^write refused: big\|\d+: the text field f\.notes\.what of 10254 KiB is over the limit of 32 KiB$/);
  const warn = events.find(e => e.level === 'warn' && e.message.includes('refused a write'));
  t.like(warn, {agent: '1001', source: '127.0.0.1', doc: day});
  t.regex(warn?.message ?? '', /over the limit of 32 KiB/);

  // Every field at the schema's maximum, in Chinese (~90 KB): taken and acknowledged.
  const c = seat(t, port, '1003');
  await until(() => c.provider.synced, 5000, 'sync c');
  c.log.annotate('full', fullRecord());
  await until(() => c.durable() >= Y.getState(c.doc.store, c.doc.clientID), 5000, 'ack of a full record');
  const onHub = new CallLog(await hub.openDoc(day));
  t.teardown(() => hub.release(day));
  t.false(onHub.has('big'));
  t.is(onHub.get('full')?.seat.notes?.what.length, 8000);
  t.deepEqual(c.refused, []);
});

/** Every text field of a record at its schema maximum, in three-byte characters. */
function fullRecord() {
  const text = (n: number) => '话'.repeat(n);
  return {
    notes: {when: text(2000), who: text(2000), where: text(2000), what: text(8000), why: text(4000), how: text(4000)},
    dispositionText: text(2000),
    qaDispute: {reason: text(2000), at: 1},
  };
}

test('with 8 KiB fields and 64 KiB updates configured, a bigger update or field is refused; a small one passes', async t => {
  const {port} = await startHub(t, {writeLimits: {maxFieldBytes: 8 * 1024, maxUpdateBytes: 64 * 1024}});
  const b = seat(t, port, '1002');
  await until(() => b.provider.synced, 5000, 'sync b');
  // Two records of ~54 KB in one transaction: each field and entry within the limits, the update not.
  const text = (n: number) => '话'.repeat(n);
  const record = {notes: {when: text(2000), who: text(2000), where: text(2000), what: text(2700), why: text(2700), how: text(2700)}, dispositionText: text(2000), qaDispute: {reason: text(2000), at: 1}};
  b.doc.transact(() => {
    b.log.annotate('w1', record);
    b.log.annotate('w2', record);
  });
  await until(() => b.refused.length > 0, 5000, 'refusal of a wide update');
  t.regex(b.refused[0], /^write refused: an update of \d+ KiB is over the limit of 64 KiB$/);
  b.doc.getMap('seat').set(`long|${b.doc.clientID}`, JSON.stringify({f: {dispositionText: 'x'.repeat(9000)}, t: 1}));
  await until(() => b.refused.length > 1, 5000, 'refusal of a long field');
  t.regex(b.refused[1], /the text field f\.dispositionText of 8\.8 KiB is over the limit of 8\.0 KiB/);
  // A refused edit stays missing on the hub, so that replica's later edits wait behind it (Yjs
  // keeps each replica's edits in order): a small note comes from a fresh replica.
  const fresh = seat(t, port, '1002');
  await until(() => fresh.provider.synced, 5000, 'sync fresh');
  fresh.log.annotate('small', {notes: notes('客户咨询公积金提取,已答复。')});
  await until(() => fresh.durable() >= Y.getState(fresh.doc.store, fresh.doc.clientID), 5000, 'ack of a small note');
  t.deepEqual(fresh.refused, []);
  t.is(b.refused.length, 2);
});

function connect(url: string): Promise<{code: number; reason: string} | 'open'> & {ws: WebSocket} {
  const ws = new WebSocket(url);
  ws.on('error', () => undefined);
  const p = new Promise<{code: number; reason: string} | 'open'>(resolve => {
    // The hub's first message (its sync step 1) means the connection was admitted.
    ws.once('message', () => resolve('open'));
    ws.on('close', (code, reason) => resolve({code, reason: reason.toString()}));
  });
  return Object.assign(p, {ws});
}

test('connections over the cap per agent and per source are refused and logged; a freed slot is reusable', async t => {
  const events: LogEvent[] = [];
  const {url} = await startHub(t, {log: e => events.push(e), connectionLimits: {perIdentity: {agent: 2, lead: 2, supervisor: 2}, perSource: 5}});
  const as = (agent: string) => `${url}/${day}?agent=${agent}&pin=${DEMO_PIN}`;
  const open: WebSocket[] = [];
  t.teardown(() => open.forEach(ws => ws.terminate()));
  for (const agent of ['1001', '1001']) {
    const c = connect(as(agent));
    open.push(c.ws);
    t.is(await c, 'open');
  }
  const third = connect(as('1001'));
  t.deepEqual(await third, {code: 1013, reason: 'too many connections for agent 1001 (limit 2)'});
  t.true(events.some(e => e.level === 'warn' && e.agent === '1001' && e.source === '127.0.0.1' && /over 2 connections for agent 1001/.test(e.message)));

  // Per source: 2 of 1001 held, 2 of 1002 and 1 of 1003 fill the 5; a sixth from the same address is turned away.
  for (const agent of ['1002', '1002', '1003']) {
    const c = connect(as(agent));
    open.push(c.ws);
    t.is(await c, 'open');
  }
  const sixth = connect(as('1004'));
  t.deepEqual(await sixth, {code: 1013, reason: 'too many connections from 127.0.0.1 (limit 5)'});
  t.true(events.some(e => e.level === 'warn' && e.source === '127.0.0.1' && /over 5 connections from this source/.test(e.message)));

  // Closing one frees its slots (source and agent).
  const closed = new Promise(resolve => open[0].once('close', resolve));
  open[0].close();
  await closed;
  await until(async () => {
    const again = connect(as('1001'));
    const outcome = await again;
    if (outcome === 'open') open.push(again.ws);
    return outcome === 'open';
  }, 5000, 'a freed slot');
  t.pass();
});

test('the center creates documents only for days around today, from its policy', async t => {
  const dataDir = tempDir(t);
  const config = demoConfig({agents: 2, overrides: {dataDir, policy: {hub: {pastDays: 2, futureDays: 1}}}});
  const center = await startCenter(config, {sipPort: await freePort(), hubPort: 0, controlPort: 0, hubHost: '127.0.0.1'});
  t.teardown(() => center.close());
  const base = `ws://127.0.0.1:${center.addresses.hub.port}/sync`;
  const dayFrom = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const opens = async (offsetDays: number) => {
    const c = connect(`${base}/calls/a/${dayFrom(offsetDays)}?agent=1001&pin=${DEMO_PIN}`);
    const outcome = await c;
    c.ws.terminate();
    return outcome;
  };
  t.is(await opens(0), 'open');
  t.is(await opens(-2), 'open');
  const future = await opens(4);
  t.true(future !== 'open' && future.code === 4404 && /the center has days/.test(future.reason), JSON.stringify(future));
  const past = await opens(-5);
  t.true(past !== 'open' && past.code === 4404, JSON.stringify(past));
  // The storage health is on the center's /metrics.
  const metrics = await (await fetch(`http://127.0.0.1:${center.addresses.hub.port}/metrics`)).text();
  t.regex(metrics, /^zuoxi_hub_storage_ok 1$/m);
});
