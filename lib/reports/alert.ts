/**
 * The alert e-mail (SNS): a subject that fits SNS rules and a phone screen, and a plain-text body
 * that says what is wrong, where, and how to fix it, most severe first.
 *
 * SNS limits shape this: the subject must be under 100 characters, one line, without control
 * characters (ASCII only, to be safe with every e-mail transport); the message at most 256 KB
 * (262,144 bytes) including attributes, so the body is capped at MAX_ALERT_BODY_BYTES with a marker.
 * Every estate string is bounded: one line, controls and bidi overrides neutralised, cut to a
 * fixed length, links defanged (a tag cannot plant a clickable phishing link in our e-mail).
 */
import type { FindingsDocument } from '../findings/document';
import { compareFindings, type Finding } from '../findings/finding';
import { atLeast, SEVERITIES, type Severity } from '../engine/severity';
import { formatCount, formatTime, plural, severityLabel } from './format';
import { asciiOnly, bounded, truncate, truncateUtf8, utf8Length, wrap } from './text';

export const MAX_SUBJECT_CHARS = 99;
/** 256 KB minus room for the subject and the message attributes. */
export const MAX_ALERT_BODY_BYTES = 240_000;
export const LINE_WIDTH = 70;
const FIELD_MAX = 300;
const LIST_MAX_GAPS = 20;

export type AlertSelector = (f: Finding) => boolean;

/** Today's rule: FAIL, NEW, at or above `minSeverity`. Issue 7 adds OPEN/RESOLVED logic by passing its own selector. */
export function newFailuresAtLeast(minSeverity: Severity): AlertSelector {
  return (f) => f.status === 'FAIL' && f.lifecycle === 'NEW' && atLeast(f.severity, minSeverity);
}

export interface AlertOptions {
  /** Lowest severity that alerts (default 'high'). Ignored when `select` is given. */
  minSeverity?: Severity;
  /** Which findings alert; default `newFailuresAtLeast(minSeverity)`. */
  select?: AlertSelector;
  /** Link to report.html (a presigned or console URL). */
  reportUrl?: string;
  /** Findings listed in full before "and N more" (default 20). */
  maxListed?: number;
  /** Lines put first in the body, e.g. "Previous state was unreadable: every finding counts as new." */
  notes?: readonly string[];
  /** Lines after the findings list: context a reader needs less urgently than the findings. */
  footnotes?: readonly string[];
  /** Hard cap on the body size in UTF-8 bytes (default MAX_ALERT_BODY_BYTES). */
  maxBodyBytes?: number;
}

export interface Alert {
  subject: string;
  body: string;
  /** The findings that triggered the alert, most severe first (for message attributes). */
  findings: Finding[];
  /** False when nothing matched: the text says so, and a publisher should not send it. */
  shouldSend: boolean;
}

/** Estate string for a body line: one line, bounded, links defanged. */
function field(s: string, max = FIELD_MAX): string {
  return defang(bounded(String(s ?? ''), max));
}

/** Rule metadata (title, remediation): ours, so links stay clickable; still one line and bounded. */
function ruleText(s: string, max: number): string {
  return bounded(String(s ?? ''), max);
}

