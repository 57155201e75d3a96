import rule from '../../lib/rules/ec2-nacl-no-public-admin-ports';
import { coverageGap, naclEntry, networkAcl, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

type EntryIn = Parameters<typeof naclEntry>[0];
const deny = (ruleNumber: number, protocol: string, port: number | null, cidr = '0.0.0.0/0'): EntryIn => ({ ruleNumber, protocol, fromPort: port, toPort: port, ruleAction: 'deny', cidr });
const allowAll = (ruleNumber: number, cidr = '0.0.0.0/0'): EntryIn => ({ ruleNumber, protocol: '-1', ruleAction: 'allow', cidr });

describe('ec2-nacl-no-public-admin-ports', () => {
  const cases: { name: string; entries: EntryIn[]; expected: string }[] = [
    { name: 'allow-all-from-anywhere-fails', entries: [allowAll(100)], expected: 'FAIL' },
    { name: 'allow-all-from-anywhere-ipv6-fails', entries: [allowAll(101, '::/0')], expected: 'FAIL' },
    { name: 'nacl-deny-before-allow-passes', entries: [deny(50, '6', 22), deny(60, '6', 3389), deny(70, '17', 3389), allowAll(100)], expected: 'PASS' },
    { name: 'nacl-deny-before-allow-given-out-of-order-passes', entries: [allowAll(100), deny(70, '17', 3389), deny(50, 'tcp', 22), deny(60, 'tcp', 3389)], expected: 'PASS' },
    { name: 'nacl-allow-before-deny-fails', entries: [allowAll(100), deny(200, '6', 22), deny(210, '6', 3389), deny(220, '17', 3389)], expected: 'FAIL' },
    { name: 'deny-all-before-allow-all-passes', entries: [{ ruleNumber: 1, protocol: '-1', ruleAction: 'deny', cidr: '0.0.0.0/0' }, allowAll(100)], expected: 'PASS' },
    { name: 'partial-deny-of-a-private-range-does-not-shield-and-fails', entries: [{ ruleNumber: 50, protocol: '-1', ruleAction: 'deny', cidr: '10.0.0.0/8' }, allowAll(100)], expected: 'FAIL' },
    { name: 'ipv4-deny-does-not-shield-ipv6-allow-and-fails', entries: [deny(50, '6', 22), deny(60, '6', 3389), deny(70, '17', 3389), allowAll(100), allowAll(101, '::/0')], expected: 'FAIL' },
    { name: 'allow-tcp-22-from-anywhere-fails', entries: [{ ruleNumber: 100, protocol: '6', fromPort: 22, toPort: 22, ruleAction: 'allow', cidr: '0.0.0.0/0' }], expected: 'FAIL' },
    { name: 'allow-port-range-covering-3389-fails', entries: [{ ruleNumber: 100, protocol: 'tcp', fromPort: 1024, toPort: 65535, ruleAction: 'allow', cidr: '0.0.0.0/0' }], expected: 'FAIL' },
    { name: 'allow-udp-3389-fails', entries: [{ ruleNumber: 100, protocol: '17', fromPort: 3389, toPort: 3389, ruleAction: 'allow', cidr: '::/0' }], expected: 'FAIL' },
    { name: 'allow-udp-22-passes', entries: [{ ruleNumber: 100, protocol: '17', fromPort: 22, toPort: 22, ruleAction: 'allow', cidr: '0.0.0.0/0' }], expected: 'PASS' },
    { name: 'allow-https-only-passes', entries: [{ ruleNumber: 100, protocol: '6', fromPort: 443, toPort: 443, ruleAction: 'allow', cidr: '0.0.0.0/0' }], expected: 'PASS' },
    { name: 'allow-all-from-private-range-passes', entries: [allowAll(100, '10.0.0.0/8')], expected: 'PASS' },
    { name: 'allow-all-egress-only-passes', entries: [{ ...allowAll(100), egress: true }], expected: 'PASS' },
    { name: 'no-entries-implicit-deny-passes', entries: [], expected: 'PASS' },
    {
      name: 'explicit-32767-star-entries-pass',
      entries: [
        { ruleNumber: 32767, protocol: '-1', ruleAction: 'deny', cidr: '0.0.0.0/0' },
        { ruleNumber: 32767, protocol: '-1', ruleAction: 'deny', cidr: '::/0' },
      ],
      expected: 'PASS',
    },
  ];
  it.each(cases)('$name', ({ entries, expected }) => {
    const snap = snapshot({ networkAcls: [networkAcl({ networkAclId: 'acl-1', entries: entries.map((e) => naclEntry(e)) })] });
    expect(resultFor(runRule(rule, snap), 'acl-1').status).toBe(expected);
  });

  it('fail-evidence-names-the-deciding-entry-and-partial-shields', () => {
    const snap = snapshot({
      networkAcls: [networkAcl({ networkAclId: 'acl-1', entries: [naclEntry({ ruleNumber: 50, protocol: '-1', ruleAction: 'deny', cidr: '10.0.0.0/8' }), naclEntry({ ruleNumber: 100, protocol: '6', fromPort: 22, toPort: 22, ruleAction: 'allow', cidr: '0.0.0.0/0' })] })],
    });
    const f = resultFor(runRule(rule, snap), 'acl-1');
    expect(f.message).toBe('acl-1 in vpc-1 allows 0.0.0.0/0 to tcp/22 (entry #100 allow tcp/22 from 0.0.0.0/0)');
    expect(f.evidence.open).toEqual([
      {
        source: '0.0.0.0/0',
        port: 'tcp/22',
        decidingEntry: expect.objectContaining({ ruleNumber: 100, ruleAction: 'allow', cidr: '0.0.0.0/0' }),
        partiallyShieldedBy: [expect.objectContaining({ ruleNumber: 50, ruleAction: 'deny', cidr: '10.0.0.0/8' })],
      },
    ]);
  });

  it('fail-message-groups-ports-by-source', () => {
    const snap = snapshot({ networkAcls: [networkAcl({ networkAclId: 'acl-1', entries: [naclEntry(allowAll(100)), naclEntry(allowAll(101, '::/0'))] })] });
    expect(resultFor(runRule(rule, snap), 'acl-1').message).toBe(
      'acl-1 in vpc-1 allows 0.0.0.0/0 to tcp/22, tcp/3389 and udp/3389; ::/0 to tcp/22, tcp/3389 and udp/3389 (entries #100 allow all traffic from 0.0.0.0/0 and #101 allow all traffic from ::/0)',
    );
  });

  it('describe-network-acls-gap-turns-pass-into-unknown', () => {
    const snap = snapshot({ networkAcls: [networkAcl({ networkAclId: 'acl-1', entries: [] })], coverageGaps: [coverageGap({ api: 'DescribeNetworkAcls' })] });
    expect(resultFor(runRule(rule, snap), 'acl-1').status).toBe('UNKNOWN');
  });
});
