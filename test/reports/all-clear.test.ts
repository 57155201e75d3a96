/**
 * Every sentence a renderer prints to say something is absent ("no zone can reach another", "no
 * failing rules", "no new findings", "nothing open", "nothing was hidden") appears only when the rule
 * behind it ran and decided everywhere; otherwise the renderer says "not evaluated" with the reason.
 * One table walks them all, in every renderer: report.html (isolation section, findings table,
 * coverage banner), the text summary, the alert (subject and body) and the CLI's no-alert line, the
 * periodic report (HTML and digest), and `vmaudit events`.
 */
import { renderIsolationSection } from '../../lib/isolation/report';
import { renderConsoleSummary } from '../../lib/reports/console';
import { noAlertReason, renderAlert } from '../../lib/reports/alert';
import { renderReportHtml } from '../../lib/reports/html/report';
import { buildComplianceReport } from '../../lib/compliance/model';
import { periodContaining } from '../../lib/compliance/period';
import { renderComplianceHtml } from '../../lib/compliance/render-html';
import { renderComplianceCsv } from '../../lib/compliance/render-data';
import { renderDigest } from '../../lib/compliance/digest';
import { controlSummary } from '../../lib/reports/controls';
import { eventsText } from '../../lib/cli/events';
import { EVENT_RULES } from '../../lib/events/rules';
import { ranIfRecorded, undecidedOf, verdictsOf } from '../../lib/findings/verdict';
import type { FindingsDocument } from '../../lib/findings/document';
import type { FindingStatus } from '../../lib/findings/finding';
import { finding, findingsDoc, type FindingInput } from '../support/findings';

const ZONES = ['prod', 'dev'];
const UNREAD = 'denied read-only calls were not read';
const result = (ruleId: string, status: FindingStatus, o: FindingInput = {}) =>
  finding({ ruleId, status, resourceId: `${ruleId}-r`, resourceType: 'AWS::::Account', message: `${ruleId} ${status}`, lifecycle: undefined, frameworks: { fsbp: [], 'cis-3.0': [] }, ...o });

/** The rules of the walk: event rules, so `vmaudit events` walks them too. */
const RULES = ['evt-unauthorized-api-calls', 'evt-root-account-usage', 'evt-access-policy'];
const ISOLATION_RULES = ['net-zone-isolation', 'net-internet-exposure', 'net-flow-intent'];
const ALL = [...ISOLATION_RULES, ...RULES];
type Change = 'passed' | 'not-run' | 'unknown' | 'error';

/** Every rule ran and passed; `change` rewrites the one under test. */
function doc(ruleId: string, change: Change): FindingsDocument {
  const findings = ALL.map((r) =>
    r !== ruleId || change === 'passed' || change === 'not-run'
      ? result(r, 'PASS')
      : change === 'unknown'
        ? result(r, 'UNKNOWN', { message: UNREAD, evidence: { eventsNotRead: [UNREAD] } })
        : result(r, 'ERROR', { message: 'boom' }),
  );
  const ran = change === 'not-run' ? ALL.filter((r) => r !== ruleId) : ALL;
  return findingsDoc(change === 'not-run' ? findings.filter((f) => f.ruleId !== ruleId) : findings, { rulesRun: ran });
}

const NOW = new Date('2026-11-27T00:00:00Z');
function periodic(d: FindingsDocument) {
  return buildComplianceReport([{ runId: d.run.id, createdAt: d.run.finishedAt, startedAt: d.run.startedAt, document: d }], periodContaining('weekly', new Date(d.run.startedAt)), NOW, { rules: ALL });
}

const isolation = (d: FindingsDocument) => renderIsolationSection(d.findings, ZONES, { verdict: verdictsOf(d), flowsDeclared: true }).html;
const consoleText = (d: FindingsDocument) => renderConsoleSummary(d, { rules: ALL });
const alertBody = (d: FindingsDocument) => renderAlert(d, { rules: ALL }).body;
const alertSubject = (d: FindingsDocument) => {
  const a = renderAlert(d, { rules: ALL });
  return `${a.subject}\n${a.body}`;
};
const noAlertLine = (d: FindingsDocument) => `Alert: none (${noAlertReason('high', undecidedOf(d, ALL))}).\n${renderConsoleSummary(d, { rules: ALL })}`;
const reportHtml = (d: FindingsDocument) => renderReportHtml(d, { rules: ALL });
const periodicHtml = (d: FindingsDocument) => renderComplianceHtml(periodic(d));
const events = (d: FindingsDocument) =>
  eventsText({ read: { records: 3, events: [], unparsed: 0, errors: [], derivedIds: 0 }, files: 1, targets: 1, policy: 'vmaudit.yaml', findings: d.findings.filter((f) => f.ruleId.startsWith('evt-')), rulesRun: (d.run.rulesRun ?? []).filter((r) => r.startsWith('evt-')), minSeverity: 'info', rules: RULES });

