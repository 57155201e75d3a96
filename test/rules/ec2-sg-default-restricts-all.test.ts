import rule from '../../lib/rules/ec2-sg-default-restricts-all';
import { securityGroup, sgRule, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor, statusFor } from './helpers';

describe('ec2-sg-default-restricts-all', () => {
  const selfRef = sgRule({ protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'sg', groupId: 'sg-d' } });
  const allOut = sgRule({ protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'cidr4', cidr: '0.0.0.0/0' } });
  const cases: { name: string; groupName: string; ingress: typeof selfRef[]; egress: typeof selfRef[]; expected: string | undefined }[] = [
    { name: 'stock-default-group-with-self-reference-and-egress-fails', groupName: 'default', ingress: [selfRef], egress: [allOut], expected: 'FAIL' },
    { name: 'default-group-with-only-egress-fails', groupName: 'default', ingress: [], egress: [allOut], expected: 'FAIL' },
    { name: 'default-group-with-only-a-self-reference-fails', groupName: 'default', ingress: [selfRef], egress: [], expected: 'FAIL' },
    { name: 'emptied-default-group-passes', groupName: 'default', ingress: [], egress: [], expected: 'PASS' },
    { name: 'non-default-group-is-not-judged', groupName: 'web', ingress: [selfRef], egress: [allOut], expected: undefined },
  ];
  it.each(cases)('$name', ({ groupName, ingress, egress, expected }) => {
    const snap = snapshot({ securityGroups: [securityGroup({ groupId: 'sg-d', groupName, ingress, egress })] });
    expect(statusFor(runRule(rule, snap), 'sg-d')).toBe(expected);
  });

  it('fail-evidence-lists-rules-by-direction', () => {
    const snap = snapshot({ securityGroups: [securityGroup({ groupId: 'sg-d', groupName: 'default', ingress: [selfRef], egress: [allOut] })] });
    const f = resultFor(runRule(rule, snap), 'sg-d');
    expect(f.message).toBe('sg-d (default) of vpc-1 has 1 inbound rule and 1 outbound rule; a default group should allow nothing');
    expect(f.evidence.rules).toEqual([
      expect.objectContaining({ direction: 'ingress', peer: 'sg-d', ports: 'all traffic' }),
      expect.objectContaining({ direction: 'egress', peer: '0.0.0.0/0', ports: 'all traffic' }),
    ]);
  });
});