/** "http://evil" in an estate string becomes "hxxp://evil", so mail clients do not make it a link. */
function defang(s: string): string {
  return s.replace(/\b(h)(tt)(ps?):\/\//gi, (_m, h: string, _tt: string, p: string) => `${h}xx${p}://`).replace(/\bwww\./gi, 'www[.]');
}

function distinctSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** "a, b +3": as many items as fit `budget` characters; else "4 accounts"; else empty. */
function fitList(items: readonly string[], budget: number, noun: string): string {
  // Each shown item costs at least 3 characters ("x, "), which bounds the search for long lists.
  for (let k = Math.min(items.length, Math.floor((budget + 2) / 3)); k >= 1; k--) {
    const shown = items.slice(0, k).join(', ');
    const text = k < items.length ? `${shown} +${items.length - k}` : shown;
    if (text.length <= budget) return text;
  }
  const counted = plural(items.length, noun);
  return items.length && counted.length <= budget ? counted : '';
}

function countBySeverity(fs: readonly Finding[]): Map<Severity, number> {
  const m = new Map<Severity, number>();
  for (const f of fs) m.set(f.severity, (m.get(f.severity) ?? 0) + 1);
  return m;
}

function subjectFor(doc: FindingsDocument, alerted: readonly Finding[], minSeverity: Severity | undefined): string {
  const prefix = '[vmaudit] ';
  let what: string;
  if (alerted.length === 0) {
    what = `No new findings${minSeverity ? ` at or above ${severityLabel(minSeverity)}` : ''}`;
  } else {
    const bySev = countBySeverity(alerted);
    const sevs = SEVERITIES.filter((s) => bySev.has(s));
    const noun = alerted.length === 1 ? 'finding' : 'findings';
    what =
      sevs.length === 1
        ? `${formatCount(alerted.length)} new ${severityLabel(sevs[0])} ${noun}`
        : `${formatCount(alerted.length)} new ${noun} (${sevs.map((s) => `${formatCount(bySev.get(s)!)} ${severityLabel(s)}`).join(', ')})`;
  }
  const accounts = distinctSorted((alerted.length ? alerted.map((f) => f.accountId) : doc.run.accounts).map((a) => asciiOnly(field(a, 40)))).filter(Boolean);
  // Account-level findings carry region 'global': it is not a region a reader can look in.
  const regions = distinctSorted((alerted.length ? alerted.map((f) => f.region) : doc.run.regions).filter((r) => r !== 'global').map((r) => asciiOnly(field(r, 30)))).filter(Boolean);
  const head = asciiOnly(prefix + what);
  // Accounts first, keeping a little room for regions; each list shrinks to "a, b +N".
  let subject = head;
  const room = MAX_SUBJECT_CHARS - head.length;
  const regionReserve = regions.length ? Math.min(regions.join(', ').length, 22) + 3 : 0;
  const acc = accounts.length ? fitList(accounts, room - 4 - regionReserve, 'account') : '';
  if (acc) subject += ` in ${acc}`;
  const left = MAX_SUBJECT_CHARS - subject.length;
  const reg = regions.length && left > 6 ? fitList(regions, left - 3, 'region') : '';
  if (reg) subject += ` (${reg})`;
  return truncate(subject, MAX_SUBJECT_CHARS);
}

/** "Label:   text" with the text wrapped under itself. */
function labelled(label: string, text: string, indent: string): string[] {
  const pad = `${label}`.padEnd(10, ' ');
  const lines = wrap(text, LINE_WIDTH, indent + ' '.repeat(pad.length));
  if (lines.length === 0) return [`${indent}${pad}`.trimEnd()];
  lines[0] = indent + pad + lines[0].slice(indent.length + pad.length);
  return lines;
}

/** `sameFixAs`: the number of an earlier listed finding with the same remediation, to keep a phone screen short. */
function findingLines(f: Finding, n: number, sameFixAs?: number): string[] {
  const frameworks = [f.frameworks.fsbp.length ? `FSBP ${f.frameworks.fsbp.join(', ')}` : '', f.frameworks['cis-3.0'].length ? `CIS ${f.frameworks['cis-3.0'].join(', ')}` : '']
    .filter(Boolean)
    .join('; ');
  const ind = ' '.repeat(String(n).length + 2);
  const lines = wrap(`${n}. [${severityLabel(f.severity)}] ${ruleText(f.title, 200)}`, LINE_WIDTH, '');
  for (let i = 1; i < lines.length; i++) lines[i] = ind + lines[i];
  lines.push(
    ...labelled('Resource:', `${field(f.resourceId, 200)} (${field(f.resourceType, 60)})`, ind),
    ...labelled('Where:', `${field(f.accountId, 40)} / ${field(f.region, 30)}`, ind),
    ...labelled('Problem:', field(f.message, 500), ind),
    ...labelled('Fix:', sameFixAs ? `as for ${sameFixAs}.` : ruleText(f.remediation, 600), ind),
    ...labelled('Rule:', `${ruleText(f.ruleId, 80)}${frameworks ? ` (${ruleText(frameworks, 200)})` : ''}`, ind),
  );
  return lines;
}

function severityCounts(doc: FindingsDocument): string[] {
  const rows = SEVERITIES.map((s) => `  ${severityLabel(s).padEnd(9)} ${formatCount(doc.summary.failBySeverity[s] ?? 0).padStart(7)}`);
  return ['Failing findings in this run, by severity:', ...rows];
}

function gapLines(doc: FindingsDocument): string[] {
  const gaps = doc.run.coverageGaps;
  if (gaps.length === 0) return [];
  const lines = ['', `COVERAGE GAPS: ${plural(gaps.length, 'API call')} failed. Resources there`, 'are not compliant or unknown, not "compliant".'];
  for (const g of gaps.slice(0, LIST_MAX_GAPS)) {
    lines.push(...wrap(`- ${field(g.accountId, 40)}/${field(g.region, 30)} ${field(g.service, 40)}:${field(g.api, 60)} ${field(g.errorCode, 60)}: ${field(g.message, 200)}`, LINE_WIDTH, '  ').map((l, i) => (i === 0 ? l.slice(2) : l)));
  }
  if (gaps.length > LIST_MAX_GAPS) lines.push(`- and ${formatCount(gaps.length - LIST_MAX_GAPS)} more: see the report.`);
  return lines;
}

function reportLine(url: string | undefined): string[] {
  if (!url) return [];
  const clean = bounded(url, 2000).replace(/\s/g, '');
  return /^https?:\/\/\S+$/i.test(clean) ? ['', 'Full report:', clean] : [];
}

export function renderAlert(doc: FindingsDocument, options: AlertOptions = {}): Alert {
  const minSeverity = options.select ? undefined : (options.minSeverity ?? 'high');
  const select = options.select ?? newFailuresAtLeast(minSeverity ?? 'high');
  const alerted = doc.findings.filter(select).sort(compareFindings);
  const maxListed = options.maxListed ?? 20;
  const maxBytes = options.maxBodyBytes ?? MAX_ALERT_BODY_BYTES;
  const subject = subjectFor(doc, alerted, minSeverity);

  const accounts = distinctSorted(doc.run.accounts.map((a) => field(a, 40)));
  const regions = distinctSorted(doc.run.regions.map((r) => field(r, 30)));
  const lines: string[] = [];
  for (const note of options.notes ?? []) lines.push(...wrap(ruleText(note, 1000), LINE_WIDTH), '');
  if (alerted.length === 0) {
    lines.push(...wrap(`No new findings${minSeverity ? ` at or above ${severityLabel(minSeverity)}` : ''} in this run: no alert would be sent.`, LINE_WIDTH));
  } else {
    const noun = alerted.length === 1 ? 'finding that needs' : 'findings that need';
    lines.push(...wrap(`vmaudit found ${formatCount(alerted.length)} new ${noun} attention${minSeverity ? ` (${severityLabel(minSeverity)} or worse)` : ''}.`, LINE_WIDTH));
  }
  lines.push(
    '',
    ...labelled('Run:', field(doc.run.id, 100), ''),
    ...labelled('Finished:', formatTime(ruleText(doc.run.finishedAt, 40)), ''),
    ...labelled('Accounts:', fitList(accounts, 300, 'account'), ''),
    ...labelled('Regions:', fitList(regions, 300, 'region'), ''),
    '',
    ...severityCounts(doc),
    ...reportLine(options.reportUrl),
  );
  if (alerted.length) {
    lines.push('', alerted.length > maxListed ? `The ${formatCount(maxListed)} most severe, first:` : 'Most severe first:');
    const firstWithFix = new Map<string, number>();
    alerted.slice(0, maxListed).forEach((f, i) => {
      const earlier = firstWithFix.get(f.remediation);
      if (earlier === undefined) firstWithFix.set(f.remediation, i + 1);
      lines.push('', ...findingLines(f, i + 1, earlier));
    });
    if (alerted.length > maxListed) lines.push('', `... and ${formatCount(alerted.length - maxListed)} more: see the report.`);
  }
  // Footnotes (lifecycle counts, manifest hash) after the findings: on a phone the findings come first.
  if (options.footnotes?.length) lines.push('');
  for (const note of options.footnotes ?? []) lines.push(...wrap(ruleText(note, 1000), LINE_WIDTH), '');
  lines.push(...gapLines(doc), '', '-- ', 'vmaudit: compliance audit of your AWS virtual machines.');

  let body = lines.join('\n') + '\n';
  if (utf8Length(body) > maxBytes) {
    const marker = `\n\n[... message cut at ${formatCount(maxBytes)} bytes; see the full report ...]\n`;
    body = truncateUtf8(body, maxBytes - utf8Length(marker)) + marker;
  }
  return { subject, body, findings: alerted, shouldSend: alerted.length > 0 };
}

/** alert.txt: the subject line, a blank line, the body. */
export function alertText(alert: Pick<Alert, 'subject' | 'body'>): string {
  return `${alert.subject}\n\n${alert.body}`;
}