interface Sentence {
  renderer: string;
  sentence: string;
  /** The rules whose verdict the sentence states. */
  rules: readonly string[];
  render(d: FindingsDocument): string;
}

const SENTENCES: Sentence[] = [
  { renderer: 'report.html isolation section', sentence: 'No zone can reach another beyond what the policy allows.', rules: ['net-zone-isolation'], render: isolation },
  { renderer: 'report.html isolation section', sentence: 'No instance is reachable from the internet beyond what the policy allows.', rules: ['net-internet-exposure'], render: isolation },
  { renderer: 'report.html isolation section', sentence: 'Every declared flow holds', rules: ['net-flow-intent'], render: isolation },
  { renderer: 'report.html findings table', sentence: 'Every result passed: nothing failed, was suppressed or could not be judged.', rules: ALL, render: reportHtml },
  { renderer: 'text summary', sentence: 'No failing rules.', rules: ALL, render: consoleText },
  { renderer: 'alert body', sentence: 'No new findings at or above HIGH in this run: no alert would be sent.', rules: ALL, render: alertBody },
  { renderer: 'alert subject', sentence: '[vmaudit] No new findings at or above HIGH in ', rules: ALL, render: alertSubject },
  { renderer: 'CLI alert status line and latest/alert.txt', sentence: '(no new failing finding at or above high).', rules: ALL, render: noAlertLine },
  { renderer: 'periodic report.html', sentence: 'Nothing open at this severity.', rules: ALL, render: periodicHtml },
  { renderer: 'periodic report.html', sentence: 'No finding started failing in this period.', rules: ALL, render: periodicHtml },
  { renderer: 'periodic report.html', sentence: 'nothing was hidden from the audit.', rules: ALL, render: periodicHtml },
  { renderer: 'vmaudit events', sentence: 'No failing findings at or above info.', rules: RULES, render: events },
];

const CASES = SENTENCES.flatMap((s) => s.rules.flatMap((ruleId) => (['not-run', 'unknown', 'error'] as const).map((change) => ({ ...s, ruleId, change }))));

describe('no all-clear sentence without a verdict', () => {
  it.each(SENTENCES)('$renderer: "$sentence" is printed when its rules ran and passed everywhere', ({ sentence, rules, render }) => {
    expect(render(doc(rules[0], 'passed'))).toContain(sentence);
  });

  it.each(CASES)('$renderer: "$sentence" is not printed when $ruleId is $change, and the reason is', ({ sentence, ruleId, render, change }) => {
    const out = render(doc(ruleId, change));
    expect(out).not.toContain(sentence);
    expect(out).toMatch(/not evaluated|not an all-clear/i);
    expect(out).toContain(ruleId);
    if (change === 'not-run') expect(out).toContain('did not run');
    if (change === 'unknown') expect(out).toContain(UNREAD);
    if (change === 'error') expect(out).toContain('failed with an error');
  });

  it.each(RULES.flatMap((ruleId) => (['not-run', 'unknown', 'error'] as const).map((change) => ({ ruleId, change }))))('the periodic digest names $ruleId as not evaluated when it is $change', ({ ruleId, change }) => {
    const body = renderDigest(periodic(doc(ruleId, change))).body;
    expect(body).toContain('NOT EVALUATED in the last run');
    expect(body).toContain(ruleId);
    expect(renderDigest(periodic(doc(ruleId, 'passed'))).body).not.toContain('NOT EVALUATED');
  });

  it('an-all-zero-zone-matrix-is-not-shown-for-a-zone-rule-that-did-not-run', () => {
    expect(isolation(doc('net-zone-isolation', 'passed'))).toContain('iso-matrix');
    expect(isolation(doc('net-zone-isolation', 'not-run'))).not.toContain('iso-matrix');
  });

  it('an-alert-with-findings-still-lists-the-rules-not-evaluated', () => {
    const d = doc('evt-root-account-usage', 'not-run');
    const failing = result('evt-unauthorized-api-calls', 'FAIL', { resourceId: 'burst', lifecycle: 'NEW' });
    const withFail = findingsDoc([...d.findings.filter((f) => f.ruleId !== 'evt-unauthorized-api-calls'), failing], { rulesRun: d.run.rulesRun });
    const body = renderAlert(withFail, { rules: ALL }).body;
    expect(body).toContain('1 new finding needs attention');
    expect(body).toMatch(/NOT EVALUATED: 1 rule did not run[\s\S]*evt-root-account-usage: rule evt-root-account-usage did not run/);
  });

  it('a-text-summary-with-failures-still-lists-the-rules-not-evaluated', () => {
    const d = doc('evt-root-account-usage', 'not-run');
    const failing = result('evt-unauthorized-api-calls', 'FAIL', { resourceId: 'burst', lifecycle: 'NEW' });
    const withFail = findingsDoc([...d.findings.filter((f) => f.ruleId !== 'evt-unauthorized-api-calls'), failing], { rulesRun: d.run.rulesRun });
    const text = consoleText(withFail);
    expect(text).toContain('Top failing rules:');
    expect(text).toMatch(/Not evaluated: 1 rule \(a missing finding there proves nothing\):\n {2}evt-root-account-usage: rule evt-root-account-usage did not run/);
    expect(consoleText(findingsDoc([...doc('evt-root-account-usage', 'passed').findings, failing], { rulesRun: ALL }))).not.toContain('Not evaluated');
  });

  it('coverage-is-not-called-complete-while-results-are-unknown-for-data-not-read', () => {
    const clear = doc('evt-unauthorized-api-calls', 'passed');
    const unread = doc('evt-unauthorized-api-calls', 'unknown');
    expect(consoleText(clear)).toContain('Coverage: complete');
    expect(consoleText(unread)).not.toContain('Coverage: complete');
    expect(consoleText(unread)).toContain('could not be decided because data was not read');
    expect(reportHtml(clear)).toContain('<strong>Coverage complete</strong>');
    expect(reportHtml(unread)).not.toContain('<strong>Coverage complete</strong>');
    expect(reportHtml(unread)).toContain('could not be decided because data was not read');
  });
});

