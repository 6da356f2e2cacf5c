// `zuoxi policy [--config FILE] [--lang zh|en|both]`: the effective policy, grouped like
// POLICY.md, with its numbers and phrases in Chinese and English.
import {z} from 'zod';
import {
  defaultPolicy, fillPhrase, nameOf, scriptCatalog, stagePhrases, answerLimitMs,
  type PolicyConfig, type RuleId,
} from '../rules/index.ts';
import {loadConfigFile} from './config.ts';
import {choice} from './flags.ts';
import {queueLines} from './policy-queues.ts';
import {command} from './run-command.ts';

type Lang = 'zh' | 'en' | 'both';
/** zh, en; `inline` prints both on one line in --lang both (short headings). */
type Line = readonly [zh: string, en: string, inline?: boolean];
type Section = {readonly title: Line; readonly lines: readonly Line[]};

const rule = (id: RuleId, zh: string, en: string): Line => [`${id} ${nameOf(id, 'zh-CN')}: ${zh}`, `${id} ${nameOf(id, 'en')}: ${en}`];
const list = (xs: readonly string[]) => xs.join('、');
const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

function calendarLines(p: PolicyConfig): Line[] {
  const dayZh = ['日', '一', '二', '三', '四', '五', '六'];
  const dayEn = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const c = p.calendars;
  const lines: Line[] = Object.entries(c.definitions).map(([name, cal]) => {
    const lunchZh = cal.lunch ? `,午休 ${cal.lunch.start}–${cal.lunch.end}` : '';
    const lunchEn = cal.lunch ? `, lunch ${cal.lunch.start}–${cal.lunch.end}` : '';
    const holidaysZh = cal.closedOnHolidays ? '' : ',节假日照常';
    const holidaysEn = cal.closedOnHolidays ? '' : ', open on holidays';
    const role = name === c.service ? ['(服务热线)', ' (service line)'] : name === c.specialist ? ['(业务负责人)', ' (specialist desk)'] : ['', ''];
    return [
      `  ${name}${role[0]}: 周${cal.days.map(d => dayZh[d]).join('')} ${cal.open}–${cal.close}${lunchZh}${holidaysZh}`,
      `  ${name}${role[1]}: ${cal.days.map(d => dayEn[d]).join(' ')} ${cal.open}–${cal.close}${lunchEn}${holidaysEn}`,
    ];
  });
  lines.push([`  节假日: ${c.holidays.length ? c.holidays.join(', ') : '无'};调休上班: ${c.extraWorkdays.length ? c.extraWorkdays.join(', ') : '无'};时区 UTC${c.utcOffsetMinutes >= 0 ? '+' : ''}${c.utcOffsetMinutes / 60}`,
    `  holidays: ${c.holidays.length ? c.holidays.join(', ') : 'none'}; swapped workdays: ${c.extraWorkdays.length ? c.extraWorkdays.join(', ') : 'none'}; time zone UTC${c.utcOffsetMinutes >= 0 ? '+' : ''}${c.utcOffsetMinutes / 60}`]);
  return lines;
}

