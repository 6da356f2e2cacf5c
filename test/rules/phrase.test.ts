// Phrase slots: the documents' `*` placeholders, named so the seat can fill them.
import test from 'ava';
import {fillPhrase, phraseSlots} from '../../src/rules/phrase.ts';

const slots = test.macro({
  exec(t, phrase: string, expected: string[]) {
    t.deepEqual(phraseSlots(phrase), expected);
  },
  title: (_title, phrase: string) => `slots of "${phrase}"`,
});
test(slots, '您好，{line}，请问有什么可以帮您？', ['line']);
test(slots, 'Transferring you to {department} at {number}; {department} will call back.', ['department', 'number']);
test(slots, 'no slots here', []);
test(slots, 'not a slot: {} {1x} {Upper}', []);

const fill = test.macro({
  exec(t, phrase: string, values: Record<string, string | undefined>, expected: string) {
    t.is(fillPhrase(phrase, values), expected);
  },
  title: (_title, phrase: string, values: Record<string, string | undefined>, expected: string) => `"${phrase}" with ${JSON.stringify(Object.entries(values))} → "${expected}"`,
});
test(fill, '{service} is open until {answer}', {service: 'Billing', answer: '18:00'}, 'Billing is open until 18:00');
test(fill, 'call {department} again: {department}', {department: 'Water'}, 'call Water again: Water');
test(fill, 'about {topic}', {}, 'about {topic}');
test(fill, 'about {topic}', {topic: ''}, 'about {topic}');
test(fill, 'about {topic}', {topic: undefined}, 'about {topic}');
