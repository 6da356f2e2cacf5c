// The lead console follows the center's day (injected clock, real hub): past midnight it opens
// the new day's floor documents, but only once the lead's own edits are on the hub's disk.
import test from 'ava';
import {DEMO_PIN} from '../../src/config.ts';
import {defaultPolicy} from '../../src/rules/config.ts';
import {localTime} from '../../src/rules/calendar.ts';
import {CallLog} from '../../src/sync/call-log.ts';
import {LeadLink} from '../../src/client/lead/lead-link.ts';
import {LeadDays} from '../../src/client/lead/lead-days.ts';
import {startHub} from '../sync/helpers.ts';

test('at midnight the console moves to the new day once nothing the lead wrote is unsaved', async t => {
  const {hub, url} = await startHub(t);
  const policy = defaultPolicy();
  let clock = Date.UTC(2026, 10, 30, 15, 59); // 23:59 on 30 November, center time (UTC+8)
  const agents = new Map([['1001', '张敏'], ['9001', '班长 林']]);
  const opened: string[] = [];
  const days = new LeadDays({
    clock: () => clock, dayOf: ms => localTime(ms, policy).date, checkEveryMs: 0,
    open: day => {
      opened.push(day);
      const link = new LeadLink({hubUrl: url.replace(/\/sync$/, ''), agent: '9001', pin: DEMO_PIN, team: 'a', month: day.slice(0, 7), day, agents, policy, clock: () => clock});
      return {day, link, close: () => link.close()};
    },
  });
  t.teardown(() => days.close());
  const first = days.current.link;
  await first.whenSynced(5000);
  t.false(days.check(), 'not yet midnight');

  clock = Date.UTC(2026, 10, 30, 16, 0, 5); // 00:00:05 on 1 December
  // An edit the hub has not yet confirmed holds the console on the old day.
  first.roster.recordMeeting({date: '2026-11-30', chair: '9001', at: clock, present: ['1001']});
  t.is(first.status().unsaved, 1);
  t.false(days.check());
  t.is(days.current.day, '2026-11-30');
  await first.whenSaved(5000);
  let changed = 0;
  days.onChange(() => changed++);
  t.true(days.check());
  t.is(changed, 1);
  t.deepEqual(opened, ['2026-11-30', '2026-12-01']);
  t.is(days.current.day, '2026-12-01');

  // The new link reads the new day's floor, and the new month's lead documents.
  const link = days.current.link;
  await link.whenSynced(5000);
  const today = new CallLog(await hub.openDoc('calls/a/2026-12-01'));
  t.teardown(() => hub.release('calls/a/2026-12-01'));
  today.writeFacts({callId: 'n1', direction: 'inbound', caller: '13800000001', queue: 'main', team: 'a', arrivedAt: clock});
  await link.whenSynced(5000);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the new day\'s call did not arrive')), 5000);
    const check = () => {
      if (!link.calls.has('n1')) return;
      clearTimeout(timer);
      off();
      resolve();
    };
    const off = link.onChange(check);
    check();
  });
  t.deepEqual(link.roster.meetings(), [], 'December\'s roster is a new document');
  t.true(hub.loaded.includes('roster/a/2026-12'));
});
