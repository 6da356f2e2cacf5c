// npm run docs:policy — writes docs/policy-reference.md from the policy schema.
import fs from 'node:fs';
import {policyReference} from '../src/commands/policy-reference.ts';

fs.writeFileSync(new URL('../docs/policy-reference.md', import.meta.url), policyReference());
console.log('docs/policy-reference.md written');
