// The gateway's host key: generated on first start (ed25519, OpenSSH format, mode 0600) and
// kept, so leads' known_hosts stay valid across restarts.
import fs from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';

export type HostKey = {readonly privateKey: Buffer; readonly publicKey: string; readonly created: boolean};

export function ensureHostKey(file: string): HostKey {
  let pem: Buffer | undefined;
  try {
    pem = fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (pem) {
    const parsed = ssh2.utils.parseKey(pem);
    if (parsed instanceof Error) throw new Error(`ssh host key ${file}: ${parsed.message}`, {cause: parsed});
    return {privateKey: pem, publicKey: `${parsed.type} ${parsed.getPublicSSH().toString('base64')}`, created: false};
  }
  fs.mkdirSync(path.dirname(file), {recursive: true});
  // ssh2's generator writes a key its own parser rejects about once in 250 tries ("Malformed
  // OpenSSH private key"): keep only a key that parses, as the server will read it.
  let pair = ssh2.utils.generateKeyPairSync('ed25519', {comment: 'zuoxi ssh gateway'});
  for (let attempt = 1; ssh2.utils.parseKey(pair.private) instanceof Error; attempt++) {
    if (attempt >= 20) throw new Error('ssh host key: could not generate a valid ed25519 key');
    pair = ssh2.utils.generateKeyPairSync('ed25519', {comment: 'zuoxi ssh gateway'});
  }
  // 'wx': never overwrite a key another process wrote meanwhile.
  try {
    fs.writeFileSync(file, pair.private, {mode: 0o600, flag: 'wx'});
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return ensureHostKey(file);
    throw error;
  }
  fs.writeFileSync(`${file}.pub`, `${pair.public}\n`, {mode: 0o644});
  return {privateKey: Buffer.from(pair.private), publicKey: pair.public.replace(/ zuoxi ssh gateway$/, ''), created: true};
}
