import rule from '../../lib/rules/ec2-sg-no-high-risk-ports';
import { securityGroup, sgRule, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

type RuleIn = Parameters<typeof sgRule>[0];
const anywhere4 = { kind: 'cidr4', cidr: '0.0.0.0/0' } as const;
const anywhere6 = { kind: 'cidr6', cidr: '::/0' } as const;

describe('ec2-sg-no-high-risk-ports', () => {
  const cases: { name: string; ingress: RuleIn[]; params?: Record<string, unknown>; expected: string }[] = [
    { name: 'mysql-from-anywhere-fails', ingress: [{ fromPort: 3306, toPort: 3306, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'postgres-from-anywhere-ipv6-fails', ingress: [{ fromPort: 5432, toPort: 5432, peer: anywhere6 }], expected: 'FAIL' },
    { name: 'sql-browser-udp-1434-fails', ingress: [{ protocol: 'udp', fromPort: 1434, toPort: 1434, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'range-8000-8100-covering-8080-and-8088-fails', ingress: [{ fromPort: 8000, toPort: 8100, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'all-protocols-rule-fails', ingress: [{ protocol: '-1', peer: anywhere4 }], expected: 'FAIL' },
    { name: 'https-from-anywhere-passes', ingress: [{ fromPort: 443, toPort: 443, peer: anywhere4 }], expected: 'PASS' },
    { name: 'range-between-high-risk-ports-passes', ingress: [{ fromPort: 5001, toPort: 5431, peer: anywhere4 }], expected: 'PASS' },
    { name: 'database-from-private-range-passes', ingress: [{ fromPort: 3306, toPort: 3306, peer: { kind: 'cidr4', cidr: '10.0.0.0/16' } }], expected: 'PASS' },
    { name: 'udp-1434-passes-when-only-tcp-is-checked', ingress: [{ protocol: 'udp', fromPort: 1434, toPort: 1434, peer: anywhere4 }], params: { protocols: ['tcp'] }, expected: 'PASS' },
    { name: 'custom-port-list-fails-on-listed-port', ingress: [{ fromPort: 443, toPort: 443, peer: anywhere4 }], params: { ports: [443] }, expected: 'FAIL' },
    { name: 'custom-port-range-fails-inside-it', ingress: [{ fromPort: 27017, toPort: 27017, peer: anywhere4 }], params: { ports: ['27000-27999'] }, expected: 'FAIL' },
    { name: 'custom-port-list-passes-default-port', ingress: [{ fromPort: 3306, toPort: 3306, peer: anywhere4 }], params: { ports: [443] }, expected: 'PASS' },
  ];
  it.each(cases)('$name', ({ ingress, params, expected }) => {
    const snap = snapshot({ securityGroups: [securityGroup({ groupId: 'sg-1', ingress: ingress.map((r) => sgRule(r)) })] });
    expect(resultFor(runRule(rule, snap, params), 'sg-1').status).toBe(expected);
  });

  it('evidence-lists-each-exposed-high-risk-port', () => {
    const snap = snapshot({ securityGroups: [securityGroup({ groupId: 'sg-1', groupName: 'tools', ingress: [sgRule({ fromPort: 8000, toPort: 9999, peer: anywhere4 })] })] });
    const f = resultFor(runRule(rule, snap), 'sg-1');
    expect(f.evidence.rules).toEqual([expect.objectContaining({ exposes: ['tcp/8080', 'tcp/8088', 'tcp/8888', 'tcp/9200', 'tcp/9300'] })]);
    expect(f.message).toBe('sg-1 (tools) allows 0.0.0.0/0 to tcp/8080, tcp/8088, tcp/8888, tcp/9200 and 1 more (rule: tcp/8000-9999)');
  });

  it.each([
    ['port-above-65535-is-rejected', { ports: [70000] }],
    ['downward-range-is-rejected', { ports: ['9000-8000'] }],
    ['unknown-protocol-is-rejected', { protocols: ['icmp'] }],
    ['unknown-parameter-is-rejected', { port: [22] }],
  ])('%s', (_name, params) => {
    expect(rule.params.safeParse(params).success).toBe(false);
  });
});
