// What a UAS dialog retransmits itself over UDP: its 2xx until the ACK (§13.3.1.4) and a
// reliable provisional response until its PRACK (RFC 3262 §3).
import type {Core, InTxn} from '../context.ts';
import type {Flow} from '../transport.ts';
import {stopPending2xx, stopReliable, type Dialog} from './dialog.ts';

/** Retransmit the 2xx until its ACK arrives; no ACK in 64*T1 ends the dialog. */
export function retransmit2xx(core: Core, d: Dialog, seq: number, data: Buffer, flow: Flow): void {
  stopPending2xx(d);
  const timers: NodeJS.Timeout[] = [];
  d.pending2xx = {seq, timers};
  const {t1, t2} = core.host.timers;
  if (flow.transport === 'udp') {
    let interval = t1;
    const again = () => {
      if (d.pending2xx?.seq !== seq) return;
      core.send(flow, data);
      core.counters.retransmissions_sent++;
      interval = Math.min(interval * 2, t2);
      const t = setTimeout(again, interval);
      t.unref();
      timers.push(t);
      if (timers.length > 20) timers.splice(0, timers.length - 2);
    };
    const t = setTimeout(again, interval);
    t.unref();
    timers.push(t);
  }
  const giveUp = setTimeout(() => {
    if (d.pending2xx?.seq !== seq) return;
    d.pending2xx = undefined;
    core.log('warn', 'no ACK for 2xx; ending dialog', {dialog: d.id});
    try {
      core.uac.byeOnBehalf(d, undefined, 'ACK timeout');
    } catch (error) {
      core.counters.internal_errors++;
      core.log('error', 'failed to end a dialog', {error: (error as Error).stack});
    }
  }, 64 * t1);
  giveUp.unref();
  timers.push(giveUp);
}

/** Retransmit a reliable provisional response over UDP until its PRACK (T1 doubling, 64*T1 at most). */
export function retransmitReliable(core: Core, it: InTxn, d: Dialog, rseq: number, data: Buffer): void {
  stopReliable(d);
  if (it.txn.flow.transport !== 'udp') return;
  const timers: NodeJS.Timeout[] = [];
  d.pendingReliable = {rseq, timers};
  const started = performance.now();
  const {t1} = core.host.timers;
  let interval = t1;
  const again = () => {
    if (d.pendingReliable?.rseq !== rseq || it.txn.lastStatus >= 200 || it.txn.state === 'terminated') return;
    if (performance.now() - started >= 64 * t1) { d.pendingReliable = undefined; return; }
    core.send(it.txn.flow, data);
    core.counters.retransmissions_sent++;
    interval *= 2;
    const t = setTimeout(again, interval);
    t.unref();
    timers.push(t);
  };
  const t = setTimeout(again, interval);
  t.unref();
  timers.push(t);
}
