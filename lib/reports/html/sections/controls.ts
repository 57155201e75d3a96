/** Compliance per framework control (FSBP, CIS 3.0), sorted by control id as people read them. */
import type { FindingsDocument } from '../../../findings/document';
import { controlSummary, type ControlRow, type ControlVerdict } from '../../controls';
import { formatCount, plural } from '../../format';
import { anchorId, escapeHtml } from '../escape';
import { truncate } from '../../text';
import type { ReportSection } from '../page';

const VERDICT_LABEL: Record<ControlVerdict, string> = { FAIL: 'FAIL', UNKNOWN: 'UNKNOWN', PASS: 'PASS', NOT_APPLICABLE: 'N/A' };

function num(n: number): string {
  return n === 0 ? '<td class="num zero">0</td>' : `<td class="num">${formatCount(n)}</td>`;
}

function row(c: ControlRow): string {
  const rules = c.rules.map((r) => `<a href="#${anchorId('rule', r)}">${escapeHtml(truncate(r, 128))}</a>`).join(', ');
  return (
    `<tr><th scope="row">${escapeHtml(truncate(c.control, 64))}</th><td><span class="v v-${c.verdict}">${VERDICT_LABEL[c.verdict]}</span></td>` +
    `${num(c.fail)}${num(c.unknown)}${num(c.suppressed)}${num(c.pass)}<td class="wrap">${rules}</td></tr>`
  );
}

export function controlSummarySection(doc: FindingsDocument): ReportSection {
  const parts = controlSummary(doc.findings).map((fw) => {
    if (fw.controls.length === 0) return `<h3>${escapeHtml(fw.label)}</h3><p class="muted">No finding maps to a control of this framework.</p>`;
    const failing = fw.controls.filter((c) => c.verdict === 'FAIL').length;
    const unknown = fw.controls.filter((c) => c.verdict === 'UNKNOWN').length;
    return (
      `<h3>${escapeHtml(fw.label)}</h3>` +
      `<p>${escapeHtml(plural(fw.controls.length, 'control'))} evaluated: ${formatCount(failing)} failing, ${formatCount(unknown)} unknown, ` +
      `${formatCount(fw.controls.length - failing - unknown)} passing or not applicable.</p>` +
      `<table class="controls fit"><caption class="sr-only">${escapeHtml(fw.label)} controls</caption><thead><tr><th scope="col">Control</th><th scope="col">Verdict</th>` +
      '<th scope="col" class="num">Fail</th><th scope="col" class="num">Unknown</th><th scope="col" class="num">Suppressed</th><th scope="col" class="num">Pass</th><th scope="col">Rules</th></tr></thead>' +
      `<tbody>\n${fw.controls.map(row).join('\n')}\n</tbody></table>`
    );
  });
  return {
    id: 'controls',
    title: 'Summary by framework control',
    html:
      '<p class="muted">A control fails when any of its findings fails; it is unknown when a finding could not be judged (coverage gap or rule error, counted under Unknown); ' +
      'suppressed findings are accepted risks with an owner and an expiry.</p>\n' +
      parts.join('\n'),
  };
}
