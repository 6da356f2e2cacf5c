// How the switch addresses an agent's phone: over the flow the phone registered on, and with
// the headers that make a headset softphone answer by itself.
import type {Binding} from '../registrar.ts';

/**
 * Auto-answer (DESIGN: phone mode `auto-answer`, sent once the agent accepted in the seat), in
 * both forms phones look for: Call-Info answer-after=0 (Snom, Grandstream, …) and Alert-Info
 * info=alert-autoanswer (Polycom, Yealink, …).
 */
export function autoAnswerHeaders(realm: string): Record<string, string> {
  return {
    'Call-Info': `<sip:${realm}>;answer-after=0`,
    'Alert-Info': `<sip:${realm}>;info=alert-autoanswer`,
  };
}

/**
 * srf createUAC options that send a request to `binding` over the connection its REGISTER came
 * on when that was TCP (RFC 5626-style flow reuse): a phone behind NAT, or one that never
 * listens on its Contact port, is reachable only that way. UDP keeps the Contact as given.
 */
export function phoneRoute(binding: Binding): {proxy?: string} {
  if (binding.transport?.toLowerCase() !== 'tcp' || !binding.source) return {};
  const i = binding.source.lastIndexOf(':');
  if (i < 0) return {};
  const host = binding.source.slice(0, i);
  const port = binding.source.slice(i + 1);
  if (!/^\d{1,5}$/.test(port)) return {};
  return {proxy: `sip:${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port};transport=tcp`};
}