/** The policy as sections of (zh, en) lines, in POLICY.md's order. */
export function policySections(p: PolicyConfig, queues: readonly string[] = ['main']): Section[] {
  const line = {line: p.lineName};
  const h = p.holdNudges;
  const q = p.qa;
  return [
    {title: ['1. 接听', '1. Answering'], lines: [
      rule('R-01', `振铃 ${p.answerWithinRings} 声内接起(每声 ${p.ringPeriodSeconds} 秒,即 ${answerLimitMs(p) / 1000} 秒内);${p.noAnswerSeconds} 秒无人接听转回队列(RONA);话后处理 ${p.afterCallWorkSeconds} 秒`,
        `answer within ${p.answerWithinRings} rings (${p.ringPeriodSeconds} s each, i.e. within ${answerLimitMs(p) / 1000} s); unanswered for ${p.noAnswerSeconds} s → requeue (RONA); after-call work ${p.afterCallWorkSeconds} s`),
      rule('R-02', `超过 ${p.answerWithinRings} 声先致歉「${p.opening.apology}」,标记 late_answer`, `after ${p.answerWithinRings} rings open with the apology 「${p.opening.apology}」 (“Sorry to keep you waiting”); flagged late_answer`),
      rule('R-03', `「${fillPhrase(p.opening.greeting, line)}」;实习:「${fillPhrase(p.opening.traineeGreeting, line)}」`, `「${fillPhrase(p.opening.greeting, line)}」 (“Hello, ${p.lineName} service line, how can I help you?”); trainee: 「${fillPhrase(p.opening.traineeGreeting, line)}」`),
      rule('R-04', list(p.opening.politeWords), `${list(p.opening.politeWords)} (please, hello, thank you, you're welcome, goodbye)`),
      rule('R-05', `记录 5W1H(${p.notes.fiveW1H.join('/')});${list(p.notes.mandatoryForCallTypes)} 来电必填 ${list(p.notes.mandatoryFields)}`, `notes in 5W1H (${p.notes.fiveW1H.join('/')}); ${p.notes.mandatoryForCallTypes.join(', ')} calls require ${p.notes.mandatoryFields.join(', ')}`),
      rule('R-06', `禁止只说:${p.opening.forbiddenPhrases.map(x => `「${x}」`).join('、')}`, `never just say: ${p.opening.forbiddenPhrases.map(x => `「${x}」`).join(', ')} (“not here”, “don't know”): look it up or call back`),
      rule('R-07', `先「${p.script.before_closing[0]}」再「${p.script.closing[0]}」,${p.closing.customerHangsUpFirst ? '客户先挂机' : '不要求客户先挂机'}`, `first 「${p.script.before_closing[0]}」 then 「${p.script.closing[0]}」; ${p.closing.customerHangsUpFirst ? 'the customer hangs up first' : 'hang-up order not checked'}`),
    ]},
    {title: ['2. 常用话术', '2. Script catalog'], lines: [
      ...scriptCatalog.flatMap(stage => [
        [`  ${nameOf(stage.id, 'zh-CN')}:`, `${nameOf(stage.id, 'en')}:`, true] as Line,
        ...stagePhrases(stage.id, p).map((phrase): Line => [`    · ${phrase.zh}`, `    · ${phrase.en}`]),
      ]),
      rule('R-08', `明天工作时间 → 下一工作日(${p.calendars.specialist});${p.callbacks.withinWorkingDays} 个工作日内;开通后通知 → 不定期`, `tomorrow in working hours → next business day (${p.calendars.specialist}); within ${p.callbacks.withinWorkingDays} working days; when the service opens → open-ended`),
    ]},
    {title: ['3. 保持与查询', '3. Hold and lookups'], lines: [
      rule('R-09', `保持前说「${h.beforeHoldPhrase}」`, `before hold say 「${h.beforeHoldPhrase}」`),
      rule('R-10', `${h.firstSeconds} 秒起每 ${h.everySeconds} 秒提醒「${h.nudgePhrase}」;${h.patienceFromSeconds} 秒起「${h.patiencePhrase}」;${h.longHoldSeconds} 秒起建议「${h.callbackPhrase}」并标记 long_hold`,
        `from ${h.firstSeconds} s every ${h.everySeconds} s nudge 「${h.nudgePhrase}」; from ${h.patienceFromSeconds} s 「${h.patiencePhrase}」 (thank for waiting); from ${h.longHoldSeconds} s propose a callback and flag long_hold`),
      rule('R-11', `语速每分钟 ${p.speechRate.minPerMinute}–${p.speechRate.maxPerMinute} 字`, `speech rate ${p.speechRate.minPerMinute}–${p.speechRate.maxPerMinute} characters/minute`),
    ]},
    {title: ['4. 无声电话', '4. Silent call'], lines: [
      rule('R-12', `「${p.silentCall.greeting}」,${p.silentCall.repeatAfterSeconds} 秒无应答重复,再 ${p.silentCall.releaseAfterSeconds} 秒「${p.silentCall.farewell}」后可挂机`,
        `「${p.silentCall.greeting}」; no answer for ${p.silentCall.repeatAfterSeconds} s → repeat; ${p.silentCall.releaseAfterSeconds} s more → 「${p.silentCall.farewell}」 and release`),
    ]},
    {title: ['5. 营销', '5. Marketing'], lines: [
      rule('R-13', `每通电话最多推荐 ${p.offers.maxPerCall} 次,客户拒绝 ${p.offers.maxPerCall} 次后不再推荐`, `at most ${p.offers.maxPerCall} offers per call; none after ${p.offers.maxPerCall} declines`),
    ]},
    {title: ['6. 首问负责、投诉、工单', '6. Ownership, complaints, work orders'], lines: [
      rule('R-14', '接听者负责到底,转接不转责任', 'the agent who takes the call owns its ticket until closed'),
      rule('R-15', `主管 ${p.complaints.actWithinHours} 小时内处理并回复来电人`, `the supervisor acts within ${p.complaints.actWithinHours} h and reports back to the caller`),
      rule('R-16', '派单 → 督办 → 回复 → 办结 → 回访', 'dispatch → follow-up → return → close → satisfaction callback'),
    ]},
    {title: ['7. 高峰期应急预案', '7. Peak-load plan'], lines: [
      rule('R-17', `${p.peak.predictableLeaveAllowed ? '可' : '不'}批假,外呼不超过 ${p.peak.predictableMaxOutboundAgents} 人`, `${p.peak.predictableLeaveAllowed ? 'leave allowed' : 'no leave'}, at most ${p.peak.predictableMaxOutboundAgents} agents on outbound`),
      rule('R-18', `排队 ≥ ${p.peak.level1Queue} 持续 ${p.peak.sustainMinutes} 分钟 → 停止回访、暂停小休;≥ ${p.peak.level2Queue} 持续 ${p.peak.sustainMinutes} 分钟 → 主管及全员上线`,
        `queue ≥ ${p.peak.level1Queue} for ${p.peak.sustainMinutes} min → stop callbacks, suspend breaks; ≥ ${p.peak.level2Queue} for ${p.peak.sustainMinutes} min → supervisors and all seats take calls`),
    ]},
    {title: ['8. 工作时间、考勤、请假', '8. Working time, attendance, leave'], lines: [
      rule('R-19', `服务热线用 ${p.calendars.service},业务负责人用 ${p.calendars.specialist}`, `the service line keeps ${p.calendars.service}, the specialist desk ${p.calendars.specialist}`),
      ...calendarLines(p),
      rule('R-20', `班前 ${p.attendance.signInMinutesBeforeShift} 分钟签到;每周补签最多 ${p.attendance.makeUpSignInsPerWeek} 次,超出按缺勤`, `sign in ${p.attendance.signInMinutesBeforeShift} min before the shift; at most ${p.attendance.makeUpSignInsPerWeek} make-up sign-ins a week, more count as absence`),
      rule('R-21', `班前 ${p.attendance.morningMeetingMinutes} 分钟早会`, `morning meeting ${p.attendance.morningMeetingMinutes} min before the shift`),
      rule('R-22', `${p.leave.leadMaxDays} 天以内班长审批,超过 ${p.leave.leadMaxDays} 天部门负责人审批;年假提前 ${p.leave.annualNoticeDays} 天申请`, `up to ${p.leave.leadMaxDays} days the team lead approves, more the department head; annual leave ${p.leave.annualNoticeDays} days ahead`),
      rule('R-23', `小休每次 ${p.breaks.breakMinutes} 分钟、每班 ${p.breaks.breaksPerShift} 次;用餐 ${p.breaks.mealMinutes} 分钟;高峰 ${p.breaks.suspendAtPeakLevel} 级起暂停小休`, `breaks ${p.breaks.breakMinutes} min, ${p.breaks.breaksPerShift} per shift; meal ${p.breaks.mealMinutes} min; breaks suspended from peak level ${p.breaks.suspendAtPeakLevel}`),
    ]},
    {title: ['9. 质量监控', '9. Quality monitoring'], lines: [
      rule('R-24', '在线监听、录音抽查、即席监听', 'live listen-in, recording review, side-by-side'),
      rule('R-25', `每人每周 ≥ ${q.weeklyMinPerAgent} 次或话务量的 ${pct(q.sampleRateMin)}–${pct(q.sampleRateMax)};每日在线 ${q.dailyPerAgent.live}、录音 ${q.dailyPerAgent.recording}、即席 ${q.dailyPerAgent.sideBySide};新人(${q.newAgentDays} 天内)与低分(< ${q.lowScoreBelow})× ${q.boostFactor}`,
        `each agent ≥ ${q.weeklyMinPerAgent} a week or ${pct(q.sampleRateMin)}–${pct(q.sampleRateMax)} of calls; daily ${q.dailyPerAgent.live} live, ${q.dailyPerAgent.recording} recordings, ${q.dailyPerAgent.sideBySide} side-by-side; new (< ${q.newAgentDays} days) and low scorers (< ${q.lowScoreBelow}) × ${q.boostFactor}`),
      rule('R-26', '全天随机抽样,覆盖所有业务类型', 'random across the whole day, every business type'),
      rule('R-27', `个人问题 ${q.individualFeedbackWorkingDays} 个工作日内反馈,共性问题 ${q.commonIssueFeedbackDays} 天内`, `individual errors within ${q.individualFeedbackWorkingDays} working day(s), common issues within ${q.commonIssueFeedbackDays} days`),
      rule('R-28', '话务员可申诉,主管裁定最终成绩', 'the agent may dispute; the supervisor decides the final score'),
      rule('R-29', `质检员平均分与同事相差 ≥ ${q.calibrationThreshold} 分(至少 ${q.calibrationMinScores} 次)即标记;每 ${q.calibrationReviewMonths} 个月复核`, `an evaluator ${q.calibrationThreshold}+ points off peers (≥ ${q.calibrationMinScores} scores) is flagged; reviewed every ${q.calibrationReviewMonths} months`),
    ]},
    {title: ['10. 培训与考核', '10. Training and assessment'], lines: [
      rule('R-30', `培训 ${p.training.weeks} 周;录音 ${p.training.recordingMax} + 笔试 ${p.training.writtenMax},总分 ≥ ${p.training.passTotal} 且单项不低于 ${pct(p.training.partPassFraction)}`, `${p.training.weeks} weeks of training; recording ${p.training.recordingMax} + written ${p.training.writtenMax}, pass at ≥ ${p.training.passTotal} with each part ≥ ${pct(p.training.partPassFraction)}`),
      rule('R-31', `每月至少 ${p.training.trainingsPerMonth} 次培训`, `at least ${p.training.trainingsPerMonth} training(s) a month`),
      rule('R-32', '半年星级评定 + 月度质检成绩', 'half-yearly star rating + monthly QA score'),
    ]},
    {title: ['11. 工作纪律', '11. Discipline'], lines: [
      rule('R-33', `严重违纪扣 ${p.discipline.seriousPoints} 分,一般扣 ${p.discipline.generalPoints} 分,按月统计;同一一般违纪第 ${p.discipline.generalRepeatCountsAsSerious} 次按严重计;严重违纪 ${p.discipline.dismissalSerious} 次辞退`,
        `serious −${p.discipline.seriousPoints}, general −${p.discipline.generalPoints}, per month; the ${p.discipline.generalRepeatCountsAsSerious}rd repeat of a general one counts as serious; ${p.discipline.dismissalSerious} serious → dismissal`),
    ]},
    {title: ['12. 指标与报表', '12. KPIs and reports'], lines: [
      rule('R-34', `呼入、接通、放弃、接通率、放弃率、服务水平(入队后 T 秒内接起,按队列见下)、每人 ${p.answerWithinRings} 声内接起率、平均应答、平均处理/通话/保持/话后时长`, `offered, answered, abandoned, answer rate, abandon rate, service level (answered within T s of entering the queue, per queue below), per-agent ${p.answerWithinRings}-ring rate, ASA, AHT, talk/hold/wrap-up`),
      rule('R-35', '每人交接班记录与工作日结', 'shift handover and daily wrap-up by every agent'),
    ]},
    {title: ['队列策略', 'Queue policy'], lines: queueLines(p, queues)},
    {title: ['13. 隐私', '13. Privacy'], lines: [
      rule('R-36', `号码打码(保留前 ${p.privacy.maskKeepPrefix} 后 ${p.privacy.maskKeepSuffix} 位);空闲 ${p.privacy.idleLockMinutes} 分钟或小休时锁屏`, `numbers masked (first ${p.privacy.maskKeepPrefix}, last ${p.privacy.maskKeepSuffix} shown); the seat locks after ${p.privacy.idleLockMinutes} min idle or on a break`),
    ]},
  ];
}

