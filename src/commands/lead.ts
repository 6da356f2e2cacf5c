// `zuoxi lead --agent ID [--hub ws://HOST:PORT] [--pin PIN] [--lang zh-CN|en] [--config FILE]`:
// the team lead's console (QA, workforce, discipline, post-shift review, reports) on this
// terminal. The PIN comes from --pin, ZUOXI_PIN, or a hidden prompt; the team and its agents
// come from the switch, and so does the center's policy (--config or ./zuoxi.config.json, else
// the defaults, only when the switch sends none).
import process from 'node:process';
import {z} from 'zod';
import {askPin} from './ask-pin.ts';
import {optionalConfig} from './config.ts';
import {HubUrl, LangFlag, chooseLang, type Lang} from './flags.ts';
import {command, UsageError} from './run-command.ts';
import {defaultPolicy} from '../rules/config.ts';
import {fetchLeadProfile} from '../client/lead/lead-profile.ts';
import {runLead} from '../tui/lead/run-lead.tsx';

const usage = `usage: zuoxi lead --agent LEAD_ID [--hub ws://HOST:PORT] [--pin PIN] [--lang zh-CN|en] [--config FILE]

  --agent ID     the lead's agent id
  --hub URL      the center's hub, ws:// wss:// http:// or https:// (default ws://127.0.0.1:7070)
  --pin PIN      better: ZUOXI_PIN in the environment, or type it at the prompt
  --lang         zh-CN or en (default: LC_ALL / LC_MESSAGES / LANG, then the lead's lang in the config, else zh-CN)
  --config FILE  the center's config (default ./zuoxi.config.json when there is one)

Exit status: 0 quit, 1 the hub refused or could not be reached, 2 usage error or no terminal.`;

export const run = command({
  name: 'lead',
  usage,
  options: {hub: {type: 'string'}, agent: {type: 'string'}, pin: {type: 'string'}, lang: {type: 'string'}, config: {type: 'string'}},
  env: {pin: 'ZUOXI_PIN'},
  schema: z.object({
    hub: HubUrl.default('ws://127.0.0.1:7070'),
    agent: z.string().regex(/^\d{3,8}$/, "expected the lead's agent id (3–8 digits)"),
    pin: z.string().min(1).max(64).optional(),
    lang: LangFlag,
    config: z.string().min(1).optional(),
  }),
  async run(flags) {
    let policy = defaultPolicy();
    let configuredLang: Lang | undefined;
    const found = await optionalConfig('lead', flags.config);
    if (typeof found === 'number') return found;
    if (found.config) {
      policy = found.config.policy;
      configuredLang = found.config.agents.find(a => a.id === flags.agent)?.lang;
    }
    const pin = flags.pin ?? (await askPin());
    if (!pin) throw new UsageError('a PIN is needed (--pin, ZUOXI_PIN, or type it at the prompt)');
    let profile;
    try {
      profile = await fetchLeadProfile(flags.hub, flags.agent, pin);
    } catch (error) {
      console.error(`zuoxi lead: ${(error as Error).message}`);
      return 1;
    }
    // Checked once the hub has answered, so a script learns first whether the credentials work.
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      console.error('zuoxi lead: needs a terminal (stdin and stdout must be a TTY)');
      return 2;
    }
    // The switch's policy is the center's (what it enforces); the local file only stands in for an
    // older switch that sends none.
    if (profile.policyWarning) console.error(`zuoxi lead: ${profile.policyWarning}${found.file ? ` (using ${found.file} instead)` : ''}`);
    else policy = profile.policy;
    const lang = chooseLang(flags.lang, configuredLang);
    const code = await runLead({hubUrl: flags.hub, agent: profile.agent, name: profile.name, pin, team: profile.team, agents: profile.agents, policy, lang, stdin: process.stdin, stdout: process.stdout});
    if (profile.policyWarning) console.error(`zuoxi lead: ${profile.policyWarning}`);
    return code;
  },
});
