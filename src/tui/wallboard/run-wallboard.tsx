// One running wallboard on any terminal: the local `zuoxi supervise` passes process streams,
// the SSH gateway passes a session channel's. It owns its floor source (model, read-only feed,
// documents) when given credentials, or borrows a shared one (the gateway's, per team).
import {render, type Instance} from 'ink';
import type {PolicyConfig} from '../../rules/config.ts';
import type {FloorModel} from '../../client/floor/floor-model.ts';
import type {FloorCredentials} from '../../client/floor/floor-feed.ts';
import {startFloorSource, type FloorSource} from '../../client/floor/floor-source.ts';
import {useFloor} from './use-floor.ts';
import {Wallboard} from './Wallboard.tsx';
import type {Lang} from './i18n.ts';

export type RunWallboardOptions = {
  /** ws://HOST:PORT of the hub. */
  readonly hubUrl: string;
  /** A server-issued supervisor token (SSH) or a lead's agent id + PIN: the wall owns its source. */
  readonly credentials?: FloorCredentials;
  /** …or a floor source shared with other walls (not closed with this one). */
  readonly source?: FloorSource;
  /** Who watches this wall, when the source was opened by someone else (shown in the header). */
  readonly viewer?: {readonly agent: string; readonly name: string};
  readonly lang?: Lang;
  readonly policy?: PolicyConfig;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly columns?: number;
  readonly rows?: number;
  /** Use the terminal's alternate screen (restored on exit). */
  readonly altScreen?: boolean;
  readonly now?: () => number;
  /** Also read the day's call log, QA book and discipline ledger from /sync (default true). */
  readonly records?: boolean;
  /** The center's time zone, for the documents' day and month (default Asia/Shanghai). */
  readonly timeZone?: string;
};

export type WallboardResult = {
  /** Why the hub refused the lead (wrong PIN, not a lead), if it did. */
  readonly refused?: string;
};

export type WallboardHandle = {
  /** Settles when the lead quits, the hub refuses, or close() is called. */
  readonly done: Promise<WallboardResult>;
  /** The terminal changed size (SSH window-change, SIGWINCH). */
  resize(columns: number, rows: number): void;
  close(): void;
  readonly model: FloorModel;
};

type AppProps = {
  readonly model: FloorModel;
  readonly lang: Lang;
  readonly columns: number;
  readonly rows: number;
  readonly utcOffsetMinutes: number;
  readonly viewer?: {readonly agent: string; readonly name: string};
  readonly onQuit: () => void;
};

function WallboardApp({model, lang, columns, rows, utcOffsetMinutes, viewer, onQuit}: AppProps) {
  const floor = useFloor(model);
  const view = viewer && floor.lead ? {...floor, lead: {...floor.lead, ...viewer}} : floor;
  return <Wallboard view={view} detailOf={agent => model.detail(agent)} lang={lang} columns={columns} rows={rows} utcOffsetMinutes={utcOffsetMinutes} onQuit={onQuit} />;
}

export function runWallboard(options: RunWallboardOptions): WallboardHandle {
  if (!options.source && !options.credentials) throw new TypeError('runWallboard: give credentials or a shared source');
  const source = options.source ?? startFloorSource({
    hubUrl: options.hubUrl, credentials: options.credentials!, policy: options.policy, now: options.now,
    records: options.records, timeZone: options.timeZone,
  });
  const owned = !options.source;
  const {model, policy} = source;
  const {stdout} = options;
  let columns = options.columns ?? stdout.columns ?? 80;
  let rows = options.rows ?? stdout.rows ?? 24;
  const lang = options.lang ?? 'zh-CN';
  const alt = options.altScreen ?? true;

  let finish!: (result: WallboardResult) => void;
  const done = new Promise<WallboardResult>(resolve => {
    finish = resolve;
  });
  let closed = false;
  let refused: string | undefined;
  // Declared before anything can call close(): a refusal may come before the first frame.
  const ink: {instance?: Instance} = {};
  let stopListening = () => {};

  const close = () => {
    if (closed) return;
    closed = true;
    stopListening();
    if (owned) source.close();
    ink.instance?.unmount();
    ink.instance?.cleanup();
    if (alt) stdout.write('\x1b[?25h\x1b[?1049l');
    finish({refused});
  };

  if (alt) stdout.write('\x1b[?1049h\x1b[2J\x1b[H\x1b[?25l');
  const app = () => <WallboardApp model={model} lang={lang} columns={columns} rows={rows} utcOffsetMinutes={policy.calendars.utcOffsetMinutes} viewer={options.viewer} onQuit={close} />;
  try {
    ink.instance = render(app(), {
      stdout,
      stdin: options.stdin,
      stderr: stdout,
      exitOnCtrlC: false,
      patchConsole: false,
      // Whole frames: Ink's incremental mode left stale rows on real terminals (seen over ssh in tmux).
      incrementalRendering: false,
      maxFps: 10,
    });
  } catch (error) {
    // Nothing may keep running for a wall that never showed (the feed would reconnect forever).
    close();
    throw error;
  }
  stopListening = source.onRefused(reason => {
    refused = reason;
    close();
  });

  return {
    done,
    model,
    close,
    resize(newColumns: number, newRows: number) {
      if (closed || !Number.isFinite(newColumns) || !Number.isFinite(newRows) || newColumns < 1 || newRows < 1) return;
      columns = Math.floor(newColumns);
      rows = Math.floor(newRows);
      // A full redraw: a narrower or shorter frame would leave the old one's edges behind.
      stdout.write('\x1b[2J\x1b[H');
      ink.instance?.clear();
      ink.instance?.rerender(app());
    },
  };
}
