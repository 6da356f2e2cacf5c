// zuoxi seat --agent ID [--hub ws://127.0.0.1:7070] [--pin PIN] [--lang zh-CN|en] [--data DIR]
import process from 'node:process';
import {parseArgs} from 'node:util';
import {z} from 'zod';

const Flags = z.object({
  agent: z.string().regex(/^\d{3,8}$/, 'expected 3–8 digits').optional(),
  hub: z.string().regex(/^wss?:\/\/[^\s/]+(\/.*)?$/, 'expected ws://HOST:PORT').default('ws://127.0.0.1:7070'),
  pin: z.string().min(1).max(64).optional(),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  data: z.string().min(1).default('.data/seat'),
});

const usage = 'usage: zuoxi seat --agent ID [--hub ws://127.0.0.1:7070] [--pin PIN] [--lang zh-CN|en] [--data DIR]';

export async function run(args: string[]): Promise<number> {
  let values: Record<string, unknown>;
  try {
    ({values} = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        agent: {type: 'string'}, hub: {type: 'string'}, pin: {type: 'string'}, lang: {type: 'string'}, data: {type: 'string'},
        help: {type: 'boolean', short: 'h'},
      },
    }));
  } catch (error) {
    console.error(`zuoxi seat: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const parsed = Flags.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`zuoxi seat: --${issue.path.join('.')}: ${issue.message}`);
    console.error(usage);
    return 2;
  }
  if (!process.stdin.isTTY) {
    console.error('zuoxi seat: needs a terminal (stdin is not a TTY)');
    return 2;
  }
  const flags = parsed.data;
  // React's development build costs the seat several times the CPU and memory of the production
  // one (idle re-renders every second); set before React is first loaded.
  process.env.NODE_ENV ??= 'production';
  const {runSeat} = await import('../tui/run-seat.tsx');
  return runSeat({
    hubUrl: flags.hub, agent: flags.agent, pin: flags.pin, lang: flags.lang, dataDir: flags.data,
    stdin: process.stdin, stdout: process.stdout,
  });
}
