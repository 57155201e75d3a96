import rule from '../../lib/rules/ct-log-file-validation';
import { coverageGap, snapshot, trail } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

describe('ct-log-file-validation', () => {
  it.each([
    { name: 'validation-enabled-passes', logFileValidationEnabled: true, expected: 'PASS' },
    { name: 'validation-disabled-fails', logFileValidationEnabled: false, expected: 'FAIL' },
  ])('$name', ({ logFileValidationEnabled, expected }) => {
    const snap = snapshot({ trails: [trail({ logFileValidationEnabled })] });
    expect(resultFor(runRule(rule, snap), 'org-trail').status).toBe(expected);
  });

  it('describe-trails-gap-in-the-home-region-turns-pass-into-unknown', () => {
    const snap = snapshot({ trails: [trail()], coverageGaps: [coverageGap({ service: 'cloudtrail', api: 'DescribeTrails' })] });
    expect(resultFor(runRule(rule, snap), 'org-trail').status).toBe('UNKNOWN');
  });
});
