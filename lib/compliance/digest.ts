/**
 * The periodic e-mail digest: the report in a few lines (scores and their change, new / resolved /
 * open counts) and the findings still open at or above `alerts.digestSeverity`, most severe first.
 * This is where OPEN findings are repeated, never in the per-run alert. Same SNS limits as the alert:
 * subject ≤ 99 printable ASCII, body capped far under 256 KB, estate strings bounded and defanged.
 */
import { SEVERITIES, severityRank, type Severity } from '../model/severity';
import { FRAMEWORKS } from '../reports/controls';
import { formatCount, formatTime } from '../reports/format';
import { asciiOnly, bounded, truncateUtf8, utf8Length, wrap } from '../reports/text';
import type { AlertMessage, SnsAttribute } from '../reports/alert-message';
import type { ComplianceReport, FindingRef } from './model';
import { SCORE_SHORT } from './model';
import { pct } from './trend-svg';

export const DIGEST_LISTED_MAX = 30;
export const DIGEST_BODY_MAX_BYTES = 200_000;
const SHORT: Record<string, string> = Object.fromEntries(FRAMEWORKS.map((f) => [f.key, f.short]));

/** The digest is an alert message like the others (lib/reports/alert-message.ts). */
export type DigestMessage = AlertMessage;

/** "http://x" in an estate string becomes "hxxp://x", so a mail client does not make it a link. */
function defang(s: string): string {
  return s.replace(/\b(h)tt(ps?):\/\//gi, '$1xx$2://').replace(/\bwww\./gi, 'www[.]');
}

function field(s: string, max: number): string {
  return defang(bounded(s ?? '', max));
}

function delta(cur: number | null, prev: number | null): string {
  if (cur === null || prev === null) return '';
  const d = (cur - prev) * 100;
  return ` (${d >= 0 ? '+' : ''}${d.toFixed(1)} since the previous period)`;
}

function subjectOf(r: ComplianceReport): string {
  const scores = r.frameworks.filter((f) => f.score !== null).map((f) => `${SHORT[f.framework] ?? f.framework} ${pct(f.score).replace(' ', '')}`);
  const open = `${r.openFindings.atOrAboveDigest.total} open >= ${r.openFindings.digestSeverity.toUpperCase()}`;
  const head = `[vmaudit] ${r.period.period} report ${r.period.label}`;
  const candidates = r.run ? [`${head}: ${[...scores, open].join(', ')}`, `${head}: ${open}`, head] : [`${head}: ${r.runsInPeriod > 0 ? 'RUN UNREADABLE' : 'NO RUN IN THIS PERIOD'}`, head];
  return candidates.map(asciiOnly).find((c) => c.length <= 99) ?? asciiOnly(head).slice(0, 99);
}

function findingLines(f: FindingRef, n: number): string[] {
  const lines = [
    `${n}. [${f.severity.toUpperCase()}] ${field(f.title, 200)}`,
    `   Resource: ${field(f.resourceId, 200)} (${field(f.accountId, 40)} / ${field(f.region, 30)})`,
    `   Rule: ${field(f.ruleId, 80)}${f.openedAt ? `, open since ${formatTime(f.openedAt)}` : ''}${f.reopened ? `, reopened ${f.reopened}x` : ''}`,
  ];
  return lines;
}

export function renderDigest(r: ComplianceReport, options: { reportUrl?: string } = {}): DigestMessage {
  const prev = r.trend.length > 1 ? r.trend[r.trend.length - 2] : undefined;
  const lines: string[] = [];
  lines.push(`vmaudit ${r.period.period} compliance report ${r.period.label} (${formatTime(r.period.start)} to ${formatTime(r.period.end)}).`);
  if (r.run) {
    lines.push(`Figures from run ${field(r.run.id, 100)} (${formatTime(r.run.finishedAt)}), ${formatCount(r.runsInPeriod)} run(s) in the period.`);
    lines.push(...wrap(`Accounts: ${field(r.run.accounts.join(', '), 400)}`, 70), ...wrap(`Regions: ${field(r.run.regions.join(', '), 400)}`, 70));
  }
  for (const n of r.notes) lines.push('', ...wrap(`NOTE: ${field(n, 600)}`, 70));
  lines.push('', `Compliance score (${SCORE_SHORT}):`);
  for (const f of r.frameworks) {
    const p = prev?.scores[f.framework] ?? null;
    lines.push(`  ${FRAMEWORKS.find((x) => x.key === f.framework)?.label ?? f.framework}: ${pct(f.score)}${delta(f.score, p)}`);
    lines.push(`    ${formatCount(f.controls.passed)} of ${formatCount(f.controls.passed + f.controls.failed + f.controls.unknown)} control(s) passing, ${formatCount(f.controls.failed)} failing, ${formatCount(f.controls.unknown)} unknown; ${formatCount(f.counts.unknown)} unknown result(s)`);
  }
  const sev = SEVERITIES.filter((s) => r.openFindings.bySeverity[s]).map((s) => `${formatCount(r.openFindings.bySeverity[s])} ${s.toUpperCase()}`);
  lines.push('', `In the period: ${formatCount(r.newFindings.total)} new, ${formatCount(r.resolvedFindings.total)} resolved.`);
  lines.push(`Failing at the end: ${formatCount(r.openFindings.total)}${sev.length ? ` (${sev.join(', ')})` : ''}.`);

  const soon = r.exceptions.filter((x) => x.state === 'expired' || x.expiringSoon);
  if (soon.length) {
    lines.push('', 'Exceptions expired or expiring within 14 days:');
    for (const x of soon.slice(0, 20)) lines.push(`  - ${field(x.rule, 80)}${x.scope ? ` (${field(x.scope, 120)})` : ''}: ${x.state === 'expired' ? 'EXPIRED' : `expires`} ${x.expires.slice(0, 10)}, owner ${field(x.owner, 60)}`);
    if (soon.length > 20) lines.push(`  - and ${formatCount(soon.length - 20)} more`);
  }
  if (r.coverageGaps.length) lines.push('', `Coverage gaps in the last run: ${formatCount(r.coverageGaps.length)} failed API call(s); affected controls show as unknown. See the report.`);
  const ne = r.notEvaluated.rules;
  if (ne.total) {
    lines.push('', ...wrap(`NOT EVALUATED in the last run: ${formatCount(ne.total)} rule(s) did not run or could not decide everywhere; a missing finding there proves nothing and their controls count as unknown:`, 70));
    for (const x of ne.items.slice(0, 10)) lines.push(...wrap(`- ${field(x.ruleId, 80)}: ${field(x.reason, 300)}`, 70, '  '));
    if (ne.total > 10) lines.push(`  - and ${formatCount(ne.total - 10)} more: see the report.`);
  } else if (r.notEvaluated.unreadResults) {
    lines.push('', ...wrap(`NOT EVALUATED in the last run: ${formatCount(r.notEvaluated.unreadResults)} result(s) could not be decided because data was not read. See the report.`, 70));
  }

  const footer: string[] = [];
  const url = options.reportUrl ? bounded(options.reportUrl, 2000).replace(/\s/g, '') : '';
  if (/^https?:\/\/\S+$/i.test(url)) footer.push('', 'Full report:', url);
  footer.push('', '-- ', 'vmaudit: compliance audit of your AWS virtual machines.');

  const open = r.openFindings.atOrAboveDigest;
  const head = lines.join('\n') + '\n';
  const foot = footer.join('\n') + '\n';
  let budget = DIGEST_BODY_MAX_BYTES - utf8Length(head) - utf8Length(foot) - 300;
  const blocks: string[] = [];
  if (open.total) blocks.push(`\nStill open at ${r.openFindings.digestSeverity.toUpperCase()} or above, most severe first:\n`);
  let listed = 0;
  for (const f of open.items) {
    if (listed >= DIGEST_LISTED_MAX) break;
    const b = '\n' + findingLines(f, listed + 1).join('\n') + '\n';
    if (utf8Length(b) > budget) break;
    blocks.push(b);
    budget -= utf8Length(b);
    listed++;
  }
  if (open.total > listed) blocks.push(`\n... and ${formatCount(open.total - listed)} more open: see the report.\n`);
  const body = truncateUtf8(head + blocks.join('') + foot, DIGEST_BODY_MAX_BYTES);

  const highest = open.items.reduce<Severity | undefined>((h, f) => (h === undefined || severityRank(f.severity) < severityRank(h) ? f.severity : h), undefined);
  const rules = [...new Set(open.items.map((f) => asciiOnly(f.ruleId).slice(0, 128)))].slice(0, 50);
  const attributes: Record<string, SnsAttribute> = {
    kind: { DataType: 'String', StringValue: 'digest' },
    period: { DataType: 'String', StringValue: r.period.period },
    severity: { DataType: 'String', StringValue: highest ?? 'info' },
  };
  if (rules.length) attributes.rule = { DataType: 'String.Array', StringValue: JSON.stringify(rules) };
  return { subject: subjectOf(r), body, attributes, findingIds: open.items.slice(0, listed).map((f) => f.id) };
}

export function digestText(d: Pick<DigestMessage, 'subject' | 'body'>): string {
  return `${d.subject}\n\n${d.body}`;
}
