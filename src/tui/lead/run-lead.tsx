// Starts the lead console on the given streams (the CLI passes the process's; tests and an
// SSH session can pass others): links to the hub, renders, resolves when the lead quits.
import {useEffect, useState} from 'react';
import {render} from 'ink';
import type {PolicyConfig} from '../../rules/config.ts';
import {localTime} from '../../rules/calendar.ts';
import {LeadApp} from './LeadApp.tsx';
import {leadActions} from './lead-actions.ts';
import {LeadLink} from '../../client/lead/lead-link.ts';
import {FloorBreaks} from '../../client/lead/floor-breaks.ts';
import {LeadDays} from '../../client/lead/lead-days.ts';
import {LeadFloor} from '../../client/lead/lead-floor.ts';
import {useLeadData} from './use-lead-data.ts';
import {useLeadFloor} from './use-lead-floor.ts';
import type {Lang} from './i18n.ts';

export type RunLeadOptions = {
  readonly hubUrl: string;
  readonly agent: string;
  readonly name: string;
  readonly pin: string;
  readonly team: string;
  /** The team's agents (id → name), the lead included. */
  readonly agents: ReadonlyMap<string, string>;
  readonly policy: PolicyConfig;
  readonly lang?: Lang;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly clock?: () => number;
};

function Console({link, floor, options, day}: {readonly link: LeadLink; readonly floor: LeadFloor; readonly options: RunLeadOptions; readonly day: string}) {
  const clock = options.clock ?? Date.now;
  const {data, status} = useLeadData(link, {day, policy: options.policy, clock, lead: options.agent});
  const live = useLeadFloor(floor);
  const actions = leadActions(link, {lead: options.agent, day, policy: options.policy, clock, lang: options.lang});
  return (
    <LeadApp data={data} status={status} actions={actions} who={`${options.agent} ${options.name}`} lang={options.lang}
      utcOffsetMinutes={options.policy.calendars.utcOffsetMinutes} columns={options.stdout.columns || 80} rows={options.stdout.rows || 24} live={live} />
  );
}

/** The console of the current day: at the center's midnight it moves to the new day's documents. */
function Days({days, floor, options}: {readonly days: LeadDays; readonly floor: LeadFloor; readonly options: RunLeadOptions}) {
  const [current, setCurrent] = useState(days.current);
  useEffect(() => days.onChange(() => setCurrent(days.current)), [days]);
  return <Console key={current.day} link={current.link} floor={floor} options={options} day={current.day} />;
}

export async function runLead(options: RunLeadOptions): Promise<number> {
  const clock = options.clock ?? Date.now;
  // One /control link for the console's life: the live floor (listen-in) and the R-23 breaks share it.
  const floor = new LeadFloor({hubUrl: options.hubUrl, agent: options.agent, pin: options.pin, team: options.team});
  const days = new LeadDays({
    clock, dayOf: ms => localTime(ms, options.policy).date,
    open: day => {
      const link = new LeadLink({hubUrl: options.hubUrl, agent: options.agent, pin: options.pin, team: options.team, month: day.slice(0, 7), day, agents: options.agents, policy: options.policy, clock});
      // breaks and meals as the floor shows them go into the roster.
      const breaks = new FloorBreaks({hubUrl: options.hubUrl, agent: options.agent, pin: options.pin, roster: link.roster, policy: options.policy, clock, control: floor.control});
      return {day, link, close: () => {
        breaks.close();
        link.close();
      }};
    },
  });
  const instance = render(<Days days={days} floor={floor} options={options} />, {stdin: options.stdin, stdout: options.stdout, exitOnCtrlC: false, patchConsole: false});
  try {
    await instance.waitUntilExit();
  } finally {
    days.close();
    floor.close();
  }
  return 0;
}
