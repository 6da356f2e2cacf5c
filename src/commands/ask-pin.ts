// Secrets typed at the terminal, not echoed; or read from a pipe, so a secret never has to be
// an argument (where `ps` and shell history see it).
import process from 'node:process';
import readline from 'node:readline';

/** A PIN typed at the terminal, not echoed. undefined when there is no terminal or on Ctrl+C. */
export function askPin(prompt = 'PIN: ', maxLength = 64): Promise<string | undefined> {
  const {stdin, stderr} = process;
  if (!stdin.isTTY) return Promise.resolve(undefined);
  stderr.write(prompt);
  return new Promise(resolve => {
    let pin = '';
    stdin.setRawMode(true);
    stdin.resume();
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0003') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          stderr.write('\n');
          resolve(ch === '\u0003' ? undefined : pin);
          return;
        }
        if (ch === '\u007f' || ch === '\b') pin = pin.slice(0, -1);
        else if (pin.length < maxLength) pin += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * A secret from stdin: typed without echo on a terminal, else the first line of what is piped in
 * (`printf %s "$PW" | zuoxi config ha1 1001`). undefined when nothing was given.
 */
export function readSecret(prompt: string, maxLength = 256): Promise<string | undefined> {
  if (process.stdin.isTTY) return askPin(prompt, maxLength);
  return new Promise(resolve => {
    const lines = readline.createInterface({input: process.stdin, crlfDelay: Infinity});
    let done = false;
    const finish = (line: string | undefined) => {
      if (done) return;
      done = true;
      lines.close();
      // A writer that keeps the pipe open must not keep this process alive: one line is all it reads.
      process.stdin.destroy();
      resolve(line === undefined || line === '' ? undefined : line);
    };
    lines.once('line', finish);
    lines.once('close', () => finish(undefined));
  });
}
