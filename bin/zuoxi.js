#!/usr/bin/env node
// Thin launcher: registers the tsx loader so the TypeScript sources run as they are.
import {URL, fileURLToPath} from 'node:url';
import {register} from 'tsx/esm/api';

// The repo's tsconfig wherever zuoxi is started from (a center's own directory has none, and
// without it .tsx files would compile to the classic React.createElement and fail).
register({tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url))});
// React's development build doubles the cost of every Ink frame (SSH wallboards, seats); a
// developer who wants its warnings sets NODE_ENV=development.
process.env.NODE_ENV ??= 'production';
// Ink shows no live frames when CI is set (is-in-ci): right for logs, wrong on a terminal. A
// seat or wallboard started on a real terminal (tmux in CI's end-to-end tests too) renders.
if (process.stdout.isTTY) {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}
await import('../src/cli.ts');
