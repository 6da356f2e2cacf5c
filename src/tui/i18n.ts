// The seat's own words in zh-CN (default) and en. Phrases said to callers come from the policy
// (src/rules), not from here: a center rewords those in its config.
import type {AgentState} from '../sip/protocol.ts';

export type Lang = 'zh-CN' | 'en';

const zh = {
  appName: '坐席',
  minutes: ' 分',
  states: {
    ready: '就绪', 'not-ready': '未就绪', break: '小休', meal: '用餐', training: '培训', meeting: '会议',
    acw: '话后处理', offered: '振铃', 'on-call': '通话中', offline: '离线',
  } satisfies Record<AgentState, string>,
  connection: {connecting: '正在连接交换机…', online: '已连接', offline: '与交换机断开,正在重连', refused: '登录被拒绝', closed: '已退出'},
  sync: {synced: '已同步', pending: '待同步 {n}', offline: '离线保存', local: '本地保存'},
  counts: '今日 {calls} 通 迟接 {late}',
  queue: '排队 {n}',
  signIn: {title: '坐席登录', agent: '工号', pin: '密码', hint: 'Enter 确认 · Tab 切换', wrong: '工号或密码错误', refused: '登录被拒绝: {reason}', failed: '登录失败: {reason}', unreachable: '连接不上中心 {hub}: 请检查网络和 --hub 地址, 输入密码按 Enter 重试', connecting: '正在登录…'},
  idle: {
    title: '等待来电',
    readyHint: '已就绪,来电将在此振铃',
    offlineHint: '与交换机断开: 重新连上之前不会有来电',
    notReadyHint: '按 r 就绪开始接听',
    queueNow: '队列: {n} 人等待, 最长 {wait}',
    today: '今日: 接入 {offered} · 接听 {answered} · 放弃 {abandoned}',
    recent: '最近通话',
    phoneOff: '话机未注册: 请检查软电话',
  },
  ringing: {
    title: '来电振铃', caller: '来电号码', queue: '队列', waited: '已排队', rings: '第 {n} 声',
    late: '已超过 {max} 声: 接起时先致歉 (R-02)', accept: 'Enter 接听',
    outbound: '回访外呼',
  },
  call: {
    title: '通话中', talk: '通话', hold: '保持', stage: '阶段', sayNow: '现在说', alternatives: '备选',
    reactions: '来电者反应', next: 'Tab 下一阶段: {stage}', opening: '开场白', surname: '{name}先生/女士',
    flaggedLate: '迟接 (R-02)', ended: '通话已结束', endedBy: { caller: '客户挂机', agent: '坐席挂机', system: '系统结束' },
    callerLeftRinging: '来电 {caller} 在振铃时挂机了', ringStopped: '来电 {caller} 已不再振铃 ({why})',
    stoppedWhy: {rona: '未及时接听, 已回到队列', failed: '话机未接通', declined: '已拒接', 'signed-out': '班长已将您签出, 来电已回到队列'} as Record<string, string>,
  },
  stages: {
    opening: '开场', identify: '核实身份', need: '确认需求', lookup: '查询', answer: '答复',
    before_closing: '结束前确认', closing: '结束语', wait_hangup: '等待客户挂机',
  } as Record<string, string>,
  reactions: {thanks: '致谢', praise: '表扬', suggest: '建议', badLine: '听不清', wrong: '结果不对', slow: '接听慢'},
  holdPanel: {
    sayFirst: '先说: 「{phrase}」 然后按 h 保持', onHold: '保持中', nudgeNow: '现在提醒: 「{phrase}」',
    nextNudge: '下次提醒 {s} 秒后', thankOnReturn: '恢复时说: 「{phrase}」', longHold: '保持过久 (R-10): 建议{phrase}',
    resume: 'h 恢复通话',
  },
  silent: {title: '无声电话 (R-12)', say: '说: 「{phrase}」', next: '{s} 秒后下一步', release: 'e 释放电话 (无声)', on: 's 标记无声电话'},
  offers: {title: '增值推荐 (R-13)', count: '已推荐 {offers} 次 (接受 {accepted}, 拒绝 {declined})', disabled: '已拒绝 {n} 次: 本通不再推荐', limit: '已推荐 {n} 次 (上限): 本通不再推荐', accepted: '客户已接受推荐', ask: '客户: y 接受 · d 拒绝', key: 'o 推荐'},
  notes: {
    title: '通话记录 (5W1H)', saved: '已保存', hint: '↑↓ 选择 · 输入文字 · ←→ 切换选项 · Esc 完成',
    fields: {
      surname: '姓氏', phone: '联系电话', address: '地址', when: '何时', who: '何人', where: '何地', what: '何事', why: '为什么', how: '如何进行',
      callType: '来电类型', disposition: '处理结果',
      complaintContent: '投诉内容', complaintAbout: '被投诉人', complaintDept: '责任部门', workOrderDept: '工单部门', workOrderSummary: '工单摘要',
      callbackPromise: '回电承诺', callbackNumber: '回电号码',
    } as Record<string, string>,
    callTypes: {inquiry: '咨询', complaint: '投诉', suggestion: '建议', dispatch: '派单', volunteer: '志愿', donation: '捐赠', praise: '表扬', other: '其他'} as Record<string, string>,
    dispositions: {resolved: '已解答', callback: '需回电', transferred: '已转接', complaint: '投诉', work_order: '派工单', silent: '无声', wrong_number: '打错', other: '其他'} as Record<string, string>,
    promises: {next_business_day: '明天工作时间回电', working_days: '五个工作日内回电', open_ended: '开通后通知'} as Record<string, string>,
    missing: '缺少必填: {fields} (R-05)', due: '回电期限 {due}',
  },
  transfer: {title: '转接', kinds: {agent: '坐席', queue: '队列', number: '号码'} as Record<string, string>, target: '目标', hint: '←→ 类型 · 输入目标 · Enter 转接 · Esc 取消', failed: '转接失败', ok: '已转接', say: '先说: 「{phrase}」'},
  hangup: {warn: 'R-07 应待客户先挂机, 再按 e 仍挂断 (将被标记)', closeFirst: '先说「{phrase}」'},
  acw: {title: '话后处理', left: '剩余 {s} 秒', done: 'r 完成并就绪', overdue: '话后处理已超时'},
  lock: {title: '坐席已锁定', reason: {break: '小休中', meal: '用餐中', idle: '长时间无操作', manual: '已手动锁屏'} as Record<string, string>, pin: '输入密码解锁', wrong: '密码错误'},
  help: {title: '按键说明', close: '按任意键关闭'},
  history: {title: '今日通话', empty: '今天还没有通话', search: '搜索: {q}', hint: '↑↓ 滚动 · / 搜索 · Esc 返回'},
  qa: {
    title: '我的质检 {month}', key: 's 质检', back: 's 通话', empty: '本月还没有质检评分', score: '{total}/{max} ({percent}%)',
    individual: '个人反馈', common: '共性反馈', feedback: {given: '已反馈', given_late: '已反馈(逾期)', due: '待反馈 {due}', overdue: '反馈已逾期'} as Record<string, string>,
    dispute: '申诉: {reason}', pending: '待主管裁定 (R-28)', upheld: '裁定: 维持原分', revised: '裁定: 改为 {total}', note: '说明: {note}',
    methods: {recording: '录音', live: '在线', side_by_side: '即席'} as Record<string, string>, noComment: '(无评语)',
  },
  callbacks: {title: '待回电', empty: '没有待回电', due: '期限', overdue: '已逾期'},
  handover: {title: '交接班', hint: '输入交接内容 · Enter 换行 · Ctrl+S 保存 · Esc 返回', saved: '已保存', received: '上一班交接', ackHint: 'Ctrl+A 确认接收', none: '没有交接事项'},
  wrapup: {title: '工作日结', kpis: '今日指标', remarks: '备注', hint: '输入备注 · Ctrl+S 保存 · Esc 返回', saved: '已保存'},
  kpi: {offered: '接入', answered: '接听', answerRate: '接通率', serviceLevel: '服务水平', aht: '平均处理', hold: '平均保持'},
  /** The Not-Ready reason picker (the reasons themselves come from the policy). */
  reasonPicker: {title: '未就绪原因', hint: '↑↓ 选择 · Enter 或数字确认 · Esc 取消'},
  /** Reasons the switch sets. */
  reasonNames: {login: '刚登录', rona: '振铃未接', 'signed-out-by-lead': '班长签出'} as Record<string, string>,
  keys: {
    ready: 'r 就绪', notReady: 'n 未就绪', break: 'b 小休', meal: 'm 用餐', training: 't 培训', meeting: 'g 会议',
    history: 'l 通话记录', callbacks: 'c 待回电', handover: 'o 交接班', wrapup: 'w 日结', lock: 'L 锁屏', help: '? 帮助', quit: 'Ctrl+C 退出',
    accept: 'Enter 接听', hold: 'h 保持/恢复', notes: 'n 记录', transfer: 'x 转接', hangup: 'e 挂断', silent: 's 无声', offer: 'o 推荐',
    stage: 'Tab 下一阶段', phrase: '1-9 备选话术', reactions: 'T/P/U/B/W/A 反应话术', close: 'z 结束前确认',
  },
  flags: {late_answer: '迟接', long_hold: '长保持', agent_hung_up_first: '先挂机', offers_beyond_limit: '超推荐', missing_fields: '缺必填', overdue_callback: '回电逾期', complaint_not_acted: '投诉未处理'} as Record<string, string>,
  error: '操作失败: {message}',
  switchErrors: {
    unavailable: '坐席 {agent} 现在不能接听 ({state})', unavailableNoPhone: '坐席 {agent} 现在不能接听 ({state}, 话机未注册)',
    unknownQueue: '没有队列 "{id}"', unknownAgent: '没有坐席 "{id}"', targetNoAnswer: '{target} 未接听', transferFailed: '转接未接通',
    callBusy: '上一个操作还在进行, 请稍候再试', finishCallFirst: '请先结束当前通话', timeout: '交换机没有应答, 请稍候再试', offline: '未连接交换机',
    noTrunk: '本中心未配置外线中继, 不能拨打外线号码', noPhone: '您的话机未注册', toYourself: '不能转接给自己',
    holdFailed: '保持/恢复未成功: 对方线路没有应答', phoneFailed: '您的话机没有应答', handset: '话机模式: 请在话机上接听',
  },
  /** Blanks for a phrase's slots the seat cannot fill yet. */
  slots: {topic: '事项', service: '业务', department: '部门', answer: '答复', number: '号码', line: '热线'} as Record<string, string>,
  quitDuringCall: '通话进行中: 退出后通话仍在话机上继续。再按 Ctrl+C 退出',
  noStageMove: '本阶段已在结束语之后',
};

