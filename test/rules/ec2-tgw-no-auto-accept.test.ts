import rule from '../../lib/rules/ec2-tgw-no-auto-accept';
import { coverageGap, snapshot, transitGateway } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor, resultsOf } from './helpers';

describe('ec2-tgw-no-auto-accept', () => {
  it.each([
    { name: 'auto-accept-off-passes', tgw: { autoAcceptSharedAttachments: false }, expected: 'PASS' },
    { name: 'auto-accept-on-fails', tgw: { autoAcceptSharedAttachments: true }, expected: 'FAIL' },
    { name: 'option-not-reported-is-unknown', tgw: { autoAcceptSharedAttachments: undefined }, expected: 'UNKNOWN' },
    { name: 'a-gateway-shared-from-another-account-is-judged-in-its-owner', tgw: { autoAcceptSharedAttachments: true, ownerId: '222222222222' }, expected: undefined },
    { name: 'a-deleted-gateway-is-skipped', tgw: { autoAcceptSharedAttachments: true, state: 'deleted' }, expected: undefined },
  ])('$name', ({ tgw, expected }) => {
    const snap = snapshot({ transitGateways: [transitGateway({ transitGatewayId: 'tgw-1', ...tgw })] });
    expect(resultsOf(runRule(rule, snap)).find((f) => f.resourceId === 'tgw-1')?.status).toBe(expected);
  });

  it('fail-is-on-the-transit-gateway-with-its-name', () => {
    const f = resultFor(runRule(rule, snapshot({ transitGateways: [transitGateway({ transitGatewayId: 'tgw-1', autoAcceptSharedAttachments: true, tags: { Name: 'core' } })] })), 'tgw-1');
    expect(f).toMatchObject({ resourceType: 'AWS::EC2::TransitGateway', resourceArn: 'arn:aws:ec2:us-east-1:111111111111:transit-gateway/tgw-1' });
    expect(f.message).toBe('tgw-1 (core) accepts VPC attachment requests from shared accounts automatically');
  });

  it('api-gap-turns-pass-into-unknown', () => {
    const snap = snapshot({ transitGateways: [transitGateway({ transitGatewayId: 'tgw-1' })], coverageGaps: [coverageGap({ api: 'DescribeTransitGateways' })] });
    expect(resultFor(runRule(rule, snap), 'tgw-1').status).toBe('UNKNOWN');
  });
});