describe('a control whose rules did not run is not counted as passed', () => {
  // FSBP CloudTrail.1 is evidenced by two rules in the registry; here one ran and passed, the other did not run.
  const ran = result('ct-trail-enabled', 'PASS', { frameworks: { fsbp: ['CloudTrail.1'] } });
  const docOf = (rulesRun: string[]) => findingsDoc([ran], { rulesRun });

  it('control-with-a-rule-not-run-is-unknown-in-report-html-and-the-periodic-report', () => {
    const [fsbp] = controlSummary([ran], ['fsbp'], ranIfRecorded(docOf([ran.ruleId])));
    const row = fsbp.controls.find((c) => c.control === 'CloudTrail.1')!;
    // The registry maps more than the one rule that ran to CloudTrail.1.
    expect(row.notRun).toEqual(['ct-multi-region-trail']);
    expect(row.verdict).toBe('UNKNOWN');
    const report = periodic(docOf([ran.ruleId]));
    const fw = report.frameworks.find((f) => f.framework === 'fsbp')!;
    expect(fw.controlRows.find((c) => c.control === 'CloudTrail.1')!.verdict).toBe('UNKNOWN');
    expect(fw.controls.passed).toBe(0);
    expect(renderComplianceCsv(report)).toMatch(/"control","fsbp","CloudTrail\.1",[^\r\n]*"UNKNOWN"/);
    expect(renderReportHtml(docOf([ran.ruleId]), { rules: ALL })).toContain('did not run)');
  });

  it('control-whose-rules-all-ran-and-passed-is-passed', () => {
    const [fsbp] = controlSummary([ran], ['fsbp'], () => true);
    expect(fsbp.controls.find((c) => c.control === 'CloudTrail.1')!.verdict).toBe('PASS');
  });

  it('a-shown-framework-lists-a-control-whose-rules-all-did-not-run-as-unknown', () => {
    const [fsbp] = controlSummary([ran], ['fsbp'], (r) => r === ran.ruleId);
    const imds = fsbp.controls.find((c) => c.control === 'EC2.8')!;
    expect(imds).toMatchObject({ verdict: 'UNKNOWN', pass: 0, fail: 0, unknown: 0, notRun: ['ec2-imdsv2-required'] });
  });
});

describe('the event rules walked are the event catalogue', () => {
  it('every-rule-of-the-walk-is-an-event-rule', () => {
    const ids = new Set(EVENT_RULES.map((r) => r.id));
    for (const r of RULES) expect(ids.has(r)).toBe(true);
  });
});
