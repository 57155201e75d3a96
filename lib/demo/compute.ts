/**
 * The demo instances with their network interfaces, volumes, snapshots, images and EBS default
 * encryption. 54 instances over two accounts and two regions, tagged by zone (Environment = prod /
 * staging / dev / shared) with Name, Role and Owner, plus three unzoned ones.
 *
 * Built-in mistakes, each beside compliant peers: IMDSv1 still accepted, public IPs, a second ENI,
 * a paravirtual relic, instances stopped for months, unapproved / too old / deprecated AMIs, an
 * owned AMI shared publicly, unencrypted attached volumes, a publicly restorable snapshot, EBS
 * encryption by default off in eu-west-1, CI runners whose metadata tokens travel two hops (container
 * hosts), instances without an instance profile, an unencrypted snapshot. Hostile tag values prove the reports escape them.
 */
import * as b from '../model/builders';
import type { EbsEncryptionDefault, EbsSnapshot, Image, Instance, NetworkInterface, Volume } from '../model/types';
import { awsId, uuidFrom } from './ids';
import { hostIp, subnetInfo } from './network';
import { sgId } from './security-groups';
import {
  AMAZON_OWNER, AMAZON_WINDOWS_OWNER, CANONICAL_OWNER, COMMUNITY_OWNER, EU, FORMER_CONTRACTOR, REPORTING_VENDOR, HOSTILE_FORMULA, HOSTILE_HTML, TOOLS, US, WORKLOADS, daysAgo,
} from './constants';

export const instanceId = (name: string) => awsId('i', name);
export const imageId = (key: string) => awsId('ami', key);

interface ImageSpec {
  key: string;
  accountId: string;
  region: string;
  name: string;
  ownerId: string;
  ownerAlias?: string;
  owned: boolean;
  public?: boolean;
  created: string;
  deprecated?: string;
  pv?: boolean;
  /** Accounts launchPermission names (owned images only; none when absent). */
  sharedWith?: string[];
}

const IMAGES: ImageSpec[] = [
  // Shared with the tools account (scanned, so trusted) for CI builds.
  { key: 'golden-2026-10', accountId: WORKLOADS, region: US, name: 'acme-golden-al2023-2026.10.20', ownerId: WORKLOADS, owned: true, created: '2026-10-20T08:00:00.000Z', sharedWith: [TOOLS] },
  { key: 'golden-2025-02', accountId: WORKLOADS, region: US, name: 'acme-golden-al2023-2025.02.10', ownerId: WORKLOADS, owned: true, created: '2025-02-10T08:00:00.000Z' },
  { key: 'golden-2026-06', accountId: WORKLOADS, region: US, name: 'acme-golden-al2023-2026.06.01', ownerId: WORKLOADS, owned: true, created: '2026-06-01T08:00:00.000Z', deprecated: '2026-09-01T00:00:00.000Z' },
  { key: 'storefront-demo-public', accountId: WORKLOADS, region: US, name: 'storefront-demo-2026.08 (shared with partner)', ownerId: WORKLOADS, owned: true, public: true, created: '2026-08-14T10:00:00.000Z' },
  { key: 'al2023-us', accountId: WORKLOADS, region: US, name: 'al2023-ami-2023.9.20261101.0-kernel-6.1-x86_64', ownerId: AMAZON_OWNER, ownerAlias: 'amazon', owned: false, public: true, created: '2026-11-01T00:00:00.000Z' },
  { key: 'ubuntu-2404-us', accountId: WORKLOADS, region: US, name: 'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261015', ownerId: CANONICAL_OWNER, owned: false, public: true, created: '2026-10-15T00:00:00.000Z' },
  { key: 'windows-2022-us', accountId: WORKLOADS, region: US, name: 'Windows_Server-2022-English-Full-Base-2026.11.12', ownerId: AMAZON_WINDOWS_OWNER, ownerAlias: 'amazon', owned: false, public: true, created: '2026-11-12T00:00:00.000Z' },
  { key: 'community-pv', accountId: WORKLOADS, region: US, name: 'centos-6.5-pv-minimal', ownerId: COMMUNITY_OWNER, owned: false, public: true, created: '2014-03-02T00:00:00.000Z', pv: true },
  { key: 'golden-2026-10-eu', accountId: WORKLOADS, region: EU, name: 'acme-golden-al2023-2026.10.20', ownerId: WORKLOADS, owned: true, created: '2026-10-20T09:30:00.000Z' },
  { key: 'al2023-eu', accountId: WORKLOADS, region: EU, name: 'al2023-ami-2023.9.20261101.0-kernel-6.1-x86_64', ownerId: AMAZON_OWNER, ownerAlias: 'amazon', owned: false, public: true, created: '2026-11-01T00:00:00.000Z' },
  { key: 'tools-golden-2026-09', accountId: TOOLS, region: US, name: 'tools-runner-2026.09.30', ownerId: TOOLS, owned: true, created: '2026-09-30T12:00:00.000Z' },
  // Shared with a former contractor's account two years ago and never revoked.
  { key: 'tools-builder-2024', accountId: TOOLS, region: US, name: 'tools-builder-2024.01.15', ownerId: TOOLS, owned: true, created: '2024-01-15T12:00:00.000Z', sharedWith: [FORMER_CONTRACTOR] },
];

