// The lead console's words in zh-CN (default) and en. Rule names come from src/rules/i18n.ts.
export type Lang = 'zh-CN' | 'en';

const zh = {
  title: '班长台',
  screens: {qa: '质检', disputes: '申诉', feedback: '反馈', workforce: '排班考勤', ledger: '纪律', review: '班后会', report: '报表', calibration: '校准'},
  sync: {synced: '已同步', syncing: '同步中', offline: '离线', unsaved: '待保存 {n}'},
  qa: {
    agents: '坐席 呼入 标记 抽样 已评', sample: '今日抽样', none: '今日尚无抽样: 按 d 抽取 (R-25/R-26)',
    random: '随机', flag: '标记', scored: '已评 {score}', unscored: '待评', drawn: '已抽取 {n} 通',
    quota: '配额 {n}',
  },
  flags: {late_answer: '迟接', long_hold: '长保持', agent_hung_up_first: '坐席先挂', offers_beyond_limit: '超额推荐', missing_fields: '缺必填', overdue_callback: '回电超期', complaint_not_acted: '投诉未处理'} as Record<string, string>,
  form: {title: '评分 {call} · {agent}', total: '合计 {total}/{max}', comment: '评语', method: '方式', methods: {recording: '录音抽检', live: '在线监听', side_by_side: '现场陪听'}, saved: '已保存', hint: '↑↓ 项目 · 数字/←→ 打分 · Tab 评语 · Enter 保存 · Esc 取消', decide: '裁定申诉 {call}'},
  disputes: {none: '暂无申诉', open: '待裁定', decided: '已裁定', reason: '理由', hint: 'Enter 裁定 · u 维持原分 · r 改分', upheld: '维持', revised: '改为 {score}'},
  feedback: {none: '没有待反馈的评分', due: '反馈期限 {due}', overdue: '已超期', given: 'f 已反馈 (R-27)'},
  workforce: {
    shifts: '今日排班', none: '今日无排班: 按 p 按服务日历排本月班 (R-19)', signIn: '签到', signOut: '签退', late: '迟到', makeUp: '补签',
    onBreak: '小休', onMeal: '用餐', overrun: '超时 {m} 分', inPeak: '高峰期小休 (R-23)', book: 'b 记违纪', leave: '待批请假', noLeave: '无待批请假', meeting: '早会', meetingDone: '已记录 出席 {present} 缺席 {absent}',
    meetingNone: '未记录 (m 记录: 已签到者为出席)', approver: {team_lead: '班长审批', department_head: '部门经理审批'} as Record<string, string>,
    trainings: '本月培训 {held}/{required}',
  },
  ledger: {points: '本月扣分', serious: '严重', general: '一般', dismissal: '达辞退线', none: '本月无违纪记录', add: 'n 记录 · ←→ 类型 · Enter 确认', code: '类型'},
  review: {handover: '交接班', wrapup: '工作日结', noHandover: '无交接事项', noWrapup: '未提交日结', acked: '已接收', open: '待接收', remarks: '备注'},
  report: {title: '今日报表', hourly: '分时来电', offered: '呼入', answered: '接通', sl: '服务水平', qa: '质检', points: '扣分', aht: 'AHT'},
  leave: {title: '登记请假', kind: '类型', from: '开始日期', to: '结束日期', reason: '事由', kinds: {personal: '事假', sick: '病假', annual: '年假', other: '其他'} as Record<string, string>, hint: 'Tab 下一项 · ←→ 类型 · 日期 YYYY-MM-DD · Enter 提交 · Esc 取消', saved: '已登记: {approver}'},
  keys: {screens: '1-8/Tab 切换', quit: 'q 退出', lang: 'L 语言'},
  entry: {
    hint: 'Tab/↑↓ 下一项 · ←→ 类型 · Enter 保存 · Esc 取消',
    meeting: {title: '早会纪要 (R-21)', saved: '早会已记录: 出席 {present} 缺席 {absent}', fields: {present: '出席(工号)', notices: '通知', knowledge: '新知识/昨日热点', tasks: '今日任务', attire: '仪容仪表', review: '昨日回顾'}},
    training: {title: '培训记录 (R-31)', saved: '培训已记录: {topic}', fields: {date: '日期', kind: '类型', topic: '主题', trainer: '讲师', attendees: '参加(工号)'}, kinds: {scheduled: '定期培训', recording_review: '优劣录音评析', new_hire: '新员工培训'} as Record<string, string>},
    exam: {title: '上岗考试 (R-30)', saved: '{agent} 考试 {total} 分: {outcome}', fields: {agent: '工号', date: '日期', recording: '录音 (满分 50)', written: '笔试 (满分 50)'}, pass: '通过', fail: '未通过, 延长试用期', last: '上次: {date} 录音 {recording} 笔试 {written} 合计 {total} {outcome}'},
  },
  workforce2: {keys: 'm 早会 · t 培训 · e 考试', exams: '考试'},
  live: {key: 'v 监听', onCall: '通话中', listening: '监听中 {agent} {time}', listeningShort: '监听中', calling: '正在呼叫您的电话…', started: '监听 {agent}: 您的电话已接通 (v 或挂机结束)', stopped: '监听已结束', recordingsOff: '录音关闭', noCall: '{agent} 不在通话中', playKey: 'p 放录音', playing: '放录音 {call}', playStarted: '录音 {call} 在您的电话上播放 (p 或挂机停止)', playStopped: '放录音已停止'},
  control: {
    key: 'c 队列', title: '队列调整 (本班次)', hint: 'Tab/↑↓ 下一项 · ←→ 选择 · Enter 执行 · Esc 关闭',
    fields: {agent: '工号', action: '操作', queue: '队列', to: '调往', penalty: '罚值 (0 优先)'},
    actions: {join: '加入队列', leave: '退出队列', move: '调到队列', penalty: '设罚值', 'sign-out': '签出坐席'} as Record<string, string>,
    sending: '正在执行…', done: '已执行: {what}', recent: '今日调整', none: '今日尚无调整',
    fact: '{time} {lead} {what}', what: {join: '{agent} 加入 {queue}', leave: '{agent} 退出 {queue}', move: '{agent} {queue} → {to}', penalty: '{agent} 在 {queue} 罚值 {penalty}', 'sign-out': '{agent} 被签出'} as Record<string, string>,
    badPenalty: '罚值须为 0–99 的整数', offline: '与交换机的连接未建立, 无法调整',
  },
  calibration: {
    title: '质检员校准 (R-29) · 本月', none: '本月还没有评分', head: '质检员 评分数 平均 同侪平均 差值', ok: '正常', high: '偏高: 暂停评分并再培训', low: '偏低: 暂停评分并再培训',
    noPeers: '无可比 (无人评过相同坐席)', rule: '差值 ≥ {threshold} 且共同评分 ≥ {min} 次即标记; 每季度复核',
  },
};

