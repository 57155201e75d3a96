/** The page header: what was audited, when, by which policy, and whether the audit saw everything. */
import type { FindingsDocument } from '../../../findings/document';
import { formatCount, formatDuration, formatTime, plural } from '../../format';
import { escapeHtml } from '../escape';
import { truncate } from '../../text';
import type { ReportSection } from '../page';
import { coverageVerdict } from './coverage';

/** A list that stays short: the first `inline` values, the whole list one click away. */
export function shortList(values: readonly string[], what: string, inline = 12): string {
  if (values.length === 0) return '<span class="muted">none</span>';
  const show = (v: string) => escapeHtml(truncate(v, 64));
  if (values.length <= inline) return `${formatCount(values.length)}: ${values.map(show).join(', ')}`;
  const head = inline > 0 ? `: ${values.slice(0, inline).map(show).join(', ')}, …` : '';
  return `${formatCount(values.length)}${head} <details><summary>all ${plural(values.length, what)}</summary><p class="wrap">${values.map(show).join(', ')}</p></details>`;
}

export function headerSection(doc: FindingsDocument, opts: { title: string; toc: string; rules?: readonly string[] }): ReportSection {
  const r = doc.run;
  const duration = formatDuration(r.startedAt, r.finishedAt);
  const rows: [string, string][] = [
    ['Run', `<code>${escapeHtml(truncate(r.id, 200))}</code>`],
    ['Started', escapeHtml(formatTime(r.startedAt))],
    ['Finished', escapeHtml(formatTime(r.finishedAt)) + (duration ? ` <span class="muted">(${escapeHtml(duration)})</span>` : '')],
    ['Accounts', shortList(r.accounts, 'account')],
    ['Regions', shortList(r.regions, 'region')],
  ];
  if (r.source) rows.push(['Source', escapeHtml(truncate(r.source, 500))]);
  if (r.policy) rows.push(['Policy', escapeHtml(truncate(r.policy, 500))]);
  if (r.rulesRun) rows.push(['Rules run', shortList(r.rulesRun, 'rule', 0)]);
  rows.push(['Findings', escapeHtml(`${formatCount(doc.summary.total)} (${formatCount(doc.summary.byStatus.FAIL)} failing)`)]);
  const meta = rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('');
  return {
    id: 'top',
    title: opts.title,
    bare: true,
    nav: false,
    html: `<header id="top"><h1>${escapeHtml(opts.title)}</h1>\n<dl class="meta">${meta}</dl>\n${coverageVerdict(doc, opts.rules)}\n${opts.toc}</header>`,
  };
}
