import rule from '../../lib/rules/ec2-ebs-default-encryption';
import { coverageGap, ebsEncryptionDefault, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultsOf } from './helpers';

const ACCOUNT = '111111111111';
const targets = [{ accountId: ACCOUNT, region: 'us-east-1' }, { accountId: ACCOUNT, region: 'eu-west-1' }];
const byRegion = (findings: ReturnType<typeof runRule>) => Object.fromEntries(resultsOf(findings).map((f) => [f.region, f.status]));

describe('ec2-ebs-default-encryption', () => {
  it.each([
    { name: 'enabled-in-every-region-passes', settings: [true, true], expected: { 'us-east-1': 'PASS', 'eu-west-1': 'PASS' } },
    { name: 'disabled-region-fails-on-its-own', settings: [true, false], expected: { 'us-east-1': 'PASS', 'eu-west-1': 'FAIL' } },
    { name: 'region-without-data-is-unknown', settings: [true], expected: { 'us-east-1': 'PASS', 'eu-west-1': 'UNKNOWN' } },
  ])('$name', ({ settings, expected }) => {
    const snap = snapshot({ targets, ebsEncryptionByDefault: settings.map((enabled, i) => ebsEncryptionDefault({ region: targets[i]!.region, enabled })) });
    expect(byRegion(runRule(rule, snap))).toEqual(expected);
  });

  it('result-is-on-the-account-resource', () => {
    const snap = snapshot({ targets: [targets[0]!], ebsEncryptionByDefault: [ebsEncryptionDefault({ enabled: false })] });
    const [f] = resultsOf(runRule(rule, snap));
    expect(f).toMatchObject({ status: 'FAIL', resourceType: 'AWS::::Account', resourceId: ACCOUNT, region: 'us-east-1', resourceArn: 'arn:aws:iam::111111111111:root' });
    expect(f!.message).toBe('EBS encryption by default is disabled in 111111111111/us-east-1: new volumes there are unencrypted unless their creator asks');
  });

  it('api-gap-turns-pass-into-unknown', () => {
    const snap = snapshot({ targets: [targets[0]!], ebsEncryptionByDefault: [ebsEncryptionDefault()], coverageGaps: [coverageGap({ api: 'GetEbsEncryptionByDefault' })] });
    expect(byRegion(runRule(rule, snap))).toEqual({ 'us-east-1': 'UNKNOWN' });
  });
});
