// The floor's media facts: "recordings off" from the switch's queue stats on the wallboard,
// and leads' listen-ins (call-log facts) counted toward the R-25 live quota in the drill-down.
import test from 'ava';
import {render} from 'ink-testing-library';
import {Wallboard} from '../../src/tui/wallboard/Wallboard.tsx';
import {fixtureFloor, MIN, queue, T0} from './floor-fixture.ts';

const listened = (callId: string, agent: string, listens: Array<{lead: string; at: number; ms: number}>) => ({
  callId, direction: 'inbound' as const, caller: '13812345678', queue: 'main', agent, team: 'a', arrivedAt: T0 - 30 * MIN, offeredAt: T0 - 30 * MIN,
  answeredAt: T0 - 29 * MIN, endedAt: T0 - 25 * MIN, holds: [], transfers: [], ronaAgents: [], listens,
});

test('a center without media: the wallboard header says recordings off; with media it says nothing', t => {
  const {model} = fixtureFloor();
  model.apply(queue(T0, 2, {media: {anchored: false, why: 'recordings off: rtpengine is not installed'}}));
  t.deepEqual(model.view().media, {anchored: false, why: 'recordings off: rtpengine is not installed'});
  const wall = render(<Wallboard view={model.view()} detailOf={a => model.detail(a)} columns={140} rows={30} />);
  t.teardown(() => wall.unmount());
  t.regex(wall.lastFrame() ?? '', /录音关闭/);
  model.apply(queue(T0 + 1000, 2, {media: {anchored: true}}));
  wall.rerender(<Wallboard view={model.view()} detailOf={a => model.detail(a)} columns={140} rows={30} />);
  t.notRegex(wall.lastFrame() ?? '', /录音关闭/);
});

test('R-25: a listened call counts once toward the live quota, also when it was scored live too', t => {
  const {model} = fixtureFloor();
  t.is(model.detail('1001')?.qa, undefined, 'nothing monitored yet');
  model.ingestRecords([listened('h1', '1001', [{lead: '9001', at: T0 - 28 * MIN, ms: 60_000}, {lead: '9001', at: T0 - 27 * MIN, ms: 30_000}])]);
  t.like(model.detail('1001')?.qa, {live: 1, recording: 0, sideBySide: 0}, 'two listen-ins on one call: one live monitoring');
  model.ingestRecords([listened('h2', '1001', [{lead: '9001', at: T0 - 20 * MIN, ms: 60_000}])]);
  model.setQa('1001', {live: 1, recording: 2, sideBySide: 0, liveCalls: ['h1']});
  t.like(model.detail('1001')?.qa, {live: 2, recording: 2}, 'h1 scored live and listened: once; h2 listened: once more');
  t.is(model.detail('1004')?.qa, undefined, 'another agent\'s quota is untouched');
});
