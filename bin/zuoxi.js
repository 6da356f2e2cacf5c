#!/usr/bin/env node
// Thin launcher: registers the tsx loader so the TypeScript sources run as they are.
import {register} from 'tsx/esm/api';

register();
await import('../src/cli.ts');
