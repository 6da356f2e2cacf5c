// The repository's own policy reference (docs/policy-reference.md): every setting of
// PolicyConfig with its default, unit and rule, walked from the schema's defaults, and each
// rule's meaning in Chinese and English as `zuoxi policy` prints it. Written by
// `npm run docs:policy`; a test keeps the committed file equal to what this generates.
import {defaultPolicy, type PolicyConfig} from '../rules/config.ts';
import {policySections} from './policy.ts';

/** Which rule a top-level setting belongs to (POLICY.md's numbering; zuoxi's own where none). */
const ruleOf: Record<string, string> = {
  ringPeriodSeconds: 'R-01', answerWithinRings: 'R-01', noAnswerSeconds: 'R-01', afterCallWorkSeconds: 'R-01',
  lineName: 'R-03', notReadyReasons: 'R-20', opening: 'R-02…R-06', script: 'R-07, script catalog', notes: 'R-05',
  closing: 'R-07', holdNudges: 'R-09/R-10', speechRate: 'R-11', silentCall: 'R-12', offers: 'R-13',
  complaints: 'R-15', calendars: 'R-19', callbacks: 'R-08', peak: 'R-17/R-18', attendance: 'R-20/R-21',
  leave: 'R-22', breaks: 'R-23', qa: 'R-24…R-29', training: 'R-30/R-31', discipline: 'R-33', media: 'R-24 (recordings)',
  privacy: 'R-36', registrar: 'SIP registrar (zuoxi)', queueing: 'R-19/R-34 (queues)',
};

function unitOf(path: string): string {
  const name = path.split('.').pop() ?? '';
  if (/Seconds$/.test(name)) return 's';
  if (/Ms$/.test(name)) return 'ms';
  if (/Minutes$/.test(name)) return 'min';
  if (/Hours$/.test(name)) return 'h';
  if (/Days$/.test(name)) return 'days';
  if (/Percent$|Pct$/.test(name)) return '%';
  if (/Points$/.test(name)) return 'points';
  return '';
}

function leaves(value: unknown, path: string, out: Array<[string, unknown]>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  } else {
    out.push([path, value]);
  }
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function policyReference(p: PolicyConfig = defaultPolicy()): string {
  const settings: Array<[string, unknown]> = [];
  leaves(p, '', settings);
  const out = [
    '# zuoxi policy reference 策略参考',
    '',
    'Generated from the policy schema (`src/rules/config.ts`) by `npm run docs:policy`: do not edit by hand.',
    'A center changes any of these under `policy` in `zuoxi.config.json`; `zuoxi config check` names every',
    'value that differs from these defaults, and `zuoxi policy` prints the effective policy.',
    '',
    '## Rules 规则',
    '',
  ];
  for (const section of policySections(p)) {
    out.push(`### ${section.title[0]} · ${section.title[1].replace(/^\d+\.\s*/, '')}`, '');
    for (const [zh, en, heading] of section.lines) {
      const [z, e] = [zh.trim(), en.trim()];
      if (heading) out.push(`- **${z}** ${e}`);
      else if (z.startsWith('·')) out.push(`  - ${z.slice(1).trim()} — ${e.replace(/^·\s*/, '')}`);
      else out.push(`- ${z}  `, `  ${e}`);
    }
    out.push('');
  }
  out.push('## Settings 设置', '', '| setting `policy.…` | default | unit | rule |', '|---|---|---|---|');
  for (const [path, value] of settings) {
    const top = path.split('.')[0] ?? path;
    out.push(`| \`${path}\` | ${cell(JSON.stringify(value))} | ${unitOf(path)} | ${ruleOf[top] ?? ''} |`);
  }
  return `${out.join('\n')}\n`;
}
