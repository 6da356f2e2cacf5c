// Read-only by construction and by enforcement: a modified client holding a lead's real
// credentials (PIN, or the SSH gateway's supervisor token) speaks /control directly and tries
// every command. The switch refuses each one, and no agent's state changes.
import test from 'ava';
import WebSocket from 'ws';
import {DEMO_PIN} from '../../src/config.ts';
import type {ServerMessage} from '../../src/sip/protocol.ts';
import {SeatSession} from '../../src/client/seat-session.ts';
import {seatCenter, until} from './seat-helpers.ts';

type Raw = {send(message: Record<string, unknown>): void; next(pred: (m: ServerMessage) => boolean, what: string): Promise<ServerMessage>; messages: ServerMessage[]};

async function rawClient(t: import('ava').ExecutionContext, url: string): Promise<Raw> {
  const ws = new WebSocket(url);
  t.teardown(() => ws.terminate());
  const messages: ServerMessage[] = [];
  ws.on('message', data => messages.push(JSON.parse(data.toString()) as ServerMessage));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    messages,
    send: message => ws.send(JSON.stringify(message)),
    async next(pred, what) {
      let found: ServerMessage | undefined;
      await until(() => (found = messages.find(pred)) !== undefined, what, 5000);
      return found!;
    },
  };
}

/** Every command a seat may send, aimed at agent 1001's seat and call where a field allows. */
function everyCommand(callId: string): Array<Record<string, unknown>> {
  return [
    {type: 'set-state', state: 'break', agent: '1001'},
    {type: 'set-state', state: 'ready'},
    {type: 'accept', callId},
    {type: 'hold', callId},
    {type: 'resume', callId},
    {type: 'transfer', callId, target: {kind: 'agent', value: '1002'}},
    {type: 'hangup', callId},
    {type: 'hangup', callId, silent: true},
    {type: 'callback', number: '13800000000'},
    {type: 'wrapup-done'},
  ];
}

test('a lead\'s PIN or SSH token on /control: every command refused read-only, no agent state changes', async t => {
  const center = await seatCenter(t);
  const seat = new SeatSession({hubUrl: center.hubUrl, agent: '1001', pin: DEMO_PIN});
  t.teardown(() => seat.stop());
  await seat.start();
  await until(() => seat.state.seat?.state === 'not-ready', '1001 signed in');
  const before = center.switch.acd.snapshot('1001');

  const token = center.auth.issueToken({agent: '9001', name: '班长 林', team: 'a', role: 'supervisor'});
  for (const [label, hello] of [['PIN', {agent: '9001', pin: DEMO_PIN}], ['token', {token}]] as const) {
    const client = await rawClient(t, center.addresses.controlUrl);
    client.send({type: 'hello', id: 'h', role: 'supervisor', ...hello});
    const welcome = await client.next(m => m.type === 'welcome' || m.type === 'error', `${label}: welcome`);
    t.is(welcome.type, 'welcome', `${label}: ${JSON.stringify(welcome)}`);
    if (welcome.type === 'welcome') t.is(welcome.role, 'supervisor');
    const commands = everyCommand('call-of-1001');
    commands.forEach((command, i) => client.send({...command, id: `c${i}`}));
    for (let i = 0; i < commands.length; i++) {
      const answer = await client.next(m => (m.type === 'error' || m.type === 'ack') && m.ref === `c${i}`, `${label}: answer to ${commands[i].type}`);
      t.is(answer.type, 'error', `${label}: ${commands[i].type} must not be acknowledged`);
      if (answer.type === 'error') t.is(answer.code, 'read-only', `${label}: ${commands[i].type}: ${answer.message}`);
    }
    // Signing in again as a seat on the same connection is refused too.
    client.send({type: 'hello', id: 'again', role: 'agent', agent: '1001', pin: DEMO_PIN});
    const again = await client.next(m => m.type === 'error' && m.ref === 'again', `${label}: second hello`);
    t.is(again.type === 'error' ? again.code : '', 'already-authenticated');
  }

  // The SSH token cannot be turned into a seat.
  const seatWithToken = await rawClient(t, center.addresses.controlUrl);
  seatWithToken.send({type: 'hello', id: 'h', role: 'agent', token});
  const refused = await seatWithToken.next(m => m.type === 'error' && m.ref === 'h', 'token as a seat');
  t.is(refused.type === 'error' ? refused.code : '', 'auth');

  const after = center.switch.acd.snapshot('1001');
  t.is(after.state, before.state);
  t.is(after.since, before.since);
  t.is(seat.state.seat?.state, 'not-ready');
  t.is(center.switch.acd.snapshot('1002').state, 'offline');
});

test('a lead signing in as a seat commands only their own seat, never another agent\'s', async t => {
  const center = await seatCenter(t);
  const seat = new SeatSession({hubUrl: center.hubUrl, agent: '1001', pin: DEMO_PIN});
  t.teardown(() => seat.stop());
  await seat.start();
  await until(() => seat.state.seat?.state === 'not-ready', '1001 signed in');
  const before = center.switch.acd.snapshot('1001');
  const lead = await rawClient(t, center.addresses.controlUrl);
  lead.send({type: 'hello', id: 'h', role: 'agent', agent: '9001', pin: DEMO_PIN});
  await lead.next(m => m.type === 'welcome', 'welcome');
  // An extra "agent" field is not part of the protocol: the command applies to the sender.
  lead.send({type: 'set-state', id: 's', state: 'break', agent: '1001'});
  await lead.next(m => (m.type === 'ack' || m.type === 'error') && m.ref === 's', 'answer');
  t.is(center.switch.acd.snapshot('9001').state, 'break');
  const after = center.switch.acd.snapshot('1001');
  t.is(after.state, before.state);
  t.is(after.since, before.since);
});
