/**
 * The demo security groups. Each VPC has its default group (some restricted, some with AWS's
 * default self-reference), web / app / db / bastion tiers, a shared-services group referenced from
 * other VPCs and from another account, and the usual mistakes: SSH and RDP open to the world (IPv4
 * and IPv6), a database port open to the world, an "all traffic" debug group, a group shared by
 * staging and dev that lets the two zones talk. A UDP rule on 3389 sits beside the TCP one so the
 * protocol-aware checks can be seen to tell them apart.
 */
import * as b from '../model/builders';
import type { SecurityGroup, SgRule } from '../model/types';
import { CIDR, PREFIX_LIST_CLOUDFRONT, PREFIX_LIST_CORP_VPN, vpcId } from './network';
import { awsId } from './ids';
import { EU, HOSTILE_FORMULA, TOOLS, US, WORKLOADS } from './constants';

export const sgId = (key: string) => awsId('sg', key);

type Peer = SgRule['peer'];
const v4 = (cidr: string): Peer => ({ kind: 'cidr4', cidr });
const v6 = (cidr: string): Peer => ({ kind: 'cidr6', cidr });
const pl = (prefixListId: string): Peer => ({ kind: 'prefixList', prefixListId });
/** A reference to another group; `vpc` and `account` set when it lives across a peering or in another account. */
const sg = (key: string, vpc?: string, account?: string): Peer => ({ kind: 'sg', groupId: sgId(key), userId: account ?? WORKLOADS, ...(vpc ? { vpcId: vpcId(vpc), peeringStatus: 'active' } : {}) });

const rule = (protocol: string, from: number | null, to: number | null, peer: Peer, description?: string): SgRule =>
  b.sgRule({ protocol, fromPort: from, toPort: to, peer, ...(description ? { description } : {}) });
const tcp = (port: number, peer: Peer, description?: string, to = port) => rule('tcp', port, to, peer, description);
const udp = (port: number, peer: Peer, description?: string) => rule('udp', port, port, peer, description);
const all = (peer: Peer, description?: string) => rule('-1', null, null, peer, description);
const egressAll = [all(v4('0.0.0.0/0')), all(v6('::/0'))];

interface GroupSpec {
  key: string;
  name: string;
  vpc: string;
  accountId?: string;
  region?: string;
  description: string;
  ingress: SgRule[];
  egress?: SgRule[];
  env?: string;
  isDefault?: boolean;
  tags?: Record<string, string>;
}

/** AWS's default group: all traffic from members of the same group, all traffic out. */
const awsDefault = (key: string, account = WORKLOADS) => ({ ingress: [all({ kind: 'sg', groupId: sgId(key), userId: account })], egress: [all(v4('0.0.0.0/0'))] });
const restrictedDefault = { ingress: [], egress: [] };

