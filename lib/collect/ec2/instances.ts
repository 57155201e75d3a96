/** Instances (DescribeInstances) and network interfaces (DescribeNetworkInterfaces). */
import {
  paginateDescribeInstances,
  paginateDescribeNetworkInterfaces,
  type Instance as SdkInstance,
  type NetworkInterface as SdkEni,
} from '@aws-sdk/client-ec2';
import type { Instance, NetworkInterface } from '../../model/types';
import { eachPage } from '../calls';
import { PAGE_SIZE } from '../page-sizes';
import { defined, isoOf, tagsOf } from '../translate';
import type { CollectContext, Collector } from '../types';

const STATES = new Set<Instance['state']>(['pending', 'running', 'shutting-down', 'terminated', 'stopping', 'stopped']);

// Terminated instances stay visible for about an hour and hold no data to audit: skipping them
// server-side keeps pages full of live instances.
const LIVE_STATES = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'];

/** "User initiated (2024-01-02 10:00:00 GMT)" → 2024-01-02T10:00:00.000Z: the only place EC2 says when an instance stopped. */
export function stateTransitionTimeOf(reason: string | undefined): string | undefined {
  const m = /\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) GMT\)/.exec(reason ?? '');
  return m ? isoOf(`${m[1]}T${m[2]}Z`) : undefined;
}

export function toInstance(i: SdkInstance, accountId: string, region: string): Instance | undefined {
  if (!i.InstanceId) return undefined;
  const name = i.State?.Name as Instance['state'] | undefined;
  const enis = i.NetworkInterfaces ?? [];
  const tokens = i.MetadataOptions?.HttpTokens;
  const virt = i.VirtualizationType;
  return {
    accountId,
    region,
    instanceId: i.InstanceId,
    // An unknown state is audited like a running instance: every check applies.
    state: name && STATES.has(name) ? name : 'running',
    stateTransitionTime: stateTransitionTimeOf(i.StateTransitionReason),
    instanceType: i.InstanceType,
    launchTime: isoOf(i.LaunchTime),
    imageId: i.ImageId,
    metadataOptions:
      tokens === 'optional' || tokens === 'required'
        ? {
            httpTokens: tokens,
            httpEndpoint: i.MetadataOptions?.HttpEndpoint === 'disabled' ? 'disabled' : 'enabled',
            httpPutResponseHopLimit: i.MetadataOptions?.HttpPutResponseHopLimit,
          }
        : undefined,
    publicIpAddress: i.PublicIpAddress,
    privateIpAddress: i.PrivateIpAddress,
    ipv6Addresses: [...new Set([...defined([i.Ipv6Address]), ...enis.flatMap((e) => defined((e.Ipv6Addresses ?? []).map((a) => a.Ipv6Address)))])],
    networkInterfaceIds: defined(enis.map((e) => e.NetworkInterfaceId)),
    securityGroupIds: defined((i.SecurityGroups ?? []).map((g) => g.GroupId)),
    subnetId: i.SubnetId,
    vpcId: i.VpcId,
    iamInstanceProfileArn: i.IamInstanceProfile?.Arn,
    virtualizationType: virt === 'hvm' || virt === 'paravirtual' ? virt : undefined,
    platform: i.PlatformDetails ?? i.Platform,
    tags: tagsOf(i.Tags),
  };
}

export function toNetworkInterface(e: SdkEni, accountId: string, region: string): NetworkInterface | undefined {
  if (!e.NetworkInterfaceId) return undefined;
  return {
    accountId,
    region,
    networkInterfaceId: e.NetworkInterfaceId,
    instanceId: e.Attachment?.InstanceId,
    subnetId: e.SubnetId,
    vpcId: e.VpcId,
    privateIpAddresses: defined((e.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress)),
    publicIp: e.Association?.PublicIp,
    ipv6Addresses: defined((e.Ipv6Addresses ?? []).map((a) => a.Ipv6Address)),
    securityGroupIds: defined((e.Groups ?? []).map((g) => g.GroupId)),
    interfaceType: e.InterfaceType,
    status: e.Status,
    description: e.Description,
  };
}

export const instancesCollector: Collector = {
  name: 'instances',
  service: 'ec2',
  phase: 1,
  permissions: ['ec2:DescribeInstances', 'ec2:DescribeNetworkInterfaces'],
  async collect(ctx: CollectContext) {
    const { ec2 } = ctx.clients;
    const { accountId, region } = ctx.target;
    await Promise.all([
      eachPage(
        ctx,
        'ec2',
        'DescribeInstances',
        paginateDescribeInstances({ client: ec2, pageSize: PAGE_SIZE.DescribeInstances }, { Filters: [{ Name: 'instance-state-name', Values: LIVE_STATES }] }),
        (page) => {
          for (const r of page.Reservations ?? []) for (const i of r.Instances ?? []) {
            const x = toInstance(i, accountId, region);
            if (x) ctx.out.instances.push(x);
          }
        },
      ),
      eachPage(ctx, 'ec2', 'DescribeNetworkInterfaces', paginateDescribeNetworkInterfaces({ client: ec2, pageSize: PAGE_SIZE.DescribeNetworkInterfaces }, {}), (page) => {
        for (const e of page.NetworkInterfaces ?? []) {
          const x = toNetworkInterface(e, accountId, region);
          if (x) ctx.out.networkInterfaces.push(x);
        }
      }),
    ]);
  },
};
