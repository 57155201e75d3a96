/**
 * A seeded synthetic estate for benchmarks: `syntheticSnapshot({ instances: 50_000 })` gives an
 * organisation shaped like a real one, at any size, identical for the same seed on every machine.
 *
 * The shape follows what large estates look like:
 * - several accounts (one per ~5,000 instances) × 3 regions, the first region the busiest;
 * - per target, VPCs of ~400 instances, each in one zone (prod / staging / dev / shared), with
 *   public and private subnets in three AZs, IGW / NAT / peering routes to a shared hub VPC,
 *   a default NACL and a custom one, flow logs on most VPCs;
 * - instances grouped in "apps" (an auto-scaling group, a service): an app's instances share the
 *   same security groups, app sizes are skewed (a few big, many small), so many instances share a
 *   group, each instance has 2–3 groups, and many groups are attached to nothing;
 * - group rules mix SG references, VPC / corporate CIDRs, prefix lists and a few world-open ports;
 * - ~1.5 volumes per instance, snapshots, images, trails, and CloudTrail events (mostly reads, some
 *   writes, sign-ins, denials and configuration changes) over the last 24 hours.
 *
 * Objects are built directly as the schema's output types (no zod parse per object: at 300,000+
 * objects that would dominate the run); `test/demo/synthetic.test.ts` validates samples against
 * the schema so the two cannot drift. Immutable shared values (principals, the empty list) are
 * shared between objects to keep memory near what a collector's output would use.
 */
import { SNAPSHOT_SCHEMA_VERSION } from '../model/schema';
import type {
  AuditEvent, CoverageGap, Image, Instance, NaclEntry, PrefixList, Principal, SecurityGroup, SgRule, Snapshot, Subnet, Target, Volume, Vpc,
} from '../model/types';
import { mulberry32, type Rng } from './prng';

/** The event classes a scheduled scan reads under the default policy. */
const SCHEDULED_CLASSES = (['console-sign-in', 'write', 'read-only-denied', 'read-only-root'] as const).map((c) => ({ class: c, capped: false }));

export interface SyntheticOptions {
  instances: number;
  /** Default: 40% of the instances. */
  securityGroups?: number;
  /** CloudTrail events; default: 4 per instance. */
  events?: number;
  /** Default 1. */
  seed?: number;
  /** Default 2026-11-26T12:00:00.000Z; events fall in the 24 hours before it. */
  generatedAt?: string;
  /** Default: one account per 5,000 instances (at least 1, at most 50). */
  accounts?: number;
}

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;
const REGION_WEIGHTS = [0.6, 0.25, 0.15];
const ZONES = ['prod', 'staging', 'dev', 'shared'] as const;
const ZONE_WEIGHTS = [0.4, 0.2, 0.3, 0.1];
const INSTANCES_PER_VPC = 400;
const ROLES = ['web', 'app', 'api', 'worker', 'db', 'cache', 'search', 'batch'] as const;
const APP_PORTS = [443, 8080, 8443, 5432, 3306, 6379, 9200, 8000, 5000, 11211];
const WORLD_PORTS = [443, 443, 443, 80, 80, 22, 3389, 8080, 5432];
const TYPES = ['t3.medium', 'm7g.large', 'c7g.xlarge', 'r7g.large', 'm5.large', 't4g.small', 'c6i.2xlarge'];
const EC2_READS = ['DescribeInstances', 'DescribeSecurityGroups', 'DescribeVolumes', 'DescribeSubnets', 'DescribeNetworkInterfaces', 'DescribeInstanceStatus', 'DescribeTags', 'DescribeImages'];
const EC2_WRITES = ['RunInstances', 'StopInstances', 'StartInstances', 'CreateTags', 'ModifyInstanceAttribute', 'AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'CreateRoute', 'CreateNetworkAclEntry'];
const CHANGES: [string, string][] = [
  ['iam.amazonaws.com', 'PutRolePolicy'], ['iam.amazonaws.com', 'AttachRolePolicy'], ['kms.amazonaws.com', 'DisableKey'], ['s3.amazonaws.com', 'PutBucketPolicy'],
  ['config.amazonaws.com', 'StopConfigurationRecorder'], ['cloudtrail.amazonaws.com', 'UpdateTrail'], ['ec2.amazonaws.com', 'CreateVpc'], ['ec2.amazonaws.com', 'AttachInternetGateway'],
];
const NO_RESOURCES = Object.freeze([]) as unknown as AuditEvent['resources'];

/** Ids that look like AWS's (prefix + 17 hex digits) and are unique within one snapshot. */
class Ids {
  private n = 0;
  constructor(private readonly salt: number) {}
  next(prefix: string): string {
    this.n++;
    return `${prefix}-0${((this.salt + this.n * 2654435761) >>> 0).toString(16).padStart(8, '0')}${this.n.toString(16).padStart(8, '0')}`;
  }
}

function accountIdOf(i: number, seed: number): string {
  return String(100000000000 + ((seed * 7919 + i * 104729) % 800000000000)).padStart(12, '0');
}

/** Splits `total` over `weights` with whole numbers that add up exactly. */
function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % out.length, rest--) out[i]++;
  return out;
}

