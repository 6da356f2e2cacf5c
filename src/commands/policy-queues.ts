// `zuoxi policy`: each queue's policy (src/rules/queue-policy.ts) as (zh, en) lines — max wait,
// length and what happens at each limit, service hours (R-19), strategy, service-level target.
import {queuePolicy, type QueueOutcome, type QueuePolicy} from '../rules/queue-policy.ts';
import type {PolicyConfig} from '../rules/index.ts';

type Line = readonly [zh: string, en: string];

function outcome(o: QueueOutcome): Line {
  switch (o.action) {
    case 'wait': return ['照常排队', 'wait as usual'];
    case 'overflow': return [`溢出到队列 ${o.queue}(等待时间累计)`, `overflow to queue ${o.queue} (wait carried over)`];
    case 'callback': return [`登记回电任务(${o.promise === 'working_days' ? '五个工作日内' : '下一工作日'}),未接通时回 ${o.status}`, `callback task (${o.promise === 'working_days' ? 'within 5 working days' : 'next business day'}), ${o.status} if not answered by the center`];
    case 'announce': return [`播放结束语后挂机,未接通时回 ${o.status}`, `closing announcement then hang-up, ${o.status} if not answered by the center`];
    case 'reject': return [`回 ${o.status}`, `final response ${o.status}`];
  }
}

const strategyZh: Record<QueuePolicy['strategy'], string> = {
  'longest-idle': '空闲最久优先', 'round-robin': '轮询(记忆)', 'fewest-calls': '今日接听最少', 'least-talk-time': '今日通话时长最短', 'linear': '按坐席顺序',
};

export function queueLines(p: PolicyConfig, queues: readonly string[]): Line[] {
  return queues.flatMap((id): Line[] => {
    const q = queuePolicy(p.queueing, id);
    const [waitZh, waitEn] = outcome(q.onMaxWait);
    const [fullZh, fullEn] = outcome(q.onFull);
    const [noneZh, noneEn] = outcome(q.onNoAgents);
    const [closedZh, closedEn] = outcome(q.onClosed);
    const penalties = Object.entries(q.penalties).map(([a, n]) => `${a}:${n}`).join(' ');
    const prefixes = q.callerPriority.map(r => `${r.prefix}→${r.priority}`).join(' ');
    return [
      [`  ${id}: 最长等待 ${q.maxWaitSeconds} 秒 → ${waitZh}`, `  ${id}: max wait ${q.maxWaitSeconds} s → ${waitEn}`],
      [`    排队上限 ${q.maxLength || '不限'}${q.maxLength ? ` → ${fullZh}` : ''};无坐席签入 → ${noneZh}`, `    max length ${q.maxLength || 'unlimited'}${q.maxLength ? ` → ${fullEn}` : ''}; no agent signed in → ${noneEn}`],
      [`    R-19 服务时间 ${q.calendar ?? '全天'}${q.calendar ? `,非工作时间 → ${closedZh}` : ''}`, `    R-19 service hours ${q.calendar ?? 'always open'}${q.calendar ? `; outside them → ${closedEn}` : ''}`],
      [`    分配 ${strategyZh[q.strategy]}${penalties ? `,优先级档位 ${penalties}` : ''}${prefixes ? `,来电优先 ${prefixes}` : ''};话后处理 ${q.wrapUpSeconds ?? p.afterCallWorkSeconds} 秒`, `    strategy ${q.strategy}${penalties ? `, penalties ${penalties}` : ''}${prefixes ? `, caller priority ${prefixes}` : ''}; wrap-up ${q.wrapUpSeconds ?? p.afterCallWorkSeconds} s`],
      [`    未接 ${q.ronaAfterMisses} 次转未就绪${q.ronaRetrySeconds ? `,重试间隔 ${q.ronaRetrySeconds} 秒` : ''};话机失败暂停 ${q.failedLegPauseSeconds ? `${q.failedLegPauseSeconds} 秒` : '至手动就绪'}`, `    Not Ready after ${q.ronaAfterMisses} missed offer(s)${q.ronaRetrySeconds ? `, retry after ${q.ronaRetrySeconds} s` : ''}; a failed phone leg pauses ${q.failedLegPauseSeconds ? `${q.failedLegPauseSeconds} s` : 'until the agent is Ready again'}`],
      [`    R-34 服务水平:入队后 ${q.serviceLevelSeconds} 秒内接起 ÷ 呼入(短于 ${q.shortAbandonSeconds} 秒的放弃不计)`, `    R-34 service level: answered within ${q.serviceLevelSeconds} s of entering the queue ÷ offered (abandons under ${q.shortAbandonSeconds} s left out)`],
    ];
  });
}
