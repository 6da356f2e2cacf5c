// The lead console's queue-control panel (issue 14) at 80×24: the form builds the change the
// switch is asked for (move, penalty, sign-out), a refusal is shown and keeps the form open, a bad
// penalty never reaches the switch, the day's changes are listed (who, what, when); in the console
// `c` on the workforce screen opens it and the console's own keys wait while it is open.
import test from 'ava';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import type {LeadFloorState, QueueControlFact, QueueControlRequest} from '../../src/client/lead/lead-floor.ts';
import {LeadApp} from '../../src/tui/lead/LeadApp.tsx';
import {QueueControlPanel} from '../../src/tui/lead/QueueControlPanel.tsx';
import {leadActions} from '../../src/tui/lead/lead-actions.ts';
import {leadMessages, type Lang} from '../../src/tui/lead/i18n.ts';
import {useLeadData} from '../../src/tui/lead/use-lead-data.ts';
import type {LeadLive} from '../../src/tui/lead/lead-live.ts';
import {day, memorySource} from '../lead/console-fixture.ts';
import {at, policy} from '../lead/helpers.ts';

const tab = '\t';
const enter = '\r';
const right = '\u001B[C';
const escape = '\u001B';
const queues = [{id: 'main', name: '综合咨询'}, {id: 'billing', name: '账单'}];
const fact: QueueControlFact = {type: 'queue-control', lead: '9001', team: 'a', target: '1002', action: 'penalty', queue: 'main', penalty: 2, at: Date.UTC(2026, 10, 23, 1, 5)};

const settle = () => new Promise(resolve => setTimeout(resolve, 30));

/** The frame once it matches `re` (Ink throttles its output: the last frame may lag a key), else the last one. */
async function see(frame: () => string, re: RegExp): Promise<string> {
  for (let i = 0; i < 100 && !re.test(frame()); i++) await settle();
  return frame();
}

function panel(lang: Lang, submit: (r: QueueControlRequest) => Promise<void>, agent = '1001') {
  const sent: QueueControlRequest[] = [];
  const closed: Array<{kind: string; text: string} | undefined> = [];
  const app = render(<QueueControlPanel t={leadMessages[lang]} queues={queues} controls={[fact]} agent={agent} utcOffsetMinutes={480}
    onSubmit={r => {
      sent.push(r);
      return submit(r);
    }} onClose={m => closed.push(m)} />);
  // The panel subscribes to input in an effect after its first frame: under load (a 2-core
  // machine shared by parallel test files) that can take longer than a key's pause.
  let ready = false;
  const press = async (keys: string) => {
    if (!ready) await new Promise(resolve => setTimeout(resolve, 200));
    ready = true;
    for (const key of keys.match(/\u001B\[[A-D]|./gsu) ?? []) {
      await settle();
      app.stdin.write(key);
      await settle();
    }
  };
  const frame = () => app.lastFrame() ?? '';
  return {app, sent, closed, press, frame, see: (re: RegExp) => see(frame, re)};
}

test('move: agent, action, from and to queue become the command; the panel closes with what was done', async t => {
  const {app, sent, closed, press, see} = panel('en', async () => {});
  t.teardown(() => app.unmount());
  t.regex(await see(/action: ◀ move to queue ▶/), /action: ◀ move to queue ▶/);
  t.regex(await see(/09:05/), /09:05 9001 1002 penalty 2 in main/, 'the day\'s changes: when, who, what');
  await press(tab + tab + enter);
  t.deepEqual(sent, [{action: 'move', agent: '1001', queue: 'main', to: 'billing'}]);
  t.deepEqual(closed, [{kind: 'ok', text: 'applied: 1001 main → billing'}]);
});

test('penalty: typed digits become the penalty; a penalty not typed is refused in the panel and nothing is sent', async t => {
  const {app, sent, closed, press, frame, see} = panel('zh-CN', async () => {});
  t.teardown(() => app.unmount());
  await press(right + right + right); // move → join → leave → penalty
  t.regex(await see(/操作: ◀ 设罚值 ▶/), /操作: ◀ 设罚值 ▶/);
  await press(tab + right + tab + enter);
  t.deepEqual(sent, []);
  t.regex(await see(/罚值须为/), /罚值须为 0–99 的整数/);
  await press('12' + enter);
  t.deepEqual(sent, [{action: 'penalty', agent: '1001', queue: 'billing', penalty: 12}]);
  t.is(closed[0]?.kind, 'ok');
  t.true(frame().split('\n').every(line => stringWidth(line) <= 80));
});

test('the switch\'s refusal is shown in the panel and the form stays open; Esc closes without a message', async t => {
  const {app, sent, closed, press, see} = panel('en', () => Promise.reject(new Error('1003 is not in your team (a)')), '1003');
  t.teardown(() => app.unmount());
  await press(right + right + right + right); // sign-out: no queue, no value
  t.notRegex(await see(/sign agent out/), /queue: ◀/);
  await press(enter);
  t.deepEqual(sent, [{action: 'sign-out', agent: '1003'}]);
  t.regex(await see(/not in your team/), /1003 is not in your team \(a\)/);
  t.deepEqual(closed, []);
  await press(escape);
  for (let i = 0; i < 50 && closed.length === 0; i++) await settle();
  t.deepEqual(closed, [undefined]);
});

test('in the console, c on the workforce screen opens the panel; its keys do not reach the console', async t => {
  const source = memorySource();
  const now = at(day, '08:55');
  const sent: QueueControlRequest[] = [];
  const state: LeadFloorState = {onCall: new Map(), pending: false, online: true, controls: [fact], queues};
  const live: LeadLive = {state, toggleListen: async () => 'started', togglePlayback: async () => 'started', queueControl: async r => {
    sent.push(r);
  }};
  function Harness() {
    const {data, status} = useLeadData(source, {day, policy, clock: () => now, lead: '9001'});
    const actions = leadActions(source, {lead: '9001', day, policy, clock: () => now, lang: 'en'});
    return <LeadApp data={data} status={status} actions={actions} who="9001 班长 林" lang="en" initialScreen="workforce" utcOffsetMinutes={480} columns={80} rows={24} live={live} />;
  }
  const app = render(<Harness />);
  t.teardown(() => app.unmount());
  const frame = () => app.lastFrame() ?? '';
  await new Promise(resolve => setTimeout(resolve, 200));
  t.regex(frame(), /c queues/, 'the key is in the workforce hints');
  // The console's input is subscribed once its effects ran: under load the first key may come
  // before that. A second `c` is harmless (the panel takes only digits there).
  for (let i = 0; i < 50 && !/Queue controls \(this shift\)/.test(frame()); i++) {
    if (i % 10 === 0) app.stdin.write('c');
    await settle();
  }
  t.regex(frame(), /Queue controls \(this shift\)/);
  t.regex(await see(frame, /agent: 1001/), /agent: 1001/, 'the selected roster row\'s agent');
  for (const key of ['\u001B[A', '\u007F', '2', tab, 'q', tab, enter]) {
    app.stdin.write(key);
    await settle();
  }
  t.deepEqual(sent, [{action: 'move', agent: '1002', queue: 'main', to: 'billing'}], '"q" was not the console\'s quit');
  t.regex(await see(frame, /applied: /), /applied: 1002 main → billing/);
  t.notRegex(frame(), /Queue controls \(this shift\)/);
  t.true(frame().split('\n').length <= 24);
});
