// Requests no app handles, OPTIONS, and requests that arrive before the switch has connected
// (issue 16), against the embedded engine over real UDP.
import test from 'ava';
import {engineFor, sipPort, srfFor, SECRET} from '../engine/helpers.ts';
import {VERSION} from '../../server/engine/version.ts';
import {udpPeer} from './udp-peer.ts';

const methods = (allow: string | undefined) => new Set((allow ?? '').split(',').map(s => s.trim()));

test('OPTIONS answered by the engine names Allow, Accept, Supported and Server: zuoxi/<version>', async t => {
  const engine = await engineFor(t);
  const peer = await udpPeer(t);
  const alone = await peer.request('OPTIONS', sipPort(engine));
  t.is(alone.status, 200);
  t.is(alone.headers.get('accept'), 'application/sdp');
  t.regex(alone.headers.get('supported') ?? '', /\btimer\b/);
  t.is(alone.headers.get('server'), `zuoxi/${VERSION}`);
  t.false(methods(alone.headers.get('allow')).has('INVITE'), 'no app routes INVITE yet');
  const srf = await srfFor(t, engine);
  srf.invite(() => {});
  srf.register(() => {});
  await new Promise(r => setTimeout(r, 100));
  const served = await peer.request('OPTIONS', sipPort(engine));
  const allow = methods(served.headers.get('allow'));
  for (const m of ['INVITE', 'REGISTER', 'ACK', 'BYE', 'CANCEL', 'OPTIONS']) t.true(allow.has(m), m);
  t.false(allow.has('MESSAGE'));
  t.false(allow.has('SUBSCRIBE'));
});

test('a method no connected app handles gets 405 with a true Allow; with no app at all, 503', async t => {
  const engine = await engineFor(t, {holdWhileNoAppMs: 0});
  const peer = await udpPeer(t);
  const none = await peer.request('MESSAGE', sipPort(engine));
  t.is(none.status, 503, 'no app connected: drachtio-server\'s 503');
  const srf = await srfFor(t, engine);
  srf.invite(() => {});
  await new Promise(r => setTimeout(r, 100));
  for (const method of ['MESSAGE', 'SUBSCRIBE', 'PUBLISH']) {
    const r = await peer.request(method, sipPort(engine), method === 'SUBSCRIBE' ? ['Event: presence'] : []);
    t.is(r.status, 405, method);
    const allow = methods(r.headers.get('allow'));
    t.true(allow.has('INVITE'));
    t.false(allow.has(method));
    t.is(r.headers.get('server'), `zuoxi/${VERSION}`);
  }
});

test('a REGISTER while no app is connected waits for the switch and gets its answer', async t => {
  const engine = await engineFor(t);
  const peer = await udpPeer(t);
  const sent = Date.now();
  const answer = peer.request('REGISTER', sipPort(engine), ['Expires: 60']);
  await new Promise(r => setTimeout(r, 1000));
  const srf = await srfFor(t, engine, SECRET);
  srf.register((_req: any, res: any) => res.send(200, {headers: {'X-Answered-By': 'switch'}}));
  const r = await answer;
  t.is(r.status, 200);
  t.is(r.headers.get('x-answered-by'), 'switch');
  t.true(Date.now() - sent >= 1000);
});

test('a REGISTER held while no app connects gets 503 when the hold runs out', async t => {
  const engine = await engineFor(t, {holdWhileNoAppMs: 300});
  const peer = await udpPeer(t);
  const sent = Date.now();
  const r = await peer.request('REGISTER', sipPort(engine), ['Expires: 60']);
  t.is(r.status, 503);
  t.true(Date.now() - sent >= 250, 'held before refusing');
});
