#!/usr/bin/env node
// Prebuilds the thin clients an agent or a lead runs all day — `zuoxi seat`, `supervise`,
// `lead` — into plain ESM bundles under dist/, so bin/zuoxi.js can start them without the tsx
// loader (about 70 MB of the seat's RSS, issue 6's < 100 MB target). Run by `npm ci`/`npm
// install` (the `prepare` script). Everything else, and any client whose sources changed since
// the build, still runs from source through tsx: the bundle is an optimisation, never required.
// dist/manifest.json lists each bundle's source files with their mtimes; bin/zuoxi.js uses a
// bundle only while every one of them is unchanged.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
// ZUOXI_DIST: another place for the bundles (tests build there, not into the tree's dist/).
const dist = path.resolve(process.env.ZUOXI_DIST ?? path.join(root, 'dist'));
// Built beside it and moved into place at the end, so a zuoxi starting meanwhile finds either
// the old build or the new one (or none: then it runs from source), never half a file.
const building = `${dist}.building-${process.pid}`;
const bundled = ['seat', 'supervise', 'lead'];

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn('zuoxi bundle: esbuild is not installed; the clients run from source (tsx)');
  process.exit(0);
}

// Ink loads react-devtools-core only when DEV=true (a developer's setting, never on a seat); it
// is not installed, so the bundle gets an inert stand-in rather than a failing import.
const noDevtools = {
  name: 'no-devtools',
  setup(build) {
    build.onResolve({filter: /^react-devtools-core$/}, args => ({path: args.path, namespace: 'no-devtools'}));
    build.onLoad({filter: /.*/, namespace: 'no-devtools'}, () => ({contents: 'export default {connectToDevTools() {}};'}));
  },
};

fs.rmSync(building, {recursive: true, force: true});
fs.mkdirSync(building, {recursive: true});
const manifest = {version: 1, builtAt: Date.now(), bundles: {}};
try {
  await buildAll();
} catch (error) {
  // A failed build must not fail `npm ci`: without a bundle the clients run from source.
  fs.rmSync(building, {recursive: true, force: true});
  console.warn(`zuoxi bundle: not built (${error?.message?.split('\n')[0] ?? error}); the clients run from source (tsx)`);
  process.exit(0);
}
fs.writeFileSync(path.join(building, 'manifest.json'), JSON.stringify(manifest));
fs.rmSync(dist, {recursive: true, force: true});
fs.renameSync(building, dist);
console.log(`zuoxi bundle: ${bundled.map(n => path.relative(root, path.join(dist, `${n}.mjs`))).join(', ')}`);

async function buildAll() {
  for (const name of bundled) {
    const result = await esbuild.build({
      entryPoints: [path.join(root, 'src/commands', `${name}.ts`)],
      outfile: path.join(building, `${name}.mjs`),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      jsx: 'automatic',
      // Packages go in too (116 → 101 MB seat RSS over importing them from node_modules, by
      // bench/seat.ts): React's production build, CommonJS packages through a real require.
      define: {'process.env.NODE_ENV': '"production"'},
      banner: {js: "import {createRequire as __zuoxiRequire} from 'node:module'; const require = __zuoxiRequire(import.meta.url);"},
      // ws's optional native helpers are found at run time when installed, as without a bundle.
      external: ['bufferutil', 'utf-8-validate'],
      plugins: [noDevtools],
      // Less source text kept in memory: 97 → 92 MB seat RSS over keeping the names. Error
      // messages stay as written; for readable stack frames run with ZUOXI_FROM_SOURCE=1.
      minify: true,
      metafile: true,
      logLevel: 'warning',
      legalComments: 'none',
    });
    const inputs = {};
    for (const file of Object.keys(result.metafile.inputs)) {
      // zuoxi's own sources only: packages change through npm, which builds again (prepare).
      if (file.includes(':') || file.split('/').includes('node_modules')) continue;
      const abs = path.resolve(root, file);
      inputs[path.relative(root, abs)] = fs.statSync(abs).mtimeMs;
    }
    manifest.bundles[name] = {file: `${name}.mjs`, inputs};
  }
}
