// A real full disk (issue 15): the hub's data directory on a 2 MiB tmpfs, the hub in its own
// process, seats writing call records with notes until the disk is full. While full, writes
// are refused and nothing more is acknowledged; when space returns they resume; after kill -9
// and a restart every acknowledged record and note is on the hub. Needs root (mount).
import {execFileSync} from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import * as Y from 'yjs';
import WebSocket from 'ws';
import {CallLog} from '../../src/sync/call-log.ts';
import {openHubDoc, syncUrl} from '../../src/sync/hub-doc.ts';
import {freePort} from '../helpers/ports.ts';
import {DEMO_PIN, until} from '../sync/helpers.ts';
import {kill9, startChild} from '../sync/process.ts';

const day = 'calls/a/2026-11-23';
const note = (n: number) => `客户来电反映第${n}次账单有误，已核对并说明。`.repeat(12);

async function smallDisk(t: import('ava').ExecutionContext): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zuoxi-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], {stdio: 'pipe'});
  } catch (error) {
    await fs.rmdir(dir);
    throw new Error(`cannot mount a 2 MiB tmpfs on ${dir} (this test needs root): ${(error as Error).message}`);
  }
  t.teardown(async () => {
    // Lazy: a killed hub may still be closing its files.
    execFileSync('umount', ['-l', dir]);
    await fs.rmdir(dir);
  });
  return dir;
}

/** Fill the file system until ENOSPC. */
async function fill(file: string): Promise<void> {
  const handle = await fs.open(file, 'w');
  const chunk = Buffer.alloc(16 * 1024, 7);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
}

function writer(t: import('ava').ExecutionContext, url: string, agent: string) {
  const doc = new Y.Doc();
  const refused: string[] = [];
  let durable = 0;
  const provider = openHubDoc(day, doc, {url, agent, pin: DEMO_PIN}, {
    ack: true, maxBackoffMs: 100,
    onDurable: sv => {
      durable = Math.max(durable, sv.get(doc.clientID) ?? 0);
    },
    onRefused: reason => refused.push(reason),
  });
  t.teardown(() => {
    provider.destroy();
    doc.destroy();
  });
  const log = new CallLog(doc);
  const edits: Array<{callId: string; n: number; clock: number}> = [];
  let n = 0;
  return {
    provider, refused, edits,
    write() {
      const callId = `${agent}-${n}`;
      log.annotate(callId, {owner: agent, dispositionText: `edit ${n}`, notes: {when: '', who: '', where: '', what: note(n), why: '', how: ''}});
      edits.push({callId, n, clock: Y.getState(doc.store, doc.clientID)});
      n++;
    },
    acked: () => edits.filter(e => durable >= e.clock),
    durable: () => durable,
  };
}

async function metrics(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

test('disk full on a real tmpfs: refused while full, resumed after, every acknowledged record and note kept through kill -9', async t => {
  t.timeout(90_000);
  const dataDir = await smallDisk(t);
  const port = await freePort();
  const url = syncUrl(`ws://127.0.0.1:${port}`);
  const hubProc = startChild(t, 'test/hub/fixtures/hub-process.ts', [String(port), dataDir]);
  await hubProc.waitFor(/ready/);
  const writers = ['1001', '1002'].map(agent => writer(t, url, agent));
  await until(() => writers.every(w => w.provider.synced), 10_000, 'writers synced');
  for (let i = 0; i < 10; i++) for (const w of writers) w.write();
  await until(() => writers.every(w => w.acked().length === 10), 10_000, 'first acks');

  // Leave 96 KiB free, then write records until the hub says it cannot store them.
  const spare = path.join(dataDir, 'spare');
  await fs.writeFile(spare, Buffer.alloc(96 * 1024));
  await fill(path.join(dataDir, 'filler'));
  await fs.rm(spare);
  const full = () => writers.some(w => w.refused.some(r => /cannot store this document now \(disk full\)/.test(r)));
  for (let i = 0; !full(); i++) {
    if (i > 3000) throw new Error('the hub never refused a write on a full disk');
    for (const w of writers) w.write();
    await new Promise(resolve => setTimeout(resolve, 2));
  }
  t.log(`refused after ${writers[0].edits.length} records per writer; acknowledged ${writers.map(w => w.acked().length).join(' + ')}`);
  t.regex(await metrics(port), /^zuoxi_hub_storage_ok 0$/m);
  // While full: more edits, none acknowledged; a new reader is turned away, not served from memory.
  const ackedWhileFull = writers.map(w => w.durable());
  for (let i = 0; i < 5; i++) for (const w of writers) w.write();
  const reader = await new Promise<{code: number; reason: string}>(resolve => {
    const ws = new WebSocket(`${url}/${day}?agent=1003&pin=${DEMO_PIN}`);
    ws.on('error', () => undefined);
    ws.on('close', (code, reason) => resolve({code, reason: reason.toString()}));
  });
  t.is(reader.code, 1013);
  t.regex(reader.reason, /disk full/);
  await new Promise(resolve => setTimeout(resolve, 1000));
  t.deepEqual(writers.map(w => w.durable()), ackedWhileFull, 'nothing acknowledged while the disk is full');
  t.true(writers.every(w => w.acked().length < w.edits.length));

  // Space returns: the log is reopened, the pending edits arrive and are acknowledged.
  await fs.rm(path.join(dataDir, 'filler'));
  await until(() => writers.every(w => w.acked().length === w.edits.length), 20_000, 'pending edits acknowledged after space returned');
  t.regex(await metrics(port), /^zuoxi_hub_storage_ok 1$/m);
  t.regex(await metrics(port), /^zuoxi_hub_storage_recoveries_total [1-9]/m);
  for (let i = 0; i < 5; i++) for (const w of writers) w.write();
  await until(() => writers.every(w => w.acked().length === w.edits.length), 10_000, 'acks after recovery');

  await kill9(hubProc);
  const acked = writers.flatMap(w => w.acked());
  for (const w of writers) w.provider.destroy();
  const again = startChild(t, 'test/hub/fixtures/hub-process.ts', [String(port), dataDir]);
  await again.waitFor(/ready/);
  const fresh = new Y.Doc();
  const freshProvider = openHubDoc(day, fresh, {url, agent: '1003', pin: DEMO_PIN});
  t.teardown(() => {
    freshProvider.destroy();
    fresh.destroy();
  });
  await until(() => freshProvider.synced, 10_000, 'reader synced after restart');
  const kept = new CallLog(fresh);
  const missing = acked.filter(e => kept.get(e.callId)?.seat.notes?.what !== note(e.n)).map(e => e.callId);
  t.deepEqual(missing, [], 'every acknowledged record and its note is on disk');
  t.log(`acknowledged ${acked.length}, on the hub after kill -9 and restart ${kept.ids().length}`);
  await kill9(again);
});
