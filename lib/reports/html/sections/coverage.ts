/**
 * Coverage: what the audit could not read. A resource behind a coverage gap is "not compliant or
 * unknown", never "compliant"; the banner says so at the top of the page, where nobody misses it.
 */
import type { FindingsDocument } from '../../../findings/document';
import { formatCount, formatTime, plural } from '../../format';
import { escapeHtml } from '../escape';
import { truncate } from '../../text';
import type { ReportSection } from '../page';
import { undecidedOf, type Undecided } from '../../../findings/verdict';

const NOT_EVALUATED_LISTED = 50;

/** The rules that did not run or could not decide: a missing finding of theirs proves nothing. */
function notEvaluatedBanner(u: Undecided): string {
  if (!u.rules.length) return '';
  return `<div class="banner" role="alert"><strong>Not evaluated: ${escapeHtml(plural(u.rules.length, 'rule'))}</strong>did not run or could not decide everywhere: a missing finding from them proves nothing. <a href="#coverage">See which and why</a>.</div>`;
}

function notEvaluatedList(u: Undecided): string {
  if (!u.rules.length) return '';
  const items = u.rules.slice(0, NOT_EVALUATED_LISTED).map((r) => `<li><code>${cut(r.ruleId, 128)}</code>: ${cut(r.reason, 600)}</li>`).join('');
  const more = u.rules.length > NOT_EVALUATED_LISTED ? `<li>… and ${formatCount(u.rules.length - NOT_EVALUATED_LISTED)} more (findings.json has every result)</li>` : '';
  return `<h3>Rules not evaluated (${formatCount(u.rules.length)})</h3><ul>${items}${more}</ul>`;
}

function unreadSentence(u: Undecided): string {
  return `${escapeHtml(plural(u.unread, 'result'))} could not be decided because data was not read (CloudTrail events outside what was read, or inventory not recorded as read): they are UNKNOWN.`;
}

const cut = (s: string, max: number) => escapeHtml(truncate(s, max));

function gapTargets(doc: FindingsDocument): number {
  return new Set(doc.run.coverageGaps.map((g) => `${g.accountId}\u0000${g.region}`)).size;
}

function cappedWindows(doc: FindingsDocument) {
  return (doc.run.eventWindows ?? []).filter((w) => w.capped || w.unparsed > 0);
}

/** The banner for the page header. */
export function coverageVerdict(doc: FindingsDocument, rules?: readonly string[]): string {
  const gaps = doc.run.coverageGaps;
  const capped = cappedWindows(doc);
  const u = undecidedOf(doc, rules);
  if (gaps.length === 0 && capped.length === 0 && u.unread === 0) {
    return '<div class="banner ok" role="status"><strong>Coverage complete</strong>Every API call of this audit succeeded.</div>' + notEvaluatedBanner(u);
  }
  const parts: string[] = [];
  if (gaps.length) {
    parts.push(
      `${escapeHtml(plural(gaps.length, 'API call'))} failed in ${escapeHtml(plural(gapTargets(doc), 'account/region target'))}. ` +
        `Resources there are <em>not compliant or unknown, not &#39;compliant&#39;</em>: their results are UNKNOWN, and a missing finding proves nothing.`,
    );
  }
  if (capped.length) parts.push(`${escapeHtml(plural(capped.length, 'CloudTrail event window'))} could not be read in full, so event rules may have missed events.`);
  if (u.unread) parts.push(unreadSentence(u));
  return `<div class="banner" role="alert"><strong>Coverage gaps: this audit is incomplete</strong>${parts.join(' ')} <a href="#coverage">See what could not be read</a>.</div>` + notEvaluatedBanner(u);
}

export function coverageSection(doc: FindingsDocument, rules?: readonly string[]): ReportSection {
  const gaps = doc.run.coverageGaps;
  const capped = cappedWindows(doc);
  const u = undecidedOf(doc, rules);
  let body: string;
  if (gaps.length === 0 && capped.length === 0 && u.unread === 0) {
    body = '<p>Every API call of this audit succeeded and every CloudTrail event window was read in full.</p>';
  } else if (gaps.length === 0 && capped.length === 0) {
    body = `<p>Every API call of this audit succeeded, but ${unreadSentence(u)}</p>`;
  } else {
    body = '';
    if (gaps.length) {
      const rows = gaps
        .map(
          (g) =>
            `<tr><td>${cut(g.accountId, 64)}</td><td>${cut(g.region, 64)}</td><td>${cut(g.service, 64)}</td><td>${cut(g.api, 128)}</td>` +
            `<td>${cut(g.errorCode, 128)}</td><td class="wrap">${cut(g.message, 1000)}</td></tr>`,
        )
        .join('\n');
      body +=
        '<p>Results that depend on these calls are UNKNOWN: fix the access named in each message (usually a missing IAM permission, ' +
        'an SCP, or a region that is not enabled) and run the audit again.</p>' +
        `<table class="gaps"><caption>${escapeHtml(plural(gaps.length, 'failed API call'))}</caption>` +
        '<thead><tr><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Service</th><th scope="col">API</th><th scope="col">Error</th><th scope="col">Message</th></tr></thead>' +
        `<tbody>\n${rows}\n</tbody></table>`;
    }
    if (capped.length) {
      const rows = capped
        .map(
          (w) =>
            `<tr><td>${cut(w.accountId, 64)}</td><td>${cut(w.region, 64)}</td><td>${escapeHtml(formatTime(w.from))}</td><td>${escapeHtml(formatTime(w.to))}</td>` +
            `<td class="num">${formatCount(w.eventCount)}</td><td>${w.capped ? 'yes' : 'no'}</td><td class="num">${formatCount(w.unparsed)}</td></tr>`,
        )
        .join('\n');
      body +=
        '<table class="gaps"><caption>CloudTrail event windows not read in full</caption>' +
        '<thead><tr><th scope="col">Account</th><th scope="col">Region</th><th scope="col">From</th><th scope="col">To</th><th scope="col" class="num">Events read</th><th scope="col">Capped</th><th scope="col" class="num">Unparsed</th></tr></thead>' +
        `<tbody>\n${rows}\n</tbody></table>`;
    }
  }
  return { id: 'coverage', title: 'Coverage', html: body + notEvaluatedList(u) };
}
