/**
 * PASS results as counts: per rule, account and region. At 50,000 instances a run has ~450,000 PASS
 * results; listing each one made report.html hundreds of MB that no browser opens in reasonable time.
 * The per-resource list is in findings.csv and findings.json, which the section names; each rule links
 * to its entry in the rules section, not to the findings table (PASS rows are not in it).
 */
import type { FindingsDocument } from '../../../findings/document';
import { formatCount, plural } from '../../format';
import { truncate } from '../../text';
import { anchorId, escapeHtml } from '../escape';
import type { ReportSection } from '../page';

interface PassCount {
  ruleId: string;
  accountId: string;
  region: string;
  count: number;
}

/** PASS counts keyed by rule, account and region, sorted for reading. */
export function passCounts(doc: FindingsDocument): PassCount[] {
  const by = new Map<string, PassCount>();
  for (const f of doc.findings) {
    if (f.status !== 'PASS') continue;
    const k = `${f.ruleId}\u0000${f.accountId}\u0000${f.region}`;
    const c = by.get(k);
    if (c) c.count++;
    else by.set(k, { ruleId: f.ruleId, accountId: f.accountId, region: f.region, count: 1 });
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...by.values()].sort((a, b) => cmp(a.ruleId, b.ruleId) || cmp(a.accountId, b.accountId) || cmp(a.region, b.region));
}

export function passesSection(doc: FindingsDocument): ReportSection {
  const rows = passCounts(doc);
  const total = rows.reduce((s, r) => s + r.count, 0);
  const e = escapeHtml;
  const body = rows.length
    ? '<table class="passes fit"><caption class="sr-only">Passing results per rule, account and region</caption><thead><tr>' +
      '<th scope="col">Rule</th><th scope="col">Account</th><th scope="col">Region</th><th scope="col" class="num">Pass</th></tr></thead><tbody>\n' +
      rows
        .map((r) => `<tr><td><a href="#${anchorId('rule', r.ruleId)}">${e(truncate(r.ruleId, 128))}</a></td><td>${e(truncate(r.accountId, 64))}</td><td>${e(truncate(r.region, 64))}</td><td class="num">${formatCount(r.count)}</td></tr>`)
        .join('\n') +
      '\n</tbody></table>'
    : '<p class="muted">No result passed.</p>';
  return {
    id: 'passes',
    title: 'Passing results',
    html:
      `<p class="muted">${e(plural(total, 'result'))} passed: checked, and fine. They are counted here per rule, account and region, and per control above; ` +
      'each one, with its resource, is listed in findings.csv and findings.json of this run.</p>\n' +
      body,
  };
}
