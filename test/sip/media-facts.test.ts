// The media facts of a call beside the ACD's: each facts write is a whole snapshot, so the
// ACD's later writes carry the recording and the listen-ins, and final facts wait for the recording.
import test from 'ava';
import type {CallFacts} from '../../src/sync/schema.ts';
import {MediaFacts} from '../../src/sip/media-facts.ts';

const base: CallFacts = {callId: 'c1', direction: 'inbound', caller: '13800138000', queue: 'main', agent: '1001', team: 'a', arrivedAt: 1000, answeredAt: 2000, holds: [], transfers: [], ronaAgents: []};

function setup() {
  const written: CallFacts[] = [];
  const logged: Array<Record<string, unknown>> = [];
  let tracked: CallFacts | undefined = base;
  const facts = new MediaFacts({write: f => written.push(f), tracked: () => tracked, log: e => logged.push(e)});
  return {facts, written, logged, untrack: () => { tracked = undefined; }, track: (f: CallFacts) => { tracked = f; }};
}

test('a listen-in during the call is carried by every later write of the ACD', t => {
  const s = setup();
  s.facts.listened('c1', {lead: '9001', at: 2500, ms: 4000});
  t.deepEqual(s.written.at(-1)?.listens, [{lead: '9001', at: 2500, ms: 4000}]);
  s.facts.facts({...base, endedAt: 9000});
  t.deepEqual(s.written.at(-1)?.listens, [{lead: '9001', at: 2500, ms: 4000}], 'the end of the call keeps it');
  t.is(s.written.at(-1)?.endedAt, 9000);
});

test('final facts before the recording: the recording arrives after the ACD let go, with the listen-ins kept', t => {
  const s = setup();
  s.facts.listened('c1', {lead: '9001', at: 2500, ms: 1000});
  s.facts.facts({...base, endedAt: 9000, wrapEndedAt: 9500});
  s.untrack();
  s.facts.recorded('c1', {recorded: true, name: '2026-12-03/c1.wav', durationMs: 7000, bytes: 112_044});
  const last = s.written.at(-1)!;
  t.is(last.wrapEndedAt, 9500);
  t.like(last.recording, {recorded: true, name: '2026-12-03/c1.wav'});
  t.is(last.listens?.length, 1);
  s.facts.recorded('c1', {recorded: false, why: 'late'});
  t.is(s.written.length, 3, 'nothing written for a call already settled');
  t.regex(String(s.logged[0]?.msg), /no longer tracked/);
});

test('recording known before after-call work ends: the final write carries it', t => {
  const s = setup();
  s.facts.recorded('c1', {recorded: false, why: 'recording off for queue main'});
  s.facts.facts({...base, endedAt: 9000, wrapEndedAt: 9500});
  t.deepEqual(s.written.at(-1)?.recording, {recorded: false, why: 'recording off for queue main'});
  t.is(s.written.at(-1)?.listens, undefined, 'no listen-ins, no key');
});
