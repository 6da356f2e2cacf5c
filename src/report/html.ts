// A self-contained HTML team report (R-34): tables plus real charts as inline SVG — no scripts,
// fonts or other external assets, so it opens offline and prints as is. Labels are bilingual.
import type {TeamReport} from './team-report.ts';
import {duration, pct} from './text-charts.ts';

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c] as string);

type Bar = {readonly label: string; readonly value: number; readonly text?: string};

/** Horizontal bar chart: one row per item, value labels at the bar ends. */
export function svgBars(title: string, bars: readonly Bar[], options: {readonly max?: number; readonly color?: string} = {}): string {
  const rowH = 22;
  const labelW = 120;
  const chartW = 360;
  const height = 30 + rowH * Math.max(1, bars.length);
  const max = options.max ?? Math.max(1, ...bars.map(b => b.value));
  const rows = bars.map((b, i) => {
    const y = 26 + i * rowH;
    const w = max > 0 ? Math.max(0, (b.value / max) * chartW) : 0;
    return `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end">${esc(b.label)}</text>`
      + `<rect class="bar" x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${options.color ?? '#3b7dd8'}"><title>${esc(b.label)}: ${esc(b.text ?? b.value)}</title></rect>`
      + `<text x="${(labelW + w + 4).toFixed(1)}" y="${y + 14}">${esc(b.text ?? b.value)}</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${labelW + chartW + 70}" height="${height}" viewBox="0 0 ${labelW + chartW + 70} ${height}">`
    + `<text class="title" x="0" y="16">${esc(title)}</text>${rows}</svg>`;
}

/** Grouped columns per day (offered vs answered) with a service-level line on a 0–100 % axis. */
export function svgDaily(title: string, days: TeamReport['days']): string {
  const w = 640;
  const h = 220;
  const left = 36;
  const bottom = 190;
  const top = 28;
  const n = Math.max(1, days.length);
  const slot = (w - left - 10) / n;
  const max = Math.max(1, ...days.map(d => d.offered));
  const y = (v: number) => bottom - (v / max) * (bottom - top);
  const cols = days.map((d, i) => {
    const x = left + i * slot;
    const bw = Math.max(1, slot * 0.4);
    return `<rect class="offered" x="${x.toFixed(1)}" y="${y(d.offered).toFixed(1)}" width="${bw.toFixed(1)}" height="${(bottom - y(d.offered)).toFixed(1)}" fill="#9bb8e0"><title>${esc(d.date)} offered ${d.offered}</title></rect>`
      + `<rect class="answered" x="${(x + bw).toFixed(1)}" y="${y(d.answered).toFixed(1)}" width="${bw.toFixed(1)}" height="${(bottom - y(d.answered)).toFixed(1)}" fill="#2e8b57"><title>${esc(d.date)} answered ${d.answered}</title></rect>`
      + (n <= 12 || i % Math.ceil(n / 12) === 0 ? `<text x="${(x + bw).toFixed(1)}" y="${bottom + 14}" text-anchor="middle" class="small">${esc(d.date.slice(5))}</text>` : '');
  }).join('');
  // Service level only exists on days with answered calls: the line joins those days.
  const sl = days.flatMap((d, i) => (d.answered > 0 ? [`${(left + i * slot + slot * 0.4).toFixed(1)},${(bottom - d.serviceLevel * (bottom - top)).toFixed(1)}`] : [])).join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`
    + `<text class="title" x="0" y="16">${esc(title)}</text>`
    + `<line x1="${left}" y1="${bottom}" x2="${w - 10}" y2="${bottom}" stroke="#888"/><text x="${left - 4}" y="${top + 4}" text-anchor="end" class="small">${max}</text>`
    + cols
    + (sl.includes(' ') ? `<polyline class="service-level" points="${sl}" fill="none" stroke="#d2691e" stroke-width="2"><title>service level</title></polyline>` : '')
    + `<g class="small"><rect x="${w - 250}" y="4" width="10" height="10" fill="#9bb8e0"/><text x="${w - 236}" y="13">呼入 offered</text><rect x="${w - 160}" y="4" width="10" height="10" fill="#2e8b57"/><text x="${w - 146}" y="13">接通 answered</text><line x1="${w - 70}" y1="9" x2="${w - 58}" y2="9" stroke="#d2691e" stroke-width="2"/><text x="${w - 54}" y="13">SL</text></g>`
    + '</svg>';
}

/** A rate, or – when nothing was counted (0 calls has no answer rate, it is not 0 %). */
const rate = (ratio: number, of: number) => (of === 0 ? '–' : pct(ratio));

export function reportHtml(report: TeamReport): string {
  const t = report.totals;
  const k = t.kpis;
  const figure = (zh: string, en: string, value: string) => `<div class="fig"><div class="v">${esc(value)}</div><div class="l">${esc(zh)} ${esc(en)}</div></div>`;
  const rows = report.agents.map(r => `<tr><td>${esc(r.agent)}</td><td>${esc(r.name)}</td><td>${r.kpis.offered}</td><td>${r.kpis.answered}</td><td>${r.kpis.abandoned}</td><td>${rate(r.kpis.answerRate, r.kpis.offered)}</td><td>${rate(r.kpis.serviceLevel, r.kpis.offered)}</td><td>${duration(r.kpis.asaMs)}</td><td>${duration(r.kpis.ahtMs)}</td><td>${duration(r.kpis.holdMs)}</td><td>${r.flags.late_answer ?? 0}</td><td>${r.flags.long_hold ?? 0}</td><td>${r.qa.average === null ? '–' : r.qa.average.toFixed(1)} (${r.qa.scored})</td><td>${r.qa.disputes}</td><td>${r.discipline.points}${r.discipline.dismissal ? ' ⚠' : ''}</td><td>${r.attendance.signedIn}/${r.attendance.shifts}</td><td>${r.attendance.late}</td><td>${r.attendance.absences}</td></tr>`).join('\n');
  const charts = [
    svgBars('接通量 Answered calls per agent', report.agents.map(r => ({label: `${r.agent} ${r.name}`, value: r.kpis.answered}))),
    svgBars('质检平均分 QA average (%)', report.agents.map(r => ({label: `${r.agent} ${r.name}`, value: r.qa.average ?? 0, text: r.qa.average === null ? '–' : r.qa.average.toFixed(1)})), {max: 100, color: '#6a5acd'}),
    svgBars('服务水平 Service level (%)', report.agents.map(r => ({label: `${r.agent} ${r.name}`, value: Math.round(r.kpis.serviceLevel * 1000) / 10, text: rate(r.kpis.serviceLevel, r.kpis.offered)})), {max: 100, color: '#2e8b57'}),
    svgBars('违纪扣分 Discipline points', report.agents.map(r => ({label: `${r.agent} ${r.name}`, value: r.discipline.points})), {color: '#c0392b'}),
  ];
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(`zuoxi 报表 ${report.teamName} ${report.label}`)}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:24px;color:#222}
h1{font-size:20px}.figs{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}.fig{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:110px}
.fig .v{font-size:20px;font-weight:600}.fig .l{font-size:12px;color:#666}table{border-collapse:collapse;font-size:13px;margin:12px 0}
td,th{border:1px solid #ddd;padding:4px 6px;text-align:right}td:nth-child(2),th:nth-child(2){text-align:left}th{background:#f4f6f8}
svg{font-size:12px;margin:8px 16px 8px 0}svg .title{font-weight:600;font-size:13px}svg .small{font-size:10px}.charts{display:flex;flex-wrap:wrap}
</style></head><body>
<h1>${esc(`班组报表 Team report — ${report.teamName} · ${report.period} ${report.label}`)}</h1>
<p>${esc(`${report.from} – ${report.to}; generated ${report.generatedLocal}`)}</p>
<div class="figs">${[
    figure('呼入', 'Offered', String(k.offered)), figure('接通', 'Answered', String(k.answered)), figure('放弃', 'Abandoned', String(k.abandoned)),
    figure('接通率', 'Answer rate', rate(k.answerRate, k.offered)), figure('服务水平', 'Service level', rate(k.serviceLevel, k.offered)), figure('平均应答', 'ASA', duration(k.asaMs)),
    figure('平均处理', 'AHT', duration(k.ahtMs)), figure('质检均分', 'QA avg', t.qa.average === null ? '–' : t.qa.average.toFixed(1)),
    figure('违纪扣分', 'Discipline pts', String(t.discipline.points)), figure('迟到/缺勤', 'Late/absent', `${t.attendance.late}/${t.attendance.absences}`),
  ].join('')}</div>
<div class="charts">${svgDaily('每日话务 Daily calls and service level', report.days)}${charts.join('')}</div>
<table><thead><tr><th>工号 ID</th><th>姓名 Name</th><th>呼入</th><th>接通</th><th>放弃</th><th>接通率</th><th>服务水平</th><th>ASA</th><th>AHT</th><th>保持 Hold</th><th>超时接起 Late</th><th>长保持 Long hold</th><th>质检 QA (n)</th><th>申诉 Disputes</th><th>扣分 Points</th><th>签到 Signed</th><th>迟到 Late</th><th>缺勤 Absent</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${report.calibration.length === 0 ? '' : `<h2 style="font-size:16px">质检员校准 Evaluator calibration (R-29)</h2>
<table><thead><tr><th>质检员 Evaluator</th><th>评分数 Scores</th><th>均分 Mean</th><th>同行均分 Peers</th><th>差异 Diff</th><th>结论 Flag</th></tr></thead><tbody>
${report.calibration.map(c => `<tr><td>${esc(c.evaluatorId)}</td><td>${c.count}</td><td>${c.mean.toFixed(1)}</td><td>${c.peersMean === undefined ? '–' : c.peersMean.toFixed(1)}</td><td>${c.difference === undefined ? '–' : c.difference.toFixed(1)}</td><td>${c.flagged ? `⚠ ${c.direction === 'high' ? '偏高 too high' : '偏低 too low'}` : 'ok'}</td></tr>`).join('\n')}
</tbody></table>`}
</body></html>
`;
}
