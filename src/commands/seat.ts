// zuoxi seat --agent ID [--hub ws://127.0.0.1:7070] [--pin PIN] [--lang zh-CN|en] [--data DIR]
// The PIN may come from ZUOXI_PIN instead of argv (or be typed at the sign-in screen).
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {z} from 'zod';
import {HubUrl, LangFlag, localeLang} from './flags.ts';
import {command} from './run-command.ts';

const usage = `usage: zuoxi seat --agent ID [--hub ws://127.0.0.1:7070] [--pin PIN] [--lang zh-CN|en] [--data DIR]

  --agent ID   your agent id (asked at the sign-in screen when absent)
  --hub URL    the center's hub, ws:// wss:// http:// or https:// (default ws://127.0.0.1:7070)
  --pin PIN    better: ZUOXI_PIN in the environment, or type it at the sign-in screen
  --lang       zh-CN or en (default: LC_ALL / LC_MESSAGES / LANG, else zh-CN)
  --data DIR   where the seat keeps its day files (default $XDG_STATE_HOME/zuoxi/seat,
               i.e. ~/.local/state/zuoxi/seat)`;

/** The seat's state directory per the XDG base directory spec (state that survives restarts). */
export function seatStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state'), 'zuoxi', 'seat');
}

export const run = command({
  name: 'seat',
  usage,
  options: {agent: {type: 'string'}, hub: {type: 'string'}, pin: {type: 'string'}, lang: {type: 'string'}, data: {type: 'string'}},
  env: {pin: 'ZUOXI_PIN'},
  schema: z.object({
    agent: z.string().regex(/^\d{3,8}$/, 'expected 3–8 digits').optional(),
    hub: HubUrl.default('ws://127.0.0.1:7070'),
    pin: z.string().min(1).max(64).optional(),
    lang: LangFlag,
    data: z.string().min(1).default(() => seatStateDir()),
  }),
  async run(flags) {
    if (!process.stdin.isTTY) {
      console.error('zuoxi seat: needs a terminal (stdin is not a TTY)');
      return 2;
    }
    // React's development build costs the seat several times the CPU and memory of the production
    // one (idle re-renders every second); set before React is first loaded.
    process.env.NODE_ENV ??= 'production';
    const {runSeat} = await import('../tui/run-seat.tsx');
    // Undecided (a C/POSIX locale) stays undefined: the seat's own default applies.
    const lang = flags.lang ?? localeLang();
    return runSeat({
      hubUrl: flags.hub, agent: flags.agent, pin: flags.pin, lang, dataDir: flags.data,
      stdin: process.stdin, stdout: process.stdout,
    });
  },
});
