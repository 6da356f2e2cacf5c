// PolicyConfig: every number and phrase of POLICY.md as a zod schema with the documents' defaults.
// A center overrides any of them from zuoxi.config.json ("policy": {...}); the mechanism stays.
// `PolicyConfig.parse({})` is the documents' policy. Nested objects use `.prefault({})` so a
// partial override keeps the defaults of the fields it leaves out.
// Phrases carry named slots where the documents write `*`: {line}, {topic}, {service}, ….
// Numbers marked "zuoxi default" are not fixed by the documents; they are what an operator expects.
import {z} from 'zod';
import {HubLimits, RegistrarLimits} from './limits-config.ts';
import {QueueingConfig} from './queue-policy.ts';

const Phrase = z.string().min(1, 'expected a non-empty phrase');
const phrases = (...defaults: string[]) => z.array(Phrase).min(1, 'expected at least one phrase').default(defaults);
const seconds = (d: number) => z.number().positive().default(d);
const count = (d: number) => z.number().int().nonnegative().default(d);

/** "HH:MM" local time of the center; 24:00 closes a 24-hour day. */
export const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM (00:00–24:00)');
export type ClockTime = z.infer<typeof ClockTime>;

/** ISO calendar date YYYY-MM-DD. */
export const IsoDate = z.string()
  .regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, {message: 'expected an ISO date YYYY-MM-DD', abort: true})
  .refine(d => {
    const [y, m, day] = d.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, day));
    return date.getUTCMonth() === m - 1 && date.getUTCDate() === day;
  }, 'no such calendar date');
export type IsoDate = z.infer<typeof IsoDate>;

/** A moment: an ISO date-time with its offset, or a date alone (the center's local day, R-19 offset). */
const IsoDateTime = z.iso.datetime({offset: true});
const PeakInstant = z.string().refine(v => IsoDate.safeParse(v).success || IsoDateTime.safeParse(v).success, 'expected an ISO date YYYY-MM-DD or a date-time with its offset, e.g. 2026-11-23T09:00:00+08:00');

/** one predictable peak. A date-only `to` includes that whole day. */
export const PredictablePeak = z.object({
  name: z.string().min(1).max(64),
  from: PeakInstant,
  to: PeakInstant,
});
export type PredictablePeak = z.infer<typeof PredictablePeak>;

/** Epoch ms of a PeakInstant read at UTC (for the from < to check only; peak.ts applies the offset). */
function roughInstant(at: string, end: boolean): number {
  return at.length === 10 ? Date.parse(`${at}T00:00:00Z`) + (end ? 86_400_000 : 0) : Date.parse(at);
}

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** one service-hours calendar. Days are 0 = Sunday … 6 = Saturday. */
export const Calendar = z.object({
  days: z.array(z.number().int().min(0).max(6)).min(1).default([1, 2, 3, 4, 5]),
  open: ClockTime.default('09:00'),
  close: ClockTime.default('18:00'),
  lunch: z.object({start: ClockTime, end: ClockTime}).nullable().default(null),
  /** Whether public holidays close this calendar (a 24×7 line stays open). */
  closedOnHolidays: z.boolean().default(true),
}).superRefine((c, ctx) => {
  if (minutesOf(c.open) >= minutesOf(c.close)) ctx.addIssue({code: 'custom', path: ['close'], message: `close ${c.close} must be after open ${c.open}`});
  if (c.lunch && !(minutesOf(c.open) <= minutesOf(c.lunch.start) && minutesOf(c.lunch.start) < minutesOf(c.lunch.end) && minutesOf(c.lunch.end) <= minutesOf(c.close))) {
    ctx.addIssue({code: 'custom', path: ['lunch'], message: `lunch ${c.lunch.start}–${c.lunch.end} must lie inside ${c.open}–${c.close}`});
  }
});
export type Calendar = z.infer<typeof Calendar>;

const everyDay = [0, 1, 2, 3, 4, 5, 6];

