import rule from '../../lib/rules/ec2-nacl-unused';
import { networkAcl, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

describe('ec2-nacl-unused', () => {
  const cases: { name: string; subnets: string[]; isDefault: boolean; expected: string }[] = [
    { name: 'associated-nacl-passes', subnets: ['subnet-1', 'subnet-2'], isDefault: false, expected: 'PASS' },
    { name: 'unassociated-custom-nacl-fails', subnets: [], isDefault: false, expected: 'FAIL' },
    { name: 'unassociated-default-nacl-is-not-applicable', subnets: [], isDefault: true, expected: 'NOT_APPLICABLE' },
    { name: 'associated-default-nacl-passes', subnets: ['subnet-1'], isDefault: true, expected: 'PASS' },
  ];
  it.each(cases)('$name', ({ subnets, isDefault, expected }) => {
    const snap = snapshot({ networkAcls: [networkAcl({ networkAclId: 'acl-1', associatedSubnetIds: subnets, isDefault })] });
    expect(resultFor(runRule(rule, snap), 'acl-1').status).toBe(expected);
  });

  it('fail-message-names-the-acl-and-vpc', () => {
    const snap = snapshot({ networkAcls: [networkAcl({ networkAclId: 'acl-9', associatedSubnetIds: [], tags: { Name: 'old-dmz' } })] });
    expect(resultFor(runRule(rule, snap), 'acl-9').message).toBe('acl-9 (old-dmz) in vpc-1 is not associated with any subnet');
  });
});
