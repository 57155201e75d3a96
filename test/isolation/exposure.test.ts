/** Internet exposure: every condition of the path must hold (public address, IGW route, SG open to the world, NACL both ways). */
import { allEgress, allowAll, analyse, b, estate, localRoutes, tcpFrom, vm } from './support/estate';
import type { Snapshot } from '../../lib/model/types';

const web = (o: Parameters<typeof vm>[1] = {}) => vm('i-web', { zone: 'prod', subnet: 'subnet-1', ip: '10.0.1.10', publicIp: '54.1.2.3', sgs: ['sg-web'], ...o });
const sgWeb = (...ingress: ReturnType<typeof tcpFrom>[]) => b.securityGroup({ groupId: 'sg-web', egress: [allEgress()], ingress });
const routes = (defaultTarget: { kind: 'igw' | 'nat' | 'eigw'; id: string } | undefined, v6Target?: { kind: 'igw' | 'eigw'; id: string }) => [
  b.routeTable({ routeTableId: 'rtb-main', routes: [...localRoutes(), ...(defaultTarget ? [{ destination: '0.0.0.0/0', target: defaultTarget }] : []), ...(v6Target ? [{ destination: '::/0', target: v6Target }] : [])] }),
];

interface Case {
  name: string;
  snap: () => Snapshot;
  expected: string;
  mode?: 'sure' | 'possible';
}

const cases: Case[] = [
  { name: 'public-ip-igw-route-and-open-sg-is-exposed-on-that-port', snap: () => estate({ securityGroups: [sgWeb(tcpFrom(22, '0.0.0.0/0'))], instances: [web()] }), expected: 'tcp/22' },
  { name: 'public-ip-without-an-internet-gateway-route-is-not-exposed', snap: () => estate({ routeTables: routes({ kind: 'nat', id: 'nat-1' }), securityGroups: [sgWeb(tcpFrom(22, '0.0.0.0/0'))], instances: [web()] }), expected: 'nothing' },
  { name: 'public-ip-with-no-default-route-is-not-exposed', snap: () => estate({ routeTables: routes(undefined), securityGroups: [sgWeb(tcpFrom(22, '0.0.0.0/0'))], instances: [web()] }), expected: 'nothing' },
  { name: 'no-public-ip-is-not-exposed', snap: () => estate({ securityGroups: [sgWeb(tcpFrom(22, '0.0.0.0/0'))], instances: [web({ publicIp: undefined })] }), expected: 'nothing' },
  { name: 'sg-open-only-to-a-cidr-is-not-internet-exposure', snap: () => estate({ securityGroups: [sgWeb(tcpFrom(22, '203.0.113.0/24'))], instances: [web()] }), expected: 'nothing' },
  {
    name: 'nacl-denying-the-port-inbound-stops-exposure',
    snap: () => estate({ networkAcls: [b.networkAcl({ networkAclId: 'acl-1', isDefault: true, associatedSubnetIds: ['subnet-1'], entries: [b.naclEntry({ ruleNumber: 50, protocol: 'tcp', fromPort: 22, toPort: 22, ruleAction: 'deny' }), allowAll(false), allowAll(true)] })], securityGroups: [sgWeb(tcpFrom(22, '0.0.0.0/0'), tcpFrom(443, '0.0.0.0/0'))], instances: [web()] }),
    expected: 'tcp/443',
  },
  {
    name: 'nacl-denying-one-client-range-still-leaves-the-rest-of-the-internet',
    snap: () => estate({ networkAcls: [b.networkAcl({ networkAclId: 'acl-1', isDefault: true, associatedSubnetIds: ['subnet-1'], entries: [b.naclEntry({ ruleNumber: 50, protocol: '-1', ruleAction: 'deny', cidr: '198.51.100.0/24' }), allowAll(false), allowAll(true)] })], securityGroups: [sgWeb(tcpFrom(22, '0.0.0.0/0'))], instances: [web()] }),
    expected: 'tcp/22',
  },
  {
    name: 'nacl-blocking-the-reply-to-ephemeral-ports-stops-exposure',
    snap: () => estate({ networkAcls: [b.networkAcl({ networkAclId: 'acl-1', isDefault: true, associatedSubnetIds: ['subnet-1'], entries: [allowAll(false), b.naclEntry({ egress: true, protocol: 'tcp', fromPort: 443, toPort: 443 })] })], securityGroups: [sgWeb(tcpFrom(22, '0.0.0.0/0'))], instances: [web()] }),
    expected: 'nothing',
  },
  { name: 'global-ipv6-with-igw-route-and-open-sg-is-exposed', snap: () => estate({ routeTables: routes(undefined, { kind: 'igw', id: 'igw-1' }), securityGroups: [sgWeb(tcpFrom(3389, '::/0'))], instances: [web({ publicIp: undefined, ipv6: ['2600:1f18:1:1::10'] })] }), expected: 'tcp/3389' },
  { name: 'ipv6-behind-an-egress-only-gateway-is-not-exposed', snap: () => estate({ routeTables: routes(undefined, { kind: 'eigw', id: 'eigw-1' }), securityGroups: [sgWeb(tcpFrom(3389, '::/0'))], instances: [web({ publicIp: undefined, ipv6: ['2600:1f18:1:1::10'] })] }), expected: 'nothing' },
  { name: 'ipv4-world-rule-does-not-expose-an-ipv6-only-instance', snap: () => estate({ securityGroups: [sgWeb(tcpFrom(22, '0.0.0.0/0'))], instances: [web({ publicIp: undefined, ipv6: ['2600:1f18:1:1::10'] })] }), expected: 'nothing' },
  {
    name: 'prefix-list-containing-the-whole-internet-exposes',
    snap: () => estate({ prefixLists: [b.prefixList({ prefixListId: 'pl-any', cidrs: ['0.0.0.0/0'] })], securityGroups: [b.securityGroup({ groupId: 'sg-web', ingress: [b.sgRule({ protocol: 'tcp', fromPort: 5432, toPort: 5432, peer: { kind: 'prefixList', prefixListId: 'pl-any' } })] })], instances: [web()] }),
    expected: 'tcp/5432',
  },
  { name: 'missing-nacl-makes-exposure-possible-not-proven', snap: () => estate({ networkAcls: [], securityGroups: [sgWeb(tcpFrom(22, '0.0.0.0/0'))], instances: [web()] }), expected: 'nothing' },
  { name: 'missing-nacl-shows-the-exposure-as-possible', snap: () => estate({ networkAcls: [], securityGroups: [sgWeb(tcpFrom(22, '0.0.0.0/0'))], instances: [web()] }), mode: 'possible', expected: 'tcp/22' },
];

