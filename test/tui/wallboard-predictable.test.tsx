// R-17 on the wallboard: a predictable peak declared in the policy turns the mode line on at its
// first instant, with the campaign's name, and off at its end — fed from the policy and the clock.
import test from 'ava';
import {renderToString} from 'ink';
import {PolicyConfig} from '../../src/rules/config.ts';
import {FloorModel} from '../../src/client/floor/floor-model.ts';
import {Wallboard} from '../../src/tui/wallboard/Wallboard.tsx';
import {clockAt, MIN, seat, T0} from '../client/floor-fixture.ts';

const from = T0 + 10 * MIN;
const to = T0 + 20 * MIN;
const policy = PolicyConfig.parse({peak: {predictable: [{name: '医保登记', from: new Date(from).toISOString(), to: new Date(to).toISOString()}]}});

function frame(model: FloorModel, lang: 'en' | 'zh-CN'): string {
  return renderToString(<Wallboard view={model.view()} detailOf={a => model.detail(a)} lang={lang} columns={200} rows={50} />, {columns: 200});
}

test('R-17 mode with the campaign name from its first instant to its end', t => {
  const clock = clockAt();
  const model = new FloorModel({policy, now: clock.now});
  model.apply({type: 'welcome', agent: '9001', name: '班长 林', team: 'a', role: 'supervisor', trainee: false, phoneMode: 'auto-answer', now: T0, seats: [seat(0), seat(1)]});
  clock.set(from - 1);
  t.false(model.view().predictablePeak);
  t.regex(frame(model, 'en'), /R-17: normal operation/);
  clock.set(from);
  t.like(model.view(), {predictablePeak: true, predictablePeakName: '医保登记'});
  t.regex(frame(model, 'en'), /R-17 医保登记: no leave, ≤ 2 agents on callbacks/);
  t.regex(frame(model, 'zh-CN'), /R-17 可预见高峰「医保登记」:不批假,外呼回访≤2人/);
  clock.set(to);
  t.false(model.view().predictablePeak);
  t.regex(frame(model, 'en'), /R-17: normal operation/);
});