const GROUPS: GroupSpec[] = [
  // prod VPC
  { key: 'default-prod', name: 'default', vpc: 'prod', description: 'default VPC security group', isDefault: true, ...restrictedDefault },
  {
    key: 'prod-web', name: 'prod-web', vpc: 'prod', env: 'prod', description: 'Public HTTPS for the storefront',
    ingress: [tcp(443, v4('0.0.0.0/0'), 'HTTPS from anywhere'), tcp(443, v6('::/0'), 'HTTPS from anywhere (IPv6)'), tcp(80, pl(PREFIX_LIST_CLOUDFRONT), 'CloudFront origin-facing'), tcp(22, sg('bastion', 'shared'), 'SSH from bastions')],
    egress: [tcp(8443, sg('prod-app'), 'to app tier'), tcp(443, sg('shared-services', 'shared'), 'package mirror'), udp(53, v4(CIDR.shared), 'DNS')],
  },
  {
    key: 'prod-web-legacy', name: 'prod-web-legacy', vpc: 'prod', env: 'prod', description: 'Old checkout site, plain HTTP still open',
    ingress: [tcp(80, v4('0.0.0.0/0'), 'HTTP'), tcp(443, v4('0.0.0.0/0'), 'HTTPS')],
    egress: egressAll,
  },
  {
    key: 'prod-app', name: 'prod-app', vpc: 'prod', env: 'prod', description: 'Application tier',
    ingress: [
      tcp(8443, sg('prod-web'), 'from web tier'),
      tcp(8080, v4('10.20.0.0/24'), 'canary replay from staging (temporary, INC-2207)'),
      tcp(22, sg('bastion', 'shared'), 'SSH from bastions'),
    ],
    egress: egressAll,
  },
  {
    key: 'prod-db', name: 'prod-db', vpc: 'prod', env: 'prod', description: 'PostgreSQL',
    ingress: [tcp(5432, sg('prod-app'), 'from app tier'), tcp(5432, sg('prod-worker'), 'from workers'), tcp(5432, v4(CIDR.nonprod), 'data migration from nonprod (INC-2291)')],
    egress: [],
  },
  {
    key: 'prod-worker', name: 'prod-worker', vpc: 'prod', env: 'prod', description: 'Queue workers, no inbound',
    ingress: [],
    egress: [tcp(443, v4('0.0.0.0/0'), 'AWS APIs'), tcp(5432, v4('10.10.20.0/23'), 'database subnets')],
  },
  { key: 'monitoring-prod', name: 'monitoring-agent', vpc: 'prod', description: 'node_exporter scraped from the monitoring host', ingress: [tcp(9100, v4('10.0.2.0/24'), 'Prometheus')], egress: [] },
  // nonprod VPC: staging and dev side by side
  { key: 'default-nonprod', name: 'default', vpc: 'nonprod', description: 'default VPC security group', isDefault: true, ...awsDefault('default-nonprod') },
  { key: 'nonprod-common', name: 'nonprod-common', vpc: 'nonprod', description: 'Attached to every nonprod host', ingress: [all(sg('nonprod-common'), 'hosts talk freely')], egress: egressAll },
  {
    key: 'staging-web', name: 'staging-web', vpc: 'nonprod', env: 'staging', description: 'Staging storefront',
    ingress: [tcp(443, v4('0.0.0.0/0')), tcp(22, v4('0.0.0.0/0'), 'vendor maintenance (CHG-1042)')],
    egress: egressAll,
  },
  { key: 'staging-app', name: 'staging-app', vpc: 'nonprod', env: 'staging', description: 'Staging app tier', ingress: [tcp(8080, sg('staging-web')), tcp(22, sg('bastion', 'shared'))], egress: egressAll },
  {
    key: 'staging-db', name: 'staging-db', vpc: 'nonprod', env: 'staging', description: 'Staging PostgreSQL',
    ingress: [tcp(5432, sg('staging-app')), tcp(5432, v4('0.0.0.0/0'), 'TODO remove - vendor BI access')],
    egress: [],
  },
  { key: 'dev-ssh-open', name: 'dev-ssh-open', vpc: 'nonprod', env: 'dev', description: 'quick SSH for dev boxes', ingress: [tcp(22, v4('0.0.0.0/0'))], egress: egressAll },
  {
    key: 'dev-windows-rdp', name: 'dev-windows-rdp', vpc: 'nonprod', env: 'dev', description: 'RDP for the Windows jump host',
    ingress: [tcp(3389, v6('::/0'), 'RDP (IPv6)'), udp(3389, v6('::/0'), 'RDP UDP transport'), tcp(3389, pl(PREFIX_LIST_CORP_VPN), 'RDP from VPN')],
    egress: egressAll,
  },
  { key: 'dev-temp-debug', name: 'dev-temp-debug', vpc: 'nonprod', env: 'dev', description: 'temporary - all traffic', ingress: [all(v4('0.0.0.0/0'))], egress: egressAll },
  { key: 'dev-wireguard', name: 'dev-wireguard', vpc: 'nonprod', env: 'dev', description: 'WireGuard endpoint', ingress: [udp(51820, v4('0.0.0.0/0'), 'WireGuard')], egress: egressAll },
  // shared-services VPC
  { key: 'default-shared', name: 'default', vpc: 'shared', description: 'default VPC security group', isDefault: true, ...restrictedDefault },
  {
    key: 'bastion', name: 'bastion', vpc: 'shared', env: 'shared', description: 'SSH bastions: corporate VPN and one contractor only',
    ingress: [tcp(22, pl(PREFIX_LIST_CORP_VPN), 'corp VPN'), tcp(22, v4(CIDR.contractor), 'contractor (SEC-12)')],
    egress: [tcp(22, v4('10.0.0.0/8'))],
  },
  {
    key: 'shared-services', name: 'shared-services', vpc: 'shared', env: 'shared', description: 'Package mirror and DNS for every zone',
    ingress: [tcp(443, v4('10.0.0.0/8'), 'package mirror'), udp(53, v4('10.0.0.0/8'), 'DNS'), tcp(53, v4('10.0.0.0/8'), 'DNS over TCP')],
    egress: egressAll,
  },
  { key: 'monitoring', name: 'monitoring', vpc: 'shared', env: 'shared', description: 'Prometheus and Grafana', ingress: [tcp(9090, pl(PREFIX_LIST_CORP_VPN)), tcp(3000, pl(PREFIX_LIST_CORP_VPN), 'Grafana')], egress: egressAll },
  // the default VPC: untouched
  { key: 'default-default', name: 'default', vpc: 'default-us', description: 'default VPC security group', isDefault: true, ...awsDefault('default-default') },
  // eu-west-1
  { key: 'default-eu-prod', name: 'default', vpc: 'eu-prod', region: EU, description: 'default VPC security group', isDefault: true, ...restrictedDefault },
  { key: 'eu-web', name: 'eu-web', vpc: 'eu-prod', region: EU, env: 'prod', description: 'EU storefront', ingress: [tcp(443, v4('0.0.0.0/0')), tcp(443, v6('::/0'))], egress: egressAll },
  { key: 'eu-app', name: 'eu-app', vpc: 'eu-prod', region: EU, env: 'prod', description: 'EU app tier', ingress: [tcp(8443, sg('eu-web')), tcp(22, v4('10.0.0.0/8'))], egress: egressAll },
  { key: 'default-eu-dev', name: 'default', vpc: 'eu-dev', region: EU, description: 'default VPC security group', isDefault: true, ...awsDefault('default-eu-dev') },
  { key: 'eu-dev', name: 'eu-dev-notebooks', vpc: 'eu-dev', region: EU, env: 'dev', description: 'Jupyter for the data team', ingress: [tcp(22, v4('0.0.0.0/0')), tcp(8888, v4('0.0.0.0/0'), 'Jupyter')], egress: egressAll },
  // the tools account
  { key: 'default-tools', name: 'default', vpc: 'tools', accountId: TOOLS, description: 'default VPC security group', isDefault: true, ...restrictedDefault },
  { key: 'ci-runner', name: 'ci-runner', vpc: 'tools', accountId: TOOLS, env: 'shared', description: 'CI runners: outbound only', ingress: [], egress: egressAll },
  {
    key: 'artifact', name: 'artifact-store', vpc: 'tools', accountId: TOOLS, env: 'shared', description: 'Artifact store for every account',
    // A cross-account reference over the shared↔tools peering.
    ingress: [tcp(443, v4('10.100.0.0/16')), tcp(443, sg('shared-services', 'shared', WORKLOADS), 'mirror in the workloads account')],
    egress: egressAll,
  },
  { key: 'tools-legacy', name: 'legacy', vpc: 'tools', accountId: TOOLS, description: HOSTILE_FORMULA, ingress: [tcp(9200, v4('0.0.0.0/0'), 'Elasticsearch'), tcp(9200, v6('::/0'))], egress: egressAll, tags: { Owner: HOSTILE_FORMULA } },
];

/** Rule ids as DescribeSecurityGroupRules gives them (`sgr-` and 17 hex digits), one per rule and direction. */
const withRuleIds = (key: string, direction: 'in' | 'out', rules: SgRule[]): SgRule[] => rules.map((r, i) => ({ ...r, ruleId: awsId('sgr', `${key}/${direction}/${i}`) }));

export function demoSecurityGroups(): SecurityGroup[] {
  return GROUPS.map((g) =>
    b.securityGroup({
      accountId: g.accountId ?? WORKLOADS,
      region: g.region ?? US,
      groupId: sgId(g.key),
      groupName: g.name,
      vpcId: vpcId(g.vpc),
      ownerId: g.accountId ?? WORKLOADS,
      description: g.description,
      ingress: withRuleIds(g.key, 'in', g.ingress),
      egress: withRuleIds(g.key, 'out', g.egress ?? egressAll),
      tags: { ...(g.isDefault ? {} : { Name: g.name }), ...(g.env ? { Environment: g.env } : {}), ...(g.tags ?? {}) },
    }),
  );
}
