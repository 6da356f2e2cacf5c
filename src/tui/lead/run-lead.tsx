// Starts the lead console on the given streams (the CLI passes the process's; tests and an
// SSH session can pass others): links to the hub, renders, resolves when the lead quits.
import {render} from 'ink';
import type {PolicyConfig} from '../../rules/config.ts';
import {localTime} from '../../rules/calendar.ts';
import {LeadApp} from './LeadApp.tsx';
import {leadActions} from './lead-actions.ts';
import {LeadLink} from './lead-link.ts';
import {FloorBreaks} from './floor-breaks.ts';
import {useLeadData} from './use-lead-data.ts';
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

function Console({link, options, day}: {readonly link: LeadLink; readonly options: RunLeadOptions; readonly day: string}) {
  const clock = options.clock ?? Date.now;
  const {data, status} = useLeadData(link, {day, policy: options.policy, clock, lead: options.agent});
  const actions = leadActions(link, {lead: options.agent, day, policy: options.policy, clock, lang: options.lang});
  return (
    <LeadApp data={data} status={status} actions={actions} who={`${options.agent} ${options.name}`} lang={options.lang}
      utcOffsetMinutes={options.policy.calendars.utcOffsetMinutes} columns={options.stdout.columns || 80} rows={options.stdout.rows || 24} />
  );
}

export async function runLead(options: RunLeadOptions): Promise<number> {
  const clock = options.clock ?? Date.now;
  const {date: day} = localTime(clock(), options.policy);
  const link = new LeadLink({hubUrl: options.hubUrl, agent: options.agent, pin: options.pin, team: options.team, month: day.slice(0, 7), day, agents: options.agents, policy: options.policy, clock});
  // breaks and meals as the floor shows them go into the roster.
  const breaks = new FloorBreaks({hubUrl: options.hubUrl, agent: options.agent, pin: options.pin, roster: link.roster, policy: options.policy, clock});
  const instance = render(<Console link={link} options={options} day={day} />, {stdin: options.stdin, stdout: options.stdout, exitOnCtrlC: false, patchConsole: false});
  try {
    await instance.waitUntilExit();
  } finally {
    breaks.close();
    link.close();
  }
  return 0;
}