function images(): Image[] {
  return IMAGES.map((i) =>
    b.image({
      accountId: i.accountId,
      region: i.region,
      imageId: imageId(i.key),
      name: i.name,
      ownerId: i.ownerId,
      ...(i.ownerAlias ? { ownerAlias: i.ownerAlias } : {}),
      owned: i.owned,
      public: i.public ?? false,
      creationDate: i.created,
      ...(i.deprecated ? { deprecationTime: i.deprecated } : {}),
      virtualizationType: i.pv ? 'paravirtual' : 'hvm',
      tags: i.owned ? { Name: i.name, BuiltBy: 'packer' } : {},
      ...(i.owned ? { sharedWith: i.sharedWith ?? [] } : {}),
    }),
  );
}

interface InstanceSpec {
  name: string;
  subnet: string;
  /** Zone (Environment tag); undefined = unzoned. */
  env?: string;
  role?: string;
  owner?: string;
  groups: string[];
  image: string;
  type?: string;
  /** 'eip' = Elastic IP, 'auto' = auto-assigned by the subnet. */
  publicIp?: 'eip' | 'auto';
  imdsv1?: boolean;
  /** IMDS PUT response hop limit (default 1). */
  hopLimit?: number;
  /** Days since it stopped. */
  stoppedDays?: number;
  pv?: boolean;
  secondEni?: boolean;
  windows?: boolean;
  profile?: string;
  /** Tags replaced wholesale (unzoned and hostile ones). */
  tags?: Record<string, string>;
  /** Volumes: root size and encryption, optional data volume. */
  rootGiB?: number;
  rootUnencrypted?: boolean;
  data?: { sizeGiB: number; encrypted: boolean };
  launchedDaysAgo: number;
}

const web = (name: string, subnet: string, extra: Partial<InstanceSpec> = {}): InstanceSpec => ({
  name, subnet, env: 'prod', role: 'web', owner: 'storefront', groups: ['prod-web', 'monitoring-prod'], image: 'golden-2026-10', type: 'c7g.large', publicIp: 'eip', profile: 'prod-web', launchedDaysAgo: 30, ...extra,
});
const app = (env: string, name: string, subnet: string, groups: string[], extra: Partial<InstanceSpec> = {}): InstanceSpec => ({
  name, subnet, env, role: 'app', owner: 'storefront', groups, image: 'golden-2026-10', type: 'm7g.large', profile: `${env}-app`, launchedDaysAgo: 21, ...extra,
});