/** R-19 defaults. */
export const defaultCalendars: Record<string, z.input<typeof Calendar>> = {
  spring: {days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00', lunch: {start: '12:00', end: '13:30'}},
  winter: {days: [1, 2, 3, 4, 5], open: '09:00', close: '17:30', lunch: {start: '12:00', end: '13:00'}},
  specialist: {days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00'},
  '24x7': {days: everyDay, open: '00:00', close: '24:00', closedOnHolidays: false},
  // Seed 003: 8:00–21:00 「包括周末和公共假日」.
  '8-21': {days: everyDay, open: '08:00', close: '21:00', closedOnHolidays: false},
};

const parsedDefaultCalendars = (): Record<string, Calendar> =>
  Object.fromEntries(Object.entries(defaultCalendars).map(([name, c]) => [name, Calendar.parse(c)]));

/** §2 script catalog: stage → phrases (first = the one the seat offers; the rest on hotkeys). */
export const ScriptPhrases = z.object({
  greeting_reply: phrases('您好'),
  ask_name: phrases('请问您贵姓?', '请问您怎么称呼?'),
  ask_address: phrases('请问您的详细地址是?', '方便留一下具体地址吗?'),
  ask_phone: phrases('请问您的联系方式是?'),
  confirm_need: phrases('请问您要咨询的是{topic}吗?'),
  before_lookup: phrases('请稍等,帮您查询'),
  during_lookup: phrases('请稍等,正在帮您查询'),
  lookup_too_long: phrases('感谢您的耐心等待'),
  found: phrases('您查询的{topic}是{answer}'),
  not_found: phrases('暂时查询不到相关信息,很抱歉没有帮到您', '抱歉,暂时查询不到相关信息,给您提供{department}号码您进行咨询,可以吗?'),
  transfer: phrases('我帮您转接{department},您详细咨询一下,好吗?请不要挂机'),
  transfer_failed: phrases('很抱歉,电话未接通,您记录一下号码稍后拨打可以吗?'),
  specialist_off_duty: phrases('抱歉,您咨询的{service}业务需业务负责人为您解答,目前业务负责人已下班,请您明天工作时间(9:00-17:00)再拨打,或者我帮您记录,明天工作时间给您回电?'),
  outside_service_hours: phrases('抱歉,目前不属于{department}的工作时间,您看是我给您提供电话工作时间您再拨打,还是我把您的问题记录,五个工作日内给您回电?'),
  offer_value_added: phrases('请问您需要{service}服务吗?我们也提供专业的{service}服务,帮您转接咨询一下,好吗?'),
  caller_answered_slowly: phrases('对不起,现在处于业务高峰,请问有什么可以帮您?'),
  caller_wrong_result: phrases('对不起,我再帮您查询一遍好吗?'),
  caller_thanks: phrases('不客气'),
  caller_praises: phrases('不客气,这是我们应该做的。'),
  caller_suggests: phrases('非常感谢您提供的宝贵建议,我会尽快反馈给主管部门,感谢您对我们服务的支持。'),
  bad_line: phrases('很抱歉,我没有听清,请您再重复一遍好吗?', '很抱歉,请您慢点说好吗?', '很抱歉,请您大/小点声好吗?', '很抱歉,信号不好,请您换一下位置好吗?'),
  service_not_open: phrases('抱歉,{service}业务目前尚未开通,您可以留下您的联系方式,开通后我们电话短信通知您,可以吗?'),
  beyond_scope: phrases('抱歉,您咨询这个问题超出了我的解答范围,您看是我帮您记录稍后回电,还是转接相关人员?'),
  before_closing: phrases('请问还有什么可以帮您?'),
  closing: phrases('感谢您的来电,再见。'),
});
export type ScriptPhrases = z.infer<typeof ScriptPhrases>;

/** An ng control address of an external rtpengine. */
const NgAddress = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/, 'expected HOST:PORT (the rtpengine ng port)');
const PromptPath = z.string().min(1, 'expected a WAV file path');

/** A queue's own prompts (WAV, any rate: rtpengine resamples); unset ones are the shipped defaults. */
export const QueuePrompts = z.object({
  language: z.enum(['zh', 'en']).optional(),
  welcome: PromptPath.optional(),
  musicOnHold: PromptPath.optional(),
  outOfHours: PromptPath.optional(),
});
export type QueuePrompts = z.infer<typeof QueuePrompts>;

/** Media through the center (rtpengine): recordings, music on hold, prompts. */
export const MediaConfig = z.object({
  /**
   * "embedded": start rtpengine as a child process when it is on PATH (else signalling only, said
   * at start and in each call's record); "off": signalling only; or external rtpengines' ng addresses.
   */
  rtpengine: z.union([z.enum(['embedded', 'off']), z.array(NgAddress).min(1, 'expected at least one HOST:PORT')]).default('embedded'),
  /** Address the embedded rtpengine binds RTP on (the center's media interface). */
  interface: z.string().min(1).default('127.0.0.1'),
  /** RTP port range of the embedded rtpengine (zuoxi default). */
  portMin: z.number().int().min(1024).max(65535).default(30000),
  portMax: z.number().int().min(1024).max(65535).default(39999),
  recording: z.object({
    /** every answered call is recorded (on by default). */
    enabled: z.boolean().default(true),
    /** Queues whose calls are not recorded. */
    offForQueues: z.array(z.string().min(1)).default([]),
    /** Recordings older than this many days are deleted by the daily clean-up (zuoxi default). */
    retentionDays: z.number().int().positive().default(90),
  }).prefault({}),
  /** Language of the shipped default prompts. */
  language: z.enum(['zh', 'en']).default('zh'),
  /** Per-queue prompts, by queue id. */
  prompts: z.record(z.string().min(1), QueuePrompts).default({}),
  /**
   * Keep a queued caller on ringback (early media, not answered) as before the center owned media,
   * for carriers that bill from answer. Off: the caller is answered, hears the welcome, then music
   * with the queue position announced every `announceEverySeconds`.
   */
  ringbackOnly: z.boolean().default(true),
  announceEverySeconds: seconds(60),
}).superRefine((m, ctx) => {
  if (m.portMin + 3 > m.portMax) ctx.addIssue({code: 'custom', path: ['portMax'], message: `port range ${m.portMin}–${m.portMax} must hold at least 4 ports`});
});
export type MediaConfig = z.infer<typeof MediaConfig>;

export const PolicyConfig = z.object({
  /** ring period (China ring-back cadence 1 s on / 4 s off). */
  ringPeriodSeconds: z.number().positive().default(5),
  /** answer within this many rings. */
  answerWithinRings: z.number().int().positive().default(3),
  /** RONA (redirect on no answer): 4 rings = 20 s at the default period, then requeue + Not Ready. */
  noAnswerSeconds: seconds(20),
  /** After-call work (话后处理) before the seat returns to Ready (zuoxi default). */
  afterCallWorkSeconds: seconds(30),
  /** the `*` of 「您好,*服务专线」. */
  lineName: z.string().min(1).default('12345'),
  /** Why a seat is Not Ready: the agent picks one, the switch and the wallboard show it (zuoxi
   * defaults, Chinese as the UI's phrases; the en UI translates the defaults it knows). */
  notReadyReasons: z.array(z.string().min(1).max(64)).min(1, 'expected at least one reason').default(['小结', '培训', '会议', '系统故障', '个人']),

  /** the opening and the words an agent must (not) use. */
  opening: z.object({
    /** R-02: said before the greeting when answered after R-01's rings. */
    apology: Phrase.default('您好,让您久等了'),
    /** */
    greeting: Phrase.default('您好,{line}服务专线,请问有什么可以帮您?'),
    /** trainee (实习话务员) variant. */
    traineeGreeting: Phrase.default('您好,{line}服务专线,实习话务员为您服务,请讲?'),
    /** 十字礼貌用语. */
    politeWords: z.array(Phrase).default(['请', '您好', '谢谢', '不客气', '再见']),
    /** never end a call on these / never answer a number request with these. */
    forbiddenPhrases: z.array(Phrase).default(['他不在', '不知道']),
  }).prefault({}),

  /** §2 script catalog; R-08 promises are attached in src/rules/script.ts. */
  script: ScriptPhrases.prefault({}),

  /** 5W1H notes; mandatory caller fields for some call types. */
  notes: z.object({
    fiveW1H: z.array(z.enum(['when', 'who', 'where', 'what', 'why', 'how'])).default(['when', 'who', 'where', 'what', 'why', 'how']),
    mandatoryFields: z.array(z.enum(['surname', 'address', 'phone'])).default(['surname', 'address', 'phone']),
    mandatoryForCallTypes: z.array(z.string().min(1)).default(['dispatch', 'volunteer', 'donation']),
  }).prefault({}),

  /** closing order; the customer hangs up first. */
  closing: z.object({
    customerHangsUpFirst: z.boolean().default(true),
  }).prefault({}),

  /** hold prompts and nudges. */
  holdNudges: z.object({
    /** said before putting the caller on hold. */
    beforeHoldPhrase: Phrase.default('请稍等,帮您查询'),
    /** first nudge after this long on hold… */
    firstSeconds: seconds(20),
    /** …and again every this long. */
    everySeconds: seconds(20),
    nudgePhrase: Phrase.default('请稍等,正在帮您查询'),
    /** from here the nudge thanks the caller for waiting (say it on return). */
    patienceFromSeconds: seconds(45),
    patiencePhrase: Phrase.default('感谢您的耐心等待'),
    /** from here the seat proposes a callback and flags `long_hold`. */
    longHoldSeconds: seconds(120),
    callbackPhrase: Phrase.default('改用另行回话的方式'),
  }).prefault({}),

  /** target speech rate, characters per minute. */
  speechRate: z.object({
    minPerMinute: count(180),
    maxPerMinute: count(250),
  }).prefault({}),

  /** silent call protocol. */
  silentCall: z.object({
    greeting: Phrase.default('您好,电话已接通,请讲'),
    repeatAfterSeconds: seconds(5),
    /** After the repeat, this long again → farewell and release. */
    releaseAfterSeconds: seconds(5),
    farewell: Phrase.default('很抱歉,听不到您的声音,请挂机重拨,感谢来电,再见'),
  }).prefault({}),

  /** marketing offers per call. */
  offers: z.object({maxPerCall: count(2)}).prefault({}),

  /** complaints. */
  complaints: z.object({
    actWithinHours: seconds(24),
  }).prefault({}),

  /** service-hours calendars; times are the center's local time. */
  calendars: z.object({
    /** Minutes east of UTC for the center's local time (China Standard Time, no DST). */
    utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
    /** The calendar of the service line (spring or winter schedule in the documents). */
    service: z.string().min(1).default('spring'),
    /** The specialist desk (业务负责人) calendar: R-08 「明天工作时间给您回电」. */
    specialist: z.string().min(1).default('specialist'),
    /** Merged over the defaults: a center adds or redefines calendars by name. */
    definitions: z.record(z.string().min(1), Calendar).default({}).transform(own => ({...parsedDefaultCalendars(), ...own})),
    /** Public holidays (closed). */
    holidays: z.array(IsoDate).default([]),
    /** Weekend days worked in exchange for a holiday (调休上班). */
    extraWorkdays: z.array(IsoDate).default([]),
  }).prefault({}).superRefine((c, ctx) => {
    for (const key of ['service', 'specialist'] as const) {
      if (!c.definitions[c[key]]) ctx.addIssue({code: 'custom', path: [key], message: `no calendar named "${c[key]}" in definitions (have: ${Object.keys(c.definitions).join(', ')})`});
    }
  }),

  /** due dates of promises made by a script. */
  callbacks: z.object({
    /** 「五个工作日内给您回电」 */
    withinWorkingDays: count(5),
  }).prefault({}),

  /** peak-load plan. */
  peak: z.object({
    level1Queue: count(8),
    level2Queue: count(16),
    sustainMinutes: seconds(30),
    /** during a predictable peak. */
    predictableMaxOutboundAgents: count(2),
    predictableLeaveAllowed: z.boolean().default(false),
    /** the predictable peaks the center declares ahead (campaigns, registrations, process changes). */
    predictable: z.array(PredictablePeak).default([]),
  }).prefault({}).superRefine((p, ctx) => {
    if (p.level2Queue <= p.level1Queue) ctx.addIssue({code: 'custom', path: ['level2Queue'], message: `level 2 queue (${p.level2Queue}) must exceed level 1 (${p.level1Queue})`});
    // Offsets aside (a date alone is read in the center's time), `to` must come after `from`.
    p.predictable.forEach((w, i) => {
      if (roughInstant(w.to, true) <= roughInstant(w.from, false)) ctx.addIssue({code: 'custom', path: ['predictable', i, 'to'], message: `predictable peak "${w.name}" ends (${w.to}) before it starts (${w.from})`});
    });
  }),

  /** attendance. */
  attendance: z.object({
    signInMinutesBeforeShift: count(10),
    morningMeetingMinutes: count(10),
    makeUpSignInsPerWeek: count(2),
  }).prefault({}),

  /** leave routing. */
  leave: z.object({
    /** Up to this many days the team lead approves; more → department head. */
    leadMaxDays: count(3),
    /** Annual leave is requested at least this many days ahead (≥ 1 month). */
    annualNoticeDays: count(30),
  }).prefault({}),

  /** breaks (小休) and meals (zuoxi defaults: the documents leave the numbers to the center). */
  breaks: z.object({
    breakMinutes: seconds(10),
    breaksPerShift: count(2),
    mealMinutes: seconds(30),
    mealsPerShift: count(1),
    /** R-23 with R-18: breaks are suspended from this peak level on. */
    suspendAtPeakLevel: z.number().int().min(1).max(2).default(1),
  }).prefault({}),

  /** R-24…R-29: quality monitoring. */
  qa: z.object({
    weeklyMinPerAgent: count(3),
    /** 5–15 % of call volume. */
    sampleRateMin: z.number().min(0).max(1).default(0.05),
    sampleRateMax: z.number().min(0).max(1).default(0.15),
    dailyPerAgent: z.object({
      live: count(5),
      recording: count(5),
      sideBySide: count(3),
    }).prefault({}),
    /** new agents and low scorers are monitored more (zuoxi defaults for "more"). */
    newAgentDays: count(90),
    lowScoreBelow: z.number().min(0).max(100).default(80),
    boostFactor: z.number().min(1).default(2),
    /** */
    individualFeedbackWorkingDays: count(1),
    commonIssueFeedbackDays: count(7),
    /** R-29: flag an evaluator whose mean differs from peers' by at least this many points. */
    calibrationThreshold: z.number().positive().default(5),
    /** ignore evaluators with fewer scores than this. */
    calibrationMinScores: count(5),
    /** reviewed quarterly. */
    calibrationReviewMonths: count(3),
  }).prefault({}).superRefine((q, ctx) => {
    if (q.sampleRateMin > q.sampleRateMax) ctx.addIssue({code: 'custom', path: ['sampleRateMax'], message: `sampleRateMax (${q.sampleRateMax}) is below sampleRateMin (${q.sampleRateMin})`});
  }),

  /** training and the placement exam. */
  training: z.object({
    weeks: count(2),
    recordingMax: count(50),
    writtenMax: count(50),
    passTotal: count(80),
    /** A part is failed below this fraction of its maximum (zuoxi default: 60 %). */
    partPassFraction: z.number().min(0).max(1).default(0.6),
    trainingsPerMonth: count(1),
  }).prefault({}),

  /** discipline ledger. */
  discipline: z.object({
    seriousPoints: count(10),
    generalPoints: count(2),
    /** The nth repeat of the same general violation (in a month) counts as serious. */
    generalRepeatCountsAsSerious: z.number().int().min(1).default(3),
    /** Serious violations in employment that lead to dismissal. */
    dismissalSerious: z.number().int().min(1).default(3),
  }).prefault({}),

  /** Media through the center: rtpengine, recordings, prompts, music on hold. */
  media: MediaConfig.prefault({}),

  // ── queue policy (src/rules/queue-policy.ts) ──
  /** Per-queue max wait, length, outcomes, service hours, strategy, service level. */
  queueing: QueueingConfig.prefault({}),

  /** privacy. */
  privacy: z.object({
    idleLockMinutes: seconds(5),
    maskKeepPrefix: count(3),
    maskKeepSuffix: count(4),
    maskChar: z.string().length(1).default('*'),
  }).prefault({}),

  /** The registrar's limits (limits-config.ts). */
  registrar: RegistrarLimits.prefault({}),

  /** The sync hub's limits (limits-config.ts). */
  hub: HubLimits.prefault({}),
});
export type PolicyConfig = z.infer<typeof PolicyConfig>;

export function defaultPolicy(): PolicyConfig {
  return PolicyConfig.parse({});
}
