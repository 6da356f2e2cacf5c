// The `zuoxi` command. Each subcommand lives in src/commands/<name>.ts and exports
// `run(args: string[]): Promise<number>` (the exit code), made by src/commands/run-command.ts so
// that all share --help (exit 0) and one-line usage errors (exit 2). Modules load lazily so that
// `zuoxi config check` does not pay for Ink or drachtio-srf.
import {readFileSync} from 'node:fs';
import process from 'node:process';

type Command = {readonly module: string; readonly summary: string};

const commands: Record<string, Command> = {
  demo: {module: './commands/demo.ts', summary: 'server + simulated callers and phones + the seat TUI for agent 1001'},
  server: {module: './commands/server.ts', summary: 'engine + switch + sync hub + SSH gateway [--config FILE] [--drachtio H:P:SECRET]'},
  engine: {module: './commands/engine.ts', summary: 'the embedded SIP engine alone (drachtio wire protocol)'},
  seat: {module: './commands/seat.ts', summary: 'the agent seat TUI --agent ID [--hub URL]'},
  supervise: {module: './commands/supervise.ts', summary: 'the read-only wallboard --hub URL'},
  lead: {module: './commands/lead.ts', summary: "the team lead's console --agent ID [--hub URL]"},
  loadtest: {module: './commands/loadtest.ts', summary: 'headless seats and simulated callers --seats N --rate CPS --duration S [--json]'},
  config: {module: './commands/config.ts', summary: 'config check FILE | init [--agents N] [--out FILE] | hash-pin | ha1 USER | schema'},
  policy: {module: './commands/policy.ts', summary: 'print the effective policy (zh and en) [--config FILE]'},
  export: {module: './commands/export.ts', summary: 'export call records --team T --from D --to D --format csv|json'},
  recording: {module: './commands/recording.ts', summary: "a call's recording for its team's lead CALL_ID --out FILE.wav --agent ID [--hub URL]"},
  report: {module: './commands/report.ts', summary: 'KPI reports --team T --period day|week|month --format csv|json|html'},
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map(name => name.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: zuoxi <command> [options]', '', 'commands:', ...lines, '',
    'zuoxi <command> --help for its options; zuoxi --version for the version.',
    'Exit status: 0 done, 1 failed, 2 usage error (bad flag or value), 3 credentials refused.',
    'Environment: ZUOXI_PIN (seat, lead, supervise, export), ZUOXI_ENGINE_SECRET, ZUOXI_DRACHTIO_SECRET,',
    'NO_COLOR, LC_ALL / LC_MESSAGES / LANG (zh* → zh-CN, en* → en).',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return 0;
  }
  if (!name) {
    console.error(usage());
    return 2;
  }

  if (name === '--version' || name === '-V') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string};
    console.log(pkg.version);
    return 0;
  }

  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    console.error(`zuoxi: ${name.startsWith('-') ? `Unknown option '${name}'` : `unknown command "${name}"`}\n\n${usage()}`);
    return 2;
  }

  let mod: {run: (args: string[]) => Promise<number>};
  try {
    mod = await import(command.module);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(command.module.slice(2))) {
      console.error(`zuoxi ${name}: not available yet in this build`);
      return 2;
    }
    throw error;
  }

  return mod.run(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`zuoxi: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
}
