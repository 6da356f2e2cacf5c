// A PIN typed at the terminal, not echoed. undefined when there is no terminal or on Ctrl+C.
import process from 'node:process';

export function askPin(prompt = 'PIN: '): Promise<string | undefined> {
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
        else if (pin.length < 64) pin += ch;
      }
    };
    stdin.on('data', onData);
  });
}