export type Messages = typeof zh;

const en: Messages = {
  appName: 'Seat',
  minutes: ' min',
  states: {
    ready: 'Ready', 'not-ready': 'Not Ready', break: 'Break', meal: 'Meal', training: 'Training', meeting: 'Meeting',
    acw: 'After-call work', offered: 'Ringing', 'on-call': 'On call', offline: 'Offline',
  },
  connection: {connecting: 'connecting to the switch…', online: 'connected', offline: 'switch lost, reconnecting', refused: 'sign-in refused', closed: 'signed out'},
  sync: {synced: 'synced', pending: 'pending {n}', offline: 'saved offline', local: 'saved locally'},
  counts: 'today {calls} calls, {late} late',
  queue: 'queue {n}',
  signIn: {title: 'Seat sign-in', agent: 'Agent ID', pin: 'PIN', hint: 'Enter confirm · Tab switch field', wrong: 'Wrong agent ID or PIN', refused: 'Sign-in refused: {reason}', failed: 'Sign-in failed: {reason}', unreachable: 'Cannot reach the center at {hub}: check the network and --hub; type the PIN and Enter to retry', connecting: 'Signing in…'},
  idle: {
    title: 'Waiting for calls',
    readyHint: 'Ready: calls ring here',
    offlineHint: 'Disconnected from the switch: no call rings until it is back',
    notReadyHint: 'Press r to go Ready',
    queueNow: 'Queue: {n} waiting, longest {wait}',
    today: 'Center today: offered {offered} · answered {answered} · abandoned {abandoned}',
    recent: 'Recent calls',
    phoneOff: 'Phone not registered: check the softphone',
  },
  ringing: {
    title: 'Incoming call', caller: 'Caller', queue: 'Queue', waited: 'waited', rings: 'ring {n}',
    late: 'More than {max} rings: apologise first (R-02)', accept: 'Enter to answer',
    outbound: 'Outbound callback',
  },
  call: {
    title: 'On call', talk: 'talk', hold: 'hold', stage: 'Stage', sayNow: 'Say now', alternatives: 'Alternatives',
    reactions: 'Caller reactions', next: 'Tab next stage: {stage}', opening: 'Opening', surname: 'Mr/Ms {name}',
    flaggedLate: 'late answer (R-02)', ended: 'Call ended', endedBy: {caller: 'caller hung up', agent: 'agent hung up', system: 'ended by system'},
    callerLeftRinging: 'The caller {caller} hung up while it rang', ringStopped: 'The call from {caller} stopped ringing ({why})',
    stoppedWhy: {rona: 'not answered in time: back to the queue', failed: 'your phone did not answer', declined: 'declined', 'signed-out': 'your lead signed you out: the call is back in the queue'} as Record<string, string>,
  },
  stages: {
    opening: 'Opening', identify: 'Identify', need: 'Confirm need', lookup: 'Lookup', answer: 'Answer',
    before_closing: 'Before closing', closing: 'Closing', wait_hangup: 'Wait for caller to hang up',
  },
  reactions: {thanks: 'thanks', praise: 'praise', suggest: 'suggestion', badLine: 'bad line', wrong: 'wrong result', slow: 'answered slowly'},
  holdPanel: {
    sayFirst: 'Say first: "{phrase}", then press h to hold', onHold: 'On hold', nudgeNow: 'Nudge now: "{phrase}"',
    nextNudge: 'next nudge in {s} s', thankOnReturn: 'On return say: "{phrase}"', longHold: 'Long hold (R-10): propose {phrase}',
    resume: 'h to resume',
  },
  silent: {title: 'Silent call (R-12)', say: 'Say: "{phrase}"', next: 'next step in {s} s', release: 'e release the call (silent)', on: 's mark the call silent'},
  offers: {title: 'Offers (R-13)', count: '{offers} offered ({accepted} accepted, {declined} declined)', disabled: 'Declined {n} times: no more offers this call', limit: '{n} offers made (the limit): no more offers this call', accepted: 'The customer accepted the offer', ask: 'Customer: y accepts · d declines', key: 'o offer'},
  notes: {
    title: 'Call notes (5W1H)', saved: 'saved', hint: '↑↓ field · type text · ←→ option · Esc done',
    fields: {
      surname: 'Surname', phone: 'Phone', address: 'Address', when: 'When', who: 'Who', where: 'Where', what: 'What', why: 'Why', how: 'How',
      callType: 'Call type', disposition: 'Disposition',
      complaintContent: 'Complaint', complaintAbout: 'About whom', complaintDept: 'Department', workOrderDept: 'WO dept', workOrderSummary: 'WO summary',
      callbackPromise: 'Callback', callbackNumber: 'Call back on',
    },
    callTypes: {inquiry: 'inquiry', complaint: 'complaint', suggestion: 'suggestion', dispatch: 'dispatch', volunteer: 'volunteer', donation: 'donation', praise: 'praise', other: 'other'},
    dispositions: {resolved: 'resolved', callback: 'callback', transferred: 'transferred', complaint: 'complaint', work_order: 'work order', silent: 'silent', wrong_number: 'wrong number', other: 'other'},
    promises: {next_business_day: 'next business day', working_days: 'within 5 working days', open_ended: 'when it opens'},
    missing: 'Missing: {fields} (R-05)', due: 'due {due}',
  },
  transfer: {title: 'Transfer', kinds: {agent: 'agent', queue: 'queue', number: 'number'}, target: 'Target', hint: '←→ kind · type target · Enter transfer · Esc cancel', failed: 'Transfer failed', ok: 'Transferred', say: 'Say first: "{phrase}"'},
  hangup: {warn: 'R-07: the customer hangs up first; e again hangs up (flagged)', closeFirst: 'Say "{phrase}"'},
  acw: {title: 'After-call work', left: '{s} s left', done: 'r done → Ready', overdue: 'after-call work overdue'},
  lock: {title: 'Seat locked', reason: {break: 'on break', meal: 'at meal', idle: 'idle', manual: 'locked by you'}, pin: 'Enter PIN to unlock', wrong: 'Wrong PIN'},
  help: {title: 'Keys', close: 'any key closes'},
  history: {title: "Today's calls", empty: 'No calls yet today', search: 'search: {q}', hint: '↑↓ scroll · / search · Esc back'},
  qa: {
    title: 'My QA scores {month}', key: 's QA', back: 's calls', empty: 'No QA scores this month yet', score: '{total}/{max} ({percent}%)',
    individual: 'individual feedback', common: 'common feedback', feedback: {given: 'feedback given', given_late: 'feedback given late', due: 'feedback due {due}', overdue: 'feedback OVERDUE'},
    dispute: 'Dispute: {reason}', pending: 'awaiting the supervisor (R-28)', upheld: 'Decision: upheld', revised: 'Decision: revised to {total}', note: 'note: {note}',
    methods: {recording: 'recording', live: 'live', side_by_side: 'side-by-side'}, noComment: '(no comment)',
  },
  callbacks: {title: 'Callbacks due', empty: 'No callbacks due', due: 'due', overdue: 'overdue'},
  handover: {title: 'Shift handover', hint: 'type · Enter new line · Ctrl+S save · Esc back', saved: 'saved', received: 'From the last shift', ackHint: 'Ctrl+A acknowledge', none: 'nothing handed over'},
  wrapup: {title: 'Daily wrap-up', kpis: "Today's KPIs", remarks: 'Remarks', hint: 'type remarks · Ctrl+S save · Esc back', saved: 'saved'},
  kpi: {offered: 'offered', answered: 'answered', answerRate: 'answer rate', serviceLevel: 'service level', aht: 'AHT', hold: 'avg hold'},
  reasonPicker: {title: 'Not Ready: why?', hint: '↑↓ choose · Enter or digit picks · Esc cancel'},
  // The policy's default Not-Ready reasons as the en UI shows them (a center's own show as written).
  reasonNames: {login: 'signed in', rona: 'missed a call (RONA)', 'signed-out-by-lead': 'signed out by your lead', 小结: 'wrap-up', 培训: 'training', 会议: 'meeting', 系统故障: 'system fault', 个人: 'personal'},
  keys: {
    ready: 'r Ready', notReady: 'n Not Ready', break: 'b Break', meal: 'm Meal', training: 't Training', meeting: 'g Meeting',
    history: 'l history', callbacks: 'c callbacks', handover: 'o handover', wrapup: 'w wrap-up', lock: 'L lock', help: '? help', quit: 'Ctrl+C quit',
    accept: 'Enter answer', hold: 'h hold/resume', notes: 'n notes', transfer: 'x transfer', hangup: 'e hang up', silent: 's silent', offer: 'o offer',
    stage: 'Tab next stage', phrase: '1-9 alternatives', reactions: 'T/P/U/B/W/A reactions', close: 'z before closing',
  },
  flags: {late_answer: 'late', long_hold: 'long hold', agent_hung_up_first: 'hung up first', offers_beyond_limit: 'offers', missing_fields: 'missing fields', overdue_callback: 'callback overdue', complaint_not_acted: 'complaint open'},
  error: 'Failed: {message}',
  switchErrors: {
    unavailable: 'agent {agent} cannot take calls now ({state})', unavailableNoPhone: 'agent {agent} cannot take calls now ({state}, phone not registered)',
    unknownQueue: 'no queue "{id}"', unknownAgent: 'no agent "{id}"', targetNoAnswer: '{target} did not answer', transferFailed: 'the transfer did not go through',
    callBusy: 'the last action is still under way, try again in a moment', finishCallFirst: 'finish the call first', timeout: 'no answer from the switch, try again in a moment', offline: 'not connected to the switch',
    noTrunk: 'this center has no trunk: outside numbers cannot be called', noPhone: 'your phone is not registered', toYourself: 'you cannot transfer a call to yourself',
    holdFailed: 'hold/resume failed: the other line did not answer', phoneFailed: 'your phone did not answer', handset: 'handset mode: answer on your phone',
  },
  slots: {topic: 'topic', service: 'service', department: 'department', answer: 'answer', number: 'number', line: 'line'},
  quitDuringCall: 'A call is in progress and goes on at the phone if you quit. Press Ctrl+C again to quit',
  noStageMove: 'The call is past the closing already',
};

const catalogs: Record<Lang, Messages> = {'zh-CN': zh, en};

export function messages(lang: Lang): Messages {
  return catalogs[lang];
}

/** Fill `{name}` placeholders of a UI message. */
export function fmt(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
