// A request inside a dialog (§12.2.1.1): the dialog's route set, remote target, tags and the
// next local CSeq, sent on the dialog's TCP connection while it lives.
import {h, parseNameAddr, type SipHeader, type SipMessage} from '../sip/message.ts';
import {contactFor, newBranch, viaFor} from '../build.ts';
import type {Locator} from '../locate.ts';
import type {Flow} from '../transport.ts';
import type {Dialog} from './dialog.ts';

export interface BuiltRequest {
  msg: SipMessage;
  flow: Flow;
  branch: string;
}

const targetRefreshing = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'REFER', 'NOTIFY']);

/** The request, or undefined when the peer cannot be reached (its TCP flow gone, no route). */
export function inDialogRequest(locate: Locator, d: Dialog, method: string, extra: SipHeader[], body: Buffer, seqOverride?: number): BuiltRequest | undefined {
  let flow: Flow | undefined;
  if (d.flow.transport === 'tcp' && d.flow.conn && !d.flow.conn.destroyed) flow = d.flow;
  else {
    const first = d.routeSet[0];
    flow = locate.target(first ? parseNameAddr(first).uri : d.remoteTarget);
    if (flow && d.flow.transport === 'tcp' && flow.transport === 'udp') flow = undefined;
    flow ??= d.flow.transport === 'udp' ? {...d.flow} : undefined;
  }
  if (!flow) return undefined;
  const seq = seqOverride ?? ++d.localSeq;
  const branch = newBranch();
  const headers: SipHeader[] = [
    h('via', viaFor(flow.local, branch)),
    h('max-forwards', '70'),
    ...d.routeSet.map(r => h('route', r)),
    h('from', d.localUri),
    h('to', d.remoteUri),
    h('call-id', d.callId),
    h('cseq', `${seq} ${method}`),
  ];
  if (targetRefreshing.has(method) && !extra.some(x => x.name === 'contact')) headers.push(h('contact', contactFor(flow.local)));
  headers.push(...extra);
  return {msg: {method, uri: d.remoteTarget, status: 0, reason: '', headers, body}, flow, branch};
}
