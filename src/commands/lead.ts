// `zuoxi lead --agent ID [--hub ws://HOST:PORT] [--pin PIN] [--lang zh-CN|en] [--config FILE]`:
// the team lead's console (QA, workforce, discipline, post-shift review, reports) on this
// terminal. The PIN comes from --pin, ZUOXI_PIN, or a hidden prompt; the team and its agents
// come from the switch, and so does the center's policy (--config or ./zuoxi.config.json, else
// the defaults, only when the switch sends none).
import fs from 'node:fs/promises';
import process from 'node:process';
import {parseArgs} from 'node:util';
import {z} from 'zod';
import {askPin} from './ask-pin.ts';
import {loadConfigFile} from './config.ts';
import {defaultPolicy} from '../rules/config.ts';
import {fetchLeadProfile} from '../client/lead/lead-profile.ts';
import {runLead} from '../tui/lead/run-lead.tsx';

const usage = 'usage: zuoxi lead --agent LEAD_ID [--hub ws://HOST:PORT] [--pin PIN] [--lang zh-CN|en] [--config FILE]';

const Flags = z.object({
  hub: z.string().regex(/^(ws|wss):\/\/[^\s/]+/, 'expected ws://HOST:PORT').default('ws://127.0.0.1:7070'),
  agent: z.string({error: 'is required'}).regex(/^\d{3,8}$/, "expected the lead's agent id (3–8 digits)"),
  pin: z.string().min(1).max(64).optional(),
  lang: z.enum(['zh-CN', 'en'], {error: 'expected zh-CN or en'}).default('zh-CN'),
  config: z.string().min(1).optional(),
});

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({values} = parseArgs({args, strict: true, allowPositionals: false, options: {
      hub: {type: 'string'}, agent: {type: 'string'}, pin: {type: 'string'}, lang: {type: 'string'}, config: {type: 'string'}, help: {type: 'boolean', short: 'h'},
    }}));
  } catch (error) {
    console.error(`zuoxi lead: ${(error as Error).message}\n${usage}`);
    return 1;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const parsed = Flags.safeParse({...values, pin: values.pin ?? process.env.ZUOXI_PIN});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`zuoxi lead: --${issue.path.join('.')}: ${issue.message.replace(/^Invalid input: /, '')}`);
    console.error(usage);
    return 1;
  }
  const flags = parsed.data;
  let policy = defaultPolicy();
  const configFile = flags.config ?? (await fs.access('zuoxi.config.json').then(() => 'zuoxi.config.json', () => undefined));
  if (configFile) {
    const loaded = await loadConfigFile(configFile);
    if (!loaded.ok) {
      console.error(`zuoxi lead: ${loaded.error}`);
      for (const p of loaded.problems) console.error(`  ${p.path}: ${p.message}`);
      return 1;
    }
    policy = loaded.config.policy;
  }
  const pin = flags.pin ?? (await askPin());
  if (!pin) {
    console.error('zuoxi lead: a PIN is needed (--pin, ZUOXI_PIN, or type it at the prompt)');
    return 1;
  }
  let profile;
  try {
    profile = await fetchLeadProfile(flags.hub, flags.agent, pin);
  } catch (error) {
    console.error(`zuoxi lead: ${(error as Error).message}`);
    return 1;
  }
  // The switch's policy is the center's (what it enforces); the local file only stands in for an
  // older switch that sends none.
  if (profile.policyWarning) console.error(`zuoxi lead: ${profile.policyWarning}${configFile ? ` (using ${configFile} instead)` : ''}`);
  else policy = profile.policy;
  const code = await runLead({hubUrl: flags.hub, agent: profile.agent, name: profile.name, pin, team: profile.team, agents: profile.agents, policy, lang: flags.lang, stdin: process.stdin, stdout: process.stdout});
  if (profile.policyWarning) console.error(`zuoxi lead: ${profile.policyWarning}`);
  return code;
}
