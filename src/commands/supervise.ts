// `zuoxi supervise --hub ws://HOST:PORT --agent LEAD_ID [--pin PIN] [--lang zh-CN|en]`: the
// team lead's read-only wallboard on this terminal. The PIN comes from --pin, ZUOXI_PIN, or a
// hidden prompt. The same wallboard is what the SSH gateway serves (server/ssh).
import process from 'node:process';
import {parseArgs} from 'node:util';
import {z} from 'zod';
import {askPin} from './ask-pin.ts';
import {runWallboard} from '../tui/wallboard/run-wallboard.tsx';
import {fetchLeadProfile} from '../client/lead/lead-profile.ts';

export {runWallboard};

const Flags = z.object({
  hub: z.string().regex(/^(ws|wss|http|https):\/\/[^\s/]+/, 'expected ws://HOST:PORT').default('ws://127.0.0.1:7070'),
  agent: z.string().regex(/^\d{3,8}$/, 'expected the lead\'s agent id (3–8 digits)').optional(),
  pin: z.string().min(1).max(64).optional(),
  token: z.string().min(1).max(128).optional(),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
});

const usage = 'usage: zuoxi supervise --hub ws://HOST:PORT --agent LEAD_ID [--pin PIN] [--lang zh-CN|en]';

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({values} = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        hub: {type: 'string'},
        agent: {type: 'string'},
        pin: {type: 'string'},
        token: {type: 'string'},
        lang: {type: 'string'},
        help: {type: 'boolean', short: 'h'},
      },
    }));
  } catch (error) {
    console.error(`zuoxi supervise: ${(error as Error).message}\n${usage}`);
    return 1;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const parsed = Flags.safeParse({...values, pin: values.pin ?? process.env.ZUOXI_PIN});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.error(`zuoxi supervise: --${issue.path.join('.')}: ${issue.message}\n${usage}`);
    return 1;
  }
  const flags = parsed.data;
  let credentials;
  if (flags.token) credentials = {token: flags.token};
  else {
    if (!flags.agent) {
      console.error(`zuoxi supervise: --agent: the lead's agent id is required\n${usage}`);
      return 1;
    }
    const pin = flags.pin ?? await askPin();
    if (!pin) {
      console.error('zuoxi supervise: --pin: a PIN is required (--pin, ZUOXI_PIN or the prompt)');
      return 1;
    }
    credentials = {agent: flags.agent, pin};
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    console.error('zuoxi supervise: needs a terminal (stdin and stdout must be a TTY)');
    return 1;
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
  const handle = runWallboard({hubUrl: flags.hub, credentials, lang: flags.lang, policy: profile.policy, stdin: process.stdin, stdout: process.stdout});
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
}
