// zh-CN and en names for what the rules talk about: rule IDs, call stages, script stages, QA
// flags, peak actions and states. The TUI and `zuoxi policy` show these; phrase glosses live in
// script.ts beside the catalog.
import type {CallStage} from './call-stage.ts';
import type {ScriptStageId} from './script.ts';

export type Lang = 'zh-CN' | 'en';
type Names = {readonly zh: string; readonly en: string};
const n = (zh: string, en: string): Names => ({zh, en});

export const ruleNames = {
  'R-01': n('三声内接起', 'Answer within 3 rings'),
  'R-02': n('超时接起致歉', 'Apologise for a late answer'),
  'R-03': n('开始语', 'Opening'),
  'R-04': n('十字礼貌用语', 'Ten polite words'),
  'R-05': n('5W1H 记录', '5W1H notes'),
  'R-06': n('不说"他不在""不知道"', 'Never "not here" / "don\'t know"'),
  'R-07': n('结束语,客户先挂机', 'Closing; the customer hangs up first'),
  'R-08': n('承诺即回电任务', 'Promises become callback tasks'),
  'R-09': n('保持前提示', 'Prompt before hold'),
  'R-10': n('保持提醒', 'Hold-time nudges'),
  'R-11': n('语速', 'Speech rate'),
  'R-12': n('无声电话', 'Silent call'),
  'R-13': n('营销推荐上限', 'Offer limit'),
  'R-14': n('首问负责制', 'First-contact responsibility'),
  'R-15': n('投诉处理', 'Complaints'),
  'R-16': n('工单流程', 'Work orders'),
  'R-17': n('可预见高峰', 'Predictable peaks'),
  'R-18': n('突发高峰预案', 'Unpredictable peak plan'),
  'R-19': n('工作时间', 'Service hours'),
  'R-20': n('签到签退', 'Sign-in and sign-out'),
  'R-21': n('早会', 'Morning meeting'),
  'R-22': n('请假审批', 'Leave approval'),
  'R-23': n('小休与用餐', 'Breaks and meals'),
  'R-24': n('监控方式', 'Monitoring methods'),
  'R-25': n('监控频次', 'Monitoring frequency'),
  'R-26': n('随机抽样', 'Random sampling'),
  'R-27': n('质检反馈时限', 'QA feedback deadlines'),
  'R-28': n('成绩申诉', 'Score disputes'),
  'R-29': n('质检员校准', 'Evaluator calibration'),
  'R-30': n('上岗考试', 'Placement exam'),
  'R-31': n('每月培训', 'Monthly training'),
  'R-32': n('星级评定', 'Star rating'),
  'R-33': n('工作纪律扣分', 'Discipline points'),
  'R-34': n('指标与报表', 'KPIs and reports'),
  'R-35': n('交接班与工作日结', 'Shift handover and daily wrap-up'),
  'R-36': n('客户信息保密', 'Customer privacy'),
} as const satisfies Record<string, Names>;
export type RuleId = keyof typeof ruleNames;

export const callStageNames: Record<CallStage, Names> = {
  opening: n('开始语', 'Opening'),
  identify: n('登记来电人', 'Caller details'),
  need: n('确认需求', 'Confirm the need'),
  lookup: n('查询', 'Lookup'),
  answer: n('答复', 'Answer'),
  before_closing: n('结束前询问', 'Before closing'),
  closing: n('结束语', 'Closing'),
  wait_hangup: n('等待客户挂机', 'Waiting for the customer to hang up'),
};

