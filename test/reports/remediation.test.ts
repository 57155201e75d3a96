import { concreteRemediation, securityGroupRuleIds } from '../../lib/reports/remediation';

const base = { resourceArn: '', region: 'us-east-1', evidence: {} as Record<string, unknown> };

describe('concreteRemediation', () => {
  it.each([
    ['instance-id-filled', { resourceType: 'AWS::EC2::Instance', resourceId: 'i-0abc', remediation: 'aws ec2 x --instance-id INSTANCE_ID' }, 'aws ec2 x --instance-id i-0abc'],
    ['snapshot-id-filled', { resourceType: 'AWS::EC2::Snapshot', resourceId: 'snap-1', remediation: '--snapshot-id SNAPSHOT_ID' }, '--snapshot-id snap-1'],
    ['trail-name-filled', { resourceType: 'AWS::CloudTrail::Trail', resourceId: 'main', remediation: '--name TRAIL_NAME; start-logging --name TRAIL_NAME' }, '--name main; start-logging --name main'],
    ['region-filled', { resourceType: 'AWS::::Account', resourceId: '111111111111', remediation: 'enable --region REGION' }, 'enable --region us-east-1'],
    ['a-placeholder-of-another-type-stays', { resourceType: 'AWS::EC2::Instance', resourceId: 'i-1', remediation: '--subnet-id SUBNET_ID' }, '--subnet-id SUBNET_ID'],
    ['a-hostile-resource-id-is-not-put-in-a-command', { resourceType: 'AWS::EC2::Instance', resourceId: 'i-1; rm -rf /', remediation: '--instance-id INSTANCE_ID' }, '--instance-id INSTANCE_ID'],
    [
      'security-group-rule-ids-from-the-evidence-replace-the-placeholder-and-its-note',
      { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-1', remediation: 'revoke --group-id SG_ID --security-group-rule-ids SGR_ID for each rule in the evidence; then x', evidence: { rules: [{ ruleId: 'sgr-0a' }, { ruleId: 'sgr-0b' }] } },
      'revoke --group-id sg-1 --security-group-rule-ids sgr-0a sgr-0b; then x',
    ],
    [
      'without-rule-ids-the-rule-placeholder-stays',
      { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-1', remediation: '--group-id SG_ID --security-group-rule-ids SGR_ID (the rule ids are in the evidence)', evidence: { rules: [{}] } },
      '--group-id sg-1 --security-group-rule-ids SGR_ID (the rule ids are in the evidence)',
    ],
    [
      'a-reachability-finding-gets-the-command-for-the-rule-on-its-path',
      { resourceType: 'AWS::EC2::Instance', resourceId: 'i-1', remediation: 'Break the path.', evidence: { securityGroupIngress: { groupId: 'sg-9', ruleId: 'sgr-09' } } },
      'Break the path. The security-group rule on the path: aws ec2 revoke-security-group-ingress --group-id sg-9 --security-group-rule-ids sgr-09',
    ],
  ])('%s', (_name, f, expected) => {
    expect(concreteRemediation({ ...base, ...f })).toBe(expected);
  });
});

describe('securityGroupRuleIds', () => {
  it('egress-rules-are-left-out-revoke-ingress-cannot-take-them', () => {
    expect(securityGroupRuleIds({ rules: [{ ruleId: 'sgr-1', direction: 'ingress' }, { ruleId: 'sgr-2', direction: 'egress' }] })).toEqual(['sgr-1']);
  });
  it('ids-that-are-not-rule-ids-are-ignored', () => {
    expect(securityGroupRuleIds({ ruleId: 'x; y', rules: [{ ruleId: 'sgr-zz' }, { ruleId: 'sgr-0c' }, { ruleId: 'sgr-0c' }] })).toEqual(['sgr-0c']);
  });
});
