/**
 * The periodic report as one self-contained HTML file, on the same page shell, style and
 * Content-Security-Policy as report.html (lib/reports/html/page.ts). No script: every section is
 * static; every estate string goes through escapeHtml and is bounded.
 */
import { renderHtmlPage, tableOfContents, type ReportSection } from '../reports/html/page';
import { escapeHtml } from '../reports/html/escape';
import { formatCount, formatTime } from '../reports/format';
import { truncate } from '../reports/text';
import { SEVERITIES } from '../model/severity';
import type { ComplianceReport, FindingRef, Listed } from './model';
import { reportAllClear, SCORE_DEFINITION } from './model';
import { pct, trendSvg, trendTable } from './trend-svg';
import { notRunNote, unevaluatedBlock } from '../reports/html/sections/controls';

const HTML_LIST_MAX = 500;
const CSS = `
.score .n{font-size:30px}
svg.trend{max-width:100%;height:auto;display:block;margin:8px 0}
table.trend-data{max-width:720px}
`.trim();

function num(n: number): string {
  return n === 0 ? '<td class="num zero">0</td>' : `<td class="num">${formatCount(n)}</td>`;
}

function e(s: string, max = 300): string {
  return escapeHtml(truncate(s ?? '', max));
}

function header(r: ComplianceReport, toc: string): ReportSection {
  const title = `vmaudit ${r.period.period} compliance report ${r.period.label}`;
  const rows: [string, string][] = [
    ['Period', `${e(r.period.label)} <span class="muted">(${e(formatTime(r.period.start))} to ${e(formatTime(r.period.end))}, end excluded)</span>`],
    ['Figures from run', r.run ? `<code>${e(r.run.id, 200)}</code> <span class="muted">finished ${e(formatTime(r.run.finishedAt))}</span>` : '<strong>none: no run in this period</strong>'],
    ['Runs in period', formatCount(r.runsInPeriod)],
    ['Accounts', r.run ? e(r.run.accounts.join(', '), 2000) : '—'],
    ['Regions', r.run ? e(r.run.regions.join(', '), 2000) : '—'],
    ['Generated', e(formatTime(r.generatedAt))],
  ];
  const notes = r.notes.map((n) => `<div class="banner"><strong>Note</strong>${e(n, 2000)}</div>`).join('\n');
  return {
    id: 'top',
    title,
    bare: true,
    nav: false,
    html: `<header id="top"><h1>${escapeHtml(title)}</h1>\n<dl class="meta">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>\n${notes}\n${toc}</header>`,
  };
}

function scores(r: ComplianceReport): ReportSection {
  const cards = r.frameworks
    .map(
      (f) =>
        `<div class="card score"><span class="n">${pct(f.score)}</span><span class="l">${e(f.label)}</span>` +
        `<span class="d">controls: ${formatCount(f.controls.passed)} passing, ${formatCount(f.controls.failed)} failing, ${formatCount(f.controls.unknown)} unknown, of ${formatCount(f.controls.total)}</span>` +
        `<span class="d">resources: ${formatCount(f.counts.pass)} pass, ${formatCount(f.counts.fail)} fail, ${formatCount(f.counts.unknown)} unknown, ${formatCount(f.counts.suppressed)} suppressed (${pct(f.resourcePassRate)} passing)</span></div>`,
    )
    .join('');
  const open = SEVERITIES.map((s) => `<div class="card c-${s}${r.openFindings.bySeverity[s] ? '' : ' zero'}"><span class="n">${formatCount(r.openFindings.bySeverity[s])}</span><span class="l">${s.toUpperCase()}</span><span class="d">failing at period end</span></div>`).join('');
  return {
    id: 'scores',
    title: 'Compliance scores',
    css: CSS,
    html:
      `<p class="muted">${e(SCORE_DEFINITION)}</p>` +
      `<div class="cards">${cards}</div><div class="cards">${open}</div>`,
  };
}

function trend(r: ComplianceReport): ReportSection {
  return { id: 'trend', title: 'Trend', html: trendSvg(r.trend) + '\n<details><summary>Trend data</summary>' + trendTable(r.trend) + '</details>' };
}

