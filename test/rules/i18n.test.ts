import test from 'ava';
import {nameOf, ruleNames, callStages, scriptCatalog, flagNames, peakActions} from '../../src/rules/index.ts';

test('every rule R-01…R-36 has a zh and an en name', t => {
  const ids = Array.from({length: 36}, (_, i) => `R-${String(i + 1).padStart(2, '0')}`);
  t.deepEqual(Object.keys(ruleNames), ids);
  for (const id of ids) {
    t.not(nameOf(id, 'zh-CN'), id);
    t.not(nameOf(id, 'en'), id);
  }
  t.is(nameOf('R-01', 'zh-CN'), '三声内接起');
  t.is(nameOf('R-01', 'en'), 'Answer within 3 rings');
});

test('stages, script stages, flags and peak actions are named in both languages', t => {
  const keys = [...callStages, ...scriptCatalog.map(s => s.id), ...Object.keys(flagNames), ...peakActions];
  for (const key of keys) {
    t.not(nameOf(key, 'zh-CN'), key, key);
    t.not(nameOf(key, 'en'), key, key);
    t.not(nameOf(key, 'en'), nameOf(key, 'zh-CN'), key);
  }
});

test('an unknown key is shown as itself', t => {
  t.is(nameOf('no_such_thing', 'en'), 'no_such_thing');
});
