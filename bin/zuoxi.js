#!/usr/bin/env node
// Thin launcher. The agent's and the lead's clients (seat, supervise, lead) start from the
// prebuilt bundle in dist/ when `npm ci` made one and its sources are unchanged since (no tsx
// loader in memory: issue 6's RSS target); everything else — and any client whose sources
// changed — registers the tsx loader and runs the TypeScript sources as they are.
// ZUOXI_FROM_SOURCE=1 always runs from source; ZUOXI_DIST names another bundle directory;
// ZUOXI_DEBUG_LAUNCH=1 says on stderr which way it started and why.
import fs from 'node:fs';
import {URL, fileURLToPath, pathToFileURL} from 'node:url';

// React's development build doubles the cost of every Ink frame (SSH wallboards, seats); a
// developer who wants its warnings sets NODE_ENV=development.
process.env.NODE_ENV ??= 'production';
// Ink shows no live frames when CI is set (is-in-ci): right for logs, wrong on a terminal. A
// seat or wallboard started on a real terminal (tmux in CI's end-to-end tests too) renders.
if (process.stdout.isTTY) {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}

const [command, ...args] = process.argv.slice(2);
// NO_COLOR (no-color.org): no colour from Ink and chalk, which read only FORCE_COLOR, so it is
// set before either loads; an explicit FORCE_COLOR still wins. Not for `server`: its colours are
// the SSH wallboards', drawn on the leads' terminals, not on this one.
if (process.env.NO_COLOR && process.env.FORCE_COLOR === undefined && command !== 'server') process.env.FORCE_COLOR = '0';

const root = new URL('../', import.meta.url);
const dist = process.env.ZUOXI_DIST ? pathToFileURL(`${process.env.ZUOXI_DIST.replace(/\/+$/, '')}/`) : new URL('dist/', root);
const say = process.env.ZUOXI_DEBUG_LAUNCH ? message => console.error(`zuoxi launch: ${message}`) : () => {};

/** The bundle of `command` when it exists and every source it was built from is unchanged. */
function freshBundle(command) {
  if (!command || process.env.ZUOXI_FROM_SOURCE) return {why: 'no command, or ZUOXI_FROM_SOURCE'};
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(new URL('manifest.json', dist), 'utf8'));
  } catch {
    return {why: 'no build (npm ci or npm run bundle makes one)'};
  }
  const bundle = manifest?.version === 1 ? manifest.bundles?.[command] : undefined;
  if (!bundle || typeof bundle.file !== 'string' || typeof bundle.inputs !== 'object') return {why: `no bundle for "${command}"`};
  for (const [file, mtimeMs] of Object.entries(bundle.inputs)) {
    try {
      if (fs.statSync(new URL(file, root)).mtimeMs !== mtimeMs) return {why: `${file} changed since the build`};
    } catch {
      return {why: `${file} is gone since the build`};
    }
  }
  return {url: new URL(bundle.file, dist)};
}

const fresh = freshBundle(command);
let mod;
if (fresh.url) {
  try {
    mod = await import(fresh.url.href);
    say(`from ${fileURLToPath(fresh.url)}`);
  } catch (error) {
    // Removed or replaced under us (a rebuild): the sources are always there.
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    say(`from source: ${error.message}`);
  }
} else say(`from source: ${fresh.why}`);

if (mod) {
  try {
    process.exitCode = await mod.run(args);
  } catch (error) {
    console.error(`zuoxi: ${error?.stack ?? String(error)}`);
    process.exitCode = 1;
  }
} else {
  const {register} = await import('tsx/esm/api');
  // The repo's tsconfig wherever zuoxi is started from (a center's own directory has none, and
  // without it .tsx files would compile to the classic React.createElement and fail).
  register({tsconfig: fileURLToPath(new URL('tsconfig.json', root))});
  await import('../src/cli.ts');
}
