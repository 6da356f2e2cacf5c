// One structured logger for a whole center (pino): JSON lines with time, level, component and
// message — or, on a terminal, one readable line each. Components keep their own small log
// callbacks (an entry object, a hub event, an SSH line); `componentLog` turns any of them into
// a child logger's call, so the engine's, the switch's, the hub's, media's and SSH's lines all
// come out in one format and at one level setting (--log-level / ZUOXI_LOG_LEVEL).
import type {Writable} from 'node:stream';
import pino from 'pino';

export const logLevels = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevelName = typeof logLevels[number];
export type Component = 'center' | 'engine' | 'switch' | 'hub' | 'auth' | 'media' | 'ssh';
export type LogEntry = Record<string, unknown>;
export type Logger = pino.Logger;

const levelColours: Record<string, string> = {error: '\x1b[31m', warn: '\x1b[33m', info: '\x1b[36m', debug: '\x1b[90m'};

/** pino's JSON lines as one readable line each (the terminal form). */
export function prettyStream(out: Pick<Writable, 'write'>, colour: boolean): {write(line: string): void} {
  return {
    write(line: string) {
      let entry: LogEntry;
      try {
        entry = JSON.parse(line) as LogEntry;
      } catch {
        out.write(line);
        return;
      }
      const {time, level, component, msg, pid: _pid, hostname: _host, ...rest} = entry;
      const label = String(level);
      const clock = new Date(typeof time === 'string' ? time : Date.now()).toTimeString().slice(0, 8);
      const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
      const head = colour ? `${levelColours[label] ?? ''}${label.toUpperCase().padEnd(5)}\x1b[0m` : label.toUpperCase().padEnd(5);
      out.write(`${clock} ${head} ${String(component ?? '-').padEnd(6)} ${String(msg ?? '')}${fields ? `  ${fields}` : ''}\n`);
    },
  };
}

export type LoggerOptions = {
  readonly level?: LogLevelName;
  /** Where lines go (default stderr). */
  readonly destination?: Pick<Writable, 'write'> & {readonly isTTY?: boolean};
  /** One readable line per entry instead of JSON (default: when the destination is a terminal). */
  readonly pretty?: boolean;
};

export function createLogger(options: LoggerOptions = {}): pino.Logger {
  const destination = options.destination ?? process.stderr;
  const pretty = options.pretty ?? destination.isTTY === true;
  const stream = pretty ? prettyStream(destination, !process.env.NO_COLOR) : destination;
  // Level names, not pino's numbers: what fail2ban filters and people grep for.
  return pino({level: options.level ?? 'info', base: undefined, timestamp: pino.stdTimeFunctions.isoTime, formatters: {level: label => ({level: label})}}, stream as pino.DestinationStream);
}

/**
 * A component's log callback: an entry `{level, msg | message, ...fields}` (the time a
 * component stamps itself is dropped: pino stamps every line), or a plain line (SSH) — a line
 * that is itself a JSON entry is read as one.
 */
export function componentLog(logger: pino.Logger, component: Component): (entry: LogEntry | string) => void {
  const child = logger.child({component});
  return entry => {
    let e: LogEntry;
    if (typeof entry === 'string') {
      try {
        e = entry.startsWith('{') ? JSON.parse(entry) as LogEntry : {level: 'info', msg: entry};
      } catch {
        e = {level: 'info', msg: entry};
      }
    } else {
      e = entry;
    }
    const {level, msg, message, time: _time, at: _at, ...fields} = e;
    const name = typeof level === 'string' && level in levelColours ? level as LogLevelName : 'info';
    child[name](fields, String(msg ?? message ?? ''));
  };
}
