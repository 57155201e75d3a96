/**
 * Coverage: what the audit could not read. A resource behind a coverage gap is "not compliant or
 * unknown", never "compliant"; the banner says so at the top of the page, where nobody misses it.
 */
import type { FindingsDocument } from '../../../findings/document';
import { formatCount, formatTime, plural } from '../../format';
import { escapeHtml } from '../escape';
import { truncate } from '../../text';
import type { ReportSection } from '../page';

const cut = (s: string, max: number) => escapeHtml(truncate(s, max));

function gapTargets(doc: FindingsDocument): number {
  return new Set(doc.run.coverageGaps.map((g) => `${g.accountId}\u0000${g.region}`)).size;
}

function cappedWindows(doc: FindingsDocument) {
  return (doc.run.eventWindows ?? []).filter((w) => w.capped || w.unparsed > 0);
}

/** The banner for the page header. */
export function coverageVerdict(doc: FindingsDocument): string {
  const gaps = doc.run.coverageGaps;
  const capped = cappedWindows(doc);
  if (gaps.length === 0 && capped.length === 0) {
    return '<div class="banner ok" role="status"><strong>Coverage complete</strong>Every API call of this audit succeeded.</div>';
  }
  const parts: string[] = [];
  if (gaps.length) {
    parts.push(
      `${escapeHtml(plural(gaps.length, 'API call'))} failed in ${escapeHtml(plural(gapTargets(doc), 'account/region target'))}. ` +
        `Resources there are <em>not compliant or unknown, not &#39;compliant&#39;</em>: their results are UNKNOWN, and a missing finding proves nothing.`,
    );
  }
  if (capped.length) parts.push(`${escapeHtml(plural(capped.length, 'CloudTrail event window'))} could not be read in full, so event rules may have missed events.`);
  return `<div class="banner" role="alert"><strong>Coverage gaps: this audit is incomplete</strong>${parts.join(' ')} <a href="#coverage">See what could not be read</a>.</div>`;
}

export function coverageSection(doc: FindingsDocument): ReportSection {
  const gaps = doc.run.coverageGaps;
  const capped = cappedWindows(doc);
  let body: string;
  if (gaps.length === 0 && capped.length === 0) {
    body = '<p>Every API call of this audit succeeded and every CloudTrail event window was read in full.</p>';
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
  return { id: 'coverage', title: 'Coverage', html: body };
}