function controls(r: ComplianceReport): ReportSection {
  const parts = r.frameworks.map((f) => {
    if (f.controlRows.length === 0) return `<h3>${e(f.label)}</h3><p class="muted">No finding maps to a control of this framework.</p>${unevaluatedBlock(f)}`;
    const rows = f.controlRows
      .map(
        (c) =>
          `<tr><th scope="row">${e(c.control, 60)}</th><td class="wrap">${e(c.title, 300)}</td><td><span class="v v-${c.verdict}">${c.verdict === 'NOT_APPLICABLE' ? 'N/A' : c.verdict}</span></td><td class="num">${pct(c.score)}</td>` +
          `${num(c.pass)}${num(c.fail)}${num(c.unknown)}${num(c.suppressed)}<td class="wrap">${c.rules.map((x) => `<code>${e(x, 100)}</code>`).join(', ')}${notRunNote(c.notRun ?? [])}</td></tr>`,
      )
      .join('\n');
    return (
      `<h3>${e(f.label)} <span class="muted">${pct(f.score)}</span></h3>` +
      '<table><thead><tr><th scope="col">Control</th><th scope="col">Title</th><th scope="col">Verdict</th><th scope="col" class="num">Resources passing</th><th scope="col" class="num">Pass</th><th scope="col" class="num">Fail</th><th scope="col" class="num">Unknown</th><th scope="col" class="num">Suppressed</th><th scope="col">Rules</th></tr></thead>' +
      `<tbody>\n${rows}\n</tbody></table>` +
      unevaluatedBlock(f)
    );
  });
  return { id: 'controls', title: 'Per framework control', html: parts.join('\n') };
}

function scopes(r: ComplianceReport): ReportSection {
  if (r.byAccountRegion.length === 0) return { id: 'accounts', title: 'Per account and region', html: `<p class="muted">${absence(r, 'No findings.')}</p>` };
  const rows = r.byAccountRegion
    .map((s) => `<tr><th scope="row">${e(s.accountId, 40)}</th><td>${e(s.region, 40)}</td><td class="num">${pct(s.score)}</td>${num(s.pass)}${num(s.fail)}${num(s.unknown)}${num(s.suppressed)}</tr>`)
    .join('\n');
  return {
    id: 'accounts',
    title: 'Per account and region',
    html:
      '<table><thead><tr><th scope="col">Account</th><th scope="col">Region</th><th scope="col" class="num">Resources passing</th><th scope="col" class="num">Pass</th><th scope="col" class="num">Fail</th><th scope="col" class="num">Unknown</th><th scope="col" class="num">Suppressed</th></tr></thead>' +
      `<tbody>\n${rows}\n</tbody></table>`,
  };
}

/** After a sentence that states an absence, when the last run left something undecided. */
function caveat(r: ComplianceReport): string {
  if (reportAllClear(r) || !r.run) return '';
  const parts: string[] = [];
  if (r.notEvaluated.rules.total) parts.push(`${formatCount(r.notEvaluated.rules.total)} rule(s) not evaluated`);
  if (r.coverageGaps.length) parts.push(`${formatCount(r.coverageGaps.length)} failed API call(s)`);
  if (r.notEvaluated.unreadResults && !r.notEvaluated.rules.total) parts.push(`${formatCount(r.notEvaluated.unreadResults)} result(s) undecided for data not read`);
  return ` Not an all-clear: ${parts.join(', ')} in the last run (see <a href="#coverage">Coverage and rules not evaluated</a>).`;
}

/** The sentence for an empty list: plain when the last run decided everything, else qualified with what it did not. */
function absence(r: ComplianceReport, sentence: string): string {
  const c = caveat(r);
  return c ? `${sentence.replace(/\.$/, '')} among the results that were decided.${c}` : sentence;
}

function findingTable(list: Listed<FindingRef>, detail: (f: FindingRef) => string, empty: string): string {
  if (list.total === 0) return `<p class="muted">${empty}</p>`;
  const rows = list.items
    .slice(0, HTML_LIST_MAX)
    .map(
      (f) =>
        `<tr><td><span class="sev sev-${f.severity}">${f.severity.toUpperCase()}</span></td><td class="wrap"><code>${e(f.ruleId, 100)}</code><span class="rt">${e(f.title, 200)}</span></td>` +
        `<td class="wrap">${e(f.resourceId, 300)}<span class="rt">${e(f.accountId, 40)} / ${e(f.region, 40)}</span></td><td class="wrap">${detail(f)}</td></tr>`,
    )
    .join('\n');
  const shown = Math.min(list.items.length, HTML_LIST_MAX);
  const more = list.total > shown ? `<p class="muted">… and ${formatCount(list.total - shown)} more; every finding is in the runs' findings.json.</p>` : '';
  return (
    '<table><thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Resource</th><th scope="col">Detail</th></tr></thead>' + `<tbody>\n${rows}\n</tbody></table>${more}`
  );
}

function changes(r: ComplianceReport): ReportSection[] {
  return [
    {
      id: 'new',
      title: `New in the period (${formatCount(r.newFindings.total)})`,
      html: findingTable(
        r.newFindings,
        (f) => `${f.openedAt ? `opened ${e(formatTime(f.openedAt))}` : ''}${f.reopened ? ` · reopened ${f.reopened}×` : ''}${f.stillOpen === false ? ' · resolved since' : ''}`,
        absence(r, 'No finding started failing in this period.'),
      ),
    },
    {
      id: 'resolved',
      title: `Resolved in the period (${formatCount(r.resolvedFindings.total)})`,
      html: findingTable(r.resolvedFindings, (f) => (f.resolvedAt ? `resolved ${e(formatTime(f.resolvedAt))}` : 'resolved'), 'No finding was resolved in this period.'),
    },
    {
      id: 'open',
      title: `Open at ${r.openFindings.digestSeverity.toUpperCase()} or above (${formatCount(r.openFindings.atOrAboveDigest.total)})`,
      html: findingTable(r.openFindings.atOrAboveDigest, (f) => (f.openedAt ? `open since ${e(formatTime(f.openedAt))}` : ''), absence(r, 'Nothing open at this severity.')),
    },
  ];
}

