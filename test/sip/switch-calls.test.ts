// The call scenarios (call-scenarios.ts) with the embedded engine.
import test from 'ava';
import {callScenarios} from './call-scenarios.ts';
import {centerFor} from './helpers.ts';

for (const [title, run] of callScenarios) test(title, t => run(t, centerFor));
