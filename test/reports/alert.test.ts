import { alertText, MAX_ALERT_BODY_BYTES, newFailuresAtLeast, renderAlert } from '../../lib/reports/alert';
import type { Finding } from '../../lib/findings/finding';
import { finding, findingsDoc, gap, manyFindings } from '../support/findings';
import { HOSTILE, HOSTILE_VALUES, hostileDoc } from './hostile';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('renderAlert subject', () => {
  it('three-new-high-findings-name-the-account-and-regions', () => {
    const doc = findingsDoc(
      [
        finding({ accountId: '123456789012', region: 'us-east-1', resourceId: 'i-1' }),
        finding({ accountId: '123456789012', region: 'eu-west-1', resourceId: 'i-2' }),
        finding({ accountId: '123456789012', region: 'us-east-1', resourceId: 'i-3' }),
      ],
      { accounts: ['123456789012'], regions: ['us-east-1', 'eu-west-1'] },
    );
    expect(renderAlert(doc).subject).toBe('[vmaudit] 3 new HIGH findings in 123456789012 (eu-west-1, us-east-1)');
  });

  it('one-finding-is-singular', () => {
    expect(renderAlert(findingsDoc([finding({ severity: 'critical' })])).subject).toBe('[vmaudit] 1 new CRITICAL finding in 111111111111 (us-east-1)');
  });

  it('mixed-severities-are-counted-separately', () => {
    const doc = findingsDoc([finding({ severity: 'critical', resourceId: 'i-1' }), finding({ resourceId: 'i-2' }), finding({ resourceId: 'i-3' })]);
    expect(renderAlert(doc).subject).toBe('[vmaudit] 3 new findings (1 CRITICAL, 2 HIGH) in 111111111111 (us-east-1)');
  });

  it('many-accounts-and-regions-shrink-to-plus-n-within-99-characters', () => {
    const fs = Array.from({ length: 40 }, (_, i) => finding({ accountId: String(100000000000 + i), region: ['us-east-1', 'eu-west-1', 'ap-south-1', 'sa-east-1', 'eu-central-1'][i % 5], resourceId: `i-${i}` }));
    const subject = renderAlert(findingsDoc(fs)).subject;
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject).toMatch(/^\[vmaudit\] 40 new HIGH findings in 100000000000(, \d{12})* \+\d+ \(ap-south-1(, [a-z0-9-]+)*( \+\d+)?\)$/);
  });

  it('no-alerting-finding-gives-a-no-send-subject', () => {
    const a = renderAlert(findingsDoc([finding({ severity: 'low' }), finding({ status: 'PASS', resourceId: 'i-2' })]));
    expect(a.shouldSend).toBe(false);
    expect(a.findings).toEqual([]);
    expect(a.subject).toBe('[vmaudit] No new findings at or above HIGH in 111111111111 (us-east-1)');
  });

  it.each(HOSTILE_VALUES.map((v) => [JSON.stringify(v).slice(0, 40), v]))('hostile-account-and-region-%s-keep-the-subject-one-ascii-line', (_n, v) => {
    const subject = renderAlert(findingsDoc([finding({ accountId: v, region: v })])).subject;
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject).toMatch(/^\[vmaudit\] [\x20-\x7E]*$/);
  });
});

