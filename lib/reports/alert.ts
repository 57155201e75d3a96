/**
 * The alert e-mail (SNS): a subject that fits SNS rules and a phone screen, and a plain-text body
 * that says what is wrong, where, and how to fix it, most severe first.
 *
 * SNS limits shape this: the subject must be under 100 characters, one line, without control
 * characters (ASCII only, to be safe with every e-mail transport); the message at most 256 KB
 * (262,144 bytes) including attributes, so the body is capped at MAX_ALERT_BODY_BYTES with a marker.
 * Every estate string is bounded: one line, controls and bidi overrides neutralised, cut to a
 * fixed length, links defanged (a tag cannot plant a clickable phishing link in our e-mail).
 * Read on a phone: the first finding comes right after the headline, each paragraph is one line (the
 * mail client wraps it to the screen), fixes carry the finding's own ids, and the "and N more" line
 * links the report.
 */
import type { FindingsDocument } from '../findings/document';
import { compareFindings, type Finding } from '../findings/finding';
import { atLeast, SEVERITIES, type Severity } from '../model/severity';
import { formatCount, formatTime, plural, severityLabel } from './format';
import { asciiOnly, bounded, truncate, truncateUtf8, utf8Length } from './text';
import { concreteRemediation } from './remediation';
import { frameworksText } from '../frameworks/text';
import { isAllClear, undecidedClause, undecidedOf, type Undecided } from '../findings/verdict';

export const MAX_SUBJECT_CHARS = 99;
/** 256 KB minus room for the subject and the message attributes. */
export const MAX_ALERT_BODY_BYTES = 240_000;
const FIELD_MAX = 300;
const LIST_MAX_GAPS = 20;

export type AlertSelector = (f: Finding) => boolean;

/** The run alert's rule: FAIL, NEW, at or above `minSeverity`. Other alerts (digests) pass their own selector. */
export function newFailuresAtLeast(minSeverity: Severity): AlertSelector {
  return (f) => f.status === 'FAIL' && f.lifecycle === 'NEW' && atLeast(f.severity, minSeverity);
}

