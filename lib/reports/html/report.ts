/**
 * report.html for one run: header (with the coverage verdict), summary per severity, summary per
 * framework control, any extra sections, the findings table, the rules with their remediation, and
 * the coverage details. Other features add sections without touching this file:
 *
 *   renderReportHtml(doc, { extraSections: [{ id: 'zones', title: 'Zone isolation', html, css, after: 'controls' }] })
 */
import type { FindingsDocument } from '../../findings/document';
import { FINDINGS_SCRIPT } from './findings-script';
import { htmlPageChunks, tableOfContents, validateSections, type ReportSection } from './page';
import { joinChunks } from '../../util/chunks';
import { controlSummarySection } from './sections/controls';
import { coverageSection } from './sections/coverage';
import { findingsTableSection, type FindingsTableOptions } from './sections/findings';
import { headerSection } from './sections/header';
import { rulesSection } from './sections/rules';
import { severitySummarySection } from './sections/severity';
import { passesSection } from './sections/passes';

export interface ExtraSection extends ReportSection {
  /** Id of the section to place this one after (default: just before the findings table). */
  after?: string;
}

export interface ReportHtmlOptions extends FindingsTableOptions {
  /** Page title and heading (default "vmaudit report"). */
  title?: string;
  extraSections?: readonly ExtraSection[];
}

/** The built-in sections in page order, without the header. */
export function defaultSections(doc: FindingsDocument, options: FindingsTableOptions = {}): ReportSection[] {
  return [severitySummarySection(doc), controlSummarySection(doc), findingsTableSection(doc, options), passesSection(doc), rulesSection(doc), coverageSection(doc, options.rules)];
}

/** Places each extra section after the section it names, or before the findings table. */
export function placeSections(base: readonly ReportSection[], extras: readonly ExtraSection[]): ReportSection[] {
  const out = [...base];
  for (const x of extras) {
    const { after, ...section } = x;
    let at = after ? out.findIndex((s) => s.id === after) + 1 : out.findIndex((s) => s.id === 'findings');
    if (after && at === 0) throw new Error(`Report section "${x.id}" asks to follow "${after}", which is not in the report.`);
    if (at < 0) at = out.length;
    out.splice(at, 0, section);
  }
  return out;
}

/** report.html as chunks: the findings table is written a row at a time. */
export function reportHtmlChunks(doc: FindingsDocument, options: ReportHtmlOptions = {}): Iterable<string> {
  const title = options.title ?? 'vmaudit report';
  const sections = placeSections(defaultSections(doc, options), options.extraSections ?? []);
  validateSections(sections);
  const header = headerSection(doc, { title, toc: tableOfContents(sections), ...(options.rules ? { rules: options.rules } : {}) });
  return htmlPageChunks({ title: `${title} — ${doc.run.id}`, sections: [header, ...sections], script: FINDINGS_SCRIPT });
}

/** report.html as one string, for small runs and tests; run files are written from `reportHtmlChunks`. */
export function renderReportHtml(doc: FindingsDocument, options: ReportHtmlOptions = {}): string {
  return joinChunks(reportHtmlChunks(doc, options));
}
