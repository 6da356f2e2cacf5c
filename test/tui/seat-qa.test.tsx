// end to end over a real hub: the lead scores calls in `qa/<team>/<month>`, the
// agent's seat (seatSink → SeatQa) reads the document and shows only its own scores with the
// feedback, the dispute and the decision; the agent's write to the QA document is refused.
import test from 'ava';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import {WebsocketProvider} from 'y-websocket';
import {render} from 'ink-testing-library';
import {defaultPolicy} from '../../src/rules/config.ts';
import {QaBook} from '../../src/sync/lead/qa-book.ts';
import {seatSink} from '../../src/client/seat-sync.ts';
import {LocalRecords} from '../../src/client/seat-records.ts';
import {HistoryPanel} from '../../src/tui/HistoryPanel.tsx';
import {messages} from '../../src/tui/i18n.ts';
import {DEMO_PIN, startHub, tempDir, until} from '../sync/helpers.ts';

const policy = defaultPolicy();
const month = '2026-11';
const qaName = `qa/a/${month}`;
const full = {greeting: 15, five_w1h: 20, hold: 15, polite_words: 10, closing: 15, no_forbidden: 15, ownership: 10};
const at = (time: string) => Date.parse(`2026-11-20T${time}:00+08:00`);

function provider(t: import('ava').ExecutionContext, url: string, doc: Y.Doc, params: Record<string, string>) {
  const p = new WebsocketProvider(url, qaName, doc, {WebSocketPolyfill: WebSocket as never, params, disableBc: true, maxBackoffTime: 200});
  const denied: string[] = [];
  p.messageHandlers[2] = (_encoder, decoder) => {
    decoding.readVarUint(decoder);
    denied.push(decoding.readVarString(decoder));
  };
  t.teardown(() => {
    p.destroy();
    doc.destroy();
  });
  return {p, denied};
}

const tick = () => new Promise(resolve => setTimeout(resolve, 100));

test('the lead scores and decides; the agent seat sees only its own scores, feedback and decision, and cannot write QA', async t => {
  const {url, port} = await startHub(t);
  const leadDoc = new Y.Doc();
  const lead = provider(t, url, leadDoc, {agent: '9001', pin: DEMO_PIN});
  await until(() => lead.p.synced, 5000, 'lead sync');
  const agents = new Map([['1001', '张敏'], ['1002', '李娜'], ['9001', '班长']]);
  const book = new QaBook(leadDoc, {team: 'a', month, agents}, policy);
  book.score({callId: 'c-own', agent: '1001', date: '2026-11-20', evaluator: '9001', at: at('10:00'), marks: {...full, closing: 5}, comment: '先挂机 (R-07)'});
  book.score({callId: 'c-other', agent: '1002', date: '2026-11-20', evaluator: '9001', at: at('10:05'), marks: {...full, hold: 0}, comment: 'SECRET-OTHER'});

  // The agent's seat, as run-seat builds it.
  const dir = await tempDir(t, 'zuoxi-seat-qa-');
  const records = new LocalRecords({day: '2026-11-20'});
  const sink = await seatSink({hubUrl: `ws://127.0.0.1:${port}`, agent: '1001', pin: DEMO_PIN, team: 'a', day: '2026-11-20', dir, records, policy, clock: () => at('11:00')});
  t.teardown(() => sink.close());
  records.attach(sink);
  let changes = 0;
  records.subscribe(() => changes++);
  await until(() => records.qa().length > 0, 5000, 'seat sees its score');
  t.deepEqual(records.qa().map(s => s.callId), ['c-own']);
  const own = records.qa()[0];
  t.is(own.total, 90);
  t.is(own.comment, '先挂机 (R-07)');
  t.is(own.feedbackState, 'due');
  t.true(changes > 0, 'the seat is told to redraw');

  // a dispute, then the decision, reach the seat.
  book.dispute({callId: 'c-own', agent: '1001', at: at('11:30'), reason: '客户先挂的', via: 'seat'});
  book.decide({callId: 'c-own', by: '9001', at: at('12:00'), marks: full, note: '录音核实'});
  await until(() => records.qa()[0]?.decision !== undefined, 5000, 'decision reaches the seat');
  t.like(records.qa()[0], {dispute: {reason: '客户先挂的'}, decision: {outcome: 'revised', total: 100, note: '录音核实'}, finalPercent: 100});

  // The panel on today's history: `s` shows the agent's own scores (zh and en), never another's.
  for (const lang of ['zh-CN', 'en'] as const) {
    const ui = render(<HistoryPanel t={messages(lang)} calls={[]} mask={n => n} utcOffsetMinutes={480} rows={20} width={79} onClose={() => {}} qa={records.qa()} month={month}/>);
    // The panel is drawn (its input handler subscribes right after) before the key is sent.
    await until(() => (ui.lastFrame() ?? '').includes(lang === 'en' ? 's QA' : 's 质检'), 2000, 'the history panel');
    await tick();
    ui.stdin.write('s');
    await until(() => (ui.lastFrame() ?? '').includes('c-own'), 2000, 'QA view');
    const frame = ui.lastFrame() ?? '';
    t.true(frame.includes(lang === 'en' ? 'Decision: revised to 100/100' : '裁定: 改为 100/100'), frame);
    t.true(frame.includes('客户先挂的'), frame);
    t.true(frame.includes('90/100'), frame);
    t.false(frame.includes('c-other'), frame);
    t.false(frame.includes('SECRET-OTHER'), frame);
    ui.stdin.write('s');
    await until(() => !(ui.lastFrame() ?? '').includes('c-own'), 2000, 'back to calls');
    ui.unmount();
  }

  // The agent writing to the QA document: refused by the hub, the lead's copy untouched.
  const agentDoc = new Y.Doc();
  const agent = provider(t, url, agentDoc, {agent: '1001', pin: DEMO_PIN});
  await until(() => agent.p.synced, 5000, 'agent reads qa');
  t.truthy(agentDoc.getMap('scores').get('c-own'), 'an agent reads the QA document');
  agentDoc.getMap('scores').set('c-own', {forged: true});
  await until(() => agent.denied.some(r => r.includes('write refused')), 5000, 'write refused');
  // A later lead write still flows; the forged entry reached nobody.
  book.giveFeedback('c-own', at('12:30'));
  await until(() => records.qa()[0]?.feedbackState === 'given', 5000, 'feedback given reaches the seat');
  t.is(book.scores(at('13:00'), {agent: '1001'})[0].total, 90);
  t.is((leadDoc.getMap('scores').get('c-own') as {forged?: boolean}).forged, undefined);
});
