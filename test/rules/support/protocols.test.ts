import { isWholeInternet } from '../../../lib/rules/support/cidr';
import { canonicalProtocol, formatProtocolPorts, intersectRanges, mergeRanges, reachOf, subtractRanges } from '../../../lib/rules/support/protocols';

describe('protocols and ports', () => {
  it.each([
    ['-1', 'all'],
    ['ALL', 'all'],
    ['6', 'tcp'],
    ['TCP', 'tcp'],
    ['17', 'udp'],
    ['1', 'icmp'],
    ['58', 'icmpv6'],
    ['47', '47'],
    ['constructor', 'constructor'],
  ])('protocol-%s-reads-as-%s', (p, want) => {
    expect(canonicalProtocol(p)).toBe(want);
  });

  it.each([
    ['tcp-range', reachOf('tcp', 20, 25), { tcp: [20, 25], udp: null, other: false }],
    ['tcp-null-ports-are-all', reachOf('tcp', null, null), { tcp: [0, 65535], udp: null, other: false }],
    ['tcp-minus-one-ports-are-all', reachOf('6', -1, -1), { tcp: [0, 65535], udp: null, other: false }],
    ['all-protocols-ignore-ports', reachOf('-1', 443, 443), { tcp: [0, 65535], udp: [0, 65535], other: true }],
    ['gre-is-other', reachOf('47', 443, 443), { tcp: null, udp: null, other: true }],
  ])('reach-of-%s', (_n, reach, want) => {
    expect(reach).toEqual(want);
  });

  it('merges-overlapping-and-adjacent-ranges', () => {
    expect(mergeRanges([[443, 443], [80, 80], [81, 90], [85, 100]])).toEqual([[80, 100], [443, 443]]);
  });
  it('intersects-and-subtracts-ranges', () => {
    const set = mergeRanges([[80, 80], [443, 443]]);
    expect(intersectRanges([0, 1000], set)).toEqual([[80, 80], [443, 443]]);
    expect(subtractRanges([0, 1000], set)).toEqual([[0, 79], [81, 442], [444, 1000]]);
    expect(subtractRanges([80, 80], set)).toEqual([]);
    expect(subtractRanges([0, 65535], [])).toEqual([[0, 65535]]);
  });
  it.each([
    ['-1', null, null, 'all traffic'],
    ['6', 22, 22, 'tcp/22'],
    ['udp', null, null, 'udp/0-65535'],
    ['icmp', -1, -1, 'icmp'],
    ['icmp', 8, 0, 'icmp type 8'],
    ['50', null, null, 'protocol 50'],
  ] as const)('formats-%s-%s-%s-as-%s', (p, from, to, text) => {
    expect(formatProtocolPorts(p, from, to)).toBe(text);
  });

  it.each([
    ['0.0.0.0/0', true],
    ['::/0', true],
    ['0:0:0:0:0:0:0:0/0', true],
    ['0.0.0.0/1', false],
    ['128.0.0.0/1', false],
    ['10.0.0.0/8', false],
    ['2000::/3', false],
    ['1.2.3.4', false],
    ['0.0.0.0/33', undefined],
    ['<script>', undefined],
  ] as const)('cidr-%s-is-whole-internet-%s', (cidr, want) => {
    expect(isWholeInternet(cidr)).toBe(want);
  });
});
