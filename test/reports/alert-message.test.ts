import { alertAttributes, composeAlert, fillReportUrl, selectAlertFindings, SNS_MAX_ATTRIBUTES, SNS_MAX_BYTES, snsMessageBytes } from '../../lib/reports/alert-message';
import { computeLifecycle } from '../../lib/state/lifecycle';
import type { Finding } from '../../lib/findings/finding';
import { finding, findingsDoc, manyFindings } from '../support/findings';

const noChanges = { resolved: [], open: [], reopened: [], unverified: 0 };

function alertFor(findings: Finding[], minSeverity: 'critical' | 'high' | 'medium' | 'low' | 'info' = 'high', extra: Partial<Parameters<typeof composeAlert>[0]> = {}) {
  return composeAlert({ document: findingsDoc(findings), changes: noChanges, minSeverity, ...extra });
}

describe('alert selection', () => {
  it.each([
    ['new-high-fail-alerts', { status: 'FAIL', lifecycle: 'NEW', severity: 'high' }, true],
    ['new-critical-fail-alerts', { status: 'FAIL', lifecycle: 'NEW', severity: 'critical' }, true],
    ['new-medium-fail-waits-for-digest', { status: 'FAIL', lifecycle: 'NEW', severity: 'medium' }, false],
    ['open-critical-fail-never-alerts-again', { status: 'FAIL', lifecycle: 'OPEN', severity: 'critical' }, false],
    ['resolved-never-alerts', { status: 'PASS', lifecycle: 'RESOLVED', severity: 'critical' }, false],
    ['suppressed-never-alerts', { status: 'SUPPRESSED', lifecycle: 'NEW', severity: 'critical' }, false],
    ['unknown-never-alerts', { status: 'UNKNOWN', lifecycle: 'NEW', severity: 'critical' }, false],
  ] as const)('%s', (_name, o, alerts) => {
    expect(selectAlertFindings([finding(o)], 'high')).toHaveLength(alerts ? 1 : 0);
    expect(alertFor([finding(o)]) !== null).toBe(alerts);
  });

  it('nothing-to-alert-gives-no-message', () => {
    expect(alertFor([finding({ severity: 'low' })])).toBeNull();
  });
});

describe('alert message', () => {
  it('subject-names-count-severity-account-and-regions', () => {
    const fs = [finding({ resourceId: 'i-1' }), finding({ resourceId: 'i-2', region: 'eu-west-1' }), finding({ resourceId: 'i-3' })];
    expect(alertFor(fs)!.subject).toBe('[vmaudit] 3 new HIGH findings in 111111111111 (eu-west-1, us-east-1)');
  });

  it('attributes-carry-highest-severity-and-every-rule-as-a-string-array', () => {
    const fs = [finding({ ruleId: 'ec2-sg-no-public-ssh', severity: 'critical', resourceId: 'sg-1' }), finding({ resourceId: 'i-2' })];
    const a = alertFor(fs)!.attributes;
    expect(a.severity).toEqual({ DataType: 'String', StringValue: 'critical' });
    expect(a.rule.DataType).toBe('String.Array');
    expect(JSON.parse(a.rule.StringValue)).toEqual(['ec2-sg-no-public-ssh', 'ec2-imdsv2-required']);
    expect(Object.keys(a).length).toBeLessThanOrEqual(SNS_MAX_ATTRIBUTES);
  });

  it('body-says-when-there-was-no-usable-previous-state', () => {
    const d = computeLifecycle(findingsDoc([finding()]), { problem: { kind: 'corrupt', source: 's3://b/latest/run.json', message: 'state.json is not valid JSON' } });
    const a = composeAlert({ document: d.document, changes: d.changes, minSeverity: 'high', baselineProblem: d.baselineProblem })!;
    expect(a.body).toMatch(/no usable previous state \(corrupt/);
    expect(a.body).toMatch(/treated as new this once/);
  });

  it('body-flags-reopened-findings-and-quotes-the-manifest-hash', () => {
    const f = finding({ tracking: { firstSeen: '2026-11-01T00:00:00.000Z', openedAt: '2026-11-26T12:00:00.000Z', reopened: 2 } });
    const a = alertFor([f], 'high', { manifestSha256: 'a'.repeat(64) })!;
    expect(a.body).toMatch(/1 of these had been resolved before/);
    expect(a.body).toContain('a'.repeat(64));
  });

  it('report-link-is-filled-in', () => {
    expect(fillReportUrl('https://r.example/{date}/{runId}/report.html', { id: 'run 1', startedAt: '2026-11-26T12:00:00.000Z' })).toBe('https://r.example/2026-11-26/run%201/report.html');
    const a = alertFor([finding()], 'high', { reportUrl: 'https://r.example/{runId}' })!;
    expect(a.body).toContain('https://r.example/2026-11-26T12-00-00Z-abc123');
  });

  it('hostile-strings-never-break-the-subject-and-stay-bounded-in-the-body', () => {
    const hostile = finding({
      accountId: '111111111111\r\nBcc: victim@example.com',
      region: 'us-east-1\n[vmaudit] fake',
      resourceId: `sg-${'x'.repeat(20_000)}`,
      message: '=HYPERLINK("http://evil.example") \u202Egnp.exe <script>alert(1)</script>',
      title: 'Title\nwith newline',
      tags: { Name: 'y'.repeat(100_000) },
    });
    const a = alertFor([hostile])!;
    expect(a.subject.length).toBeLessThanOrEqual(99);
    expect(a.subject).toMatch(/^[\x20-\x7e]+$/);
    expect(a.body).not.toContain('\u202E');
    expect(a.body).not.toContain('http://evil');
    expect(a.body.length).toBeLessThan(10_000);
    for (const v of Object.values(a.attributes)) expect(v.StringValue).toMatch(/^[\x20-\x7e]*$/);
  });

  it('hundred-thousand-new-findings-fit-one-sns-message', () => {
    const all = manyFindings(100_000).map((f) => ({ ...f, status: 'FAIL' as const, lifecycle: 'NEW' as const }));
    const a = alertFor(all, 'info')!;
    expect(snsMessageBytes(a)).toBeLessThan(SNS_MAX_BYTES);
    expect(a.body).toMatch(/and [\d,]+ more/);
    expect(a.findingIds).toHaveLength(100_000);
    expect(a.subject.length).toBeLessThanOrEqual(99);
  });

  it('rule-attribute-is-capped-so-attributes-stay-small', () => {
    const fs = Array.from({ length: 300 }, (_, i) => finding({ ruleId: `rule-${i}`, resourceId: `i-${i}` }));
    const rules = JSON.parse(alertAttributes(fs, 'new-findings', 'r').rule.StringValue) as string[];
    expect(rules.length).toBe(50);
  });
});
