import rule from '../../lib/rules/ec2-image-block-public-access';
import { coverageGap, regionSettings, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultsOf } from './helpers';

const ACCOUNT = '111111111111';
const targets = [{ accountId: ACCOUNT, region: 'us-east-1' }, { accountId: ACCOUNT, region: 'eu-west-1' }];
const byRegion = (findings: ReturnType<typeof runRule>) => Object.fromEntries(resultsOf(findings).map((f) => [f.region, f.status]));

describe('ec2-image-block-public-access', () => {
  it.each([
    { name: 'block-new-sharing-passes', states: ['block-new-sharing', 'block-new-sharing'], expected: { 'us-east-1': 'PASS', 'eu-west-1': 'PASS' } },
    { name: 'unblocked-region-fails-on-its-own', states: ['block-new-sharing', 'unblocked'], expected: { 'us-east-1': 'PASS', 'eu-west-1': 'FAIL' } },
    { name: 'region-not-read-is-unknown', states: ['block-new-sharing', undefined], expected: { 'us-east-1': 'PASS', 'eu-west-1': 'UNKNOWN' } },
  ])('$name', ({ states, expected }) => {
    const snap = snapshot({ targets, regionSettings: states.map((s, i) => regionSettings({ region: targets[i]!.region, ...(s ? { imageBlockPublicAccess: s } : {}) })) });
    expect(byRegion(runRule(rule, snap))).toEqual(expected);
  });

  it('fail-is-on-the-account-and-names-the-state', () => {
    const snap = snapshot({ targets: [targets[0]!], regionSettings: [regionSettings({ imageBlockPublicAccess: 'unblocked' })] });
    const [f] = resultsOf(runRule(rule, snap));
    expect(f).toMatchObject({ status: 'FAIL', resourceType: 'AWS::::Account', resourceId: ACCOUNT, evidence: { region: 'us-east-1', state: 'unblocked' } });
    expect(f!.message).toBe('Block public access for AMIs is off in 111111111111/us-east-1 (unblocked): anyone in the account can make one public');
  });

  it('api-gap-turns-pass-into-unknown', () => {
    const snap = snapshot({ targets: [targets[0]!], regionSettings: [regionSettings({ imageBlockPublicAccess: 'block-new-sharing' })], coverageGaps: [coverageGap({ api: 'GetImageBlockPublicAccessState' })] });
    expect(byRegion(runRule(rule, snap))).toEqual({ 'us-east-1': 'UNKNOWN' });
  });
});
