/**
 * The rules that produced findings, once each, with title, frameworks and remediation. Findings
 * link here instead of repeating the same text 100,000 times; the table script copies it into a
 * finding's details when they are opened (cells marked r-title, r-fw, r-fix).
 */
import type { FindingsDocument } from '../../../findings/document';
import type { Finding } from '../../../findings/finding';
import { formatCount } from '../../format';
import { anchorId, escapeHtml } from '../escape';
import { truncate } from '../../text';
import type { ReportSection } from '../page';
import { findingsFilterHref } from './links';
import { frameworksText } from '../../../frameworks/text';

export interface RuleInfo {
  ruleId: string;
  title: string;
  remediation: string;
  frameworks: Finding['frameworks'];
  fail: number;
  unknown: number;
  suppressed: number;
  pass: number;
}

/** Rule metadata as carried by its first finding (the engine copies it from the rule onto each finding). */
export function rulesInReport(findings: readonly Finding[]): RuleInfo[] {
  const rules = new Map<string, RuleInfo>();
  for (const f of findings) {
    let r = rules.get(f.ruleId);
    if (!r) {
      r = { ruleId: f.ruleId, title: f.title, remediation: f.remediation, frameworks: f.frameworks, fail: 0, unknown: 0, suppressed: 0, pass: 0 };
      rules.set(f.ruleId, r);
    }
    if (f.status === 'FAIL') r.fail++;
    else if (f.status === 'UNKNOWN' || f.status === 'ERROR') r.unknown++;
    else if (f.status === 'SUPPRESSED') r.suppressed++;
    else if (f.status === 'PASS') r.pass++;
  }
  return [...rules.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

function num(n: number): string {
  return n === 0 ? '<td class="num zero">0</td>' : `<td class="num">${formatCount(n)}</td>`;
}

export function rulesSection(doc: FindingsDocument): ReportSection {
  const rows = rulesInReport(doc.findings).map((r) => {
    const frameworks = frameworksText(r.frameworks);
    return (
      `<tr id="${anchorId('rule', r.ruleId)}"><th scope="row"><code>${escapeHtml(truncate(r.ruleId, 128))}</code><br>` +
      `<a class="noprint" href="${escapeHtml(findingsFilterHref({ rule: r.ruleId }))}">show findings</a></th>` +
      `<td class="r-title">${escapeHtml(truncate(r.title, 300))}</td><td class="r-fw">${escapeHtml(truncate(frameworks, 300))}</td>${num(r.fail)}${num(r.unknown)}${num(r.suppressed)}${num(r.pass)}` +
      `<td class="wrap r-fix">${escapeHtml(truncate(r.remediation, 2000))}</td></tr>`
    );
  });
  return {
    id: 'rules',
    title: 'Rules and remediation',
    html:
      '<table class="rules"><thead><tr><th scope="col">Rule</th><th scope="col">Title</th><th scope="col">Frameworks</th><th scope="col" class="num">Fail</th>' +
      '<th scope="col" class="num">Unknown</th><th scope="col" class="num">Suppressed</th><th scope="col" class="num">Pass</th><th scope="col">How to fix</th></tr></thead>' +
      `<tbody>\n${rows.join('\n')}\n</tbody></table>`,
  };
}
