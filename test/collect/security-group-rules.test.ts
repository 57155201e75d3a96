/** Security-group rule ids: read with DescribeSecurityGroupRules (paginated) and attached to the rules DescribeSecurityGroups returned. */
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { collectTarget } from '../../lib/collect/collect-target';
import { accessDenied, fakeClock, newClients, NOW, pager, TARGET, mockOtherServices } from './fake-aws';

const ec2 = mockClient(EC2Client);
const ct = mockClient(CloudTrailClient);

const GROUP = {
  GroupId: 'sg-1',
  GroupName: 'web',
  IpPermissions: [
    { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-2', UserId: '111111111111' }] },
  ],
  IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
};

const RULES = [
  { SecurityGroupRuleId: 'sgr-0a', GroupId: 'sg-1', IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' },
  { SecurityGroupRuleId: 'sgr-0b', GroupId: 'sg-1', IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv6: '::/0' },
  { SecurityGroupRuleId: 'sgr-0c', GroupId: 'sg-1', IsEgress: false, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, ReferencedGroupInfo: { GroupId: 'sg-2', UserId: '111111111111' } },
  { SecurityGroupRuleId: 'sgr-0d', GroupId: 'sg-1', IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' },
];

beforeEach(() => {
  ec2.reset();
  ct.reset();
  ec2.onAnyCommand().resolves({});
  ct.onAnyCommand().resolves({});
  mockOtherServices();
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [GROUP] });
});

const collect = () => collectTarget(TARGET, newClients(), { now: NOW, clock: fakeClock(), events: { enabled: false } });

describe('security-group rule ids', () => {
  it('each-rule-gets-the-id-of-its-one-peer-entry-ingress-and-egress', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: RULES });
    const g = (await collect()).slice.securityGroups[0];
    expect(g.ingress.map((r) => r.ruleId)).toEqual(['sgr-0a', 'sgr-0b', 'sgr-0c']);
    expect(g.egress.map((r) => r.ruleId)).toEqual(['sgr-0d']);
  });

  it('rules-are-read-page-by-page-at-1000-a-page', async () => {
    const asked: (number | undefined)[] = [];
    // AWS may return fewer than MaxResults a page: serve three at a time.
    const serve = pager(RULES, 'SecurityGroupRules');
    ec2.on(DescribeSecurityGroupRulesCommand).callsFake((input) => {
      asked.push(input.MaxResults);
      return serve({ ...input, MaxResults: 3 });
    });
    const r = await collect();
    expect(r.slice.securityGroups[0].egress[0].ruleId).toBe('sgr-0d');
    expect(r.calls['ec2:DescribeSecurityGroupRules']).toBe(2);
    expect(asked.every((n) => n === 1000)).toBe(true);
  });

  it('a-denied-rule-listing-is-a-coverage-gap-and-keeps-the-rules-without-ids', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).rejects(accessDenied('DescribeSecurityGroupRules'));
    const r = await collect();
    expect(r.slice.coverageGaps.map((g) => `${g.service}:${g.api} ${g.errorCode}`)).toEqual(['ec2:DescribeSecurityGroupRules UnauthorizedOperation']);
    expect(r.slice.securityGroups[0].ingress).toHaveLength(3);
    expect(r.slice.securityGroups[0].ingress.every((x) => x.ruleId === undefined)).toBe(true);
  });

  it('no-groups-means-no-rule-listing-call', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    const r = await collect();
    expect(r.calls['ec2:DescribeSecurityGroupRules']).toBeUndefined();
  });
});
