// `zuoxi recording CALL_ID --out FILE.wav`: the team's lead gets the call's stereo WAV from the
// center over HTTP (caller left, agent right, decoded and checked); an agent, a wrong PIN and
// another team's lead are refused, and bad flags are clear errors.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {DEMO_PIN} from '../../src/config.ts';
import {run} from '../../src/commands/recording.ts';
import {dominantTone} from '../../server/media/tone.ts';
import {decodeWav} from '../../server/media/wav.ts';
import {runCaptured} from '../lead/helpers.ts';
import {tempDir} from '../sip/helpers.ts';
import {AGENT, CALLER, fixture, recordedCall, TONES} from './media-fixture.ts';

async function withPin<T>(pin: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.ZUOXI_PIN;
  process.env.ZUOXI_PIN = pin;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.ZUOXI_PIN;
    else process.env.ZUOXI_PIN = before;
  }
}

test.serial('zuoxi recording: the lead exports the stereo WAV; agents, wrong PINs and another team\'s lead are refused', async t => {
  const f = await fixture(t, {}, {edit: config => {
    const lead = config.agents.find(a => a.id === '9001')!;
    config.agents.push({...lead, id: '9002', name: '班长 王', team: 'b', phone: {...lead.phone, user: '9002'}});
  }});
  const callId = await recordedCall(t, f);
  const hub = `ws://127.0.0.1:${f.center.addresses.hub.port}`;
  const out = path.join(tempDir(t), 'call.wav');
  const runAs = (agent: string, pin = DEMO_PIN, more: string[] = []) => withPin(pin, () => runCaptured(run, [callId, '--out', out, '--agent', agent, '--hub', hub, ...more]));

  const agent = await runAs('1001');
  t.is(agent.code, 3, 'refused credentials');
  t.regex(agent.stderr, /refused \(403\): only a team lead exports recordings/);
  const wrong = await runAs('9001', '0000');
  t.regex(wrong.stderr, /refused \(401\): wrong agent id or PIN/);
  const other = await runAs('9002');
  t.regex(other.stderr, new RegExp(`refused \\(404\\): no call ${callId} among team b's records`));
  t.false(fs.existsSync(out), 'nothing written when refused');

  const ok = await runAs('9001');
  t.is(ok.code, 0, ok.stderr);
  const [left, right] = decodeWav(fs.readFileSync(out)).channels;
  const middle = (c: Int16Array) => c.subarray(8 * 300, c.length - 8 * 300);
  t.is(dominantTone(middle(left), TONES), CALLER, 'caller on the left');
  t.is(dominantTone(middle(right), TONES), AGENT, 'agent on the right');

  const missing = await withPin(DEMO_PIN, () => runCaptured(run, ['no-such-call', '--out', out, '--agent', '9001', '--hub', hub]));
  t.regex(missing.stderr, /refused \(404\): no call no-such-call among team a's records/);
});

test('zuoxi recording: bad flags are clear errors', async t => {
  const cases: Array<[string[], RegExp]> = [
    [[], /missing CALL_ID/],
    [['c1'], /--out is required/],
    [['c1', '--out', 'x.wav'], /--agent is required/],
    [['c1', '--out', 'x.wav', '--agent', 'lead'], /--agent: expected the lead's agent id/],
    [['c1', '--out', 'x.wav', '--agent', '9001', '--day', 'today'], /--day: expected YYYY-MM-DD/],
    [['c1', '--out', 'x.wav', '--agent', '9001', '--hub', 'ftp://x'], /--hub: expected ws:\/\/HOST:PORT/],
    [['c1', '--bogus'], /Unknown option '--bogus'/],
  ];
  for (const [args, message] of cases) {
    const result = await runCaptured(run, args);
    t.is(result.code, 2, args.join(' '));
    t.regex(result.stderr, message);
  }
});
