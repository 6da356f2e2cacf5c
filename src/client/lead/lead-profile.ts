// Who the lead is and who is on the team, asked of the switch: a read-only supervisor hello on
// /control with the lead's id and PIN. The welcome lists every seat (id, name, team), so the
// console needs no config file; a wrong PIN or a non-lead gets the switch's refusal as the error.
import {ControlClient} from '../control-client.ts';
import {centerPolicy} from '../center-policy.ts';
import type {PolicyConfig} from '../../rules/config.ts';

export type LeadProfile = {
  readonly agent: string;
  readonly name: string;
  readonly team: string;
  /** The team's agents (id → name), the lead included. */
  readonly agents: ReadonlyMap<string, string>;
  /** The center's policy from the welcome (defaults when it sent none or a bad one). */
  readonly policy: PolicyConfig;
  /** Why the defaults stand in for the center's policy, when they do. */
  readonly policyWarning?: string;
};

/** `agent` is the lead's id (with `pin`), or a server-issued supervisor token. */
export function fetchLeadProfile(hubUrl: string, agent: string | {readonly token: string}, pin?: string, timeoutMs = 10_000): Promise<LeadProfile> {
  const credentials = typeof agent === 'string' ? {agent, pin: pin ?? ''} : {token: agent.token};
  return new Promise((resolve, reject) => {
    // One hello, one answer: no reconnect.
    const control = new ControlClient({hubUrl, role: 'supervisor', credentials, backoffMs: false});
    const done = (error: Error | undefined, profile?: LeadProfile) => {
      clearTimeout(timer);
      control.removeAllListeners();
      control.stop();
      if (error) reject(error);
      else resolve(profile as LeadProfile);
    };
    const timer = setTimeout(() => done(new Error(`no answer from ${hubUrl}/control within ${timeoutMs} ms`)), timeoutMs);
    control.on('refused', reason => done(new Error(`refused: ${reason}`)));
    control.on('down', ({code, reason, error}) => done(new Error(error
      ? `cannot reach the hub at ${hubUrl}: ${error}`
      : `the switch closed the connection (${code}${reason.length ? `: ${reason}` : ''})`)));
    control.on('message', m => {
      if (m.type === 'error') return done(new Error(`refused: ${m.code}: ${m.message}`));
      if (m.type !== 'welcome') return;
      const agents = new Map(m.seats.filter(s => s.team === m.team).map(s => [s.agent, s.name]));
      agents.set(m.agent, m.name);
      const center = centerPolicy(m.policy);
      done(undefined, {agent: m.agent, name: m.name, team: m.team, agents, policy: center.policy, ...(center.warning ? {policyWarning: center.warning} : {})});
    });
    control.start();
  });
}
