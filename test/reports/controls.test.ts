import { controlSummary, controlVerdict } from '../../lib/reports/controls';
import { compareNatural } from '../../lib/reports/text';
import type { FindingStatus } from '../../lib/findings/finding';
import { finding } from '../support/findings';

describe('compareNatural', () => {
  it.each([
    ['EC2.2', 'EC2.10'],
    ['EC2.9', 'EC2.19'],
    ['CloudTrail.1', 'EC2.1'],
    ['2.2.1', '2.10'],
    ['3.1', '5.10'],
    ['5.2', '5.10'],
    ['EC2.2', 'EC2.2.1'],
  ])('%s-sorts-before-%s', (a, b) => {
    expect(compareNatural(a, b)).toBeLessThan(0);
    expect(compareNatural(b, a)).toBeGreaterThan(0);
  });
});

describe('controlSummary', () => {
  const f = (ruleId: string, status: FindingStatus, fsbp: string[], cis: string[], resourceId: string) =>
    finding({ ruleId, status, resourceId, frameworks: { fsbp, 'cis-3.0': cis } });

  const findings = [
    f('sg-default', 'FAIL', ['EC2.2'], ['5.4'], 'sg-1'),
    f('sg-default', 'PASS', ['EC2.2'], ['5.4'], 'sg-2'),
    f('sg-default', 'SUPPRESSED', ['EC2.2'], ['5.4'], 'sg-3'),
    f('sg-ports', 'PASS', ['EC2.19'], [], 'sg-4'),
    f('sg-ports', 'UNKNOWN', ['EC2.19'], [], 'sg-5'),
    f('sg-authorised', 'PASS', ['EC2.18'], [], 'sg-6'),
    f('sg-authorised', 'ERROR', ['EC2.18'], [], 'sg-7'),
    f('imds', 'PASS', ['EC2.8'], ['5.6'], 'i-1'),
    f('imds', 'NOT_APPLICABLE', ['EC2.8'], ['5.6'], 'i-2'),
    f('ebs-default', 'SUPPRESSED', ['EC2.7'], ['2.2.1'], 'acct'),
    f('trail', 'FAIL', ['CloudTrail.1'], ['3.1'], 'acct'),
    f('vmaudit-only', 'FAIL', [], [], 'x'),
  ];
  const [fsbp, cis] = controlSummary(findings);

  it('fsbp-controls-sort-numerically', () => {
    expect(fsbp.framework).toBe('fsbp');
    expect(fsbp.controls.map((c) => c.control)).toEqual(['CloudTrail.1', 'EC2.2', 'EC2.7', 'EC2.8', 'EC2.18', 'EC2.19']);
  });

  it('cis-controls-sort-numerically', () => {
    expect(cis.framework).toBe('cis-3.0');
    expect(cis.controls.map((c) => c.control)).toEqual(['2.2.1', '3.1', '5.4', '5.6']);
  });

  it('counts-pass-fail-unknown-suppressed-per-control', () => {
    const byId = Object.fromEntries(fsbp.controls.map((c) => [c.control, c]));
    expect(byId['EC2.2']).toMatchObject({ pass: 1, fail: 1, unknown: 0, suppressed: 1, verdict: 'FAIL', rules: ['sg-default'] });
    expect(byId['EC2.19']).toMatchObject({ pass: 1, fail: 0, unknown: 1, error: 0, verdict: 'UNKNOWN' });
    expect(byId['EC2.18']).toMatchObject({ pass: 1, unknown: 1, error: 1, verdict: 'UNKNOWN' });
    expect(byId['EC2.8']).toMatchObject({ pass: 1, notApplicable: 1, verdict: 'PASS' });
    expect(byId['EC2.7']).toMatchObject({ suppressed: 1, verdict: 'PASS' });
  });

  it('a-finding-without-framework-ids-counts-nowhere', () => {
    const total = fsbp.controls.reduce((n, c) => n + c.pass + c.fail + c.unknown + c.suppressed + c.notApplicable, 0);
    expect(total).toBe(findings.length - 1);
  });

  it.each([
    ['fail-wins-over-everything', { pass: 5, fail: 1, unknown: 3, error: 0, suppressed: 1, notApplicable: 0 }, 'FAIL'],
    ['unknown-wins-over-pass', { pass: 5, fail: 0, unknown: 1, error: 0, suppressed: 0, notApplicable: 0 }, 'UNKNOWN'],
    ['only-suppressed-passes', { pass: 0, fail: 0, unknown: 0, error: 0, suppressed: 2, notApplicable: 0 }, 'PASS'],
    ['nothing-in-scope-is-not-applicable', { pass: 0, fail: 0, unknown: 0, error: 0, suppressed: 0, notApplicable: 4 }, 'NOT_APPLICABLE'],
  ] as const)('%s', (_name, counts, verdict) => {
    expect(controlVerdict(counts)).toBe(verdict);
  });
});
