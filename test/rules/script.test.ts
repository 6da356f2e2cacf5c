import test from 'ava';
import {defaultPolicy, PolicyConfig, scriptCatalog, stagePhrases, fillPhrase, phraseSlots, type ScriptStageId} from '../../src/rules/index.ts';

const policy = defaultPolicy();

test('the catalog has every stage of POLICY.md §2, with a gloss per phrase', t => {
  t.is(scriptCatalog.length, 25);
  t.deepEqual(scriptCatalog.map(s => s.id).sort(), Object.keys(policy.script).sort());
  for (const stage of scriptCatalog) {
    const phrases = stagePhrases(stage.id, policy);
    t.is(phrases.length, stage.en.length, stage.id);
    for (const p of phrases) {
      t.not(p.en, p.zh);
      // zh and en name the same slots
      t.deepEqual(phraseSlots(p.en).sort(), [...p.slots].sort(), `${stage.id} ${p.index}`);
    }
  }
});

const phrase = test.macro({
  exec(t, stage: ScriptStageId, index: number, zh: string) {
    t.is(stagePhrases(stage, policy)[index].zh, zh);
  },
  title: (_given, stage, index) => `§2 ${stage} #${index}`,
});

test(phrase, 'ask_name', 1, '请问您怎么称呼?');
test(phrase, 'lookup_too_long', 0, '感谢您的耐心等待');
test(phrase, 'bad_line', 3, '很抱歉,信号不好,请您换一下位置好吗?');
test(phrase, 'before_closing', 0, '请问还有什么可以帮您?');
test(phrase, 'closing', 0, '感谢您的来电,再见。');
test(phrase, 'caller_praises', 0, '不客气,这是我们应该做的。');

test('`*` slots are named placeholders', t => {
  t.deepEqual(stagePhrases('confirm_need', policy)[0].slots, ['topic']);
  t.deepEqual(stagePhrases('found', policy)[0].slots, ['topic', 'answer']);
  t.deepEqual(stagePhrases('transfer', policy)[0].slots, ['department']);
  t.deepEqual(stagePhrases('offer_value_added', policy)[0].slots, ['service']);
});

test('fillPhrase fills named slots and leaves unknown ones visible', t => {
  t.is(fillPhrase('请问您要咨询的是{topic}吗?', {topic: '社保卡补办'}), '请问您要咨询的是社保卡补办吗?');
  t.is(fillPhrase('请问您需要{service}服务吗?我们也提供专业的{service}服务', {service: '家政'}), '请问您需要家政服务吗?我们也提供专业的家政服务');
  t.is(fillPhrase('您查询的{topic}是{answer}', {topic: '营业时间'}), '您查询的营业时间是{answer}');
  t.is(fillPhrase('给您提供{department}号码', {department: ''}), '给您提供{department}号码');
});

test('R-08: promises carried by phrases', t => {
  t.deepEqual(stagePhrases('specialist_off_duty', policy)[0].promise, {kind: 'next_business_day', calendar: 'specialist'});
  t.deepEqual(stagePhrases('outside_service_hours', policy)[0].promise, {kind: 'working_days'});
  t.deepEqual(stagePhrases('service_not_open', policy)[0].promise, {kind: 'open_ended'});
  t.is(stagePhrases('closing', policy)[0].promise, undefined);
});

test('a center rewords a phrase; an extra phrase without a gloss shows its zh text', t => {
  const p = PolicyConfig.parse({script: {closing: ['感谢来电,再见!', '祝您生活愉快,再见。']}});
  const closing = stagePhrases('closing', p);
  t.is(closing[0].zh, '感谢来电,再见!');
  t.is(closing[1].en, '祝您生活愉快,再见。');
  t.is(stagePhrases('ask_name', p)[0].zh, '请问您贵姓?');
});

test('an unknown stage is a TypeError', t => {
  t.throws(() => stagePhrases('nope' as ScriptStageId, policy), {instanceOf: TypeError, message: /unknown script stage "nope"/});
});
