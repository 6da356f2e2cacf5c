// Who may open which document: credentials (PIN on the thread pool, or a token), the document
// name, the role's access to it, and the period window for documents that do not exist yet.
// Every refusal is logged at warn with the peer's address.
import type http from 'node:http';
import type {Auth, Identity} from '../auth.ts';
import {parseDocName, formatDocName, periodProblem, type DocName, type PeriodWindow} from '../../src/sync/doc-name.ts';
import {accessFor, type Access} from './access.ts';
import {credentialsOf} from './credentials.ts';
import type {DocStore} from './store.ts';
import {CloseCode, type HubLogger} from './wire.ts';

export type AdmissionContext = {
  readonly auth: Auth;
  readonly store: DocStore;
  readonly log: HubLogger;
  readonly periodWindow: PeriodWindow | undefined;
  readonly now: () => number;
};

export type Admission =
  | {readonly ok: true; readonly identity: Identity; readonly name: DocName; readonly access: Exclude<Access, {kind: 'none'}>}
  | {readonly ok: false; readonly code: number; readonly reason: string};

export async function admit(ctx: AdmissionContext, request: http.IncomingMessage, url: URL): Promise<Admission> {
  let docText: string;
  try {
    docText = decodeURIComponent(url.pathname.replace(/^\/sync\/?/, ''));
  } catch {
    docText = url.pathname;
  }
  const params = url.searchParams;
  const source = request.socket.remoteAddress;
  let identity: Identity | undefined;
  let retryAfterMs: number | undefined;
  const credentials = credentialsOf(request, params);
  if (credentials.token) identity = ctx.auth.resolveToken(credentials.token);
  else if (credentials.agent && credentials.pin) {
    // Off the event loop (scrypt on the thread pool): many seats signing in must not stall the rest.
    const outcome = await ctx.auth.checkPin(credentials.agent, credentials.pin, {asSupervisor: params.get('role') === 'supervisor', source, via: 'sync'});
    if (outcome.ok) identity = outcome.identity;
    else retryAfterMs = outcome.retryAfterMs;
  }
  if (!identity) {
    ctx.log({level: 'warn', doc: docText, agent: credentials.agent, source, message: 'refused: bad credentials'});
    return {ok: false, code: CloseCode.unauthorized, reason: retryAfterMs === undefined
      ? 'unauthorized: agent id and PIN (or token) not accepted'
      : `unauthorized: too many failed sign-ins, try again in ${Math.ceil(retryAfterMs / 1000)} s`};
  }
  const parsed = parseDocName(docText);
  if (!parsed.ok) return {ok: false, code: CloseCode.notFound, reason: parsed.error};
  const access = accessFor(identity, parsed.name);
  if (access.kind === 'none') {
    ctx.log({level: 'warn', doc: docText, agent: identity.agent, source, message: `refused: ${access.why}`});
    return {ok: false, code: CloseCode.forbidden, reason: `forbidden: ${formatDocName(parsed.name)}: ${access.why}`};
  }
  const outside = ctx.periodWindow && periodProblem(parsed.name, ctx.now(), ctx.periodWindow);
  if (outside && !ctx.store.has(formatDocName(parsed.name)) && !(await ctx.store.exists(parsed.name))) {
    ctx.log({level: 'warn', doc: docText, agent: identity.agent, source, message: `refused: ${outside}`});
    return {ok: false, code: CloseCode.notFound, reason: `not found: ${outside}`};
  }
  return {ok: true, identity, name: parsed.name, access};
}
