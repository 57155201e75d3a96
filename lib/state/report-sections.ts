/**
 * Sections this feature adds to report.html: what changed since the previous run (and with what it
 * was compared), and the policy exceptions with their owner, reason and expiry.
 */
import type { ExtraSection } from '../reports/html/report';
import { escapeHtml } from '../reports/html/escape';
import { formatCount, formatTime } from '../reports/format';
import { truncate } from '../reports/text';
import type { Finding } from '../findings/finding';
import type { LifecycleChanges } from './lifecycle';
import type { LifecycleState } from './state-document';
import type { ExceptionRecord } from './exceptions-document';

const LIST_MAX = 200;

function findingRows(findings: readonly Finding[], what: (f: Finding) => string): string {
  const rows = findings
    .slice(0, LIST_MAX)
    .map(
      (f) =>
        `<tr><td><span class="sev sev-${f.severity}">${escapeHtml(f.severity.toUpperCase())}</span></td><td class="wrap"><code>${escapeHtml(truncate(f.ruleId, 200))}</code></td>` +
        `<td class="wrap">${escapeHtml(truncate(f.resourceId, 300))}<span class="rt">${escapeHtml(f.accountId)} / ${escapeHtml(f.region)}</span></td><td class="wrap">${escapeHtml(what(f))}</td></tr>`,
    )
    .join('\n');
  const more = findings.length > LIST_MAX ? `<p class="muted">… and ${formatCount(findings.length - LIST_MAX)} more in the findings table.</p>` : '';
  return (
    '<table><thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Resource</th><th scope="col">Detail</th></tr></thead>' +
    `<tbody>\n${rows}\n</tbody></table>${more}`
  );
}

export function changesSection(changes: LifecycleChanges, comparedWith: LifecycleState['comparedWith']): ExtraSection {
  const parts: string[] = [];
  if (comparedWith && 'problem' in comparedWith) {
    parts.push(
      `<div class="banner"><strong>No usable previous state (${escapeHtml(comparedWith.problem.kind)})</strong>` +
        `${escapeHtml(truncate(comparedWith.problem.message, 1000))}. Every failing finding is reported as new this once; the next run compares with this one.</div>`,
    );
  } else if (comparedWith) {
    parts.push(`<p>Compared with run <code>${escapeHtml(comparedWith.runId)}</code>.</p>`);
  }
  parts.push(
    `<p>${formatCount(changes.new.length)} new (${formatCount(changes.reopened.length)} of them reopened), ${formatCount(changes.open.length)} still open, ` +
      `${formatCount(changes.resolved.length)} resolved` +
      (changes.unverified ? `, ${formatCount(changes.unverified)} not re-checked because of coverage gaps or scope (kept open, not reported as fixed)` : '') +
      '.</p>',
  );
  if (changes.new.length) {
    parts.push(`<h3>New</h3>`, findingRows(changes.new, (f) => (f.tracking?.reopened ? `reopened (${f.tracking.reopened}×), first seen ${formatTime(f.tracking.firstSeen)}` : truncate(f.message, 300))));
  }
  if (changes.resolved.length) {
    parts.push(
      `<h3>Resolved</h3>`,
      findingRows(changes.resolved, (f) => `${f.tracking?.resolution ?? 'resolved'}; open since ${formatTime(f.tracking?.openedAt ?? '')}`),
    );
  }
  return { id: 'changes', title: 'Changes since the previous run', html: parts.join('\n'), after: 'severity' };
}

const STATE_LABEL: Record<ExceptionRecord['state'], string> = { active: 'ACTIVE', expired: 'EXPIRED', stale: 'STALE' };
const STATE_CLASS: Record<ExceptionRecord['state'], string> = { active: 'st st-SUPPRESSED', expired: 'st st-FAIL', stale: 'st st-UNKNOWN' };

export function exceptionsSection(records: readonly ExceptionRecord[]): ExtraSection {
  if (records.length === 0) return { id: 'exceptions', title: 'Exceptions', html: '<p class="muted">The policy declares no exceptions.</p>', after: 'controls' };
  const rows = records
    .map((r) => {
      const scope = [r.resource && `resource ${r.resource}`, r.account && `account ${r.account}`, r.region && `region ${r.region}`, r.tags !== undefined && `tags ${JSON.stringify(r.tags)}`]
        .filter(Boolean)
        .join(', ');
      return (
        `<tr><td><span class="${STATE_CLASS[r.state]}">${STATE_LABEL[r.state]}</span></td><td class="wrap"><code>${escapeHtml(truncate(r.rule, 200))}</code>` +
        `${scope ? `<span class="rt">${escapeHtml(truncate(scope, 500))}</span>` : ''}</td><td class="wrap">${escapeHtml(truncate(r.reason, 500))}</td>` +
        `<td class="wrap">${escapeHtml(truncate(r.owner, 200))}</td><td>${escapeHtml(r.expires.slice(0, 10))}</td><td class="num">${formatCount(r.matched)}</td></tr>`
      );
    })
    .join('\n');
  return {
    id: 'exceptions',
    title: 'Exceptions',
    after: 'controls',
    html:
      '<p class="muted">Accepted risks from the policy. An expired exception stops suppressing and raises a finding of its own; a stale one matches nothing and should be removed.</p>' +
      '<table><thead><tr><th scope="col">State</th><th scope="col">Rule and scope</th><th scope="col">Reason</th><th scope="col">Owner</th><th scope="col">Expires</th><th scope="col" class="num">Matched</th></tr></thead>' +
      `<tbody>\n${rows}\n</tbody></table>`,
  };
}
