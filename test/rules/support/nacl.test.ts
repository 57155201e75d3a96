import { naclEntry } from '../../../lib/model/builders';
import { describeNaclEntry, naclDecision } from '../../../lib/rules/support/nacl';

describe('naclDecision', () => {
  const entries = [
    naclEntry({ ruleNumber: 200, protocol: '-1', ruleAction: 'allow', cidr: '0.0.0.0/0' }),
    naclEntry({ ruleNumber: 100, protocol: '6', fromPort: 22, toPort: 22, ruleAction: 'deny', cidr: '0.0.0.0/0' }),
    naclEntry({ ruleNumber: 90, protocol: '6', fromPort: 443, toPort: 443, ruleAction: 'deny', cidr: '198.51.100.0/24' }),
    naclEntry({ ruleNumber: 110, protocol: '-1', ruleAction: 'allow', cidr: '10.0.0.0/8' }),
    naclEntry({ ruleNumber: 100, egress: true, protocol: '-1', ruleAction: 'allow', cidr: '0.0.0.0/0' }),
  ];
  const cases: { name: string; q: Parameters<typeof naclDecision>[1]; action: string; ruleNumber: number | '*'; partial: number[] }[] = [
    { name: 'lower-deny-decides-for-port-22', q: { direction: 'ingress', protocol: 'tcp', port: 22, cidr: '0.0.0.0/0' }, action: 'deny', ruleNumber: 100, partial: [] },
    { name: 'allow-all-decides-for-port-80', q: { direction: 'ingress', protocol: 'tcp', port: 80, cidr: '0.0.0.0/0' }, action: 'allow', ruleNumber: 200, partial: [110] },
    { name: 'partial-deny-is-reported-for-443', q: { direction: 'ingress', protocol: 'tcp', port: 443, cidr: '0.0.0.0/0' }, action: 'allow', ruleNumber: 200, partial: [90, 110] },
    { name: 'single-address-inside-a-deny-is-denied', q: { direction: 'ingress', protocol: 'tcp', port: 443, cidr: '198.51.100.7' }, action: 'deny', ruleNumber: 90, partial: [] },
    { name: 'subnet-inside-an-allow-is-allowed-first', q: { direction: 'ingress', protocol: 'udp', port: 53, cidr: '10.1.0.0/16' }, action: 'allow', ruleNumber: 110, partial: [] },
    { name: 'ipv6-falls-to-the-implicit-deny', q: { direction: 'ingress', protocol: 'tcp', port: 80, cidr: '::/0' }, action: 'deny', ruleNumber: '*', partial: [] },
    { name: 'egress-uses-only-egress-entries', q: { direction: 'egress', protocol: 'tcp', port: 22, cidr: '0.0.0.0/0' }, action: 'allow', ruleNumber: 100, partial: [] },
    { name: 'any-port-question-treats-port-entries-as-partial', q: { direction: 'ingress', protocol: 'tcp', cidr: '0.0.0.0/0' }, action: 'allow', ruleNumber: 200, partial: [100, 90, 110].sort((a, b) => a - b) },
  ];
  it.each(cases)('$name', ({ q, action, ruleNumber, partial }) => {
    const d = naclDecision(entries, q);
    expect({ action: d.action, ruleNumber: d.ruleNumber, partial: d.partial.map((e) => e.ruleNumber) }).toEqual({ action, ruleNumber, partial });
  });

  it('unparsable-query-cidr-matches-nothing-and-is-denied', () => {
    expect(naclDecision(entries, { direction: 'ingress', protocol: 'tcp', port: 80, cidr: 'bogus' }).ruleNumber).toBe('*');
  });

  it.each([
    ['numbered-entry', naclEntry({ ruleNumber: 100, protocol: '6', fromPort: 22, toPort: 22, ruleAction: 'allow', cidr: '0.0.0.0/0' }), '#100 allow tcp/22 from 0.0.0.0/0'],
    ['star-entry', naclEntry({ ruleNumber: 32767, protocol: '-1', ruleAction: 'deny', cidr: '::/0' }), '* deny all traffic from ::/0'],
    ['implicit-deny', null, '* deny all traffic (implicit)'],
  ] as const)('describes-%s', (_n, e, text) => {
    expect(describeNaclEntry(e)).toBe(text);
  });
});