const INSTANCES: InstanceSpec[] = [
  // prod, us-east-1
  web('prod-web-01', 'prod-public-a'),
  web('prod-web-02', 'prod-public-b'),
  web('prod-web-03', 'prod-public-a', { imdsv1: true }),
  web('prod-web-legacy-01', 'prod-public-b', { groups: ['prod-web-legacy'], image: 'golden-2025-02', type: 'm5.large', secondEni: true, launchedDaysAgo: 640 }),
  app('prod', 'prod-app-01', 'prod-app-a', ['prod-app', 'monitoring-prod']),
  app('prod', 'prod-app-02', 'prod-app-b', ['prod-app', 'monitoring-prod']),
  app('prod', 'prod-app-03', 'prod-app-a', ['prod-app', 'monitoring-prod']),
  app('prod', 'prod-app-04', 'prod-app-b', ['prod-app', 'monitoring-prod']),
  app('prod', 'prod-app-05', 'prod-app-a', ['prod-app', 'monitoring-prod'], { imdsv1: true }),
  app('prod', 'prod-app-06', 'prod-app-b', ['prod-app', 'monitoring-prod'], { image: 'ubuntu-2404-us', owner: 'search' }),
  { name: 'prod-db-01', subnet: 'prod-db-a', env: 'prod', role: 'db', owner: 'platform', groups: ['prod-db', 'monitoring-prod'], image: 'golden-2026-10', type: 'r7g.xlarge', data: { sizeGiB: 500, encrypted: true }, launchedDaysAgo: 35 },
  { name: 'prod-db-02', subnet: 'prod-db-b', env: 'prod', role: 'db', owner: 'platform', groups: ['prod-db', 'monitoring-prod'], image: 'golden-2026-10', type: 'r7g.xlarge', data: { sizeGiB: 500, encrypted: true }, launchedDaysAgo: 35 },
  { name: 'prod-db-03', subnet: 'prod-db-a', env: 'prod', role: 'db', owner: 'reporting', groups: ['prod-db'], image: 'golden-2025-02', type: 'r5.large', data: { sizeGiB: 200, encrypted: false }, launchedDaysAgo: 600 },
  app('prod', 'prod-worker-01', 'prod-app-a', ['prod-worker', 'monitoring-prod'], { role: 'worker' }),
  app('prod', 'prod-worker-02', 'prod-app-b', ['prod-worker', 'monitoring-prod'], { role: 'worker' }),
  app('prod', 'prod-worker-03', 'prod-app-a', ['prod-worker'], { role: 'worker', stoppedDays: 45 }),
  // staging
  { name: 'staging-web-01', subnet: 'staging-public-a', env: 'staging', role: 'web', owner: 'storefront', groups: ['staging-web', 'nonprod-common'], image: 'golden-2026-10', type: 't4g.medium', publicIp: 'eip', launchedDaysAgo: 12 },
  { name: 'staging-web-02', subnet: 'staging-public-a', env: 'staging', role: 'web', owner: 'storefront', groups: ['staging-web', 'nonprod-common'], image: 'golden-2026-10', type: 't4g.medium', publicIp: 'eip', launchedDaysAgo: 12 },
  app('staging', 'staging-app-01', 'staging-app-a', ['staging-app', 'nonprod-common']),
  app('staging', 'staging-app-02', 'staging-app-b', ['staging-app', 'nonprod-common']),
  app('staging', 'staging-app-03', 'staging-app-a', ['staging-app', 'nonprod-common'], { imdsv1: true }),
  app('staging', 'staging-app-04', 'staging-app-b', ['staging-app', 'nonprod-common']),
  { name: 'staging-db-01', subnet: 'staging-app-b', env: 'staging', role: 'db', owner: 'platform', groups: ['staging-db', 'nonprod-common'], image: 'golden-2026-10', type: 'r7g.large', data: { sizeGiB: 100, encrypted: true }, launchedDaysAgo: 40 },
  { name: 'staging-db-02', subnet: 'staging-app-b', env: 'staging', role: 'db', owner: 'reporting', groups: ['staging-db', 'nonprod-common'], image: 'golden-2025-02', type: 'r5.large', rootUnencrypted: true, launchedDaysAgo: 500 },
  // dev
  { name: 'dev-box-01', subnet: 'dev-public-a', env: 'dev', role: 'devbox', owner: 'j.doe', groups: ['dev-ssh-open', 'nonprod-common'], image: 'al2023-us', type: 't3.large', publicIp: 'auto', launchedDaysAgo: 3 },
  { name: 'dev-box-02', subnet: 'dev-public-a', env: 'dev', role: 'devbox', owner: 'm.rossi', groups: ['nonprod-common'], image: 'al2023-us', type: 't3.large', publicIp: 'auto', imdsv1: true, launchedDaysAgo: 8 },
  { name: 'dev-win-01', subnet: 'dev-a', env: 'dev', role: 'jump', owner: 'it-ops', groups: ['dev-windows-rdp', 'nonprod-common'], image: 'windows-2022-us', type: 'm6i.large', windows: true, launchedDaysAgo: 10, rootGiB: 60 },
  { name: 'dev-db-migrator', subnet: 'dev-a', env: 'dev', role: 'migration', owner: 'platform', groups: ['nonprod-common'], image: 'golden-2026-10', type: 'c7g.large', launchedDaysAgo: 6 },
  { name: 'dev-scratch-01', subnet: 'dev-a', env: 'dev', role: 'scratch', owner: 'j.doe', groups: ['dev-temp-debug'], image: 'ubuntu-2404-us', type: 't3.micro', launchedDaysAgo: 2 },
  { name: 'dev-legacy-pv', subnet: 'dev-b', env: 'dev', role: 'legacy', owner: 'unknown', groups: ['nonprod-common'], image: 'community-pv', type: 'm1.small', pv: true, imdsv1: true, stoppedDays: 200, rootUnencrypted: true, launchedDaysAgo: 2400 },
  app('dev', 'dev-app-01', 'dev-b', ['nonprod-common']),
  app('dev', 'dev-app-02', 'dev-b', ['nonprod-common'], { stoppedDays: 5 }),
  { name: 'dev-wireguard', subnet: 'dev-public-a', env: 'dev', role: 'vpn', owner: 'it-ops', groups: ['dev-wireguard'], image: 'golden-2026-10', type: 't4g.small', publicIp: 'auto', launchedDaysAgo: 50 },
  app('dev', 'dev-ci-01', 'dev-a', ['nonprod-common'], { role: 'ci', image: 'golden-2026-06' }),
  // shared services
  { name: 'bastion-01', subnet: 'shared-public-a', env: 'shared', role: 'bastion', owner: 'platform', groups: ['bastion'], image: 'golden-2026-10', type: 't4g.small', publicIp: 'eip', launchedDaysAgo: 30 },
  { name: 'bastion-02', subnet: 'shared-public-a', env: 'shared', role: 'bastion', owner: 'platform', groups: ['bastion'], image: 'golden-2026-10', type: 't4g.small', publicIp: 'eip', launchedDaysAgo: 30 },
  { name: 'mirror-01', subnet: 'shared-svc-a', env: 'shared', role: 'mirror', owner: 'platform', groups: ['shared-services'], image: 'golden-2026-10', type: 'm7g.large', data: { sizeGiB: 1000, encrypted: true }, launchedDaysAgo: 30 },
  { name: 'dns-01', subnet: 'shared-svc-a', env: 'shared', role: 'dns', owner: 'platform', groups: ['shared-services'], image: 'golden-2026-10', type: 't4g.small', launchedDaysAgo: 30 },
  { name: 'dns-02', subnet: 'shared-svc-b', env: 'shared', role: 'dns', owner: 'platform', groups: ['shared-services'], image: 'golden-2026-10', type: 't4g.small', launchedDaysAgo: 30 },
  { name: 'monitoring-01', subnet: 'shared-svc-b', env: 'shared', role: 'monitoring', owner: 'platform', groups: ['monitoring'], image: 'golden-2026-10', type: 'm7g.xlarge', data: { sizeGiB: 300, encrypted: true }, launchedDaysAgo: 30 },
  // unzoned: no Environment tag a zone can be read from
  { name: 'unnamed', subnet: 'dev-a', groups: ['default-nonprod'], image: 'al2023-us', type: 't3.micro', tags: {}, launchedDaysAgo: 90 },
  { name: 'jenkins-old', subnet: 'dev-b', groups: ['nonprod-common'], image: 'golden-2025-02', type: 'm4.large', imdsv1: true, stoppedDays: 400, rootUnencrypted: true, tags: { Name: 'jenkins-old' }, launchedDaysAgo: 900 },
  { name: 'hostile-tags', subnet: 'dev-a', groups: ['nonprod-common'], image: 'golden-2026-10', type: 't3.micro', tags: { Name: HOSTILE_HTML, Environment: 'sandbox', Owner: HOSTILE_FORMULA, Notes: '@SUM(1+1)*cmd|\' /C calc\'!A0' }, launchedDaysAgo: 1 },
  // eu-west-1
  { ...web('eu-prod-web-01', 'eu-public-a'), groups: ['eu-web'], image: 'golden-2026-10-eu', profile: 'prod-web' },
  { ...web('eu-prod-web-02', 'eu-public-a'), groups: ['eu-web'], image: 'golden-2026-10-eu', profile: 'prod-web' },
  app('prod', 'eu-prod-app-01', 'eu-app-a', ['eu-app'], { image: 'golden-2026-10-eu' }),
  app('prod', 'eu-prod-app-02', 'eu-app-b', ['eu-app'], { image: 'golden-2026-10-eu' }),
  app('prod', 'eu-prod-app-03', 'eu-app-b', ['eu-app'], { image: 'al2023-eu', imdsv1: true }),
  { name: 'eu-dev-notebook-01', subnet: 'eu-dev-a', env: 'dev', role: 'notebook', owner: 'data-team', groups: ['eu-dev'], image: 'al2023-eu', type: 'g5.xlarge', publicIp: 'auto', rootUnencrypted: true, launchedDaysAgo: 15 },
  { name: 'eu-dev-notebook-02', subnet: 'eu-dev-a', env: 'dev', role: 'notebook', owner: 'data-team', groups: ['default-eu-dev'], image: 'al2023-eu', type: 'g5.xlarge', publicIp: 'auto', stoppedDays: 12, launchedDaysAgo: 60 },
  // the tools account
  { name: 'ci-runner-01', subnet: 'ci-a', env: 'shared', role: 'ci-runner', owner: 'devex', groups: ['ci-runner'], image: 'tools-golden-2026-09', type: 'c7g.2xlarge', hopLimit: 2, launchedDaysAgo: 4 },
  { name: 'ci-runner-02', subnet: 'ci-b', env: 'shared', role: 'ci-runner', owner: 'devex', groups: ['ci-runner'], image: 'tools-golden-2026-09', type: 'c7g.2xlarge', hopLimit: 2, launchedDaysAgo: 4 },
  { name: 'artifact-01', subnet: 'ci-b', env: 'shared', role: 'artifacts', owner: 'devex', groups: ['artifact'], image: 'tools-golden-2026-09', type: 'm7g.large', data: { sizeGiB: 2000, encrypted: true }, launchedDaysAgo: 100 },
  { name: 'build-box', subnet: 'ci-a', env: 'dev', role: 'build', owner: 'devex', groups: ['ci-runner', 'tools-legacy'], image: 'tools-builder-2024', type: 'c5.xlarge', imdsv1: true, launchedDaysAgo: 300 },
];