describe('renderAlert body', () => {
  it('lists-most-severe-first-with-resource-problem-and-fix', () => {
    const doc = findingsDoc([
      finding({ severity: 'high', resourceId: 'i-high', message: 'Instance i-high allows IMDSv1.' }),
      finding({ severity: 'critical', ruleId: 'ec2-sg-no-public-ssh', resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-crit', message: 'sg-crit allows 0.0.0.0/0 to port 22.', remediation: 'Remove the 0.0.0.0/0 rule on port 22.', frameworks: { fsbp: ['EC2.13'], 'cis-3.0': ['5.2'] } }),
    ]);
    const body = renderAlert(doc, { reportUrl: 'https://reports.example.com/run/report.html' }).body;
    expect(body.indexOf('sg-crit')).toBeLessThan(body.indexOf('i-high'));
    expect(body).toContain('\n1. [CRITICAL] EC2 instances should require IMDSv2\n');
    expect(body).toContain('\nResource: sg-crit (AWS::EC2::SecurityGroup) in 111111111111 / us-east-1\n');
    expect(body).toContain('\nProblem: sg-crit allows 0.0.0.0/0 to port 22.\n');
    expect(body).toContain('\nFix: Remove the 0.0.0.0/0 rule on port 22.\n');
    expect(body).toContain('\nRule: ec2-sg-no-public-ssh (FSBP EC2.13; CIS 3.0 5.2)\n');
    expect(body).toContain('\nReport: https://reports.example.com/run/report.html\n');
    expect(body).toContain('Failing in this run: 1 CRITICAL, 1 HIGH, 0 MEDIUM, 0 LOW, 0 INFO.');
  });

  it('a-repeated-fix-points-back-to-its-first-listing', () => {
    const body = renderAlert(findingsDoc([finding({ resourceId: 'i-1' }), finding({ resourceId: 'i-2' })])).body;
    expect(body.match(/Fix: +Set HttpTokens=required/g)).toHaveLength(1);
    expect(body).toContain('\nFix: as for 1.\n');
  });

  it('caps-the-list-then-says-and-n-more', () => {
    const fs = Array.from({ length: 25 }, (_, i) => finding({ resourceId: `i-${String(i).padStart(2, '0')}` }));
    const body = renderAlert(findingsDoc(fs)).body;
    expect(body).toContain('\n20. [HIGH]');
    expect(body).not.toContain('\n21. [HIGH]');
    expect(body).toContain('... and 5 more: see the report.');
  });

  it('coverage-gaps-are-stated', () => {
    const body = renderAlert(findingsDoc([finding()], { coverageGaps: [gap()] })).body;
    expect(body).toContain('COVERAGE GAPS: 1 API call failed.');
    expect(body).toContain('not compliant or unknown, not "compliant"');
    expect(body).toContain('ec2:DescribeInstances AccessDenied');
  });

  it('notes-follow-the-headline-before-the-first-finding', () => {
    const body = renderAlert(findingsDoc([finding()]), { notes: ['Previous state unreadable: every finding counts as new.'] }).body;
    expect(body.split('\n').slice(0, 4)).toEqual(['1 new finding needs attention (HIGH or worse), most severe first:', 'Previous state unreadable: every finding counts as new.', '', '1. [HIGH] EC2 instances should require IMDSv2']);
  });

  it('and-n-more-links-the-report-url', () => {
    const fs = Array.from({ length: 3 }, (_, i) => finding({ resourceId: `i-${i}` }));
    const body = renderAlert(findingsDoc(fs), { maxListed: 1, reportUrl: 'https://console.aws.amazon.com/s3/object/b?prefix=runs/x/report.html' }).body;
    expect(body).toContain('\n... and 2 more in the report: https://console.aws.amazon.com/s3/object/b?prefix=runs/x/report.html\n');
  });

  it('and-n-more-names-the-report-file-without-a-url', () => {
    const fs = Array.from({ length: 3 }, (_, i) => finding({ resourceId: `i-${i}` }));
    const body = renderAlert(findingsDoc(fs), { maxListed: 1, reportPath: 'out/runs/2026/11/26/r1/report.html' }).body;
    expect(body).toContain('\n... and 2 more in the report: out/runs/2026/11/26/r1/report.html\n');
  });

  it('findings-about-the-same-event-are-one-entry', () => {
    const stop = { eventId: 'ev-1', action: 'cloudtrail:StopLogging' };
    const fs = [
      finding({ ruleId: 'evt-cloudtrail-change', severity: 'critical', resourceId: 'trail-1', evidence: stop }),
      finding({ ruleId: 'evt-response-policy', severity: 'critical', resourceId: '111111111111', evidence: { eventIds: ['ev-1'] } }),
      finding({ ruleId: 'evt-root-account-usage', resourceId: '111111111111', evidence: { eventId: 'ev-2' } }),
    ];
    const body = renderAlert(findingsDoc(fs)).body;
    expect(body).toContain('\n1. [CRITICAL]');
    expect(body).toContain('\n2. [HIGH]');
    expect(body).not.toContain('\n3. ');
    expect(body).toContain('\nSame event also flagged by: evt-response-policy\n');
  });

  it('no-line-is-hard-wrapped-each-paragraph-is-one-line', () => {
    const long = 'word '.repeat(60).trim();
    const body = renderAlert(findingsDoc([finding({ message: long, remediation: long })])).body;
    expect(body).toContain(`\nProblem: ${long}\n`);
    expect(body).toContain(`\nFix: ${long}\n`);
  });

  it('a-non-http-report-link-is-left-out', () => {
    const body = renderAlert(findingsDoc([finding()]), { reportUrl: 'javascript:alert(1)' }).body;
    expect(body).not.toContain('javascript:');
    expect(body).not.toContain('Full report');
  });

  describe('with hostile estate strings', () => {
    const alert = renderAlert(hostileDoc(), { maxListed: 100 });

    it('has-no-control-or-bidi-characters', () => {
      expect(alert.body).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
    });

    it('cannot-inject-header-lines', () => {
      expect(alert.body).not.toMatch(/^Subject: injected/m);
      expect(alert.body).not.toMatch(/^Bcc:/m);
    });

    it('bounds-every-10000-character-value', () => {
      expect(alert.body).not.toContain(HOSTILE.long.slice(0, 601));
    });

    it('defangs-links-from-the-estate', () => {
      expect(alert.body).not.toMatch(/http:\/\/evil/);
      expect(alert.body).toContain('hxxp://evil.example/login');
      expect(alert.body).toContain('www[.]evil.example');
    });
  });

  it('stays-under-256-kb-with-100000-findings', () => {
    const fs: Finding[] = manyFindings(100_000).map((f) => ({ ...f, status: 'FAIL', lifecycle: 'NEW', severity: 'critical', message: `${f.message} ${HOSTILE.long}` }));
    const alert = renderAlert(findingsDoc(fs, { coverageGaps: Array.from({ length: 5000 }, (_, i) => gap({ accountId: String(i) })) }));
    expect(alert.findings).toHaveLength(100_000);
    expect(bytes(alert.body)).toBeLessThan(256 * 1024);
    expect(alert.body).toContain('... and 99,980 more: see the report.');
    expect(alert.body).toContain('- and 4,980 more: see the report.');
  });

  it('hard-cap-cuts-an-oversized-body-with-a-marker', () => {
    const fs = manyFindings(5000).map((f) => ({ ...f, status: 'FAIL' as const, lifecycle: 'NEW' as const, severity: 'critical' as const, message: `${f.message} ${'é'.repeat(400)}` }));
    const alert = renderAlert(findingsDoc(fs), { maxListed: 5000 });
    expect(bytes(alert.body)).toBeLessThanOrEqual(MAX_ALERT_BODY_BYTES);
    expect(alert.body).toMatch(/\[\.\.\. message cut at 240,000 bytes; see the full report \.\.\.\]\n$/);
    expect(alert.body).not.toContain('\uFFFD');
  });
});

describe('alert selection', () => {
  const fs = [
    finding({ resourceId: 'i-new-high' }),
    finding({ resourceId: 'i-open-high', lifecycle: 'OPEN' }),
    finding({ resourceId: 'i-new-medium', severity: 'medium' }),
    finding({ resourceId: 'i-new-critical-pass', severity: 'critical', status: 'PASS' }),
    finding({ resourceId: 'i-suppressed', status: 'SUPPRESSED' }),
    finding({ resourceId: 'i-unknown', status: 'UNKNOWN' }),
  ];
  const doc = findingsDoc(fs);
  const ids = (a: { findings: Finding[] }) => a.findings.map((f) => f.resourceId);

  it('default-alerts-new-failures-at-or-above-high', () => {
    expect(ids(renderAlert(doc))).toEqual(['i-new-high']);
  });

  it('min-severity-medium-adds-medium', () => {
    expect(ids(renderAlert(doc, { minSeverity: 'medium' }))).toEqual(['i-new-high', 'i-new-medium']);
  });

  it('custom-selector-replaces-the-rule', () => {
    expect(ids(renderAlert(doc, { select: (f) => f.lifecycle === 'OPEN' }))).toEqual(['i-open-high']);
  });

  it('newFailuresAtLeast-is-the-default-rule', () => {
    expect(fs.filter(newFailuresAtLeast('high')).map((f) => f.resourceId)).toEqual(['i-new-high']);
  });
});

it('alert-text-is-subject-blank-line-body', () => {
  const a = renderAlert(findingsDoc([finding()]));
  expect(alertText(a)).toBe(`${a.subject}\n\n${a.body}`);
  expect(alertText(a).split('\n')[1]).toBe('');
});

describe('renderAlert layout for phones', () => {
  it('footnotes-come-after-the-findings', () => {
    const body = renderAlert(findingsDoc([finding()]), { footnotes: ['Run manifest SHA-256: abc'] }).body;
    expect(body.indexOf('Run manifest SHA-256')).toBeGreaterThan(body.indexOf('Most severe first'));
  });
  it('subject-names-no-global-pseudo-region', () => {
    const { subject } = renderAlert(findingsDoc([finding({ region: 'global', severity: 'high' }), finding({ id: 'f2', region: 'eu-west-1', severity: 'high' })]));
    expect(subject).toContain('eu-west-1');
    expect(subject).not.toContain('global');
  });
});
