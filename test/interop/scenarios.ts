// sipp scenarios of the interop tests: kept in test/interop/sipp/ with @VERSION@ standing for
// zuoxi's version (from package.json), written out per test with the real one filled in.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ExecutionContext} from 'ava';
import {fixtures} from '../engine/helpers.ts';
import {VERSION} from '../../server/engine/version.ts';

const here = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sipp');

/** The scenario's path as the sipp helper takes it (relative to the shared fixtures). */
export function scenario(t: ExecutionContext, name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zuoxi-interop-'));
  t.teardown(() => rmSync(dir, {recursive: true, force: true}));
  const file = path.join(dir, name);
  writeFileSync(file, readFileSync(path.join(here, name), 'utf8').replaceAll('@VERSION@', VERSION.replaceAll('.', '\\.')));
  return path.relative(fixtures, file);
}