export function formatPolicy(p: PolicyConfig, lang: Lang, queues?: readonly string[]): string {
  const out: string[] = [];
  for (const section of policySections(p, queues)) {
    out.push(lang === 'en' ? section.title[1] : lang === 'zh' ? section.title[0] : `${section.title[0]}  ${section.title[1]}`);
    for (const [zh, en, inline] of section.lines) {
      if (lang === 'both' && inline) out.push(`  ${zh} ${en}`);
      else {
        if (lang !== 'en') out.push(`  ${zh}`);
        if (lang !== 'zh') out.push(lang === 'both' ? `    ${en}` : `  ${en}`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}

const usage = `usage: zuoxi policy [--config FILE] [--lang zh|en|both]

  --config FILE  the center's config (default: the built-in defaults, docs/policy-reference.md)
  --lang         zh, en or both (default both)

Exit status: 0 printed, 1 the config file is invalid, 2 usage error.`;

export const run = command({
  name: 'policy',
  usage,
  options: {config: {type: 'string'}, lang: {type: 'string'}},
  schema: z.object({
    config: z.string().min(1).optional(),
    lang: choice(['zh', 'en', 'both']).default('both'),
  }),
  async run({config, lang}) {
    let policy = defaultPolicy();
    let queues = ['main'];
    let source = 'defaults: docs/policy-reference.md';
    if (config !== undefined) {
      const loaded = await loadConfigFile(config);
      if (!loaded.ok) {
        console.error(loaded.error);
        for (const p of loaded.problems) console.error(`  ${p.path}: ${p.message}`);
        return 1;
      }
      policy = loaded.config.policy;
      queues = loaded.config.queues.map(q => q.id);
      source = config;
    }
    const header = lang === 'en' ? `Effective policy (${source})` : lang === 'zh' ? `生效策略(${source})` : `生效策略 Effective policy (${source})`;
    console.log(`${header}\n\n${formatPolicy(policy, lang, queues)}`);
    return 0;
  },
});
