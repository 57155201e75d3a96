/** Open findings per severity: cards for the eye, then a table with every status for the record. */
import type { FindingsDocument } from '../../../findings/document';
import type { FindingStatus } from '../../../findings/finding';
import { SEVERITIES, type Severity } from '../../../model/severity';
import { formatCount, severityLabel } from '../../format';
import { escapeHtml } from '../escape';
import type { ReportSection } from '../page';
import { findingsFilterHref } from './links';

type Row = Record<FindingStatus, number> & { newFail: number };

function countBySeverity(doc: FindingsDocument): Map<Severity, Row> {
  const rows = new Map<Severity, Row>(
    SEVERITIES.map((s) => [s, { FAIL: 0, ERROR: 0, UNKNOWN: 0, SUPPRESSED: 0, PASS: 0, NOT_APPLICABLE: 0, newFail: 0 }]),
  );
  for (const f of doc.findings) {
    const r = rows.get(f.severity);
    if (!r) continue;
    r[f.status]++;
    if (f.status === 'FAIL' && f.lifecycle === 'NEW') r.newFail++;
  }
  return rows;
}

const COLUMNS: { key: keyof Row; label: string; status?: FindingStatus }[] = [
  { key: 'FAIL', label: 'Failing', status: 'FAIL' },
  { key: 'newFail', label: 'of which new' },
  { key: 'SUPPRESSED', label: 'Suppressed', status: 'SUPPRESSED' },
  { key: 'UNKNOWN', label: 'Unknown', status: 'UNKNOWN' },
  { key: 'ERROR', label: 'Error', status: 'ERROR' },
  { key: 'PASS', label: 'Passing', status: 'PASS' },
  { key: 'NOT_APPLICABLE', label: 'Not applicable', status: 'NOT_APPLICABLE' },
];

function cell(n: number, href?: string): string {
  if (n === 0) return '<td class="num zero">0</td>';
  return href ? `<td class="num"><a href="${escapeHtml(href)}">${formatCount(n)}</a></td>` : `<td class="num">${formatCount(n)}</td>`;
}

export function severitySummarySection(doc: FindingsDocument): ReportSection {
  const rows = countBySeverity(doc);
  const cards = SEVERITIES.map((s) => {
    const r = rows.get(s)!;
    const newNote = r.newFail ? `failing, ${formatCount(r.newFail)} new` : 'failing';
    return (
      `<a class="card c-${s}${r.FAIL === 0 ? ' zero' : ''}" href="${escapeHtml(findingsFilterHref({ sev: s, st: 'FAIL' }))}">` +
      `<span class="l">${severityLabel(s)}</span><span class="n">${formatCount(r.FAIL)}</span><span class="d">${escapeHtml(newNote)}</span></a>`
    );
  }).join('');
  const head = COLUMNS.map((c) => `<th scope="col" class="num">${c.label}</th>`).join('');
  const body = SEVERITIES.map((s) => {
    const r = rows.get(s)!;
    const cells = COLUMNS.map((c) => cell(r[c.key], c.status ? findingsFilterHref({ sev: s, st: c.status }) : findingsFilterHref({ sev: s, st: 'FAIL', lc: 'NEW' }))).join('');
    return `<tr><th scope="row"><span class="sev sev-${s}">${severityLabel(s)}</span></th>${cells}</tr>`;
  }).join('\n');
  const totals = COLUMNS.map((c) => {
    let n = 0;
    for (const s of SEVERITIES) n += rows.get(s)![c.key];
    return `<td class="num"><strong>${formatCount(n)}</strong></td>`;
  }).join('');
  return {
    id: 'severity',
    title: 'Summary by severity',
    html:
      `<div class="cards" aria-label="Failing findings per severity">${cards}</div>\n` +
      `<table class="fit"><caption>Findings by severity and status</caption><thead><tr><th scope="col">Severity</th>${head}</tr></thead>` +
      `<tbody>\n${body}\n</tbody><tfoot><tr><th scope="row">Total</th>${totals}</tr></tfoot></table>`,
  };
}
