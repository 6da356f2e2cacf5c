// `zuoxi supervise --hub ws://HOST:PORT --agent LEAD_ID [--pin PIN] [--lang zh-CN|en]`: the
// team lead's read-only wallboard on this terminal. The PIN comes from --pin, ZUOXI_PIN, or a
// hidden prompt. The same wallboard is what the SSH gateway serves (server/ssh).
import process from 'node:process';
import {z} from 'zod';
import {askPin} from './ask-pin.ts';
import {HubUrl, LangFlag, chooseLang} from './flags.ts';
import {command, UsageError} from './run-command.ts';
import {runWallboard} from '../tui/wallboard/run-wallboard.tsx';
import {fetchLeadProfile} from '../client/lead/lead-profile.ts';

export {runWallboard};

const usage = `usage: zuoxi supervise --hub ws://HOST:PORT --agent LEAD_ID [--pin PIN] [--lang zh-CN|en]

  --hub URL       the center's hub, ws:// wss:// http:// or https:// (default ws://127.0.0.1:7070)
  --agent ID      the lead's agent id
  --pin PIN       better: ZUOXI_PIN in the environment, or type it at the prompt
  --token T       a supervisor token issued by the server, instead of --agent and a PIN
  --lang          zh-CN or en (default: LC_ALL / LC_MESSAGES / LANG, else zh-CN)

Exit status: 0 quit, 2 usage error or no terminal, 3 the hub refused the lead.`;

export const run = command({
  name: 'supervise',
  usage,
  options: {hub: {type: 'string'}, agent: {type: 'string'}, pin: {type: 'string'}, token: {type: 'string'}, lang: {type: 'string'}},
  env: {pin: 'ZUOXI_PIN'},
  schema: z.object({
    hub: HubUrl.default('ws://127.0.0.1:7070'),
    agent: z.string().regex(/^\d{3,8}$/, 'expected the lead\'s agent id (3–8 digits)').optional(),
    pin: z.string().min(1).max(64).optional(),
    token: z.string().min(1).max(128).optional(),
    lang: LangFlag,
  }),
  async run(flags) {
    const lang = chooseLang(flags.lang);
    let credentials;
    if (flags.token) credentials = {token: flags.token};
    else {
      if (!flags.agent) throw new UsageError('--agent: the lead\'s agent id is required');
      const pin = flags.pin ?? await askPin();
      if (!pin) throw new UsageError('--pin: a PIN is required (--pin, ZUOXI_PIN or the prompt)');
      credentials = {agent: flags.agent, pin};
    }
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      console.error('zuoxi supervise: needs a terminal (stdin and stdout must be a TTY)');
      return 2;
    }

    // The wall runs on the center's policy (ACW and break limits, R-18 levels, masking), asked of
    // the switch before the screen opens, so a refusal is also a plain message here.
    let profile;
    try {
      profile = await fetchLeadProfile(flags.hub, 'token' in credentials ? {token: credentials.token} : credentials.agent, 'pin' in credentials ? credentials.pin : undefined);
    } catch (error) {
      const message = (error as Error).message;
      console.error(`zuoxi supervise: ${message.startsWith('refused: ') ? `the hub refused the lead: ${message.slice(9)}` : message}`);
      return 3;
    }
    if (profile.policyWarning) console.error(`zuoxi supervise: ${profile.policyWarning}`);
    const handle = runWallboard({hubUrl: flags.hub, credentials, lang, policy: profile.policy, stdin: process.stdin, stdout: process.stdout});
    const onResize = () => handle.resize(process.stdout.columns, process.stdout.rows);
    process.stdout.on('resize', onResize);
    const result = await handle.done;
    process.stdout.off('resize', onResize);
    if (profile.policyWarning) console.error(`zuoxi supervise: ${profile.policyWarning}`);
    if (result.refused) {
      console.error(`zuoxi supervise: the hub refused the lead: ${result.refused}`);
      return 3;
    }
    return 0;
  },
});
