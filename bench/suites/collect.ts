/**
 * Collection against a mocked account whose every API call takes `LATENCY_MS` (about what EC2
 * Describe* calls take from a Lambda in-region): how many calls a target costs and how long it
 * takes, for one region, and for a 4-region scan (targets collected 4 at once).
 * LookupEvents is left out of the timed runs: it is paced at one call per second per region, so its
 * cost is pages × 1 s whatever the estate (the `eventPages` note gives the pages for 5,000 events).
 *
 * Registered in bench/suites/index.ts; also runs alone, without the harness:
 *   npx ts-node --transpile-only bench/suites/collect.ts 10000
 */
import { performance } from 'node:perf_hooks';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeFlowLogsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import { CloudTrailClient, DescribeTrailsCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { collectTarget } from '../../lib/collect/collect-target';
import { defaultScanDeps, scan } from '../../lib/collect/scan';
import { PAGE_SIZE } from '../../lib/collect/page-sizes';
import type { BenchSuite, SuiteContext } from '../suite';
import { runStandalone } from '../standalone';
import { mockOtherServices, pager, reservations, staticCredentials } from '../../test/collect/fake-aws';
import { openTargetClients } from '../../lib/collect/target-clients';

const LATENCY_MS = 50;
const NOW = new Date('2026-11-26T12:00:00.000Z');
const ACCOUNT = '111111111111';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pad = (n: number) => n.toString(16).padStart(17, '0');

/** The estate of one region, proportional to its instances. */
function estate(instances: number) {
  const sgs = Math.max(1, Math.ceil(instances / 20));
  return {
    reservations: reservations(instances),
    enis: Array.from({ length: instances }, (_, i) => ({ NetworkInterfaceId: `eni-${pad(i)}`, Attachment: { InstanceId: `i-${pad(i)}` }, SubnetId: 'subnet-1', VpcId: 'vpc-1', Groups: [{ GroupId: `sg-${pad(i % sgs)}` }] })),
    sgs: Array.from({ length: sgs }, (_, i) => ({
      GroupId: `sg-${pad(i)}`,
      GroupName: `sg-${i}`,
      VpcId: 'vpc-1',
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], PrefixListIds: [{ PrefixListId: `pl-${i % 3}` }] },
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: `sg-${pad((i + 1) % sgs)}` }] },
      ],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    })),
    volumes: Array.from({ length: instances }, (_, i) => ({ VolumeId: `vol-${pad(i)}`, Encrypted: i % 3 !== 0, State: 'in-use', Attachments: [{ InstanceId: `i-${pad(i)}`, Device: '/dev/xvda' }] })),
    snapshots: Array.from({ length: Math.ceil(instances / 2) }, (_, i) => ({ SnapshotId: `snap-${pad(i)}`, Encrypted: true, VolumeId: `vol-${pad(i)}` })),
    subnets: Array.from({ length: 100 }, (_, i) => ({ SubnetId: `subnet-${i}`, VpcId: `vpc-${i % 10}`, CidrBlock: `10.${i}.0.0/24` })),
    routeTables: Array.from({ length: 50 }, (_, i) => ({ RouteTableId: `rtb-${i}`, VpcId: `vpc-${i % 10}`, Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }] })),
    nacls: Array.from({ length: 50 }, (_, i) => ({ NetworkAclId: `acl-${i}`, VpcId: `vpc-${i % 10}`, Entries: [{ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0', Egress: false }] })),
    vpcs: Array.from({ length: 10 }, (_, i) => ({ VpcId: `vpc-${i}`, CidrBlock: `10.${i}.0.0/16` })),
    images: Array.from({ length: 20 }, (_, i) => ({ ImageId: `ami-own${i}`, OwnerId: ACCOUNT, CreationDate: '2026-01-01T00:00:00.000Z' })),
  };
}

/** Every EC2/CloudTrail call answers after LATENCY_MS, paged like AWS; returns the call counter. */
export function mockLatencyAccount(instancesPerRegion: number, latencyMs = LATENCY_MS) {
  const e = estate(instancesPerRegion);
  const ec2 = mockClient(EC2Client);
  const ct = mockClient(CloudTrailClient);
  const sts = mockClient(STSClient);
  const counter = { calls: 0, inFlight: 0, peakInFlight: 0 };
  const slow =
    <I>(answer: (input: I) => unknown) =>
    async (input: I) => {
      counter.calls++;
      counter.peakInFlight = Math.max(counter.peakInFlight, ++counter.inFlight);
      await sleep(latencyMs);
      counter.inFlight--;
      return answer(input);
    };
  ec2.onAnyCommand().callsFake(slow(() => ({})));
  ct.onAnyCommand().callsFake(slow(() => ({})));
  const other = mockOtherServices();
  for (const stub of Object.values(other)) stub.onAnyCommand().callsFake(slow(() => ({})));
  ec2.on(DescribeInstancesCommand).callsFake(slow(pager(e.reservations, 'Reservations')));
  ec2.on(DescribeNetworkInterfacesCommand).callsFake(slow(pager(e.enis, 'NetworkInterfaces')));
  ec2.on(DescribeSecurityGroupsCommand).callsFake(slow(pager(e.sgs, 'SecurityGroups')));
  ec2.on(DescribeManagedPrefixListsCommand).callsFake(slow(() => ({ PrefixLists: [0, 1, 2].map((i) => ({ PrefixListId: `pl-${i}`, AddressFamily: 'IPv4' })) })));
  ec2.on(GetManagedPrefixListEntriesCommand).callsFake(slow(() => ({ Entries: [{ Cidr: '198.51.100.0/24' }] })));
  ec2.on(DescribeVolumesCommand).callsFake(slow(pager(e.volumes, 'Volumes')));
  ec2.on(DescribeSnapshotsCommand).callsFake(slow((i: { RestorableByUserIds?: string[]; MaxResults?: number; NextToken?: string }) => (i.RestorableByUserIds ? { Snapshots: [] } : pager(e.snapshots, 'Snapshots')(i))));
  ec2.on(DescribeSubnetsCommand).callsFake(slow(pager(e.subnets, 'Subnets')));
  ec2.on(DescribeRouteTablesCommand).callsFake(slow(pager(e.routeTables, 'RouteTables')));
  ec2.on(DescribeNetworkAclsCommand).callsFake(slow(pager(e.nacls, 'NetworkAcls')));
  ec2.on(DescribeVpcsCommand).callsFake(slow(pager(e.vpcs, 'Vpcs')));
  ec2.on(DescribeVpcPeeringConnectionsCommand).callsFake(slow(() => ({ VpcPeeringConnections: [] })));
  ec2.on(DescribeFlowLogsCommand).callsFake(slow(() => ({ FlowLogs: e.vpcs.map((v, i) => ({ FlowLogId: `fl-${i}`, ResourceId: v.VpcId, TrafficType: 'ALL' })) })));
  ec2.on(DescribeImagesCommand).callsFake(
    slow((i: { Owners?: string[]; Filters?: { Values: string[] }[] }) => ({
      Images: i.Owners ? e.images : (i.Filters?.[0].Values ?? []).map((id) => ({ ImageId: id, OwnerId: '137112412989', Public: true })),
    })),
  );
  ec2.on(DescribeRegionsCommand).callsFake(slow(() => ({ Regions: ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'].map((r) => ({ RegionName: r, OptInStatus: 'opt-in-not-required' })) })));
  ct.on(DescribeTrailsCommand).callsFake(slow(() => ({ trailList: [{ Name: 'org', TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org`, HomeRegion: 'us-east-1', IsMultiRegionTrail: true }] })));
  ct.on(LookupEventsCommand).callsFake(slow(() => ({ Events: [] })));
  sts.on(GetCallerIdentityCommand).callsFake(slow(() => ({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/bench` })));
  return { counter, restore: () => [ec2, ct, sts, ...Object.values(other)].forEach((m) => m.restore()) };
}

const clients = (region: string) => {
  const credentials = staticCredentials();
  return openTargetClients({ region, credentials });
};

const suite: BenchSuite = {
  name: 'collect',
  description: `collection of a mocked account, every call answering after ${LATENCY_MS} ms: one region with N instances, then a 4-region scan of N/4 each`,
  unit: 'instances',
  sizes: [1_000, 10_000],
  quickSizes: [1_000],
  primary: 'collect 1 region',
  async run(size, ctx) {
    const one = mockLatencyAccount(size);
    try {
      const r = await ctx.measure('collect 1 region', () => collectTarget({ accountId: ACCOUNT, region: 'us-east-1' }, clients('us-east-1'), { now: NOW, events: { enabled: false } }), { runs: 3, warmup: 0 });
      const total = Object.values(r.calls).reduce((a, b) => a + b, 0);
      ctx.note('apiCalls1Region', total);
      ctx.note('describeInstancesCalls', r.calls['ec2:DescribeInstances']);
      ctx.note('instances', r.slice.instances.length);
      ctx.note('gaps', r.slice.coverageGaps.length);
      ctx.note('callsByApi', Object.entries(r.calls).map(([k, v]) => `${k.split(':')[1]}=${v}`).join(' '));
    } finally {
      one.restore();
    }
    const four = mockLatencyAccount(Math.ceil(size / 4));
    try {
      const r = await ctx.measure(
        'scan 4 regions',
        () => {
          four.counter.calls = 0;
          return scan({ homeRegion: 'us-east-1', regions: 'all', now: NOW, events: { enabled: false } }, { ...defaultScanDeps, credentials: () => async () => staticCredentials() });
        },
        { runs: 3, warmup: 0 },
      );
      ctx.note('apiCalls4Regions', Object.values(r.calls).reduce((a, b) => a + b, 0));
      ctx.note('peakCallsInFlight', four.counter.peakInFlight);
    } finally {
      four.restore();
    }
    ctx.note('eventPages', `${Math.ceil(5_000 / PAGE_SIZE.LookupEvents)} LookupEvents pages (≥ ${Math.ceil(5_000 / PAGE_SIZE.LookupEvents)} s paced) per region at the default 5,000-event cap`);
  },
};

export default suite;

/** Standalone: wall time per measurement, without the harness. */
function wallTimeContext(size: number): SuiteContext {
  return {
    size,
    note: (k, v) => process.stdout.write(`  ${k}: ${v}\n`),
    async measure(label, fn, o = {}) {
      let result: Awaited<ReturnType<typeof fn>> | undefined;
      const times: number[] = [];
      for (let i = 0; i < (o.runs ?? 1); i++) {
        const t0 = performance.now();
        result = await fn();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      process.stdout.write(`${label}: median ${times[times.length >> 1].toFixed(0)} ms over ${times.length} run(s)\n`);
      return result as Awaited<ReturnType<typeof fn>>;
    },
  };
}

// Inside the harness's esbuild bundle every module is `require.main`: the file name tells them apart.
if (require.main === module && /collect\.ts$/.test(process.argv[1] ?? '')) runStandalone(suite, 10000, wallTimeContext);
