// /metrics on the hub port as Prometheus scrapes it (prom-client): HELP and TYPE, base units,
// a call counted once by queue and outcome, histograms, Node's process metrics, and the
// optional bearer token.
import test from 'ava';
import {startCenter} from '../../server/center.ts';
import {answeredCall, freePort, tempDir, testConfig} from './helpers.ts';

test('a call answered and ended shows in /metrics: counted once, its wait in the histogram', async t => {
  const config = testConfig(tempDir(t), 1);
  const sipPort = await freePort();
  const center = await startCenter(config, {sipPort, hubPort: 0, controlPort: 0, hubHost: '127.0.0.1'});
  t.teardown(() => center.close());
  const scrape = async () => (await fetch(`http://127.0.0.1:${center.addresses.hub.port}/metrics`)).text();
  const before = await scrape();
  t.regex(before, /^# HELP zuoxi_queue_waiting .+$/m);
  t.regex(before, /^zuoxi_queue_waiting\{queue="main"\} 0$/m);
  t.regex(before, /^zuoxi_agents\{state="offline"\} 2$/m);
  t.regex(before, /^zuoxi_phones_registered 0$/m);
  t.regex(before, /^zuoxi_hub_storage_ok 1$/m);
  t.regex(before, /^# TYPE process_cpu_seconds_total counter$/m);
  t.regex(before, /^# TYPE zuoxi_engine_sip_messages_in_total counter$/m);
  t.notRegex(before, /_ms\b/, 'base units: no milliseconds');

  const call = await answeredCall(t, center, sipPort);
  t.is(call.callerCode, 0);
  let text = '';
  const deadline = Date.now() + 5000;
  while (!/zuoxi_calls_total\{/.test(text) && Date.now() < deadline) {
    text = await scrape();
    await new Promise(r => setTimeout(r, 50));
  }
  t.regex(text, /^zuoxi_calls_total\{queue="main",direction="inbound",outcome="answered"\} 1$/m);
  t.regex(text, /^zuoxi_queue_wait_seconds_count\{queue="main"\} 1$/m);
  t.regex(text, /^zuoxi_queue_wait_seconds_bucket\{le="\+Inf",queue="main"\} 1$/m);
  t.regex(text, /^zuoxi_engine_answer_seconds_count [1-9]\d*$/m);
  t.regex(text, /^zuoxi_phones_registered 1$/m);
  t.regex(text, /^zuoxi_engine_sip_requests_received_total\{method="INVITE"\} [1-9]/m);
  t.regex(text, /^zuoxi_engine_sip_requests_received_total\{method="REGISTER"\} [1-9]/m);
  t.regex(text, /^zuoxi_engine_sip_responses_received_total\{class="2xx"\} [1-9]/m);
  // Scraped again, the call is not counted twice.
  t.regex(await scrape(), /^zuoxi_calls_total\{queue="main",direction="inbound",outcome="answered"\} 1$/m);
});

test('with metricsToken, /metrics needs the bearer token', async t => {
  const token = 'scrape-me-please-0123';
  const center = await startCenter({...testConfig(tempDir(t), 1), metricsToken: token}, {sipPort: await freePort(), hubPort: 0, controlPort: 0, hubHost: '127.0.0.1'});
  t.teardown(() => center.close());
  const url = `http://127.0.0.1:${center.addresses.hub.port}/metrics`;
  t.is((await fetch(url)).status, 401);
  t.is((await fetch(url, {headers: {authorization: 'Bearer wrong-token-guess-000'}})).status, 401);
  const ok = await fetch(url, {headers: {authorization: `Bearer ${token}`}});
  t.is(ok.status, 200);
  t.regex(await ok.text(), /zuoxi_queue_waiting/);
});
