// Documents only for dates the center can have (issue 15): 400 connections for 400 dates create
// nothing beyond today's window; existing documents stay readable whatever their date.
import fs from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import WebSocket from 'ws';
import {defaultPeriodWindow, parseDocName, periodProblem} from '../../src/sync/doc-name.ts';
import {DEMO_PIN, startHub} from '../sync/helpers.ts';

const now = Date.parse('2026-12-03T12:00:00Z');

function open(url: string, doc: string): Promise<{open: boolean; code?: number; reason?: string}> {
  return new Promise(resolve => {
    const ws = new WebSocket(`${url}/${doc}?agent=1001&pin=${DEMO_PIN}`);
    ws.once('message', () => {
      resolve({open: true});
      ws.terminate();
    });
    ws.on('close', (code, reason) => resolve({open: false, code, reason: String(reason)}));
    ws.on('error', () => resolve({open: false}));
  });
}

test('the window: today ± a few days, months a year back', t => {
  const name = (text: string) => {
    const parsed = parseDocName(text);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.name;
  };
  t.is(periodProblem(name('calls/a/2026-12-03'), now), undefined);
  t.is(periodProblem(name('calls/a/2026-12-01'), now), undefined);
  t.is(periodProblem(name('calls/a/2026-12-04'), now), undefined);
  t.regex(periodProblem(name('calls/a/2026-12-06'), now) ?? '', /has days 2026-11-30 … 2026-12-05 only/);
  t.truthy(periodProblem(name('calls/a/2026-11-01'), now));
  t.is(periodProblem(name('qa/a/2025-11'), now), undefined);
  t.truthy(periodProblem(name('qa/a/2027-02'), now));
  t.truthy(periodProblem(name('qa/a/2024-01'), now));
});

test('400 documents for 400 dates: only the window is created; an old existing day still opens', async t => {
  const {url, dataDir, logs} = await startHub(t, {periodWindow: defaultPeriodWindow, now: () => now});
  const old = path.join(dataDir, 'sync', 'calls', 'a');
  await fs.mkdir(old, {recursive: true});
  await fs.writeFile(path.join(old, '2026-06-01.ylog'), '');
  const results = [];
  for (let i = 0; i < 400; i++) {
    const day = new Date(now + (i - 200) * 86_400_000).toISOString().slice(0, 10);
    results.push(await open(url, `calls/a/${day}`));
  }
  const opened = results.filter(r => r.open).length;
  // 2026-11-30 … 2026-12-05 (today ± the window and the time-zone margin), and the existing old day.
  t.is(opened, 7, `${opened} of 400 opened`);
  t.true(results.filter(r => !r.open).every(r => r.code === 4404 && /the center has days/.test(r.reason ?? '')));
  const files = await fs.readdir(old);
  t.is(files.length, 7, files.join(' '));
  t.deepEqual(await open(url, 'calls/a/2026-06-01'), {open: true}, 'an existing old day is still readable');
  t.true(logs.some(l => l.startsWith('warn') && l.includes('refused: calls for')));
});
