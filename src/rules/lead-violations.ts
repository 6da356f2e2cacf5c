// the catalog of discipline items the lead records (004 第五篇 工作纪律 二, section by
// section, the service items first: the ones QA finds), each with its severity. A center may
// add codes of its own in the ledger; these are the handbook's own.
export type ViolationSeverity = 'serious' | 'general';

/** The handbook's sections (004 第五篇 二): where on the floor the item belongs. */
export type ViolationArea = 'attendance' | 'security' | 'hygiene' | 'service' | 'floor' | 'equipment' | 'other';

export type ViolationKind = {
  readonly code: string;
  readonly severity: ViolationSeverity;
  readonly area: ViolationArea;
  readonly zh: string;
  readonly en: string;
};

const kind = (area: ViolationArea, severity: ViolationSeverity, code: string, zh: string, en: string): ViolationKind => ({code, severity, area, zh, en});

export const violationCatalog: readonly ViolationKind[] = [
  // (四) 服务规范 — the serious service violations of R-33.
  kind('service', 'serious', 'rudeness', '对客户不礼貌', 'Rudeness to a caller'),
  kind('service', 'serious', 'forbidden_phrase', '使用服务禁语', 'Forbidden phrase'),
  kind('service', 'serious', 'process_breach', '违反流程致客户有理由投诉', 'Process breach causing a justified complaint'),
  kind('service', 'serious', 'ownership_ignored', '未执行首问负责制', 'First-contact responsibility ignored'),
  // (一) 考勤管理 — attendance: lateness is serious in the handbook, not general.
  kind('attendance', 'serious', 'late', '无故迟到、早退', 'Late or leaving early without reason'),
  kind('attendance', 'serious', 'absent_without_leave', '工作时间私自外出', 'Leaving the center during work'),
  kind('attendance', 'serious', 'unapproved_shift_swap', '私下换班', 'Swapping shifts without approval'),
  kind('attendance', 'general', 'leave_procedure', '未按规定办理请假手续', 'Leave not requested as required'),
  // (二) 安全管理 — security.
  kind('security', 'serious', 'secret_leak', '泄露中心秘密', 'Leaking the center\'s confidential information'),
  kind('security', 'serious', 'harming_center', '损害中心利益', 'Acting against the center\'s interests'),
  kind('security', 'general', 'computer_left_on', '下班后不关闭电脑', 'Computer left on after the shift'),
  // (三) 卫生定置 — hygiene and order.
  kind('hygiene', 'serious', 'eating_outside_rest_room', '未在休息室就餐', 'Eating outside the rest room'),
  kind('hygiene', 'general', 'items_out_of_place', '物品未按规定摆放', 'Items not kept in place'),
  // (五) 现场管理 — the floor.
  kind('floor', 'serious', 'equipment_damage', '故意损坏设备', 'Damaging equipment on purpose'),
  kind('floor', 'serious', 'falsification', '弄虚作假、消极怠工', 'Falsifying or shirking work'),
  kind('floor', 'serious', 'post_left', '擅自离开岗位、随意串岗', 'Leaving the post or wandering to other seats'),
  kind('floor', 'serious', 'seat_phone_chat', '占用坐席电话聊天', 'Chatting on the seat\'s phone'),
  kind('floor', 'serious', 'outsider_admitted', '允许非本单位人员进入工作场所', 'Letting outsiders into the floor'),
  kind('floor', 'serious', 'unrelated_software', '在工位电脑安装无关软件', 'Installing unrelated software'),
  kind('floor', 'serious', 'night_shift_breach', '夜班不按规定作息值班', 'Night shift not kept as scheduled'),
  kind('floor', 'general', 'eating_on_duty', '工作时间吃早点、零食', 'Eating on duty'),
  kind('floor', 'general', 'unrelated_media', '工作时间听歌、看无关书刊网络', 'Music, reading or browsing unrelated to work'),
  kind('floor', 'general', 'mobile_chat', '工作时间用手机聊天', 'Chatting on a mobile phone on duty'),
  kind('floor', 'general', 'sleeping', '工作时间趴着睡觉', 'Sleeping on duty'),
  kind('floor', 'general', 'break_overrun', '小休超时', 'Break overrun'),
  kind('floor', 'general', 'meal_overrun', '用餐超时', 'Meal overrun'),
  kind('floor', 'general', 'loud_talk', '在工作区高声谈话', 'Loud talk on the floor'),
  kind('floor', 'general', 'dress_code', '未按规定着装', 'Dress code not kept'),
  kind('floor', 'general', 'no_sign_in', '未按规定签到、签出', 'Missed sign-in/out'),
  kind('floor', 'general', 'unrelated_items', '携带无关物品进入坐席区', 'Unrelated items in the seat area'),
  kind('floor', 'general', 'chatting', '工作时间扎堆聊天', 'Chatting in groups on duty'),
  // (六) 设备管理 — equipment.
  kind('equipment', 'serious', 'games', '在电脑上玩游戏', 'Playing games on the computer'),
  kind('equipment', 'general', 'equipment_misuse', '未按规定使用设备', 'Equipment not used as required'),
  // (七) 其他 — other.
  kind('other', 'serious', 'factionalism', '结帮结派、破坏工作氛围', 'Forming cliques, harming the team'),
  kind('other', 'serious', 'non_cooperation', '不给予工作支持和配合', 'Refusing to cooperate on shared work'),
  kind('other', 'serious', 'insubordination', '不服从管理', 'Insubordination'),
  kind('other', 'serious', 'exam_leak', '泄露考试题目', 'Leaking exam questions'),
  kind('other', 'serious', 'salary_talk', '交头接耳谈论工资', 'Whispering about salaries'),
  kind('other', 'general', 'appearance', '仪容仪表不符合要求', 'Appearance not as required'),
  kind('other', 'general', 'other_general', '其他一般违纪', 'Other general item'),
];

export function violationKind(code: string): ViolationKind | undefined {
  return violationCatalog.find(v => v.code === code);
}
