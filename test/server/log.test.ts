// The center logger's two forms: JSON lines for a service, one readable line on a terminal.
import {PassThrough} from 'node:stream';
import test from 'ava';
import {componentLog, createLogger} from '../../server/log.ts';

function capture(pretty: boolean) {
  const out = new PassThrough();
  let text = '';
  out.on('data', d => {
    text += d;
  });
  const logger = createLogger({level: 'info', destination: out, pretty});
  return {logger, text: () => text};
}

test('entries, hub events and SSH lines come out as one JSON format with the component', async t => {
  const {logger, text} = capture(false);
  componentLog(logger, 'switch')({level: 'warn', msg: 'SIP authentication failed', source: '127.0.0.1', time: 'dropped'});
  componentLog(logger, 'hub')({level: 'error', message: 'disk full', doc: 'calls/a/2026-12-03'});
  componentLog(logger, 'ssh')('{"level":"warn","msg":"ssh: refused key","source":"10.0.0.9"}');
  componentLog(logger, 'ssh')('ssh: wallboard gateway on 127.0.0.1:2222');
  componentLog(logger, 'engine')({level: 'debug', msg: 'not shown at info'});
  await new Promise(r => setImmediate(r));
  const lines = text().trim().split('\n').map(l => JSON.parse(l) as Record<string, unknown>);
  t.is(lines.length, 4);
  t.like(lines[0], {level: 'warn', component: 'switch', msg: 'SIP authentication failed', source: '127.0.0.1'});
  t.regex(String(lines[0]!.time), /^\d{4}-\d\d-\d\dT/, 'pino stamps the time; the component\'s own is dropped');
  t.like(lines[1], {level: 'error', component: 'hub', msg: 'disk full', doc: 'calls/a/2026-12-03'});
  t.like(lines[2], {level: 'warn', component: 'ssh', msg: 'ssh: refused key', source: '10.0.0.9'});
  t.like(lines[3], {level: 'info', component: 'ssh', msg: 'ssh: wallboard gateway on 127.0.0.1:2222'});
});

test('on a terminal: time, level, component, message and fields on one line', async t => {
  const {logger, text} = capture(true);
  componentLog(logger, 'auth')({level: 'warn', msg: 'sign-in refused', agent: '1001', reason: 'wrong-pin'});
  await new Promise(r => setImmediate(r));
  t.regex(text(), /^\d\d:\d\d:\d\d .*WARN.* auth +sign-in refused {2}agent=1001 reason=wrong-pin\n$/);
});