describe('internet exposure', () => {
  it.each(cases)('$name', ({ snap, expected, mode }) => {
    const x = analyse(snap()).exposures().find((e) => e.instanceId === 'i-web')!;
    expect(x.reach[mode ?? 'sure'].describe()).toBe(expected);
  });

  it('explains-the-exposure-with-the-sg-rule-route-and-nacl-entries', () => {
    const a = analyse(estate({ securityGroups: [sgWeb(tcpFrom(22, '0.0.0.0/0'))], instances: [web()] }));
    const x = a.exposures()[0];
    const w = a.internetWitness(x, 'tcp', 22, 'sure')!;
    expect(w.verdict).toBe('open');
    expect(w.hops.map((h) => [h.step, h.verdict])).toEqual([
      ['public-address', 'pass'],
      ['return-route', 'pass'],
      ['nacl-inbound', 'pass'],
      ['sg-ingress', 'pass'],
      ['nacl-return', 'pass'],
    ]);
    expect(w.hops[1].evidence).toMatchObject({ routeTableId: 'rtb-main', destination: '0.0.0.0/0', target: 'igw-1' });
    expect(w.hops[3].evidence).toMatchObject({ groupId: 'sg-web', direction: 'ingress', peer: '0.0.0.0/0', ports: 'tcp/22' });
  });

  it('names-the-nat-route-as-the-blocking-hop', () => {
    const a = analyse(estate({ routeTables: routes({ kind: 'nat', id: 'nat-1' }), securityGroups: [sgWeb(tcpFrom(22, '0.0.0.0/0'))], instances: [web()] }));
    const w = a.internetWitness(a.exposures()[0], 'tcp', 22, 'possible')!;
    expect(w.verdict).toBe('blocked');
    expect(w.decisive?.step).toBe('return-route');
    expect(w.decisive?.detail).toContain('nat-1');
  });
});
