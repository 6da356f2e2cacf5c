// The leads' keys: an OpenSSH authorized_keys file. Which lead a key belongs to is named in
// the key's comment, as `lead=ID` (or `lead:ID`, or the bare agent id), e.g.
//   ssh-ed25519 AAAAC3Nz… lead=9001 林班长的笔记本
// A key whose comment names no lead, or names an agent who is not a lead, is refused and
// reported by `problems`. Options in front of the key type (from=, expiry-time=, restrict, …)
// are honoured as key-options.ts says, or the key is refused with a problem naming the option.
// The file is re-read when it changes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import ssh2 from 'ssh2';
import {parseKeyOptions, type KeyOptions} from './key-options.ts';

export type LeadKey = {
  readonly lead: string;
  readonly algo: string;
  readonly key: ssh2.ParsedKey;
  readonly publicSSH: Buffer;
  readonly line: number;
  readonly options: KeyOptions;
};

export type KeyList = {readonly keys: readonly LeadKey[]; readonly problems: readonly string[]};

const keyTypes = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)$/;

function leadOf(comment: string): string | undefined {
  for (const word of comment.split(/\s+/)) {
    const m = /^(?:lead[=:])?(\d{3,8})$/.exec(word);
    if (m) return m[1];
  }
  return undefined;
}

function optionsField(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"' && line[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && /\s/.test(line[i] ?? '')) return line.slice(0, i);
  }
  return line;
}

/** Parse an authorized_keys text; `isLead` says whether an agent id is a lead. */
export function parseAuthorizedKeys(text: string, isLead: (agent: string) => boolean = () => true): KeyList {
  const keys: LeadKey[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    // Options (from="…",no-pty,…) come before the key type: up to the first space outside quotes.
    const optionsText = keyTypes.test(line.split(/\s+/)[0] ?? '') ? '' : optionsField(line);
    const words = line.slice(optionsText.length).trim().split(/\s+/);
    if (!keyTypes.test(words[0] ?? '') || !words[1]) {
      problems.push(`line ${index + 1}: no key type and key (expected e.g. "ssh-ed25519 AAAA… lead=9001")`);
      return;
    }
    const options = parseKeyOptions(optionsText);
    if (typeof options === 'string') {
      problems.push(`line ${index + 1}: key refused: ${options}`);
      return;
    }
    const comment = words.slice(2).join(' ');
    const parsed = ssh2.utils.parseKey(`${words[0]} ${words[1]}`);
    if (parsed instanceof Error) {
      problems.push(`line ${index + 1}: ${parsed.message}`);
      return;
    }
    const lead = leadOf(comment);
    if (!lead) {
      problems.push(`line ${index + 1}: the comment names no lead (add "lead=ID")`);
      return;
    }
    if (!isLead(lead)) {
      problems.push(`line ${index + 1}: agent ${lead} is not a team lead`);
      return;
    }
    keys.push({lead, algo: parsed.type, key: parsed, publicSSH: parsed.getPublicSSH(), line: index + 1, options});
  });
  return {keys, problems};
}

/** An authorized_keys file, re-read whenever its size or mtime changes. */
export class AuthorizedKeys {
  readonly #file: string;
  readonly #isLead: (agent: string) => boolean;
  #stamp = '';
  #list: KeyList = {keys: [], problems: []};

  constructor(file: string, isLead?: (agent: string) => boolean) {
    this.#file = file;
    this.#isLead = isLead ?? (() => true);
  }

  current(): KeyList {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(this.#file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const stamp = stat ? `${stat.size}:${stat.mtimeMs}:${stat.ino}` : 'missing';
    if (stamp !== this.#stamp) {
      this.#stamp = stamp;
      this.#list = stat ? parseAuthorizedKeys(fs.readFileSync(this.#file, 'utf8'), this.#isLead) : {keys: [], problems: [`${this.#file}: no such file`]};
    }
    return this.#list;
  }

  /** The lead's key matching what the client offered (algorithm and key bytes). */
  find(algo: string, data: Buffer): LeadKey | undefined {
    return this.current().keys.find(k => k.publicSSH.length === data.length && crypto.timingSafeEqual(k.publicSSH, data) && (k.algo === algo || algo.startsWith('rsa-sha2-') && k.algo === 'ssh-rsa'));
  }
}
