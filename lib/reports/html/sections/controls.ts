/** Compliance per framework control (lib/frameworks), sorted by control id as people read them, each with its title. */
import type { FindingsDocument } from '../../../findings/document';
import { ranIfRecorded } from '../../../findings/verdict';
import { controlSummary, type ControlRef, type ControlRow, type ControlVerdict } from '../../controls';
import { formatCount, plural } from '../../format';
import { anchorId, escapeHtml } from '../escape';
import { truncate } from '../../text';
import type { ReportSection } from '../page';

const VERDICT_LABEL: Record<ControlVerdict, string> = { FAIL: 'FAIL', UNKNOWN: 'UNKNOWN', PASS: 'PASS', NOT_APPLICABLE: 'N/A' };

function num(n: number): string {
  return n === 0 ? '<td class="num zero">0</td>' : `<td class="num">${formatCount(n)}</td>`;
}

function row(c: ControlRow): string {
  const rules = c.rules.map((r) => `<a href="#${anchorId('rule', r)}">${escapeHtml(truncate(r, 128))}</a>`).join(', ') + notRunNote(c.notRun);
  return (
    `<tr><th scope="row">${escapeHtml(truncate(c.control, 64))}</th><td class="wrap">${escapeHtml(c.title)}</td><td><span class="v v-${c.verdict}">${VERDICT_LABEL[c.verdict]}</span></td>` +
    `${num(c.fail)}${num(c.unknown)}${num(c.suppressed)}${num(c.pass)}<td class="wrap">${rules}</td></tr>`
  );
}

/** Rules of a control that did not run: why the control is UNKNOWN although nothing of it failed. */
export function notRunNote(notRun: readonly string[]): string {
  if (!notRun.length) return '';
  return ` <span class="muted">(not evaluated: ${notRun.map((r) => escapeHtml(truncate(r, 128))).join(', ')} did not run)</span>`;
}

/** The controls listed without a verdict, folded so they do not push the evaluated ones down. */
export function unevaluatedBlock(fw: { notEvaluated: ControlRef[]; notEvidenced: ControlRef[] }): string {
  const list = (refs: ControlRef[]) => `<ul>${refs.map((c) => `<li><strong>${escapeHtml(c.control)}</strong> ${escapeHtml(c.title)} <span class="muted">(${escapeHtml(c.description)})</span></li>`).join('')}</ul>`;
  let out = '';
  if (fw.notEvaluated.length) out += `<details><summary>${escapeHtml(plural(fw.notEvaluated.length, 'control'))} not evaluated in this run (no finding of their rules)</summary>${list(fw.notEvaluated)}</details>`;
  if (fw.notEvidenced.length) out += `<details><summary>${escapeHtml(plural(fw.notEvidenced.length, 'control'))} vmaudit cannot evidence (never counted as passed)</summary>${list(fw.notEvidenced)}</details>`;
  return out;
}

export function controlSummarySection(doc: FindingsDocument): ReportSection {
  const parts = controlSummary(doc.findings, undefined, ranIfRecorded(doc)).map((fw) => {
    if (fw.controls.length === 0) return `<h3>${escapeHtml(fw.label)}</h3><p class="muted">No finding maps to a control of this framework.</p>${unevaluatedBlock(fw)}`;
    const failing = fw.controls.filter((c) => c.verdict === 'FAIL').length;
    const unknown = fw.controls.filter((c) => c.verdict === 'UNKNOWN').length;
    return (
      `<h3>${escapeHtml(fw.label)}</h3>` +
      `<p>${escapeHtml(plural(fw.controls.length, 'control'))} evaluated: ${formatCount(failing)} failing, ${formatCount(unknown)} unknown, ` +
      `${formatCount(fw.controls.length - failing - unknown)} passing or not applicable.</p>` +
      `<table class="controls fit"><caption class="sr-only">${escapeHtml(fw.label)} controls</caption><thead><tr><th scope="col">Control</th><th scope="col">Title</th><th scope="col">Verdict</th>` +
      '<th scope="col" class="num">Fail</th><th scope="col" class="num">Unknown</th><th scope="col" class="num">Suppressed</th><th scope="col" class="num">Pass</th><th scope="col">Rules</th></tr></thead>' +
      `<tbody>\n${fw.controls.map(row).join('\n')}\n</tbody></table>` +
      unevaluatedBlock(fw)
    );
  });
  return {
    id: 'controls',
    title: 'Summary by framework control',
    html:
      '<p class="muted">A control fails when any of its findings fails; it is unknown when a finding could not be judged (coverage gap or rule error, counted under Unknown) or one of its rules did not run; ' +
      'suppressed findings are accepted risks with an owner and an expiry.</p>\n' +
      parts.join('\n'),
  };
}
