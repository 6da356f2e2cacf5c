// the catalog of discipline items the lead records (004 第五篇 工作纪律), each with its
// severity. A center may add codes of its own in the ledger; these are the documents' own.
export type ViolationSeverity = 'serious' | 'general';

export type ViolationKind = {
  readonly code: string;
  readonly severity: ViolationSeverity;
  readonly zh: string;
  readonly en: string;
};

export const violationCatalog: readonly ViolationKind[] = [
  // Serious service violations.
  {code: 'rudeness', severity: 'serious', zh: '态度恶劣', en: 'Rudeness'},
  {code: 'forbidden_phrase', severity: 'serious', zh: '使用服务禁语', en: 'Forbidden phrase'},
  {code: 'process_breach', severity: 'serious', zh: '违反流程致客户投诉', en: 'Process breach causing a complaint'},
  {code: 'ownership_ignored', severity: 'serious', zh: '违反首问负责制', en: 'First-contact responsibility ignored'},
  // General.
  {code: 'break_overrun', severity: 'general', zh: '小休超时', en: 'Break overrun'},
  {code: 'meal_overrun', severity: 'general', zh: '用餐超时', en: 'Meal overrun'},
  {code: 'no_sign_in', severity: 'general', zh: '未签到/签退', en: 'Missed sign-in/out'},
  {code: 'late', severity: 'general', zh: '迟到', en: 'Late'},
  {code: 'chatting', severity: 'general', zh: '工作时间闲聊', en: 'Chatting on duty'},
  {code: 'other_general', severity: 'general', zh: '其他一般违纪', en: 'Other general item'},
];

export function violationKind(code: string): ViolationKind | undefined {
  return violationCatalog.find(v => v.code === code);
}
