// bin/zuoxi.js starts seat/supervise/lead from the prebuilt bundle while it matches the sources
// and from source (tsx) otherwise; the bundle behaves as the sources do. Built into a temp
// directory (ZUOXI_DIST), never the tree's dist/ other tests may be using.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';

const run = promisify(execFile);

test('a fresh bundle runs the client; a changed or missing source, or no build, runs from source', async t => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'zuoxi-dist-'));
  t.teardown(() => fs.rmSync(dist, {recursive: true, force: true}));
  await run(process.execPath, ['scripts/bundle.mjs'], {env: {...process.env, ZUOXI_DIST: dist}});
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'manifest.json'), 'utf8'));
  t.deepEqual(Object.keys(manifest.bundles).sort(), ['lead', 'seat', 'supervise']);
  t.true(Object.keys(manifest.bundles.seat.inputs).includes('src/tui/SeatApp.tsx'));
  t.false(Object.keys(manifest.bundles.seat.inputs).some(f => f.includes('node_modules')));

  const zuoxi = (args: string[], dir = dist) => run(process.execPath, ['bin/zuoxi.js', ...args], {env: {...process.env, ZUOXI_DIST: dir, ZUOXI_DEBUG_LAUNCH: '1'}});
  // Others may be editing the sources right now: only a seat bundle that is still fresh can be
  // asked to start from the bundle, so the fresh case checks what the launcher decided and why.
  const fresh = await zuoxi(['seat', '--help']);
  t.regex(fresh.stdout, /usage: zuoxi seat --agent ID/);
  t.regex(fresh.stderr, /zuoxi launch: from .*seat\.mjs|zuoxi launch: from source: src\/\S+ changed since the build/);
  // Bad flags: the same clear error and exit code from the bundle as from source.
  const bad = await t.throwsAsync(zuoxi(['supervise', '--bogus'])) as Error & {code: number; stderr: string};
  t.is(bad.code, 2);
  t.regex(bad.stderr, /zuoxi supervise: Unknown option '--bogus'/);

  // A source newer than the build → from source, naming the file.
  const stale = {...manifest, bundles: {...manifest.bundles, seat: {...manifest.bundles.seat, inputs: {...manifest.bundles.seat.inputs, 'src/tui/SeatApp.tsx': 1}}}};
  fs.writeFileSync(path.join(dist, 'manifest.json'), JSON.stringify(stale));
  const old = await zuoxi(['seat', '--help']);
  t.regex(old.stderr, /from source: src\/tui\/SeatApp\.tsx changed since the build/);
  t.regex(old.stdout, /usage: zuoxi seat/);
  // A source that is gone → from source.
  fs.writeFileSync(path.join(dist, 'manifest.json'), JSON.stringify({...manifest, bundles: {seat: {file: 'seat.mjs', inputs: {'src/gone.ts': 1}}}}));
  t.regex((await zuoxi(['seat', '--help'])).stderr, /from source: src\/gone\.ts is gone/);
  // No build, or a damaged manifest → from source; other commands always from source.
  fs.writeFileSync(path.join(dist, 'manifest.json'), '{not json');
  t.regex((await zuoxi(['seat', '--help'])).stderr, /from source: no build/);
  fs.writeFileSync(path.join(dist, 'manifest.json'), JSON.stringify(manifest));
  const other = await zuoxi(['--help']);
  t.regex(other.stderr, /from source: no bundle for "--help"/);
  t.regex(other.stdout, /usage: zuoxi <command>/);
});
