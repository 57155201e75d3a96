/**
 * Reachability between zones on small estates, one behaviour per case. Zone "dev" holds i-dev in
 * subnet-1 (10.0.1.10), zone "prod" holds i-prod in subnet-2 (10.0.2.20) unless a case says otherwise.
 */
import { A, allEgress, allEgress6, allowAll, analyse, b, estate, fromGroup, localRoutes, openNacl, tcpFrom, vm, zoneReach } from './support/estate';
import type { Snapshot } from '../../lib/model/types';

const dev = (sgs = ['sg-dev'], o: Parameters<typeof vm>[1] = {}) => vm('i-dev', { zone: 'dev', subnet: 'subnet-1', ip: '10.0.1.10', sgs, ...o });
const prod = (sgs = ['sg-prod'], o: Parameters<typeof vm>[1] = {}) => vm('i-prod', { zone: 'prod', subnet: 'subnet-2', ip: '10.0.2.20', sgs, ...o });
const sgDev = (o: Parameters<typeof b.securityGroup>[0] = {}) => b.securityGroup({ groupId: 'sg-dev', egress: [allEgress()], ...o });
const sgProd = (o: Parameters<typeof b.securityGroup>[0] = {}) => b.securityGroup({ groupId: 'sg-prod', egress: [allEgress()], ...o });

/** A second VPC (10.1.0.0/16) in `account`, peered with vpc-1, holding i-prod at 10.1.1.20. */
function peered(o: { status?: string; routeThere?: boolean; routeBack?: boolean; account?: string; prodSg: Parameters<typeof b.securityGroup>[0] }): Snapshot {
  const acct = o.account ?? A;
  const pcx = b.peeringConnection({ status: o.status ?? 'active', requester: { accountId: A, region: 'us-east-1', vpcId: 'vpc-1', cidrBlocks: ['10.0.0.0/16'] }, accepter: { accountId: acct, region: 'us-east-1', vpcId: 'vpc-2', cidrBlocks: ['10.1.0.0/16'] } });
  return estate({
    vpcs: [b.vpc(), b.vpc({ vpcId: 'vpc-2', cidrBlocks: ['10.1.0.0/16'], accountId: acct })],
    subnets: [b.subnet(), b.subnet({ subnetId: 'subnet-9', vpcId: 'vpc-2', cidrBlock: '10.1.1.0/24', accountId: acct })],
    peeringConnections: [pcx, ...(acct !== A ? [{ ...pcx, accountId: acct }] : [])],
    routeTables: [
      b.routeTable({ routeTableId: 'rtb-1', routes: [...localRoutes(), ...(o.routeThere !== false ? [{ destination: '10.1.0.0/16', target: { kind: 'peering' as const, id: 'pcx-1' } }] : [])] }),
      b.routeTable({ routeTableId: 'rtb-2', vpcId: 'vpc-2', accountId: acct, routes: [{ destination: '10.1.0.0/16', target: { kind: 'local', id: 'local' } }, ...(o.routeBack !== false ? [{ destination: '10.0.0.0/16', target: { kind: 'peering' as const, id: 'pcx-1' } }] : [])] }),
    ],
    networkAcls: [openNacl({ subnets: ['subnet-1'] }), openNacl({ id: 'acl-2', vpcId: 'vpc-2', subnets: ['subnet-9'], accountId: acct })],
    securityGroups: [sgDev(), sgProd({ accountId: acct, vpcId: 'vpc-2', ...o.prodSg })],
    instances: [dev(), prod(['sg-prod'], { subnet: 'subnet-9', vpc: 'vpc-2', ip: '10.1.1.20', accountId: acct })],
  });
}

interface Case {
  name: string;
  snap: () => Snapshot;
  from?: string;
  to?: string;
  expected: string;
  mode?: 'sure' | 'possible';
}

