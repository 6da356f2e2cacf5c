// The engine's name and version on the wire (Server, User-Agent, the drachtio `authenticate`
// reply), read from package.json so a release never ships a stale hard-coded string.
import {readFileSync} from 'node:fs';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version?: unknown};
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0'; // a relocated build without package.json still runs
  }
}

export const VERSION = packageVersion();
/**
 * What apps see after authenticating. srf reads the leading semver as drachtio-server's and
 * turns features on by it (pinging from v0.8.2), so that part is the drachtio level we
 * emulate; zuoxi's own version follows it.
 */
export const ENGINE_VERSION = `v1.0.0-zuoxi.${VERSION}`;
/** RFC 3261 §20.35 / §20.41 product token. */
export const PRODUCT = `zuoxi/${VERSION}`;
