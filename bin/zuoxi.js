#!/usr/bin/env node
// Thin launcher: registers the tsx loader so the TypeScript sources run as they are.
import {register} from 'tsx/esm/api';

register();
// React's development build doubles the cost of every Ink frame (SSH wallboards, seats); a
// developer who wants its warnings sets NODE_ENV=development.
process.env.NODE_ENV ??= 'production';
await import('../src/cli.ts');