export interface AlertOptions {
  /** Lowest severity that alerts (default 'high'). Ignored when `select` is given. */
  minSeverity?: Severity;
  /** Which findings alert; default `newFailuresAtLeast(minSeverity)`. */
  select?: AlertSelector;
  /** Link to report.html (a presigned or console URL); only http(s) is shown. */
  reportUrl?: string;
  /** Where report.html was written (the CLI), shown when there is no reportUrl. */
  reportPath?: string;
  /** Findings listed in full before "and N more" (default 20). */
  maxListed?: number;
  /** Lines put first in the body, e.g. "Previous state was unreadable: every finding counts as new." */
  notes?: readonly string[];
  /** Lines after the findings list: context a reader needs less urgently than the findings. */
  footnotes?: readonly string[];
  /** Hard cap on the body size in UTF-8 bytes (default MAX_ALERT_BODY_BYTES). */
  maxBodyBytes?: number;
  /**
   * Every rule the run could have run (the catalogue): those that did not run or did not decide are
   * named under NOT EVALUATED, and "No new findings" is then no all-clear. Default: the rules the run ran.
   */
  rules?: readonly string[];
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

function subjectFor(doc: FindingsDocument, alerted: readonly Finding[], minSeverity: Severity | undefined, undecided: Undecided): string {
  const prefix = '[vmaudit] ';
  let what: string;
  if (alerted.length === 0) {
    // "No new findings" alone reads as an all-clear: say at once when it is not one.
    what = `No new findings${minSeverity ? ` at or above ${severityLabel(minSeverity)}` : ''}${isAllClear(undecided) ? '' : ` (${undecidedClause(undecided)})`}`;
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

/** The CloudTrail events a finding is about (one event, or the events of a burst). */
function eventIdsOf(f: Finding): string[] {
  const e = f.evidence ?? {};
  if (typeof e.eventId === 'string') return [e.eventId];
  return Array.isArray(e.eventIds) ? e.eventIds.filter((x): x is string => typeof x === 'string') : [];
}

/** One entry of the list: a finding, plus the later findings about the same events (listed once, with it). */
interface Entry {
  finding: Finding;
  alsoFlaggedBy: Finding[];
}

/**
 * Findings to entries: a finding whose events were all shown by an earlier entry joins that entry, so
 * one StopLogging call flagged by two rules is one item, not two.
 */
function entriesOf(alerted: readonly Finding[]): Entry[] {
  const entries: Entry[] = [];
  const byEvent = new Map<string, Entry>();
  for (const f of alerted) {
    const ids = eventIdsOf(f);
    const owner = ids.length ? byEvent.get(ids[0]) : undefined;
    if (owner && ids.every((id) => byEvent.get(id) === owner)) {
      owner.alsoFlaggedBy.push(f);
      continue;
    }
    const entry: Entry = { finding: f, alsoFlaggedBy: [] };
    entries.push(entry);
    for (const id of ids) if (!byEvent.has(id)) byEvent.set(id, entry);
  }
  return entries;
}


/**
 * One paragraph per line, no hard wrap: the mail client wraps to the screen, where a body wrapped at
 * 70 columns reflows raggedly. `sameFixAs`: the number of an earlier entry with the same fix.
 */
function entryLines(entry: Entry, n: number, sameFixAs?: number): string[] {
  const f = entry.finding;
  const frameworks = frameworksText(f.frameworks);
  const where = f.region === 'global' ? field(f.accountId, 40) : `${field(f.accountId, 40)} / ${field(f.region, 30)}`;
  const lines = [
    `${n}. [${severityLabel(f.severity)}] ${ruleText(f.title, 200)}`,
    `Resource: ${field(f.resourceId, 200)} (${field(f.resourceType, 60)}) in ${where}`,
    `Problem: ${field(f.message, 500)}`,
    `Fix: ${sameFixAs ? `as for ${sameFixAs}.` : fixText(f)}`,
    `Rule: ${ruleText(f.ruleId, 80)}${frameworks ? ` (${ruleText(frameworks, 200)})` : ''}`,
  ];
  if (entry.alsoFlaggedBy.length) {
    const rules = [...new Set(entry.alsoFlaggedBy.map((x) => ruleText(x.ruleId, 80)))];
    lines.push(`Same event also flagged by: ${rules.join(', ')}`);
  }
  return lines;
}

/** The rule's fix with the finding's own ids filled in; the ids come from the estate, so they are bounded and defanged. */
function fixText(f: Finding): string {
  const concrete = concreteRemediation(f);
  return concrete === f.remediation ? ruleText(f.remediation, 600) : defang(bounded(concrete, 900));
}

function severityCounts(doc: FindingsDocument): string {
  const parts = SEVERITIES.map((s) => `${formatCount(doc.summary.failBySeverity[s] ?? 0)} ${severityLabel(s)}`);
  return `Failing in this run: ${parts.join(', ')}.`;
}

/** The rules that did not decide: without this block, a quiet alert would read as "all checked and fine". */
function undecidedLines(u: Undecided): string[] {
  if (!u.rules.length) return [];
  const lines = ['', `NOT EVALUATED: ${plural(u.rules.length, 'rule')} did not run or could not decide everywhere; a missing finding there proves nothing.`];
  for (const r of u.rules.slice(0, LIST_MAX_GAPS)) lines.push(`- ${ruleText(r.ruleId, 80)}: ${field(r.reason, 300)}`);
  if (u.rules.length > LIST_MAX_GAPS) lines.push(`- and ${formatCount(u.rules.length - LIST_MAX_GAPS)} more: see the report.`);
  return lines;
}

function gapLines(doc: FindingsDocument): string[] {
  const gaps = doc.run.coverageGaps;
  if (gaps.length === 0) return [];
  const lines = ['', `COVERAGE GAPS: ${plural(gaps.length, 'API call')} failed. Resources there are not compliant or unknown, not "compliant".`];
  for (const g of gaps.slice(0, LIST_MAX_GAPS)) {
    lines.push(`- ${field(g.accountId, 40)}/${field(g.region, 30)} ${field(g.service, 40)}:${field(g.api, 60)} ${field(g.errorCode, 60)}: ${field(g.message, 200)}`);
  }
  if (gaps.length > LIST_MAX_GAPS) lines.push(`- and ${formatCount(gaps.length - LIST_MAX_GAPS)} more: see the report.`);
  return lines;
}

/** The report link: an http(s) URL (pipeline), or the report's file path (CLI); anything else is left out. */
function reportLink(options: AlertOptions): string | undefined {
  if (options.reportUrl) {
    const clean = bounded(options.reportUrl, 2000).replace(/\s/g, '');
    if (/^https?:\/\/\S+$/i.test(clean)) return clean;
  }
  if (options.reportPath) return bounded(options.reportPath, 1000);
  return undefined;
}

export function renderAlert(doc: FindingsDocument, options: AlertOptions = {}): Alert {
  const minSeverity = options.select ? undefined : (options.minSeverity ?? 'high');
  const select = options.select ?? newFailuresAtLeast(minSeverity ?? 'high');
  const alerted = doc.findings.filter(select).sort(compareFindings);
  const maxListed = options.maxListed ?? 20;
  const maxBytes = options.maxBodyBytes ?? MAX_ALERT_BODY_BYTES;
  const undecided = undecidedOf(doc, options.rules);
  const subject = subjectFor(doc, alerted, minSeverity, undecided);
  const link = reportLink(options);

  const accounts = distinctSorted(doc.run.accounts.map((a) => field(a, 40)));
  const regions = distinctSorted(doc.run.regions.map((r) => field(r, 30)));
  const entries = entriesOf(alerted);
  const listed = entries.slice(0, maxListed);
  // The headline, then the findings: on a phone the first finding is on the first screen.
  const lines: string[] = [];
  if (alerted.length === 0 && isAllClear(undecided)) {
    lines.push(`No new findings${minSeverity ? ` at or above ${severityLabel(minSeverity)}` : ''} in this run: no alert would be sent.`);
  } else if (alerted.length === 0) {
    const below = [undecided.rules.length ? 'NOT EVALUATED' : '', undecided.gaps ? 'COVERAGE GAPS' : ''].filter(Boolean).join(' and ');
    lines.push(`No new findings${minSeverity ? ` at or above ${severityLabel(minSeverity)}` : ''} among the results that were decided: no alert would be sent. This is not an all-clear: ${undecidedClause(undecided)}${below ? ` (see ${below} below)` : ''}.`);
  } else {
    const noun = alerted.length === 1 ? 'finding needs' : 'findings need';
    lines.push(`${formatCount(alerted.length)} new ${noun} attention${minSeverity ? ` (${severityLabel(minSeverity)} or worse)` : ''}, most severe first:`);
  }
  for (const note of options.notes ?? []) lines.push(ruleText(note, 1000));
  if (listed.length) {
    const firstWithFix = new Map<string, number>();
    listed.forEach((entry, i) => {
      const fix = concreteRemediation(entry.finding);
      const earlier = firstWithFix.get(fix);
      if (earlier === undefined) firstWithFix.set(fix, i + 1);
      lines.push('', ...entryLines(entry, i + 1, earlier));
    });
    const shown = listed.reduce((n, e) => n + 1 + e.alsoFlaggedBy.length, 0);
    if (alerted.length > shown) lines.push('', `... and ${formatCount(alerted.length - shown)} more${link ? ` in the report: ${link}` : ': see the report.'}`);
    else if (link) lines.push('', `Report: ${link}`);
  } else if (link) {
    lines.push('', `Report: ${link}`);
  }
  lines.push(
    '',
    severityCounts(doc),
    `Run: ${field(doc.run.id, 100)}, finished ${formatTime(ruleText(doc.run.finishedAt, 40))}.`,
    `Accounts: ${fitList(accounts, 300, 'account')}. Regions: ${fitList(regions, 300, 'region')}.`,
  );
  // Footnotes (lifecycle counts, manifest hash) after the findings: on a phone the findings come first.
  if (options.footnotes?.length) lines.push('');
  for (const note of options.footnotes ?? []) lines.push(ruleText(note, 1000));
  lines.push(...undecidedLines(undecided), ...gapLines(doc), '', '-- ', 'vmaudit: compliance audit of your AWS virtual machines.');

  let body = lines.join('\n') + '\n';
  if (utf8Length(body) > maxBytes) {
    const marker = `\n\n[... message cut at ${formatCount(maxBytes)} bytes; see the full report ...]\n`;
    body = truncateUtf8(body, maxBytes - utf8Length(marker)) + marker;
  }
  return { subject, body, findings: alerted, shouldSend: alerted.length > 0 };
}

/**
 * Why no alert goes out, as the CLI's status line and latest/alert.txt say it: "no new failing finding
 * at or above high", and when the run is no all-clear, what was left undecided.
 */
export function noAlertReason(minSeverity: Severity, undecided: Undecided): string {
  const base = `no new failing finding at or above ${minSeverity}`;
  return isAllClear(undecided) ? base : `${base} among the results that were decided; not an all-clear: ${undecidedClause(undecided)}`;
}

/** alert.txt: the subject line, a blank line, the body. */
export function alertText(alert: Pick<Alert, 'subject' | 'body'>): string {
  return `${alert.subject}\n\n${alert.body}`;
}
