// Who a /sync connection says it is. An `Authorization` header (`Basic base64(agent:PIN)` or
// `Bearer <token>`) keeps the PIN out of URLs, which proxies and shell histories record; the
// query (`?agent=&pin=` or `?token=`) still works for the clients that send it (issue 15).
import type http from 'node:http';

export type Credentials = {readonly agent?: string; readonly pin?: string; readonly token?: string};

export function credentialsOf(request: http.IncomingMessage, params: URLSearchParams): Credentials {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const [scheme, value = ''] = header.trim().split(/\s+/, 2);
    if (/^bearer$/i.test(scheme ?? '') && value) return {token: value};
    if (/^basic$/i.test(scheme ?? '') && value) {
      const text = Buffer.from(value, 'base64').toString('utf8');
      const colon = text.indexOf(':');
      if (colon > 0) return {agent: text.slice(0, colon), pin: text.slice(colon + 1)};
    }
    // A header that says nothing usable does not fall back to the query: the client meant it.
    return {};
  }
  const token = params.get('token');
  if (token) return {token};
  return {agent: params.get('agent') ?? undefined, pin: params.get('pin') ?? undefined};
}