function weighted<T>(rng: Rng, items: readonly T[], weights: readonly number[]): T {
  let r = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) if ((r -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
}

interface VpcPlan {
  vpc: Vpc;
  zone: (typeof ZONES)[number];
  octet: number;
  publicSubnets: Subnet[];
  privateSubnets: Subnet[];
  defaultSg: SecurityGroup;
  /** Groups most instances of the VPC carry (base, monitoring, ssh-from-bastion). */
  commonSgs: SecurityGroup[];
  appSgs: SecurityGroup[];
}

class Builder {
  readonly rng: Rng;
  readonly ids: Ids;
  readonly now: number;
  readonly out: Omit<Snapshot, 'schemaVersion' | 'generatedAt' | 'source'> = {
    targets: [], instances: [], networkInterfaces: [], securityGroups: [], prefixLists: [], networkAcls: [], subnets: [], routeTables: [], vpcs: [],
    peeringConnections: [], transitGateways: [], transitGatewayAttachments: [], transitGatewayRouteTables: [], flowLogs: [], volumes: [], snapshots: [], images: [], ebsEncryptionByDefault: [], launchTemplateVersions: [], regionSettings: [], trails: [], trailBuckets: [], events: [], eventWindows: [], coverageGaps: [], inventoryReads: [],
  };
  private octet = 0;
  private eventCount = 0;

  /**
   * Launch templates, Transit Gateways and region settings draw from their own stream and ids, so
   * adding them left every resource generated before them unchanged.
   */
  private readonly extraRng: Rng;
  /** Trail buckets: a stream of their own, for the same reason. */
  private readonly bucketRng: Rng;
  private readonly extraIds: Ids;

  constructor(readonly seed: number, generatedAt: string) {
    this.rng = mulberry32(seed);
    this.ids = new Ids(seed * 2246822519);
    this.extraRng = mulberry32(seed ^ 0x5eed17);
    this.bucketRng = mulberry32(seed ^ 0xb0c4e7);
    this.extraIds = new Ids(seed * 40503);
    this.now = Date.parse(generatedAt);
  }

  iso(msBefore: number): string {
    return new Date(this.now - msBefore).toISOString();
  }
  daysAgo(min: number, max: number): string {
    return this.iso((min + this.rng.next() * (max - min)) * 86_400_000);
  }

  target(accountId: string, region: string, instances: number, sgs: number): { plans: VpcPlan[]; images: Image[] } {
    this.out.targets.push({ accountId, region });
    const loc = { accountId, region };
    const prefixLists: PrefixList[] = [
      { ...loc, prefixListId: this.ids.next('pl').slice(0, 11), name: 'corp-vpn', addressFamily: 'IPv4', cidrs: ['203.0.113.0/24', '198.51.100.0/24'] },
      { ...loc, prefixListId: this.ids.next('pl').slice(0, 11), name: 'com.amazonaws.global.cloudfront.origin-facing', addressFamily: 'IPv4', cidrs: ['13.32.0.0/15', '52.84.0.0/15', '54.230.0.0/16'] },
    ];
    this.out.prefixLists.push(...prefixLists);
    this.out.ebsEncryptionByDefault.push({ ...loc, enabled: this.rng.chance(0.7), ...(this.rng.chance(0.5) ? { kmsKeyId: 'alias/aws/ebs' } : {}) });
    this.templatesAndSettings(accountId, region, instances);

    const vpcCount = Math.max(1, Math.ceil(instances / INSTANCES_PER_VPC));
    const sgsPerVpc = split(Math.max(sgs, vpcCount * 2), new Array<number>(vpcCount).fill(1));
    const plans: VpcPlan[] = [];
    for (let v = 0; v < vpcCount; v++) plans.push(this.vpc(accountId, region, v === 0 && vpcCount > 1 ? 'shared' : weighted(this.rng, ZONES, ZONE_WEIGHTS), sgsPerVpc[v], prefixLists));
    // Every VPC peers with the first (shared) one: the hub of the target.
    const hub = plans[0];
    for (const p of plans.slice(1)) this.peer(hub, p);
    return { plans, images: this.images(accountId, region) };
  }

  /** Who an owned snapshot or AMI is shared with: mostly nobody, sometimes an account outside the estate. */
  private sharedWith(): string[] {
    return this.extraRng.chance(0.03) ? ['999999999999'] : [];
  }

  /** About one launch template per 50 instances (default and latest version), a Transit Gateway, and block public access settings. */
  private templatesAndSettings(accountId: string, region: string, instances: number): void {
    const r = this.extraRng;
    const loc = { accountId, region };
    this.out.regionSettings.push({
      ...loc,
      snapshotBlockPublicAccess: r.pick(['block-all-sharing', 'block-new-sharing', 'unblocked', 'unblocked']),
      imageBlockPublicAccess: r.chance(0.6) ? 'block-new-sharing' : 'unblocked',
    });
    for (let k = 0; k < Math.max(1, Math.round(instances / 50)); k++) {
      const launchTemplateId = this.extraIds.next('lt');
      const meta = () => ({ httpTokens: r.chance(0.8) ? ('required' as const) : ('optional' as const), httpPutResponseHopLimit: r.chance(0.85) ? 1 : 2 });
      const nics = () => (r.chance(0.1) ? [{ deviceIndex: 0, associatePublicIpAddress: true }] : []);
      const latest = 1 + r.int(0, 5);
      const base = { ...loc, launchTemplateId, launchTemplateName: `template-${k}` };
      if (latest > 1 && r.chance(0.3)) {
        this.out.launchTemplateVersions.push(
          { ...base, versionNumber: latest - 1, isDefault: true, isLatest: false, metadataOptions: meta(), networkInterfaces: nics() },
          { ...base, versionNumber: latest, isDefault: false, isLatest: true, metadataOptions: meta(), networkInterfaces: nics() },
        );
      } else {
        this.out.launchTemplateVersions.push({ ...base, versionNumber: latest, isDefault: true, isLatest: true, metadataOptions: meta(), networkInterfaces: nics() });
      }
    }
    this.out.transitGateways.push({ ...loc, transitGatewayId: this.extraIds.next('tgw'), ownerId: accountId, state: 'available', autoAcceptSharedAttachments: r.chance(0.2), tags: { Name: `hub-${region}` } });
  }

  private vpc(accountId: string, region: string, zone: VpcPlan['zone'], sgCount: number, prefixLists: PrefixList[]): VpcPlan {
    const loc = { accountId, region };
    const octet = this.octet++ % 250;
    const cidr = `10.${octet}.0.0/16`;
    const vpcId = this.ids.next('vpc');
    const vpc: Vpc = { ...loc, vpcId, cidrBlocks: [cidr], ipv6CidrBlocks: [], isDefault: false, tags: { Name: `${zone}-vpc-${octet}`, Environment: zone } };
    this.out.vpcs.push(vpc);

    const publicSubnets: Subnet[] = [];
    const privateSubnets: Subnet[] = [];
    for (let s = 0; s < 6; s++) {
      const isPublic = s < 3;
      const subnet: Subnet = {
        ...loc, subnetId: this.ids.next('subnet'), vpcId, cidrBlock: `10.${octet}.${s * 16}.0/20`, ipv6CidrBlocks: [], availabilityZone: `${region}${'abc'[s % 3]}`,
        mapPublicIpOnLaunch: isPublic && this.rng.chance(0.3), assignIpv6AddressOnCreation: false, defaultForAz: false, tags: { Name: `${zone}-${isPublic ? 'public' : 'private'}-${'abc'[s % 3]}` },
      };
      (isPublic ? publicSubnets : privateSubnets).push(subnet);
      this.out.subnets.push(subnet);
    }

    const igw = this.ids.next('igw');
    const nat = this.ids.next('nat');
    const local = { destination: cidr, target: { kind: 'local' as const, id: 'local' }, state: 'active' as const };
    this.out.routeTables.push(
      { ...loc, routeTableId: this.ids.next('rtb'), vpcId, main: false, associatedSubnetIds: publicSubnets.map((s) => s.subnetId), routes: [local, { destination: '0.0.0.0/0', target: { kind: 'igw', id: igw }, state: 'active' }], tags: { Name: 'public' } },
      { ...loc, routeTableId: this.ids.next('rtb'), vpcId, main: true, associatedSubnetIds: privateSubnets.map((s) => s.subnetId), routes: [local, { destination: '0.0.0.0/0', target: { kind: 'nat', id: nat }, state: 'active' }], tags: { Name: 'private' } },
    );

    const e = (ruleNumber: number, egress: boolean, protocol: string, ruleAction: 'allow' | 'deny', c: string, fromPort: number | null = null, toPort: number | null = fromPort): NaclEntry => ({
      ruleNumber, egress, protocol, ruleAction, cidr: c, fromPort, toPort, icmpType: null, icmpCode: null,
    });
    const tail = [e(32767, false, '-1', 'deny', '0.0.0.0/0'), e(32767, true, '-1', 'deny', '0.0.0.0/0')];
    this.out.networkAcls.push(
      { ...loc, networkAclId: this.ids.next('acl'), vpcId, isDefault: true, associatedSubnetIds: publicSubnets.map((s) => s.subnetId), entries: [e(100, false, '-1', 'allow', '0.0.0.0/0'), e(100, true, '-1', 'allow', '0.0.0.0/0'), ...tail], tags: {} },
      {
        ...loc, networkAclId: this.ids.next('acl'), vpcId, isDefault: false, associatedSubnetIds: privateSubnets.map((s) => s.subnetId),
        entries: [e(90, false, 'tcp', 'deny', '0.0.0.0/0', 22), e(91, false, 'tcp', 'deny', '0.0.0.0/0', 3389), e(100, false, '-1', 'allow', '10.0.0.0/8'), e(110, false, 'tcp', 'allow', '0.0.0.0/0', 1024, 65535), e(100, true, '-1', 'allow', '0.0.0.0/0'), ...tail],
        tags: { Name: 'private' },
      },
    );
    if (this.rng.chance(0.05)) this.out.networkAcls.push({ ...loc, networkAclId: this.ids.next('acl'), vpcId, isDefault: false, associatedSubnetIds: [], entries: tail, tags: { Name: 'unused' } });
    if (this.rng.chance(0.8)) this.out.flowLogs.push({ ...loc, flowLogId: this.ids.next('fl'), resourceId: vpcId, trafficType: this.rng.chance(0.8) ? 'ALL' : 'REJECT', status: 'ACTIVE', deliverLogsStatus: 'SUCCESS', destinationType: 's3' });

    // Security groups: the default one, ~5% common groups, the rest one per app.
    const sg = (name: string): SecurityGroup => ({ ...loc, groupId: this.ids.next('sg'), groupName: name, vpcId, ownerId: accountId, description: name, tags: { Name: name, Environment: zone }, ingress: [], egress: [] });
    const defaultSg: SecurityGroup = { ...sg('default'), tags: {} };
    if (this.rng.chance(0.3)) {
      defaultSg.ingress.push(rule('-1', null, null, { kind: 'sg', groupId: defaultSg.groupId, userId: accountId }));
      defaultSg.egress.push(rule('-1', null, null, { kind: 'cidr4', cidr: '0.0.0.0/0' }));
    }
    const others = Math.max(1, sgCount - 1);
    const commonCount = Math.max(1, Math.min(others - 1, Math.round(others * 0.05))) || 1;
    const commonSgs = Array.from({ length: Math.min(commonCount, others) }, (_, i) => sg(['base', 'monitoring', 'ssh-from-bastion', 'patching', 'logging'][i % 5] + (i >= 5 ? `-${i}` : '')));
    const appSgs = Array.from({ length: Math.max(1, others - commonSgs.length) }, (_, i) => sg(`${ROLES[i % ROLES.length]}-${zone}-${i}`));
    for (const g of commonSgs) this.commonRules(g, cidr, prefixLists);
    for (const g of appSgs) this.appRules(g, appSgs, commonSgs, cidr, prefixLists);
    this.out.securityGroups.push(defaultSg, ...commonSgs, ...appSgs);
    return { vpc, zone, octet, publicSubnets, privateSubnets, defaultSg, commonSgs, appSgs };
  }

  private commonRules(g: SecurityGroup, vpcCidr: string, pls: PrefixList[]): void {
    const r = this.rng;
    g.ingress.push(rule('tcp', 9100, 9100, { kind: 'cidr4', cidr: '10.0.0.0/8' }, 'node exporter'));
    if (r.chance(0.5)) g.ingress.push(rule('tcp', 22, 22, { kind: 'prefixList', prefixListId: pls[0].prefixListId }, 'ssh from vpn'));
    if (r.chance(0.3)) g.ingress.push(rule('tcp', 22, 22, { kind: 'cidr4', cidr: vpcCidr }));
    g.egress.push(rule('-1', null, null, { kind: 'cidr4', cidr: '0.0.0.0/0' }));
  }

  private appRules(g: SecurityGroup, apps: SecurityGroup[], common: SecurityGroup[], vpcCidr: string, pls: PrefixList[]): void {
    const r = this.rng;
    const n = r.int(1, 4);
    for (let k = 0; k < n; k++) {
      const x = r.next();
      const port = r.pick(APP_PORTS);
      if (x < 0.55) {
        const peer = r.chance(0.8) ? apps[r.skewed(apps.length)] : common[r.int(0, common.length - 1)];
        g.ingress.push(rule('tcp', port, port, { kind: 'sg', groupId: peer.groupId, userId: g.accountId }));
      } else if (x < 0.85) {
        g.ingress.push(rule('tcp', port, port, { kind: 'cidr4', cidr: r.chance(0.5) ? vpcCidr : r.chance(0.5) ? '10.0.0.0/8' : `10.${r.int(0, 249)}.${r.int(0, 15) * 16}.0/20` }));
      } else if (x < 0.93) {
        const p = r.pick(WORLD_PORTS);
        g.ingress.push(rule(r.chance(0.95) ? 'tcp' : '-1', p, p, { kind: 'cidr4', cidr: '0.0.0.0/0' }));
      } else if (x < 0.97) {
        const p = r.pick(WORLD_PORTS);
        g.ingress.push(rule('tcp', p, p, { kind: 'cidr6', cidr: '::/0' }));
      } else {
        g.ingress.push(rule('tcp', 443, 443, { kind: 'prefixList', prefixListId: pls[1].prefixListId }));
      }
    }
    if (r.chance(0.9)) g.egress.push(rule('-1', null, null, { kind: 'cidr4', cidr: '0.0.0.0/0' }));
    else g.egress.push(rule('tcp', 443, 443, { kind: 'cidr4', cidr: '0.0.0.0/0' }), rule('tcp', 5432, 5432, { kind: 'cidr4', cidr: vpcCidr }));
  }

  private peer(hub: VpcPlan, other: VpcPlan): void {
    const { accountId, region } = hub.vpc;
    const id = this.ids.next('pcx').slice(0, 12);
    const side = (p: VpcPlan) => ({ accountId, region, vpcId: p.vpc.vpcId, cidrBlocks: p.vpc.cidrBlocks, ipv6CidrBlocks: [] });
    this.out.peeringConnections.push({ accountId, region, peeringConnectionId: id, status: 'active', requester: side(other), accepter: side(hub), tags: {} });
    const route = (p: VpcPlan) => ({ destination: p.vpc.cidrBlocks[0], target: { kind: 'peering' as const, id }, state: 'active' as const });
    // The private (main) route table of each side is the second one pushed for its VPC.
    for (const [from, to] of [[hub, other], [other, hub]] as const) {
      const rt = this.out.routeTables.find((t) => t.vpcId === from.vpc.vpcId && t.main);
      rt?.routes.push(route(to));
    }
  }

  private images(accountId: string, region: string): Image[] {
    const r = this.rng;
    const list: Image[] = [];
    for (let k = 0; k < 20; k++) {
      list.push({
        accountId, region, imageId: this.ids.next('ami'), name: `golden-${k}`, ownerId: accountId, owned: true, public: r.chance(0.02), sharedWith: this.sharedWith(), state: 'available',
        creationDate: this.daysAgo(1, 700), ...(r.chance(0.1) ? { deprecationTime: this.daysAgo(1, 60) } : {}), virtualizationType: r.chance(0.01) ? 'paravirtual' : 'hvm', tags: { Name: `golden-${k}` },
      });
    }
    for (const [owner, alias] of [['137112412989', 'amazon'], ['099720109477', undefined], ['979382823631', undefined]] as const) {
      list.push({ accountId, region, imageId: this.ids.next('ami'), name: `public-${owner}`, ownerId: owner, ...(alias ? { ownerAlias: alias } : {}), owned: false, public: true, state: 'available', creationDate: this.daysAgo(1, 400), virtualizationType: 'hvm', tags: {} });
    }
    this.out.images.push(...list);
    return list;
  }

  /** `count` instances of one target spread over its VPCs, each in an app whose groups it shares. */
  instances(plans: VpcPlan[], images: Image[], count: number): Instance[] {
    const r = this.rng;
    const made: Instance[] = [];
    const perVpc = split(count, plans.map(() => 1));
    plans.forEach((p, vi) => {
      const { accountId, region } = p.vpc;
      for (let k = 0; k < perVpc[vi]; k++) {
        const appIdx = r.skewed(p.appSgs.length, 2.5);
        const appSg = p.appSgs[appIdx];
        const role = ROLES[appIdx % ROLES.length];
        const isPublic = role === 'web' && r.chance(0.7);
        const subnet = (isPublic ? p.publicSubnets : p.privateSubnets)[k % 3];
        const groups = [appSg.groupId, p.commonSgs[0].groupId];
        if (p.commonSgs.length > 1 && r.chance(0.5)) groups.push(p.commonSgs[1 + r.int(0, p.commonSgs.length - 2)].groupId);
        if (r.chance(0.01)) groups.push(p.defaultSg.groupId);
        const instanceId = this.ids.next('i');
        const state = r.chance(0.93) ? 'running' : r.chance(0.9) ? 'stopped' : 'terminated';
        const privateIp = `10.${p.octet}.${Number(subnet.cidrBlock!.split('.')[2]) + (k >> 8) % 16}.${4 + (k % 250)}`;
        const publicIp = (isPublic || subnet.mapPublicIpOnLaunch) && state === 'running' ? `3.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}` : undefined;
        const image = images[r.skewed(images.length)];
        const enis = [this.ids.next('eni')];
        if (r.chance(0.04)) enis.push(this.ids.next('eni'));
        const tags: Record<string, string> = { Name: `${appSg.groupName}-${k}`, Role: role, Owner: `team-${appIdx % 40}` };
        if (!r.chance(0.03)) tags.Environment = p.zone;
        const inst: Instance = {
          accountId, region, instanceId, state,
          ...(state !== 'running' ? { stateTransitionTime: this.daysAgo(0.5, 300) } : {}),
          instanceType: r.pick(TYPES), launchTime: this.daysAgo(1, 900), imageId: image.imageId,
          // Hop limit 2 on one instance in eight (container hosts), from the index so the PRNG sequence stays as it was.
          metadataOptions: { httpTokens: r.chance(0.75) ? 'required' : 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: k % 8 === 0 ? 2 : 1 },
          ...(publicIp ? { publicIpAddress: publicIp } : {}),
          privateIpAddress: privateIp, ipv6Addresses: [], networkInterfaceIds: enis, securityGroupIds: groups, subnetId: subnet.subnetId, vpcId: p.vpc.vpcId,
          ...(r.chance(0.7) ? { iamInstanceProfileArn: `arn:aws:iam::${accountId}:instance-profile/${role}-${p.zone}` } : {}),
          virtualizationType: r.chance(0.005) ? 'paravirtual' : 'hvm', tags,
        };
        made.push(inst);
        enis.forEach((eni, j) =>
          this.out.networkInterfaces.push({
            accountId, region, networkInterfaceId: eni, instanceId, subnetId: subnet.subnetId, vpcId: p.vpc.vpcId, privateIpAddresses: [j === 0 ? privateIp : `10.${p.octet}.200.${k % 250}`],
            ...(j === 0 && publicIp ? { publicIp } : {}), ipv6Addresses: [], securityGroupIds: groups, interfaceType: 'interface', status: 'in-use',
          }),
        );
        this.volumesFor(inst);
      }
    });
    this.out.instances.push(...made);
    return made;
  }

  private volumesFor(i: Instance): void {
    const r = this.rng;
    const mk = (device: string, size: number): Volume => {
      const encrypted = r.chance(0.9);
      const v: Volume = { accountId: i.accountId, region: i.region, volumeId: this.ids.next('vol'), encrypted, ...(encrypted ? { kmsKeyId: 'alias/aws/ebs' } : {}), state: 'in-use', sizeGiB: size, attachments: [{ instanceId: i.instanceId, device, state: 'attached' }], tags: {} };
      this.out.volumes.push(v);
      return v;
    };
    const root = mk('/dev/xvda', 20);
    if (r.chance(0.5)) mk('/dev/sdf', r.pick([100, 200, 500, 1000]));
    if (r.chance(0.3)) {
      this.out.snapshots.push({ accountId: i.accountId, region: i.region, snapshotId: this.ids.next('snap'), volumeId: root.volumeId, encrypted: root.encrypted, startTime: this.daysAgo(0, 30), public: r.chance(0.005), sharedWith: this.sharedWith(), description: 'backup', tags: {} });
    }
  }

  trails(accountId: string, regions: readonly string[]): void {
    const home = regions[0];
    const arn = (region: string, name: string) => `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
    const good = this.rng.chance(0.8);
    this.out.trails.push({
      accountId, region: home, name: 'org-trail', arn: arn(home, 'org-trail'), homeRegion: home, isMultiRegion: good, isOrganizationTrail: false, logFileValidationEnabled: good, includeGlobalServiceEvents: true,
      ...(good ? { kmsKeyId: `arn:aws:kms:${home}:${accountId}:key/trail`, cloudWatchLogsLogGroupArn: `arn:aws:logs:${home}:${accountId}:log-group:trail:*` } : {}),
      s3BucketName: `trail-${accountId}`, status: { isLogging: this.rng.chance(0.95) }, selectors: { basic: [{ readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: [] }] }, tags: {},
    });
    if (this.rng.chance(0.3) && regions.length > 1) {
      const region = regions[1];
      this.out.trails.push({ accountId, region, name: 'regional', arn: arn(region, 'regional'), homeRegion: region, isMultiRegion: false, isOrganizationTrail: false, logFileValidationEnabled: false, includeGlobalServiceEvents: false, s3BucketName: `regional-${accountId}`, status: { isLogging: true }, selectors: { basic: [{ readWriteType: 'WriteOnly', includeManagementEvents: true, excludeManagementEventSources: ['kms.amazonaws.com'] }] }, tags: {} });
    }
    this.trailBuckets();
  }

  /** The bucket of each trail: about one in ten public, one in three without access logging. */
  private trailBuckets(): void {
    const r = this.bucketRng;
    const open = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };
    const closed = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
    for (const t of this.out.trails.slice(this.bucketsDone)) {
      const pub = r.chance(0.1);
      this.out.trailBuckets.push({
        accountId: t.accountId, region: t.region, bucketName: t.s3BucketName!,
        policyIsPublic: pub && r.chance(0.5), publicAccessBlock: pub ? open : closed, aclPublicGrants: pub ? ['AllUsers READ'] : [],
        accessLogging: r.chance(0.65) ? { enabled: true, targetBucket: `access-logs-${t.accountId}` } : { enabled: false },
      });
    }
    this.bucketsDone = this.out.trails.length;
  }
  private bucketsDone = 0;

  events(target: Target, count: number, instances: Instance[]): void {
    const r = this.rng;
    const { accountId, region } = target;
    const arnBase = `arn:aws:iam::${accountId}`;
    const principals: Principal[] = [
      { type: 'AssumedRole', arn: `arn:aws:sts::${accountId}:assumed-role/terraform/ci`, accountId, userName: 'terraform', sessionIssuerArn: `${arnBase}:role/terraform` },
      { type: 'AssumedRole', arn: `arn:aws:sts::${accountId}:assumed-role/monitoring/agent`, accountId, userName: 'monitoring', sessionIssuerArn: `${arnBase}:role/monitoring` },
      { type: 'AssumedRole', arn: `arn:aws:sts::${accountId}:assumed-role/Admin/ops`, accountId, userName: 'Admin', sessionIssuerArn: `${arnBase}:role/Admin`, mfaUsed: true },
      { type: 'IAMUser', arn: `${arnBase}:user/alice`, accountId, userName: 'alice', mfaUsed: true },
      { type: 'IAMUser', arn: `${arnBase}:user/bob`, accountId, userName: 'bob', mfaUsed: false },
      { type: 'AWSService', invokedBy: 'config.amazonaws.com' },
      { type: 'Root', arn: `${arnBase}:root`, accountId },
    ];
    const sources = ['10.0.0.1', '203.0.113.24', '198.51.100.23', '185.220.101.34', 'AWS Internal'];
    const window = 86_400_000;
    const seedHex = (this.seed >>> 0).toString(16).padStart(8, '0');
    const from = this.iso(window);
    for (let k = 0; k < count; k++) {
      const x = r.next();
      const eventId = `${seedHex}-0000-4000-8000-${(this.eventCount++).toString(16).padStart(12, '0')}`;
      const time = this.iso(r.next() * window);
      let e: AuditEvent;
      if (x < 0.75) {
        e = base(eventId, time, accountId, region, 'ec2.amazonaws.com', r.pick(EC2_READS), principals[r.int(0, 2)], true);
      } else if (x < 0.87) {
        const target = instances.length ? instances[r.int(0, instances.length - 1)] : undefined;
        e = base(eventId, time, accountId, region, 'ec2.amazonaws.com', r.pick(EC2_WRITES), principals[r.pick([0, 0, 0, 2, 4])], false);
        if (target) {
          e.resources = [{ type: 'AWS::EC2::Instance', id: target.instanceId }];
          e.requestParameters = { instancesSet: { items: [{ instanceId: target.instanceId }] } };
        }
      } else if (x < 0.92) {
        const ok = r.chance(0.8);
        const p = principals[r.pick([2, 3, 4, 4, 6])];
        e = base(eventId, time, accountId, 'us-east-1', 'signin.amazonaws.com', 'ConsoleLogin', p, false);
        e.eventType = 'AwsConsoleSignIn';
        e.consoleLogin = ok ? 'Success' : 'Failure';
        if (!ok) e.errorMessage = 'Failed authentication';
      } else if (x < 0.97) {
        const [src, name] = r.chance(0.5) ? ['iam.amazonaws.com', 'ListRoles'] : ['ec2.amazonaws.com', 'CreateSnapshot'];
        e = base(eventId, time, accountId, region, src, name, principals[r.int(0, 4)], name.startsWith('List'));
        e.errorCode = src.startsWith('ec2') ? 'Client.UnauthorizedOperation' : 'AccessDenied';
        e.errorMessage = 'not authorized';
      } else {
        const [src, name] = r.pick(CHANGES);
        e = base(eventId, time, accountId, region, src, name, principals[r.pick([0, 2, 4])], false);
      }
      e.sourceIp = r.pick(sources);
      this.out.events.push(e);
    }
    this.out.eventWindows.push({ accountId, region, from, to: this.iso(0), eventCount: count, capped: false, unparsed: 0, unparsedErrors: [], classes: SCHEDULED_CLASSES });
  }
}

function rule(protocol: string, fromPort: number | null, toPort: number | null, peer: SgRule['peer'], description?: string): SgRule {
  return description ? { protocol, fromPort, toPort, peer, description } : { protocol, fromPort, toPort, peer };
}

function base(eventId: string, time: string, accountId: string, region: string, source: string, name: string, principal: Principal, readOnly: boolean): AuditEvent {
  return { eventId, time, accountId, region, source, name, readOnly, principal, resources: NO_RESOURCES, origin: 'lookup', eventType: 'AwsApiCall' };
}

/** A synthetic estate of the requested size; the same options always give the same snapshot. */
export function syntheticSnapshot(options: SyntheticOptions): Snapshot {
  for (const [k, v] of Object.entries(options)) {
    if (k !== 'generatedAt' && v !== undefined && !(Number.isInteger(v) && (v as number) >= 0)) throw new RangeError(`syntheticSnapshot: ${k} must be a whole number ≥ 0, got ${String(v)}`);
  }
  if (options.generatedAt !== undefined && Number.isNaN(Date.parse(options.generatedAt))) throw new RangeError(`syntheticSnapshot: generatedAt must be an ISO date-time, got ${options.generatedAt}`);
  const instances = options.instances;
  const sgTotal = options.securityGroups ?? Math.round(instances * 0.4);
  const eventTotal = options.events ?? instances * 4;
  const seed = options.seed ?? 1;
  const generatedAt = options.generatedAt ?? '2026-11-26T12:00:00.000Z';
  const accountCount = Math.min(50, Math.max(1, options.accounts ?? Math.ceil(instances / 5000)));
  const b = new Builder(seed, generatedAt);

  const accounts = Array.from({ length: accountCount }, (_, i) => accountIdOf(i, seed));
  const targets = accounts.flatMap((a) => REGIONS.map((region, ri) => ({ accountId: a, region, weight: REGION_WEIGHTS[ri] })));
  const perTarget = split(instances, targets.map((t) => t.weight));
  const sgsPerTarget = split(sgTotal, targets.map((t) => t.weight));
  const eventsPerTarget = split(eventTotal, targets.map((t) => t.weight));

  targets.forEach((t, i) => {
    const { plans, images } = b.target(t.accountId, t.region, perTarget[i], sgsPerTarget[i]);
    const made = b.instances(plans, images, perTarget[i]);
    b.events(t, eventsPerTarget[i], made);
  });
  for (const a of accounts) b.trails(a, REGIONS);

  // One throttled LookupEvents read, as a scan of many targets would meet.
  const last = targets[targets.length - 1];
  const gap: CoverageGap = { accountId: last.accountId, region: last.region, service: 'cloudtrail', api: 'LookupEvents', errorCode: 'ThrottlingException', message: 'Rate exceeded' };
  b.out.coverageGaps.push(gap);

  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    generatedAt: new Date(Date.parse(generatedAt)).toISOString(),
    source: { kind: 'synthetic', description: `synthetic estate: ${instances} instances, ${sgTotal} security groups, ${eventTotal} events, seed ${seed}` },
    ...b.out,
  };
}
