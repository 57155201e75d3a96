import rule from '../../lib/rules/ec2-sg-authorized-ports';
import { securityGroup, sgRule, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

type RuleIn = Parameters<typeof sgRule>[0];
const anywhere4 = { kind: 'cidr4', cidr: '0.0.0.0/0' } as const;
const anywhere6 = { kind: 'cidr6', cidr: '::/0' } as const;

describe('ec2-sg-authorized-ports', () => {
  const cases: { name: string; ingress: RuleIn[]; params?: Record<string, unknown>; expected: string }[] = [
    { name: 'https-from-anywhere-passes', ingress: [{ fromPort: 443, toPort: 443, peer: anywhere4 }], expected: 'PASS' },
    { name: 'http-from-anywhere-ipv6-passes', ingress: [{ fromPort: 80, toPort: 80, peer: anywhere6 }], expected: 'PASS' },
    { name: 'ssh-from-anywhere-fails', ingress: [{ fromPort: 22, toPort: 22, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'range-80-443-fails-on-the-ports-between', ingress: [{ fromPort: 80, toPort: 443, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'udp-443-is-not-authorised-by-tcp-443-and-fails', ingress: [{ protocol: 'udp', fromPort: 443, toPort: 443, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'udp-port-listed-in-udpPorts-passes', ingress: [{ protocol: 'udp', fromPort: 443, toPort: 443, peer: anywhere4 }], params: { udpPorts: [443] }, expected: 'PASS' },
    { name: 'all-protocols-rule-fails', ingress: [{ protocol: '-1', peer: anywhere4 }], expected: 'FAIL' },
    { name: 'icmp-from-anywhere-is-not-judged-and-passes', ingress: [{ protocol: 'icmp', fromPort: 8, toPort: 0, peer: anywhere4 }], expected: 'PASS' },
    { name: 'any-port-from-a-private-range-passes', ingress: [{ fromPort: 0, toPort: 65535, peer: { kind: 'cidr4', cidr: '172.16.0.0/12' } }], expected: 'PASS' },
    { name: 'sg-reference-passes', ingress: [{ protocol: '-1', peer: { kind: 'sg', groupId: 'sg-lb' } }], expected: 'PASS' },
    { name: 'authorised-range-param-passes-port-inside-it', ingress: [{ fromPort: 8443, toPort: 8443, peer: anywhere4 }], params: { tcpPorts: [443, '8000-8999'] }, expected: 'PASS' },
    { name: 'empty-authorised-list-fails-even-https', ingress: [{ fromPort: 443, toPort: 443, peer: anywhere4 }], params: { tcpPorts: [] }, expected: 'FAIL' },
  ];
  it.each(cases)('$name', ({ ingress, params, expected }) => {
    const snap = snapshot({ securityGroups: [securityGroup({ groupId: 'sg-1', ingress: ingress.map((r) => sgRule(r)) })] });
    expect(resultFor(runRule(rule, snap, params), 'sg-1').status).toBe(expected);
  });

  it('evidence-names-the-unauthorised-parts-of-a-range', () => {
    const snap = snapshot({ securityGroups: [securityGroup({ groupId: 'sg-1', groupName: 'web', ingress: [sgRule({ ruleId: 'sgr-7', fromPort: 0, toPort: 65535, peer: anywhere6 })] })] });
    const f = resultFor(runRule(rule, snap), 'sg-1');
    expect(f.evidence.rules).toEqual([expect.objectContaining({ ruleId: 'sgr-7', exposes: ['tcp/0-79', 'tcp/81-442', 'tcp/444-65535'] })]);
    expect(f.message).toBe('sg-1 (web) allows ::/0 to unauthorised tcp/0-79, tcp/81-442 and tcp/444-65535 (rule sgr-7: tcp/0-65535)');
  });
});
