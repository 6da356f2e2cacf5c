// docs/policy-reference.md is what the schema says: regenerate with `npm run docs:policy`.
import fs from 'node:fs';
import test from 'ava';
import {policyReference} from '../../src/commands/policy-reference.ts';

test('the committed policy reference equals the one generated from the schema', t => {
  const committed = fs.readFileSync(new URL('../../docs/policy-reference.md', import.meta.url), 'utf8');
  t.is(committed, policyReference(), 'run `npm run docs:policy` and commit docs/policy-reference.md');
});

test('every setting has its default, a unit where its name says one, and a rule', t => {
  const text = policyReference();
  t.regex(text, /^\| `ringPeriodSeconds` \| 5 \| s \| R-01 \|$/m);
  t.regex(text, /^\| `discipline\.seriousPoints` \| 10 \| points \| R-33 \|$/m);
  const rows = text.split('\n').filter(l => l.startsWith('| `'));
  t.true(rows.length > 100);
  for (const row of rows) t.notRegex(row, /\| $/, `no rule for ${row}`);
  t.is(rows.length, new Set(rows.map(r => r.split('|')[1])).size, 'each setting once');
});
