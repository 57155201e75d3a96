/**
 * The one message type vmaudit sends through SNS (the run's alert, the real-time alert and the
 * periodic digest), its message attributes, and which findings alert at once. Only NEW failures at
 * or above `alerts.minSeverity` alert; OPEN ones wait for the periodic digest, so nobody hears about
 * the same finding twice unless it is still open when the digest is due. The subject and body come
 * from `renderAlert` (./alert.ts: SNS subject rules, bounded and defanged estate strings, body capped
 * under 256 KB); this module adds the lifecycle notes and the message attributes.
 *
 * Message attributes (SNS allows 10): `severity` (String, the highest), `rule` (String.Array of rule
 * ids, most severe first): a subscription filter policy `{"rule": ["ec2-sg-no-public-ssh"]}` matches when
 * any element of the array matches, so subscribers can route one rule without the publisher choosing a
 * "top" rule; `account` (String.Array), `kind` (new-findings | digest), `run`.
 */
import { SEVERITIES, type Severity } from '../model/severity';
import { compareFindings, type Finding } from '../findings/finding';
import type { FindingsDocument, RunInfo } from '../findings/document';
import { newFailuresAtLeast, renderAlert } from './alert';
import { asciiOnly, utf8Length } from './text';
import { formatCount } from './format';

export const SNS_MAX_BYTES = 262_144;
export const SNS_MAX_ATTRIBUTES = 10;
const RULES_ATTRIBUTE_MAX = 50;
const ACCOUNTS_ATTRIBUTE_MAX = 100;

export interface SnsAttribute {
  DataType: 'String' | 'String.Array' | 'Number';
  StringValue: string;
}

/** Every message vmaudit publishes to SNS: the run's alert, the real-time alert, the digest. */
export interface AlertMessage {
  subject: string;
  body: string;
  /** SNS MessageAttributes. */
  attributes: Record<string, SnsAttribute>;
  /** Ids of the findings this message announces (the digest: the open findings it lists). */
  findingIds: string[];
}

export interface AlertInput {
  /** The run's document after the lifecycle step. */
  document: FindingsDocument;
  /** The lifecycle step's changes (lib/state/lifecycle.ts LifecycleChanges). */
  changes: { resolved: readonly Finding[]; open: readonly Finding[]; reopened: readonly Finding[]; unverified: number };
  minSeverity: Severity;
  /** Why the run had no usable previous state (lib/state/state-document.ts BaselineProblem). */
  baselineProblem?: { kind: string; message: string };
  /** Link to the report; `{runId}` and `{date}` are filled in. */
  reportUrl?: string;
  /** Where the report file is (the CLI's local store), shown when there is no reportUrl. */
  reportPath?: string;
  /** SHA-256 of the run's manifest: quoting it in the alert anchors the tamper-evidence chain outside the bucket. */
  manifestSha256?: string;
  /** Every rule the run could have run (the catalogue's ids): those that did not decide are named in the alert. */
  rules?: readonly string[];
}

/** The findings that alert at once (newFailuresAtLeast), most severe first. */
export function selectAlertFindings(findings: readonly Finding[], minSeverity: Severity): Finding[] {
  return findings.filter(newFailuresAtLeast(minSeverity)).sort(compareFindings);
}

export function fillReportUrl(template: string | undefined, run: Pick<RunInfo, 'id' | 'startedAt'>): string | undefined {
  if (!template) return undefined;
  return template.replace(/\{runId\}/g, encodeURIComponent(run.id)).replace(/\{date\}/g, run.startedAt.slice(0, 10));
}

/** The alert to send for this run, or null when nothing new reaches the threshold. */
export function composeAlert(input: AlertInput): AlertMessage | null {
  const { document: doc, changes } = input;
  const notes: string[] = [];
  const footnotes: string[] = [];
  if (input.baselineProblem) {
    // After the findings: it explains the count, but the reader acts on the findings first.
    footnotes.push(
      `NOTE: no usable previous state (${input.baselineProblem.kind}: ${input.baselineProblem.message}). ` +
        'Every failing finding is treated as new this once; the next run compares with this one.',
    );
  }
  const alerting = selectAlertFindings(doc.findings, input.minSeverity);
  const reopened = alerting.filter((f) => (f.tracking?.reopened ?? 0) > 0).length;
  if (reopened) notes.push(`${formatCount(reopened)} of these had been resolved before and are failing again (reopened).`);
  footnotes.push(
    `Since the previous run: ${formatCount(changes.resolved.length)} resolved, ${formatCount(changes.open.length)} still open ` +
      '(open findings are repeated in the periodic digest, not in every alert)' +
      (changes.unverified ? `, ${formatCount(changes.unverified)} could not be re-checked (coverage gaps) and stay open.` : '.'),
  );
  // Quoting the hash anchors the tamper-evidence chain outside the bucket: `vmaudit verify --expect-head <hash>`.
  if (input.manifestSha256) footnotes.push(`Run manifest SHA-256 (for vmaudit verify --expect-head): ${input.manifestSha256}`);
  const alert = renderAlert(doc, {
    select: newFailuresAtLeast(input.minSeverity),
    reportUrl: fillReportUrl(input.reportUrl, doc.run),
    ...(input.reportPath ? { reportPath: input.reportPath } : {}),
    notes,
    footnotes,
    ...(input.rules ? { rules: input.rules } : {}),
  });
  if (!alert.shouldSend) return null;
  return { subject: alert.subject, body: alert.body, attributes: alertAttributes(alert.findings, 'new-findings', doc.run.id), findingIds: alert.findings.map((f) => f.id) };
}

function distinctSorted(xs: Iterable<string>): string[] {
  return [...new Set(xs)].sort();
}

/** SNS message attributes for a set of findings; values are ASCII-cleaned (they come from the estate). */
export function alertAttributes(findings: readonly Finding[], kind: 'new-findings' | 'digest', runId: string): Record<string, SnsAttribute> {
  const sorted = [...findings].sort(compareFindings);
  const highest = sorted.length ? sorted[0].severity : SEVERITIES[SEVERITIES.length - 1];
  const rules: string[] = [];
  const seen = new Set<string>();
  for (const f of sorted) {
    const r = asciiOnly(f.ruleId).slice(0, 128);
    if (!seen.has(r)) {
      seen.add(r);
      rules.push(r);
    }
    if (rules.length >= RULES_ATTRIBUTE_MAX) break;
  }
  const accounts = distinctSorted(sorted.map((f) => asciiOnly(f.accountId).slice(0, 32))).slice(0, ACCOUNTS_ATTRIBUTE_MAX);
  const attributes: Record<string, SnsAttribute> = {
    severity: { DataType: 'String', StringValue: highest },
    kind: { DataType: 'String', StringValue: kind },
    run: { DataType: 'String', StringValue: asciiOnly(runId).slice(0, 256) || '-' },
  };
  if (rules.length) attributes.rule = { DataType: 'String.Array', StringValue: JSON.stringify(rules) };
  if (accounts.length) attributes.account = { DataType: 'String.Array', StringValue: JSON.stringify(accounts) };
  return attributes;
}

/** Bytes SNS counts against its 256 KB limit: message, subject, attribute names, types and values. */
export function snsMessageBytes(m: Pick<AlertMessage, 'subject' | 'body' | 'attributes'>): number {
  let n = utf8Length(m.body) + utf8Length(m.subject);
  for (const [k, v] of Object.entries(m.attributes)) n += utf8Length(k) + utf8Length(v.DataType) + utf8Length(v.StringValue);
  return n;
}