const cases: Case[] = [
  // Security-group references
  { name: 'sg-reference-in-ingress-admits-members-of-the-referenced-group', snap: () => estate({ securityGroups: [sgDev(), sgProd({ ingress: [fromGroup('tcp', 5432, 5432, 'sg-dev')] })], instances: [dev(), prod()] }), expected: 'tcp/5432' },
  { name: 'sg-reference-is-one-way-the-other-direction-is-closed', snap: () => estate({ securityGroups: [sgDev(), sgProd({ ingress: [fromGroup('tcp', 5432, 5432, 'sg-dev')] })], instances: [dev(), prod()] }), from: 'prod', to: 'dev', expected: 'nothing' },
  { name: 'sg-reference-in-egress-and-ingress-both-ways-connects', snap: () => estate({ securityGroups: [sgDev({ egress: [fromGroup('tcp', 5432, 5432, 'sg-prod')] }), sgProd({ ingress: [fromGroup('tcp', 0, 65535, 'sg-dev')] })], instances: [dev(), prod()] }), expected: 'tcp/5432' },
  { name: 'sg-reference-in-egress-to-another-group-blocks', snap: () => estate({ securityGroups: [sgDev({ egress: [fromGroup('tcp', 5432, 5432, 'sg-other')] }), sgProd({ ingress: [fromGroup('tcp', 0, 65535, 'sg-dev')] }), b.securityGroup({ groupId: 'sg-other' })], instances: [dev(), prod()] }), expected: 'nothing' },
  { name: 'self-referencing-default-sg-connects-every-member-across-zones', snap: () => estate({ securityGroups: [b.securityGroup({ groupId: 'sg-default', groupName: 'default', ingress: [fromGroup('-1', null, null, 'sg-default')], egress: [allEgress()] })], instances: [dev(['sg-default']), prod(['sg-default'])] }), expected: 'all' },
  { name: 'self-referencing-default-sg-connects-in-both-directions', snap: () => estate({ securityGroups: [b.securityGroup({ groupId: 'sg-default', groupName: 'default', ingress: [fromGroup('-1', null, null, 'sg-default')], egress: [allEgress()] })], instances: [dev(['sg-default']), prod(['sg-default'])] }), from: 'prod', to: 'dev', expected: 'all' },
  // Egress
  { name: 'egress-restricted-to-443-limits-what-the-source-can-reach', snap: () => estate({ securityGroups: [sgDev({ egress: [tcpFrom(443, '0.0.0.0/0')] }), sgProd({ ingress: [tcpFrom([0, 65535], '10.0.0.0/16')] })], instances: [dev(), prod()] }), expected: 'tcp/443' },
  { name: 'no-egress-rule-blocks-everything', snap: () => estate({ securityGroups: [sgDev({ egress: [] }), sgProd({ ingress: [tcpFrom([0, 65535], '10.0.0.0/16')] })], instances: [dev(), prod()] }), expected: 'nothing' },
  // NACLs
  {
    name: 'nacl-deny-before-allow-blocks-that-port-only',
    snap: () => estate({
      networkAcls: [openNacl({ subnets: ['subnet-1'] }), b.networkAcl({ networkAclId: 'acl-prod', associatedSubnetIds: ['subnet-2'], entries: [b.naclEntry({ ruleNumber: 90, protocol: 'tcp', fromPort: 22, toPort: 22, ruleAction: 'deny', cidr: '10.0.1.0/24' }), allowAll(false), allowAll(true)] })],
      securityGroups: [sgDev(), sgProd({ ingress: [tcpFrom(22, '10.0.0.0/16'), tcpFrom(443, '10.0.0.0/16')] })],
      instances: [dev(), prod()],
    }),
    expected: 'tcp/443',
  },
  {
    name: 'nacl-deny-after-allow-has-no-effect',
    snap: () => estate({
      networkAcls: [openNacl({ subnets: ['subnet-1'] }), b.networkAcl({ networkAclId: 'acl-prod', associatedSubnetIds: ['subnet-2'], entries: [b.naclEntry({ ruleNumber: 200, protocol: 'tcp', fromPort: 22, toPort: 22, ruleAction: 'deny', cidr: '10.0.1.0/24' }), allowAll(false), allowAll(true)] })],
      securityGroups: [sgDev(), sgProd({ ingress: [tcpFrom(22, '10.0.0.0/16'), tcpFrom(443, '10.0.0.0/16')] })],
      instances: [dev(), prod()],
    }),
    expected: 'tcp/22, tcp/443',
  },
  {
    name: 'nacl-return-path-blocked-when-ephemeral-ports-are-closed-outbound',
    snap: () => estate({
      networkAcls: [openNacl({ subnets: ['subnet-1'] }), b.networkAcl({ networkAclId: 'acl-prod', associatedSubnetIds: ['subnet-2'], entries: [allowAll(false), b.naclEntry({ ruleNumber: 100, egress: true, protocol: 'tcp', fromPort: 0, toPort: 1023, cidr: '0.0.0.0/0' })] })],
      securityGroups: [sgDev(), sgProd({ ingress: [tcpFrom(22, '10.0.0.0/16')] })],
      instances: [dev(), prod()],
    }),
    expected: 'nothing',
  },
  {
    name: 'nacl-return-path-open-on-part-of-the-ephemeral-range-is-enough',
    snap: () => estate({
      networkAcls: [openNacl({ subnets: ['subnet-1'] }), b.networkAcl({ networkAclId: 'acl-prod', associatedSubnetIds: ['subnet-2'], entries: [allowAll(false), b.naclEntry({ ruleNumber: 100, egress: true, protocol: 'tcp', fromPort: 32768, toPort: 60999, cidr: '10.0.0.0/16' })] })],
      securityGroups: [sgDev(), sgProd({ ingress: [tcpFrom(22, '10.0.0.0/16')] })],
      instances: [dev(), prod()],
    }),
    expected: 'tcp/22',
  },
  {
    name: 'nacl-is-not-crossed-inside-one-subnet',
    snap: () => estate({
      networkAcls: [b.networkAcl({ networkAclId: 'acl-closed', isDefault: true, associatedSubnetIds: ['subnet-1', 'subnet-2'], entries: [] })],
      securityGroups: [sgDev(), sgProd({ ingress: [tcpFrom(22, '10.0.0.0/16')] })],
      instances: [dev(), prod(['sg-prod'], { subnet: 'subnet-1', ip: '10.0.1.20' })],
    }),
    expected: 'tcp/22',
  },
  {
    name: 'nacl-closed-between-subnets-blocks',
    snap: () => estate({
      networkAcls: [b.networkAcl({ networkAclId: 'acl-closed', isDefault: true, associatedSubnetIds: ['subnet-1', 'subnet-2'], entries: [] })],
      securityGroups: [sgDev(), sgProd({ ingress: [tcpFrom(22, '10.0.0.0/16')] })],
      instances: [dev(), prod()],
    }),
    expected: 'nothing',
  },
  // Peering
  { name: 'peering-with-routes-on-both-sides-connects', snap: () => peered({ prodSg: { ingress: [tcpFrom(22, '10.0.0.0/8')] } }), expected: 'tcp/22' },
  { name: 'peering-without-a-route-is-unreachable', snap: () => peered({ routeThere: false, prodSg: { ingress: [tcpFrom(22, '10.0.0.0/8')] } }), expected: 'nothing' },
  { name: 'peering-without-the-route-back-is-unreachable', snap: () => peered({ routeBack: false, prodSg: { ingress: [tcpFrom(22, '10.0.0.0/8')] } }), expected: 'nothing' },
  { name: 'peering-not-active-is-unreachable', snap: () => peered({ status: 'pending-acceptance', prodSg: { ingress: [tcpFrom(22, '10.0.0.0/8')] } }), expected: 'nothing' },
  { name: 'cross-account-sg-reference-over-peering-connects', snap: () => peered({ account: '222222222222', prodSg: { ingress: [fromGroup('tcp', 3306, 3306, 'sg-dev', A)] } }), expected: 'tcp/3306' },
  { name: 'cross-account-sg-reference-to-a-non-member-blocks', snap: () => peered({ account: '222222222222', prodSg: { ingress: [fromGroup('tcp', 3306, 3306, 'sg-elsewhere', A)] } }), expected: 'nothing' },
  {
    name: 'overlapping-cidrs-in-unpeered-vpcs-do-not-connect',
    snap: () => estate({
      vpcs: [b.vpc(), b.vpc({ vpcId: 'vpc-2' })],
      subnets: [b.subnet(), b.subnet({ subnetId: 'subnet-9', vpcId: 'vpc-2', cidrBlock: '10.0.2.0/24' })],
      routeTables: [b.routeTable({ routeTableId: 'rtb-1', routes: localRoutes() }), b.routeTable({ routeTableId: 'rtb-2', vpcId: 'vpc-2', routes: localRoutes() })],
      networkAcls: [openNacl({ subnets: ['subnet-1'] }), openNacl({ id: 'acl-2', vpcId: 'vpc-2', subnets: ['subnet-9'] })],
      securityGroups: [sgDev(), sgProd({ vpcId: 'vpc-2', ingress: [tcpFrom(22, '10.0.0.0/16')] })],
      instances: [dev(), prod(['sg-prod'], { subnet: 'subnet-9', vpc: 'vpc-2' })],
    }),
    expected: 'nothing',
  },
  // Address families
  {
    name: 'ipv6-only-instances-reach-over-ipv6-rules',
    snap: () => estate({
      securityGroups: [sgDev({ egress: [allEgress6()] }), sgProd({ ingress: [tcpFrom(22, '2600:1f18:1::/56')] })],
      instances: [dev(['sg-dev'], { ip: undefined, ipv6: ['2600:1f18:1:1::10'] }), prod(['sg-prod'], { ip: undefined, ipv6: ['2600:1f18:1:2::20'] })],
    }),
    expected: 'tcp/22',
  },
  {
    name: 'ipv6-only-instances-are-not-reached-by-ipv4-rules',
    snap: () => estate({
      securityGroups: [sgDev({ egress: [allEgress(), allEgress6()] }), sgProd({ ingress: [tcpFrom(22, '10.0.0.0/8')] })],
      instances: [dev(['sg-dev'], { ip: undefined, ipv6: ['2600:1f18:1:1::10'] }), prod(['sg-prod'], { ip: undefined, ipv6: ['2600:1f18:1:2::20'] })],
    }),
    expected: 'nothing',
  },
  // Ports and protocols
  { name: 'port-range-overlap-merges-into-one-range', snap: () => estate({ securityGroups: [sgDev(), sgProd({ ingress: [tcpFrom([1000, 2000], '10.0.1.0/24'), fromGroup('tcp', 1500, 3000, 'sg-dev')] })], instances: [dev(), prod()] }), expected: 'tcp/1000-3000' },
  { name: 'protocol-all-ingress-opens-every-protocol', snap: () => estate({ securityGroups: [sgDev(), sgProd({ ingress: [b.sgRule({ protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'cidr4', cidr: '10.0.0.0/16' } })] })], instances: [dev(), prod()] }), expected: 'all' },
  {
    name: 'udp-and-icmp-rules-do-not-open-tcp',
    snap: () => estate({ securityGroups: [sgDev(), sgProd({ ingress: [b.sgRule({ protocol: 'udp', fromPort: 53, toPort: 53, peer: { kind: 'cidr4', cidr: '10.0.0.0/16' } }), b.sgRule({ protocol: 'icmp', fromPort: 8, toPort: -1, peer: { kind: 'cidr4', cidr: '10.0.0.0/16' } })] })], instances: [dev(), prod()] }),
    expected: 'udp/53, icmp/type-8',
  },
  {
    name: 'tcp-only-egress-blocks-udp-and-icmp',
    snap: () => estate({ securityGroups: [sgDev({ egress: [tcpFrom([0, 65535], '0.0.0.0/0')] }), sgProd({ ingress: [b.sgRule({ protocol: 'udp', fromPort: 53, toPort: 53, peer: { kind: 'cidr4', cidr: '10.0.0.0/16' } }), b.sgRule({ protocol: 'icmp', fromPort: -1, toPort: -1, peer: { kind: 'cidr4', cidr: '10.0.0.0/16' } })] })], instances: [dev(), prod()] }),
    expected: 'nothing',
  },
  {
    name: 'numbered-protocol-rules-match-their-own-protocol',
    snap: () => estate({ securityGroups: [sgDev(), sgProd({ ingress: [b.sgRule({ protocol: '6', fromPort: 22, toPort: 22, peer: { kind: 'cidr4', cidr: '10.0.0.0/16' } }), b.sgRule({ protocol: '47', fromPort: null, toPort: null, peer: { kind: 'cidr4', cidr: '10.0.0.0/16' } })] })], instances: [dev(), prod()] }),
    expected: 'tcp/22, ip-protocol/47',
  },
  {
    name: 'nacl-allowing-only-tcp-blocks-udp',
    snap: () => estate({
      networkAcls: [openNacl({ subnets: ['subnet-1'] }), b.networkAcl({ networkAclId: 'acl-prod', associatedSubnetIds: ['subnet-2'], entries: [b.naclEntry({ protocol: 'tcp', fromPort: 0, toPort: 65535 }), b.naclEntry({ egress: true, protocol: '6', fromPort: 0, toPort: 65535 })] })],
      securityGroups: [sgDev(), sgProd({ ingress: [b.sgRule({ protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'cidr4', cidr: '10.0.0.0/16' } })] })],
      instances: [dev(), prod()],
    }),
    expected: 'tcp',
  },
  // Uncertain parts
  {
    name: 'transit-gateway-on-both-sides-is-possible-not-proven',
    snap: () => {
      const s = peered({ prodSg: { ingress: [tcpFrom(22, '10.0.0.0/8')] } });
      for (const t of s.routeTables) for (const r of t.routes) if (r.target.kind === 'peering') r.target = { kind: 'tgw', id: 'tgw-1' };
      return s;
    },
    expected: 'nothing',
  },
  {
    name: 'transit-gateway-on-both-sides-shows-as-possible',
    snap: () => {
      const s = peered({ prodSg: { ingress: [tcpFrom(22, '10.0.0.0/8')] } });
      for (const t of s.routeTables) for (const r of t.routes) if (r.target.kind === 'peering') r.target = { kind: 'tgw', id: 'tgw-1' };
      return s;
    },
    mode: 'possible',
    expected: 'tcp/22',
  },
  { name: 'uncollected-destination-group-makes-everything-possible', snap: () => estate({ securityGroups: [sgDev()], instances: [dev(), prod(['sg-missing'])] }), mode: 'possible', expected: 'all' },
  { name: 'uncollected-destination-group-proves-nothing', snap: () => estate({ securityGroups: [sgDev()], instances: [dev(), prod(['sg-missing'])] }), expected: 'nothing' },
  {
    name: 'unresolved-prefix-list-peer-is-possible',
    snap: () => estate({ securityGroups: [sgDev(), sgProd({ ingress: [b.sgRule({ protocol: 'tcp', fromPort: 22, toPort: 22, peer: { kind: 'prefixList', prefixListId: 'pl-gone' } })] })], instances: [dev(), prod()] }),
    mode: 'possible',
    expected: 'tcp/22',
  },
  {
    name: 'resolved-prefix-list-peer-matches-its-cidrs',
    snap: () => estate({ prefixLists: [b.prefixList({ prefixListId: 'pl-1', cidrs: ['10.0.1.0/24'] })], securityGroups: [sgDev(), sgProd({ ingress: [b.sgRule({ protocol: 'tcp', fromPort: 22, toPort: 22, peer: { kind: 'prefixList', prefixListId: 'pl-1' } })] })], instances: [dev(), prod()] }),
    expected: 'tcp/22',
  },
  // Zones
  { name: 'unzoned-instances-form-their-own-group', snap: () => estate({ securityGroups: [sgDev(), sgProd({ ingress: [tcpFrom(22, '10.0.0.0/16')] })], instances: [vm('i-x', { subnet: 'subnet-1', ip: '10.0.1.10', sgs: ['sg-dev'] }), prod()] }), from: '', to: 'prod', expected: 'tcp/22' },
  {
    name: 'stopped-instances-are-analysed',
    snap: () => estate({ securityGroups: [sgDev(), sgProd({ ingress: [tcpFrom(22, '10.0.0.0/16')] })], instances: [{ ...dev(), state: 'stopped' }, prod()] }),
    expected: 'tcp/22',
  },
  {
    name: 'terminated-instances-are-ignored',
    snap: () => estate({ securityGroups: [sgDev(), sgProd({ ingress: [tcpFrom(22, '10.0.0.0/16')] })], instances: [{ ...dev(), state: 'terminated' }, prod()] }),
    expected: 'nothing',
  },
  {
    name: 'eni-records-override-instance-fields',
    snap: () => estate({
      securityGroups: [sgDev(), sgProd({ ingress: [tcpFrom(22, '10.0.2.0/24')] })],
      networkInterfaces: [b.networkInterface({ networkInterfaceId: 'eni-dev', instanceId: 'i-dev', subnetId: 'subnet-2', privateIpAddresses: ['10.0.2.10'], securityGroupIds: ['sg-dev'] })],
      instances: [dev(), prod()],
    }),
    expected: 'tcp/22',
  },
];

describe('zone reachability', () => {
  it.each(cases)('$name', ({ snap, from, to, expected, mode }) => {
    expect(zoneReach(analyse(snap()), from ?? 'dev', to ?? 'prod', mode)).toBe(expected);
  });
});