export const DEMO_INSTANCE_NAMES = INSTANCES.map((i) => i.name);

const profileArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:instance-profile/${name}-role`;

/** Public IPv4 addresses from the documentation-adjacent ranges AWS actually uses in us-east-1 / eu-west-1. */
function publicIp(region: string, n: number): string {
  return region === EU ? `54.76.${20 + n}.${100 + n}` : `3.85.${10 + n}.${200 - n}`;
}

export interface DemoCompute {
  instances: Instance[];
  networkInterfaces: NetworkInterface[];
  volumes: Volume[];
  snapshots: EbsSnapshot[];
  images: Image[];
  ebsEncryptionByDefault: EbsEncryptionDefault[];
}

export function demoCompute(): DemoCompute {
  const instances: Instance[] = [];
  const networkInterfaces: NetworkInterface[] = [];
  const volumes: Volume[] = [];
  const hostIndex = new Map<string, number>();

  INSTANCES.forEach((spec, n) => {
    const sub = subnetInfo(spec.subnet);
    const { accountId, region } = sub;
    const id = instanceId(spec.name);
    const host = hostIndex.get(spec.subnet) ?? 0;
    hostIndex.set(spec.subnet, host + 1);
    const privateIp = hostIp(spec.subnet, host);
    const pub = spec.publicIp ? publicIp(region, n) : undefined;
    const groups = spec.groups.map(sgId);
    const tags = spec.tags ?? { Name: spec.name, Environment: spec.env!, Role: spec.role!, Owner: spec.owner ?? 'platform' };
    const launchTime = daysAgo(spec.launchedDaysAgo, 3);
    const eni = awsId('eni', spec.name);
    const enis = [eni, ...(spec.secondEni ? [awsId('eni', `${spec.name}-2`)] : [])];

    instances.push(
      b.instance({
        accountId, region,
        instanceId: id,
        state: spec.stoppedDays !== undefined ? 'stopped' : 'running',
        ...(spec.stoppedDays !== undefined ? { stateTransitionTime: daysAgo(spec.stoppedDays, 2) } : {}),
        instanceType: spec.type ?? 't3.medium',
        launchTime,
        imageId: imageId(spec.image),
        metadataOptions: { httpTokens: spec.imdsv1 ? 'optional' : 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: spec.hopLimit ?? 1 },
        // A stopped instance keeps an Elastic IP but loses an auto-assigned one.
        ...(pub && !(spec.stoppedDays !== undefined && spec.publicIp === 'auto') ? { publicIpAddress: pub } : {}),
        privateIpAddress: privateIp,
        networkInterfaceIds: enis,
        securityGroupIds: groups,
        subnetId: sub.subnetId,
        vpcId: sub.vpcId,
        ...(spec.profile ? { iamInstanceProfileArn: profileArn(accountId, spec.profile) } : {}),
        virtualizationType: spec.pv ? 'paravirtual' : 'hvm',
        ...(spec.windows ? { platform: 'windows' } : {}),
        tags,
      }),
    );

    const hasPublic = pub && !(spec.stoppedDays !== undefined && spec.publicIp === 'auto');
    networkInterfaces.push(
      b.networkInterface({
        accountId, region, networkInterfaceId: eni, instanceId: id, subnetId: sub.subnetId, vpcId: sub.vpcId,
        privateIpAddresses: [privateIp], ...(hasPublic ? { publicIp: pub } : {}), securityGroupIds: groups,
        interfaceType: 'interface', status: 'in-use', description: spec.secondEni ? 'Primary network interface' : '',
      }),
    );
    if (spec.secondEni) {
      // A second ENI in another subnet of the same VPC: dual-homed, a way around the tier's NACL.
      const second = subnetInfo('prod-app-b');
      networkInterfaces.push(
        b.networkInterface({
          accountId, region, networkInterfaceId: enis[1], instanceId: id, subnetId: second.subnetId, vpcId: second.vpcId,
          privateIpAddresses: [hostIp('prod-app-b', 50)], securityGroupIds: [sgId('prod-app')], interfaceType: 'interface', status: 'in-use', description: 'legacy back-office leg',
        }),
      );
    }

    const root = b.volume({
      accountId, region,
      volumeId: awsId('vol', `${spec.name}-root`),
      encrypted: !spec.rootUnencrypted,
      ...(spec.rootUnencrypted ? {} : { kmsKeyId: `arn:aws:kms:${region}:${accountId}:key/${uuidFrom(`ebs-${accountId}-${region}`)}` }),
      state: 'in-use',
      sizeGiB: spec.rootGiB ?? (spec.pv ? 8 : 20),
      attachments: [{ instanceId: id, device: spec.pv ? '/dev/sda1' : '/dev/xvda', state: 'attached' }],
      tags: { Name: `${spec.name}-root` },
    });
    volumes.push(root);
    if (spec.data) {
      volumes.push(
        b.volume({
          accountId, region,
          volumeId: awsId('vol', `${spec.name}-data`),
          encrypted: spec.data.encrypted,
          state: 'in-use',
          sizeGiB: spec.data.sizeGiB,
          attachments: [{ instanceId: id, device: '/dev/sdf', state: 'attached' }],
          tags: { Name: `${spec.name}-data` },
        }),
      );
    }
  });

  // Non-instance interfaces: what DescribeNetworkInterfaces also returns in a real VPC.
  for (const [key, subnet, type, desc] of [
    ['nat-prod', 'prod-public-a', 'nat_gateway', 'Interface for NAT Gateway'],
    ['vpce-s3-prod', 'prod-app-a', 'vpc_endpoint', 'VPC Endpoint Interface'],
    ['lambda-nonprod', 'dev-a', 'lambda', 'AWS Lambda VPC ENI-dev-data-sync'],
  ] as const) {
    const sub = subnetInfo(subnet);
    networkInterfaces.push(
      b.networkInterface({ accountId: sub.accountId, region: sub.region, networkInterfaceId: awsId('eni', key), subnetId: sub.subnetId, vpcId: sub.vpcId, privateIpAddresses: [hostIp(subnet, 200)], interfaceType: type, status: 'in-use', description: desc }),
    );
  }

  // An unattached, unencrypted volume left behind: not "attached", so EC2.3 does not apply to it.
  volumes.push(b.volume({ accountId: WORKLOADS, region: US, volumeId: awsId('vol', 'orphan-restore-test'), encrypted: false, state: 'available', sizeGiB: 100, attachments: [], tags: { Name: 'restore-test-DELETE-ME' } }));

  return { instances, networkInterfaces, volumes, snapshots: snapshots(), images: images(), ebsEncryptionByDefault: ebsDefaults() };
}

function snapshots(): EbsSnapshot[] {
  const snap = (key: string, accountId: string, region: string, o: Partial<Parameters<typeof b.ebsSnapshot>[0]>) =>
    b.ebsSnapshot({ accountId, region, snapshotId: awsId('snap', key), sharedWith: [], ...o });
  return [
    // Copied to the DR account, which this audit scans: a trusted share.
    snap('prod-db-01-nightly', WORKLOADS, US, { volumeId: awsId('vol', 'prod-db-01-data'), encrypted: true, startTime: daysAgo(0, 9), description: 'nightly backup prod-db-01', tags: { Name: 'prod-db-01-nightly', Environment: 'prod' }, sharedWith: [TOOLS] }),
    snap('prod-db-02-nightly', WORKLOADS, US, { volumeId: awsId('vol', 'prod-db-02-data'), encrypted: true, startTime: daysAgo(0, 9), description: 'nightly backup prod-db-02', tags: { Name: 'prod-db-02-nightly', Environment: 'prod' } }),
    // Shared with the reporting vendor's account, which nobody listed as trusted.
    snap('prod-db-03-weekly', WORKLOADS, US, { volumeId: awsId('vol', 'prod-db-03-data'), encrypted: false, startTime: daysAgo(3), description: 'weekly reporting db', tags: { Name: 'prod-db-03-weekly', Environment: 'prod' }, sharedWith: [REPORTING_VENDOR] }),
    // Shared "temporarily" with a vendor by making it public: anyone can restore the customer data.
    snap('staging-db-dump-vendor', WORKLOADS, US, { volumeId: awsId('vol', 'staging-db-02-root'), encrypted: false, public: true, startTime: daysAgo(20), description: 'db dump for vendor BI import', tags: { Name: 'staging-db-dump-vendor', Environment: 'staging' } }),
    snap('golden-2026-10-root', WORKLOADS, US, { encrypted: true, startTime: '2026-10-20T08:05:00.000Z', description: `Created by CreateImage for ${imageId('golden-2026-10')}` }),
    snap('storefront-demo-root', WORKLOADS, US, { encrypted: false, public: true, startTime: '2026-08-14T10:05:00.000Z', description: `Created by CreateImage for ${imageId('storefront-demo-public')}` }),
    snap('hostile-description', WORKLOADS, US, { encrypted: true, startTime: daysAgo(1), description: HOSTILE_FORMULA, tags: { Name: HOSTILE_HTML } }),
    snap('eu-app-weekly', WORKLOADS, EU, { encrypted: true, startTime: daysAgo(2), description: 'weekly eu app', tags: { Environment: 'prod' } }),
    snap('tools-artifacts-daily', TOOLS, US, { volumeId: awsId('vol', 'artifact-01-data'), encrypted: true, startTime: daysAgo(0, 6), description: 'artifact store daily' }),
  ];
}

function ebsDefaults(): EbsEncryptionDefault[] {
  return [
    b.ebsEncryptionDefault({ accountId: WORKLOADS, region: US, enabled: true, kmsKeyId: `arn:aws:kms:${US}:${WORKLOADS}:alias/ebs-default` }),
    b.ebsEncryptionDefault({ accountId: WORKLOADS, region: EU, enabled: false }),
    b.ebsEncryptionDefault({ accountId: TOOLS, region: US, enabled: true, kmsKeyId: 'alias/aws/ebs' }),
  ];
}

/** Instance id, account and region of a demo instance by name, for events and the demo policy. */
export function demoInstance(name: string): { instanceId: string; accountId: string; region: string; privateIp: string } {
  const idx = INSTANCES.findIndex((i) => i.name === name);
  if (idx < 0) throw new Error(`demo estate: unknown instance ${name}`);
  const spec = INSTANCES[idx];
  const sub = subnetInfo(spec.subnet);
  const host = INSTANCES.slice(0, idx).filter((i) => i.subnet === spec.subnet).length;
  return { instanceId: instanceId(name), accountId: sub.accountId, region: sub.region, privateIp: hostIp(spec.subnet, host) };
}
