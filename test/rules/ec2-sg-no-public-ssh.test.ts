import rule from '../../lib/rules/ec2-sg-no-public-ssh';
import { coverageGap, prefixList, securityGroup, sgRule, snapshot } from '../../lib/model/builders';
import type { SgRule } from '../../lib/model/types';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

type RuleIn = Parameters<typeof sgRule>[0];
const anywhere4 = { kind: 'cidr4', cidr: '0.0.0.0/0' } as const;
const anywhere6 = { kind: 'cidr6', cidr: '::/0' } as const;

describe('ec2-sg-no-public-ssh', () => {
  const cases: { name: string; ingress: RuleIn[]; egress?: RuleIn[]; prefixLists?: { id: string; cidrs: string[] }[]; expected: string }[] = [
    { name: 'ssh-from-anywhere-ipv4-fails', ingress: [{ fromPort: 22, toPort: 22, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'ssh-from-anywhere-ipv6-fails', ingress: [{ fromPort: 22, toPort: 22, peer: anywhere6 }], expected: 'FAIL' },
    { name: 'ipv6-any-written-in-long-form-fails', ingress: [{ fromPort: 22, toPort: 22, peer: { kind: 'cidr6', cidr: '0:0:0:0:0:0:0:0/0' } }], expected: 'FAIL' },
    { name: 'udp-22-does-not-fail-ssh-check', ingress: [{ protocol: 'udp', fromPort: 22, toPort: 22, peer: anywhere4 }], expected: 'PASS' },
    { name: 'numeric-udp-17-on-22-passes', ingress: [{ protocol: '17', fromPort: 22, toPort: 22, peer: anywhere6 }], expected: 'PASS' },
    { name: 'numeric-tcp-6-on-22-fails', ingress: [{ protocol: '6', fromPort: 22, toPort: 22, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'all-protocols-rule-fails', ingress: [{ protocol: '-1', fromPort: null, toPort: null, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'all-protocols-rule-ignores-its-port-fields-and-fails', ingress: [{ protocol: '-1', fromPort: 443, toPort: 443, peer: anywhere6 }], expected: 'FAIL' },
    { name: 'port-range-covering-22-fails', ingress: [{ fromPort: 0, toPort: 1024, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'port-range-starting-at-22-fails', ingress: [{ fromPort: 22, toPort: 80, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'port-range-not-covering-22-passes', ingress: [{ fromPort: 23, toPort: 1024, peer: anywhere4 }], expected: 'PASS' },
    { name: 'null-ports-mean-all-ports-and-fail', ingress: [{ fromPort: null, toPort: null, peer: anywhere4 }], expected: 'FAIL' },
    { name: 'ssh-from-private-range-passes', ingress: [{ fromPort: 22, toPort: 22, peer: { kind: 'cidr4', cidr: '10.0.0.0/8' } }], expected: 'PASS' },
    { name: 'wide-partial-range-0.0.0.0/1-passes-only-slash-0-counts', ingress: [{ fromPort: 22, toPort: 22, peer: { kind: 'cidr4', cidr: '0.0.0.0/1' } }], expected: 'PASS' },
    { name: 'sg-reference-passes', ingress: [{ protocol: '-1', peer: { kind: 'sg', groupId: 'sg-other' } }], expected: 'PASS' },
    { name: 'cross-account-sg-reference-passes', ingress: [{ fromPort: 22, toPort: 22, peer: { kind: 'sg', groupId: 'sg-999', userId: '999999999999' } }], expected: 'PASS' },
    { name: 'icmp-from-anywhere-passes', ingress: [{ protocol: 'icmp', fromPort: -1, toPort: -1, peer: anywhere4 }], expected: 'PASS' },
    { name: 'egress-to-anywhere-on-22-passes', ingress: [], egress: [{ fromPort: 22, toPort: 22, peer: anywhere4 }], expected: 'PASS' },
    { name: 'no-rules-passes', ingress: [], expected: 'PASS' },
    { name: 'prefix-list-with-0.0.0.0/0-fails', ingress: [{ fromPort: 22, toPort: 22, peer: { kind: 'prefixList', prefixListId: 'pl-open' } }], prefixLists: [{ id: 'pl-open', cidrs: ['203.0.113.0/24', '0.0.0.0/0'] }], expected: 'FAIL' },
    { name: 'prefix-list-with-::/0-fails', ingress: [{ fromPort: 22, toPort: 22, peer: { kind: 'prefixList', prefixListId: 'pl-open6' } }], prefixLists: [{ id: 'pl-open6', cidrs: ['::/0'] }], expected: 'FAIL' },
    { name: 'prefix-list-of-office-ranges-passes', ingress: [{ fromPort: 22, toPort: 22, peer: { kind: 'prefixList', prefixListId: 'pl-office' } }], prefixLists: [{ id: 'pl-office', cidrs: ['203.0.113.0/24', '2001:db8::/32'] }], expected: 'PASS' },
    { name: 'uncollected-prefix-list-is-unknown', ingress: [{ fromPort: 22, toPort: 22, peer: { kind: 'prefixList', prefixListId: 'pl-missing' } }], expected: 'UNKNOWN' },
    { name: 'uncollected-prefix-list-on-another-port-passes', ingress: [{ fromPort: 443, toPort: 443, peer: { kind: 'prefixList', prefixListId: 'pl-missing' } }], expected: 'PASS' },
    { name: 'invalid-cidr-is-unknown', ingress: [{ fromPort: 22, toPort: 22, peer: { kind: 'cidr4', cidr: 'not-a-cidr' } }], expected: 'UNKNOWN' },
    {
      name: 'open-rule-fails-even-beside-an-unresolvable-one',
      ingress: [
        { fromPort: 22, toPort: 22, peer: { kind: 'prefixList', prefixListId: 'pl-missing' } },
        { fromPort: 22, toPort: 22, peer: anywhere6 },
      ],
      expected: 'FAIL',
    },
  ];
  it.each(cases)('$name', ({ ingress, egress, prefixLists, expected }) => {
    const snap = snapshot({
      securityGroups: [securityGroup({ groupId: 'sg-1', ingress: ingress.map((r) => sgRule(r)), egress: (egress ?? []).map((r) => sgRule(r)) })],
      prefixLists: (prefixLists ?? []).map((p) => prefixList({ prefixListId: p.id, cidrs: p.cidrs })),
    });
    expect(resultFor(runRule(rule, snap), 'sg-1').status).toBe(expected);
  });

  it('fail-message-names-group-peer-port-and-rule', () => {
    const r: SgRule = sgRule({ ruleId: 'sgr-0123', fromPort: 0, toPort: 65535, peer: anywhere4, description: 'temp debug' });
    const snap = snapshot({ securityGroups: [securityGroup({ groupId: 'sg-0abc', groupName: 'web', ingress: [r, sgRule({ fromPort: 22, toPort: 22, peer: anywhere6 })] })] });
    const f = resultFor(runRule(rule, snap), 'sg-0abc');
    expect(f.message).toBe('sg-0abc (web) allows 0.0.0.0/0 to tcp/22 (rule sgr-0123: tcp/0-65535 "temp debug"), and 1 more open rule');
    expect(f.evidence.rules).toEqual([
      expect.objectContaining({ ruleId: 'sgr-0123', protocol: 'tcp', ports: 'tcp/0-65535', peer: '0.0.0.0/0', description: 'temp debug', exposes: ['tcp/22'] }),
      expect.objectContaining({ ports: 'tcp/22', peer: '::/0', openTo: ['::/0'] }),
    ]);
  });

  it('fail-message-without-rule-id-is-plain', () => {
    const snap = snapshot({ securityGroups: [securityGroup({ groupId: 'sg-0abc', groupName: 'web', ingress: [sgRule({ fromPort: 22, toPort: 22, peer: anywhere4 })] })] });
    expect(resultFor(runRule(rule, snap), 'sg-0abc').message).toBe('sg-0abc (web) allows 0.0.0.0/0 to tcp/22');
  });

  it('fail-message-for-all-traffic-names-the-rule-protocol', () => {
    const snap = snapshot({ securityGroups: [securityGroup({ groupId: 'sg-0abc', groupName: 'web', ingress: [sgRule({ protocol: '-1', fromPort: null, toPort: null, peer: anywhere6 })] })] });
    expect(resultFor(runRule(rule, snap), 'sg-0abc').message).toBe('sg-0abc (web) allows ::/0 to tcp/22 (rule: all traffic)');
  });

  it('hostile-group-name-and-description-are-bounded-to-one-line', () => {
    const snap = snapshot({ securityGroups: [securityGroup({ groupId: 'sg-1', groupName: `x\n${'A'.repeat(200)}`, ingress: [sgRule({ fromPort: 22, toPort: 22, peer: anywhere4, description: '<img src=x onerror=alert(1)>\r\n=HYPERLINK("x")' })] })] });
    const f = resultFor(runRule(rule, snap), 'sg-1');
    expect(f.message).not.toMatch(/[\r\n]/);
    expect(f.message.length).toBeLessThan(200);
  });

  it('prefix-list-fail-names-the-list', () => {
    const snap = snapshot({
      securityGroups: [securityGroup({ groupId: 'sg-1', groupName: 'bastion', ingress: [sgRule({ fromPort: 22, toPort: 22, peer: { kind: 'prefixList', prefixListId: 'pl-1' } })] })],
      prefixLists: [prefixList({ prefixListId: 'pl-1', cidrs: ['0.0.0.0/0'] })],
    });
    const f = resultFor(runRule(rule, snap), 'sg-1');
    expect(f.message).toContain('allows 0.0.0.0/0 (via prefix list pl-1) to tcp/22');
    expect(f.evidence.rules).toEqual([expect.objectContaining({ prefixListId: 'pl-1', peer: 'pl-1' })]);
  });

  it('prefix-list-entries-gap-makes-it-unknown-not-pass', () => {
    const snap = snapshot({
      securityGroups: [securityGroup({ groupId: 'sg-1', ingress: [sgRule({ fromPort: 22, toPort: 22, peer: { kind: 'prefixList', prefixListId: 'pl-1' } })] })],
      prefixLists: [prefixList({ prefixListId: 'pl-1', cidrs: [] })],
      coverageGaps: [coverageGap({ api: 'GetManagedPrefixListEntries' })],
    });
    const f = resultFor(runRule(rule, snap), 'sg-1');
    expect(f.status).toBe('UNKNOWN');
    expect(f.message).toContain('ec2:GetManagedPrefixListEntries failed (AccessDenied)');
  });

  it('describe-security-groups-gap-turns-pass-into-unknown', () => {
    const snap = snapshot({ securityGroups: [securityGroup({ groupId: 'sg-1' })], coverageGaps: [coverageGap({ api: 'DescribeSecurityGroups' })] });
    expect(resultFor(runRule(rule, snap), 'sg-1').status).toBe('UNKNOWN');
  });

  it('groups-in-other-accounts-and-regions-are-judged-separately', () => {
    const snap = snapshot({
      securityGroups: [
        securityGroup({ groupId: 'sg-1', accountId: '222222222222', region: 'eu-west-1', ingress: [sgRule({ fromPort: 22, toPort: 22, peer: anywhere4 })] }),
        securityGroup({ groupId: 'sg-2' }),
      ],
    });
    const findings = runRule(rule, snap);
    expect(resultFor(findings, 'sg-1')).toMatchObject({ status: 'FAIL', accountId: '222222222222', region: 'eu-west-1', resourceArn: 'arn:aws:ec2:eu-west-1:222222222222:security-group/sg-1' });
    expect(resultFor(findings, 'sg-2').status).toBe('PASS');
  });
});
