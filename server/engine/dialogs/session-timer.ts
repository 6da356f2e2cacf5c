// RFC 4028 session timers: a 2xx carrying Session-Expires sets the session interval and who
// refreshes it. We refresh at half the interval; when the peer refreshes, a missing refresh
// ends the call (BYE) shortly before the interval runs out, as drachtio-server does.
import {getHeader, h, parseCSeq, parseParams} from '../sip/message.ts';
import {serialize} from '../sip/serialize.ts';
import type {Core} from '../context.ts';
import {inDialogRequest} from './request.ts';
import {stopSessionTimer, type Dialog} from './dialog.ts';

export function armSession(core: Core, d: Dialog, se: string | undefined, ourRole: 'uac' | 'uas', refresherOverride?: 'uac' | 'uas'): void {
  stopSessionTimer(d);
  const m = se ? /^\s*(\d{1,6})/.exec(se) : null;
  if (!se || !m || !core.dialogs.holds(d)) return;
  const interval = Math.max(1, Number(m[1]));
  const refresher = refresherOverride ?? parseParams(se).get('refresher')?.toLowerCase() ?? 'uas';
  const weRefresh = refresher === ourRole;
  const ms = weRefresh ? (interval * 1000) / 2 : interval * 1000 - Math.min(32_000, (interval * 1000) / 3);
  const timer = core.timer(ms, () => (weRefresh ? refreshSession(core, d) : sessionExpired(core, d)));
  d.session = {interval, weRefresh, timer};
}

export function refreshSession(core: Core, d: Dialog): void {
  if (!core.dialogs.holds(d) || !d.session) return;
  // we are the UAC of the refresh and stay the refresher
  const extra = [h('session-expires', `${d.session.interval};refresher=uac`), h('supported', 'timer')];
  if (d.localSdp?.length) extra.push(h('content-type', 'application/sdp'));
  const built = inDialogRequest(core.locate, d, 'INVITE', extra, d.localSdp ?? Buffer.alloc(0));
  if (!built) { sessionExpired(core, d); return; }
  d.inviteSeq = parseCSeq(getHeader(built.msg, 'cseq'))!.seq;
  core.counters.session_refreshes++;
  core.uac.startOut({dialog: d, refresh: true}, built.msg, built.flow, built.branch);
}

/** The ACK of our own refresh's 2xx, kept to answer its retransmissions. */
export function ackRefresh(core: Core, d: Dialog): void {
  const ack = inDialogRequest(core.locate, d, 'ACK', [], Buffer.alloc(0), d.inviteSeq);
  if (!ack) return;
  const data = serialize(ack.msg);
  d.lastAck = {seq: d.inviteSeq, data, flow: ack.flow};
  core.send(ack.flow, data);
}

/** Our refresh got a final failure: retry after glare (491, §14.1), otherwise end the call. */
export function refreshFailed(core: Core, d: Dialog, status: number): void {
  if (status === 491 && d.session) {
    d.session.timer = core.timer(2000 + Math.random() * 2000, () => refreshSession(core, d));
    return;
  }
  core.log('warn', 'session refresh failed; ending dialog', {dialog: d.id, status});
  core.uac.byeOnBehalf(d);
}

function sessionExpired(core: Core, d: Dialog): void {
  if (!core.dialogs.holds(d)) return;
  core.counters.sessions_expired++;
  core.log('info', 'session expired without a refresh; ending dialog', {dialog: d.id});
  core.uac.byeOnBehalf(d, undefined, 'Session timer expired');
}
