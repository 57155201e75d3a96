import rule from '../../lib/rules/ec2-sg-no-public-rdp';
import { securityGroup, sgRule, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

type RuleIn = Parameters<typeof sgRule>[0];
const anywhere4 = { kind: 'cidr4', cidr: '0.0.0.0/0' } as const;
const anywhere6 = { kind: 'cidr6', cidr: '::/0' } as const;

describe('ec2-sg-no-public-rdp', () => {
  const cases: { name: string; ingress: RuleIn[]; expected: string }[] = [
    { name: 'rdp-from-anywhere-ipv4-fails', ingress: [{ fromPort: 3389, toPort: 3389, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'rdp-from-anywhere-ipv6-fails', ingress: [{ fromPort: 3389, toPort: 3389, peer: anywhere6 }], expected: 'FAIL' },
    { name: 'udp-3389-rdp-transport-fails', ingress: [{ protocol: 'udp', fromPort: 3389, toPort: 3389, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'all-protocols-rule-fails', ingress: [{ protocol: '-1', fromPort: null, toPort: null, peer: anywhere6 }], expected: 'FAIL' },
    { name: 'port-range-covering-3389-fails', ingress: [{ fromPort: 3000, toPort: 4000, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'neighbouring-port-3390-passes', ingress: [{ fromPort: 3390, toPort: 3390, peer: anywhere4 }], expected: 'PASS' },
    { name: 'ssh-from-anywhere-does-not-fail-rdp-check', ingress: [{ fromPort: 22, toPort: 22, peer: anywhere4 }], expected: 'PASS' },
    { name: 'rdp-from-vpn-range-passes', ingress: [{ fromPort: 3389, toPort: 3389, peer: { kind: 'cidr4', cidr: '192.168.0.0/16' } }], expected: 'PASS' },
    { name: 'sg-reference-passes', ingress: [{ fromPort: 3389, toPort: 3389, peer: { kind: 'sg', groupId: 'sg-bastion' } }], expected: 'PASS' },
  ];
  it.each(cases)('$name', ({ ingress, expected }) => {
    const snap = snapshot({ securityGroups: [securityGroup({ groupId: 'sg-1', ingress: ingress.map((r) => sgRule(r)) })] });
    expect(resultFor(runRule(rule, snap), 'sg-1').status).toBe(expected);
  });

  it('udp-fail-names-the-udp-port', () => {
    const snap = snapshot({ securityGroups: [securityGroup({ groupId: 'sg-1', groupName: 'win', ingress: [sgRule({ ruleId: 'sgr-9', protocol: 'udp', fromPort: 3389, toPort: 3389, peer: anywhere4 })] })] });
    expect(resultFor(runRule(rule, snap), 'sg-1').message).toBe('sg-1 (win) allows 0.0.0.0/0 to udp/3389 (rule sgr-9)');
  });
});