function exceptions(r: ComplianceReport): ReportSection {
  if (r.exceptions.length === 0) return { id: 'exceptions', title: 'Exceptions', html: '<p class="muted">No exceptions were in force.</p>' };
  const cls = { active: 'st st-SUPPRESSED', expired: 'st st-FAIL', stale: 'st st-UNKNOWN' } as const;
  const rows = r.exceptions
    .map(
      (x) =>
        `<tr><td><span class="${cls[x.state]}">${x.state.toUpperCase()}</span></td><td class="wrap"><code>${e(x.rule, 200)}</code>${x.scope ? `<span class="rt">${e(x.scope, 500)}</span>` : ''}</td>` +
        `<td class="wrap">${e(x.reason, 500)}</td><td class="wrap">${e(x.owner, 200)}</td><td>${e(x.expires.slice(0, 10), 20)}${x.expiringSoon ? ' <strong>(expires soon)</strong>' : ''}</td>` +
        `<td class="num">${x.daysLeft}</td><td class="num">${formatCount(x.matched)}</td></tr>`,
    )
    .join('\n');
  return {
    id: 'exceptions',
    title: 'Exceptions',
    html:
      '<table><thead><tr><th scope="col">State</th><th scope="col">Rule and scope</th><th scope="col">Reason</th><th scope="col">Owner</th><th scope="col">Expires</th><th scope="col" class="num">Days left</th><th scope="col" class="num">Matched</th></tr></thead>' +
      `<tbody>\n${rows}\n</tbody></table>`,
  };
}

function notEvaluatedBlock(r: ComplianceReport): string {
  const { rules, unreadResults } = r.notEvaluated;
  let html = '';
  if (rules.total) {
    const items = rules.items.slice(0, HTML_LIST_MAX).map((x) => `<li><code>${e(x.ruleId, 100)}</code>: ${e(x.reason, 500)}</li>`).join('');
    const more = rules.total > Math.min(rules.items.length, HTML_LIST_MAX) ? `<p class="muted">… and ${formatCount(rules.total - Math.min(rules.items.length, HTML_LIST_MAX))} more.</p>` : '';
    html += `<h3>Rules not evaluated (${formatCount(rules.total)})</h3><p>These rules of the last run did not run or could not decide everywhere: a missing finding of theirs proves nothing, and their controls never count as passing.</p><ul>${items}</ul>${more}`;
  }
  if (unreadResults) html += `<p>${formatCount(unreadResults)} result(s) of the last run could not be decided because data was not read (CloudTrail events outside what was read, or inventory not recorded as read).</p>`;
  return html;
}

function gaps(r: ComplianceReport): ReportSection {
  const title = r.notEvaluated.rules.total ? 'Coverage and rules not evaluated' : 'Coverage gaps';
  if (r.coverageGaps.length === 0) {
    const html = !r.run
      ? '<p class="muted">No run in this period: nothing was audited.</p>'
      : reportAllClear(r)
        ? '<p>Every API call of the last run succeeded and every rule decided: nothing was hidden from the audit.</p>'
        : `<p>Every API call of the last run succeeded, but not everything was decided:</p>${notEvaluatedBlock(r)}`;
    return { id: 'coverage', title, html };
  }
  const rows = r.coverageGaps
    .slice(0, HTML_LIST_MAX)
    .map((g) => `<tr><td>${e(g.accountId, 40)}</td><td>${e(g.region, 40)}</td><td>${e(`${g.service}:${g.api}`, 120)}</td><td>${e(g.errorCode, 80)}</td><td class="wrap">${e(g.message, 500)}</td></tr>`)
    .join('\n');
  return {
    id: 'coverage',
    title: `${title} (${formatCount(r.coverageGaps.length)})`,
    html:
      '<p>Resources behind these failed calls were not evaluated: their controls show as unknown, never as passing.</p>' +
      '<table class="gaps"><thead><tr><th scope="col">Account</th><th scope="col">Region</th><th scope="col">API</th><th scope="col">Error</th><th scope="col">Message</th></tr></thead>' +
      `<tbody>\n${rows}\n</tbody></table>` +
      notEvaluatedBlock(r),
  };
}

export function renderComplianceHtml(r: ComplianceReport): string {
  const sections = [scores(r), trend(r), controls(r), scopes(r), ...changes(r), exceptions(r), gaps(r)];
  const head = header(r, tableOfContents(sections));
  return renderHtmlPage({ title: `vmaudit ${r.period.period} report ${r.period.label}`, sections: [head, ...sections] });
}