export type LeadMessages = typeof zh;

const en: LeadMessages = {
  title: 'Lead console',
  screens: {qa: 'QA', disputes: 'Disputes', feedback: 'Feedback', workforce: 'Workforce', ledger: 'Ledger', review: 'Post-shift', report: 'Report', calibration: 'Calib.'},
  sync: {synced: 'synced', syncing: 'syncing', offline: 'offline', unsaved: 'unsaved {n}'},
  qa: {
    agents: 'agent calls flagged sampled scored', sample: "Today's sample", none: 'No sample yet today: press d to draw (R-25/R-26)',
    random: 'random', flag: 'flag', scored: 'scored {score}', unscored: 'to score', drawn: 'drew {n} calls', quota: 'quota {n}',
  },
  flags: {late_answer: 'late answer', long_hold: 'long hold', agent_hung_up_first: 'agent hung up first', offers_beyond_limit: 'offers > limit', missing_fields: 'missing fields', overdue_callback: 'callback overdue', complaint_not_acted: 'complaint not acted'},
  form: {title: 'Score {call} · {agent}', total: 'Total {total}/{max}', comment: 'Comment', method: 'Method', methods: {recording: 'recording', live: 'live listen-in', side_by_side: 'side-by-side'}, saved: 'saved', hint: '↑↓ item · digits/←→ mark · Tab comment · Enter save · Esc cancel', decide: 'Decide dispute {call}'},
  disputes: {none: 'No disputes', open: 'open', decided: 'decided', reason: 'reason', hint: 'Enter decide · u uphold · r revise', upheld: 'upheld', revised: 'revised to {score}'},
  feedback: {none: 'No feedback due', due: 'due {due}', overdue: 'OVERDUE', given: 'f feedback given (R-27)'},
  workforce: {
    shifts: "Today's shifts", none: 'No shifts today: press p to plan the month on the service calendar (R-19)', signIn: 'in', signOut: 'out', late: 'late', makeUp: 'make-up',
    onBreak: 'break', onMeal: 'meal', overrun: ' over by {m} min', inPeak: 'break in a peak (R-23)', book: 'b book it', leave: 'Leave to decide', noLeave: 'No pending leave', meeting: 'Morning meeting', meetingDone: 'recorded: present {present}, absent {absent}',
    meetingNone: 'not recorded (m records it: signed-in agents present)', approver: {team_lead: 'team lead', department_head: 'department head'},
    trainings: 'trainings this month {held}/{required}',
  },
  ledger: {points: 'points this month', serious: 'serious', general: 'general', dismissal: 'DISMISSAL THRESHOLD', none: 'No entries this month', add: 'n record · ←→ kind · Enter confirm', code: 'kind'},
  review: {handover: 'Handover', wrapup: 'Wrap-up', noHandover: 'no handover items', noWrapup: 'no wrap-up yet', acked: 'acknowledged', open: 'open', remarks: 'remarks'},
  report: {title: "Today's report", hourly: 'calls by hour', offered: 'offered', answered: 'answered', sl: 'SL', qa: 'QA', points: 'points', aht: 'AHT'},
  leave: {title: 'Leave request for', kind: 'kind', from: 'first day', to: 'last day', reason: 'reason', kinds: {personal: 'personal', sick: 'sick', annual: 'annual', other: 'other'}, hint: 'Tab next · ←→ kind · dates YYYY-MM-DD · Enter submit · Esc cancel', saved: 'recorded: {approver}'},
  keys: {screens: '1-8/Tab screens', quit: 'q quit', lang: 'L language'},
  entry: {
    hint: 'Tab/↑↓ next · ←→ kind · Enter save · Esc cancel',
    meeting: {title: 'Morning meeting minutes (R-21)', saved: 'meeting recorded: present {present}, absent {absent}', fields: {present: 'present (ids)', notices: 'notices', knowledge: 'knowledge / hot issues', tasks: "today's tasks", attire: 'attire check', review: "yesterday's review"}},
    training: {title: 'Training record (R-31)', saved: 'training recorded: {topic}', fields: {date: 'date', kind: 'kind', topic: 'topic', trainer: 'trainer', attendees: 'attendees (ids)'}, kinds: {scheduled: 'scheduled', recording_review: 'best/worst recordings', new_hire: 'new-hire course'}},
    exam: {title: 'Placement exam (R-30)', saved: '{agent} scored {total}: {outcome}', fields: {agent: 'agent', date: 'date', recording: 'recording (of 50)', written: 'written (of 50)'}, pass: 'pass', fail: 'fail, probation extended', last: 'last: {date} recording {recording} written {written} total {total} {outcome}'},
  },
  workforce2: {keys: 'm meeting · t training · e exam', exams: 'exams'},
  live: {key: 'v listen', onCall: 'on call', listening: 'listening {agent} {time}', listeningShort: 'listening', calling: 'calling your phone…', started: 'listening to {agent} on your phone (v or hang up to stop)', stopped: 'listen-in ended', recordingsOff: 'recordings off', noCall: '{agent} is not on a call', playKey: 'p play', playing: 'playing {call}', playStarted: 'recording {call} playing on your phone (p or hang up to stop)', playStopped: 'playback stopped'},
  control: {
    key: 'c queues', title: 'Queue controls (this shift)', hint: 'Tab/↑↓ next · ←→ choose · Enter apply · Esc close',
    fields: {agent: 'agent', action: 'action', queue: 'queue', to: 'to queue', penalty: 'penalty (0 first)'},
    actions: {join: 'add to queue', leave: 'take out of queue', move: 'move to queue', penalty: 'set penalty', 'sign-out': 'sign agent out'},
    sending: 'applying…', done: 'applied: {what}', recent: 'Today', none: 'no queue changes today',
    fact: '{time} {lead} {what}', what: {join: '{agent} joins {queue}', leave: '{agent} leaves {queue}', move: '{agent} {queue} → {to}', penalty: '{agent} penalty {penalty} in {queue}', 'sign-out': '{agent} signed out'},
    badPenalty: 'penalty: a whole number 0–99', offline: 'no link to the switch: nothing can be changed',
  },
  calibration: {
    title: 'Evaluator calibration (R-29) · this month', none: 'No scores this month', head: 'evaluator scores mean peers diff', ok: 'ok', high: 'TOO HIGH: suspend and retrain', low: 'TOO LOW: suspend and retrain',
    noPeers: 'no comparison (nobody else scored the same agents)', rule: 'flagged at |diff| ≥ {threshold} over ≥ {min} shared scores; reviewed each quarter',
  },
};

export const leadMessages: Record<Lang, LeadMessages> = {'zh-CN': zh, en};

export function fmt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
