/**
 * EBS: volumes, snapshots owned by the account and which of them are public, and encryption by
 * default. Public snapshots come from one extra filtered listing (OwnerIds=self,
 * RestorableByUserIds=all: the snapshots whose createVolumePermission includes group "all"), never
 * from one DescribeSnapshotAttribute call per snapshot. Which accounts a snapshot is shared with has
 * no listing: see sharing.ts for those bounded per-snapshot reads.
 */
import {
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeSnapshots,
  paginateDescribeVolumes,
  type Snapshot as SdkSnapshot,
  type Volume as SdkVolume,
} from '@aws-sdk/client-ec2';
import type { EbsSnapshot, Volume } from '../../model/types';
import { call, eachPage } from '../calls';
import { snapshotSharing } from './sharing';
import { PAGE_SIZE } from '../page-sizes';
import { isoOf, tagsOf } from '../translate';
import type { CollectContext, Collector } from '../types';

export function toVolume(v: SdkVolume, accountId: string, region: string): Volume | undefined {
  if (!v.VolumeId) return undefined;
  return {
    accountId,
    region,
    volumeId: v.VolumeId,
    encrypted: v.Encrypted === true,
    kmsKeyId: v.KmsKeyId,
    state: v.State ?? 'in-use',
    sizeGiB: v.Size,
    attachments: (v.Attachments ?? []).filter((a) => a.InstanceId).map((a) => ({ instanceId: a.InstanceId as string, device: a.Device, state: a.State })),
    tags: tagsOf(v.Tags),
  };
}

export function toEbsSnapshot(s: SdkSnapshot, accountId: string, region: string): EbsSnapshot | undefined {
  if (!s.SnapshotId) return undefined;
  return {
    accountId,
    region,
    snapshotId: s.SnapshotId,
    volumeId: s.VolumeId,
    encrypted: s.Encrypted === true,
    startTime: isoOf(s.StartTime),
    public: false,
    description: s.Description,
    tags: tagsOf(s.Tags),
  };
}

export const ebsCollector: Collector = {
  name: 'ebs',
  service: 'ec2',
  phase: 1,
  permissions: ['ec2:DescribeVolumes', 'ec2:DescribeSnapshots', 'ec2:DescribeSnapshotAttribute', 'ec2:GetEbsEncryptionByDefault', 'ec2:GetEbsDefaultKmsKeyId'],
  async collect(ctx: CollectContext) {
    const client = ctx.clients.ec2;
    const { accountId, region } = ctx.target;
    const out = ctx.out;
    const owned: EbsSnapshot[] = [];
    const publicIds = new Set<string>();
    const [, , , enabled, kms] = await Promise.all([
      eachPage(ctx, 'ec2', 'DescribeVolumes', paginateDescribeVolumes({ client, pageSize: PAGE_SIZE.DescribeVolumes }, {}), (p) => {
        for (const v of p.Volumes ?? []) {
          const x = toVolume(v, accountId, region);
          if (x) out.volumes.push(x);
        }
      }),
      eachPage(ctx, 'ec2', 'DescribeSnapshots', paginateDescribeSnapshots({ client, pageSize: PAGE_SIZE.DescribeSnapshots }, { OwnerIds: ['self'] }), (p) => {
        for (const s of p.Snapshots ?? []) {
          const x = toEbsSnapshot(s, accountId, region);
          if (x) owned.push(x);
        }
      }),
      eachPage(
        ctx,
        'ec2',
        'DescribeSnapshots',
        paginateDescribeSnapshots({ client, pageSize: PAGE_SIZE.DescribeSnapshots }, { OwnerIds: ['self'], RestorableByUserIds: ['all'] }),
        (p) => {
          for (const s of p.Snapshots ?? []) if (s.SnapshotId) publicIds.add(s.SnapshotId);
        },
      ),
      call(ctx, 'ec2', 'GetEbsEncryptionByDefault', () => client.send(new GetEbsEncryptionByDefaultCommand({}))),
      call(ctx, 'ec2', 'GetEbsDefaultKmsKeyId', () => client.send(new GetEbsDefaultKmsKeyIdCommand({}))),
    ]);
    for (const s of owned) s.public = publicIds.has(s.snapshotId);
    await snapshotSharing(ctx, owned);
    out.snapshots.push(...owned);
    if (enabled) {
      out.ebsEncryptionByDefault.push({ accountId, region, enabled: enabled.EbsEncryptionByDefault === true, kmsKeyId: kms?.KmsKeyId });
    }
  },
};