export const scriptStageNames: Record<ScriptStageId, Names> = {
  greeting_reply: n('问候回应', 'Greeting reply'),
  ask_name: n('询问姓名', 'Ask name'),
  ask_address: n('询问地址', 'Ask address'),
  ask_phone: n('询问电话', 'Ask phone'),
  confirm_need: n('确认需求', 'Confirm need'),
  before_lookup: n('查询前', 'Before lookup'),
  during_lookup: n('查询中', 'During lookup'),
  lookup_too_long: n('查询时间过长', 'Lookup too long'),
  found: n('查询到结果', 'Found'),
  not_found: n('未查询到', 'Not found'),
  transfer: n('转接', 'Transfer'),
  transfer_failed: n('转接失败', 'Transfer failed'),
  specialist_off_duty: n('业务负责人已下班', 'Specialist off duty'),
  outside_service_hours: n('非工作时间', 'Outside service hours'),
  offer_value_added: n('推荐增值服务', 'Offer value-added service'),
  caller_answered_slowly: n('客户抱怨接听慢', 'Caller: answered slowly'),
  caller_wrong_result: n('客户称结果有误', 'Caller: wrong result'),
  caller_thanks: n('客户致谢', 'Caller thanks'),
  caller_praises: n('客户表扬', 'Caller praises'),
  caller_suggests: n('客户提建议', 'Caller suggests'),
  bad_line: n('通话质量差', 'Bad line'),
  service_not_open: n('业务未开通', 'Service not yet open'),
  beyond_scope: n('超出解答范围', 'Beyond my scope'),
  before_closing: n('结束前询问', 'Before closing'),
  closing: n('结束语', 'Closing'),
};

export const flagNames = {
  late_answer: n('超时接起', 'Late answer'),
  long_hold: n('保持过长', 'Long hold'),
  agent_hung_up_first: n('话务员先挂机', 'Agent hung up first'),
  offers_beyond_limit: n('推荐超限', 'Offers beyond limit'),
  missing_fields: n('缺少必填信息', 'Missing mandatory fields'),
  overdue_callback: n('回电逾期', 'Overdue callback'),
  complaint_not_acted: n('投诉未在24小时内处理', 'Complaint not acted on within 24 h'),
} as const satisfies Record<string, Names>;

export const peakActionNames = {
  stop_callbacks: n('停止回访服务', 'Stop callback service'),
  suspend_breaks: n('暂停小休', 'Suspend breaks'),
  supervisors_take_calls: n('主管上线接听', 'Supervisors take calls'),
  all_seats_take_calls: n('全员上线接听', 'All seats take calls'),
} as const satisfies Record<string, Names>;

export const stateNames = {
  // peak levels
  peak_0: n('正常', 'Normal'),
  peak_1: n('一级高峰', 'Peak level 1'),
  peak_2: n('二级高峰', 'Peak level 2'),
  // ring state
  ring_within: n('振铃中', 'Ringing'),
  ring_late: n('超时未接', 'Ringing late'),
  // hold nudges
  nudge: n('提醒', 'Nudge'),
  patience: n('致谢等待', 'Thank for waiting'),
  // silent call
  greet: n('问候', 'Greet'),
  repeat: n('重复问候', 'Repeat'),
  farewell: n('告别并挂机', 'Farewell and release'),
  // QA disputes
  scored: n('已评分', 'Scored'),
  disputed: n('申诉中', 'Disputed'),
  final: n('最终成绩', 'Final'),
  // leave
  team_lead: n('班长', 'Team lead'),
  department_head: n('部门负责人', 'Department head'),
  // breaks
  break: n('小休', 'Break'),
  meal: n('用餐', 'Meal'),
  break_overrun: n('小休超时', 'Break overrun'),
  meal_overrun: n('用餐超时', 'Meal overrun'),
  // discipline
  serious: n('严重违纪', 'Serious violation'),
  general: n('一般违纪', 'General violation'),
  dismissal: n('辞退', 'Dismissal'),
  // tickets (R-14…R-16)
  open: n('已登记', 'Open'),
  dispatched: n('已派单', 'Dispatched'),
  follow_up: n('督办中', 'Following up'),
  returned: n('已回复', 'Returned'),
  closed: n('已办结', 'Closed'),
  revisited: n('已回访', 'Callback done'),
  // speech rate
  too_slow: n('语速过慢', 'Too slow'),
  ok: n('正常', 'OK'),
  too_fast: n('语速过快', 'Too fast'),
  // exam
  pass: n('通过', 'Pass'),
  extend_probation: n('延长试用期', 'Extend probation'),
} as const satisfies Record<string, Names>;

const tables = [ruleNames, callStageNames, scriptStageNames, flagNames, peakActionNames, stateNames] as const;

/** The name of a rule ID, stage, flag, action or state in a language; the key itself if unknown. */
export function nameOf(key: string, lang: Lang): string {
  for (const table of tables) {
    const names = (table as Record<string, Names>)[key];
    if (names) return lang === 'en' ? names.en : names.zh;
  }
  return key;
}
