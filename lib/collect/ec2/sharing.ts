/**
 * Who an owned snapshot or AMI is shared with: DescribeSnapshotAttribute createVolumePermission and
 * DescribeImageAttribute launchPermission take one resource id each, and no listing returns the
 * account ids. So these are calls per resource, kept in bounds: owned resources only, a few in
 * flight, at most SHARING_MAX per kind and target (the rest stay "not read", which the rules report
 * as UNKNOWN), every call counted, and the first failure ends the kind's reads for the target (a
 * denied or throttled API would only fail again).
 */
import { DescribeImageAttributeCommand, DescribeSnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import type { EbsSnapshot, Image } from '../../model/types';
import { call } from '../calls';
import { mapLimit } from '../concurrency';
import type { CollectContext } from '../types';

export const SHARING_MAX = 1_000;
const IN_FLIGHT = 4;

async function readEach<T>(items: readonly T[], read: (item: T) => Promise<string[] | undefined>, set: (item: T, sharedWith: string[]) => void): Promise<void> {
  let failed = false;
  await mapLimit(items.slice(0, SHARING_MAX), IN_FLIGHT, async (item) => {
    if (failed) return;
    const shared = await read(item);
    if (shared === undefined) failed = true;
    else set(item, shared);
  });
}

/** Account ids a snapshot's createVolumePermission names (group "all" is the public flag, read apart). */
export function snapshotSharing(ctx: CollectContext, snapshots: readonly EbsSnapshot[]): Promise<void> {
  const client = ctx.clients.ec2;
  return readEach(
    snapshots,
    async (s) => {
      const r = await call(ctx, 'ec2', 'DescribeSnapshotAttribute', () => client.send(new DescribeSnapshotAttributeCommand({ SnapshotId: s.snapshotId, Attribute: 'createVolumePermission' })));
      return r && (r.CreateVolumePermissions ?? []).flatMap((p) => (p.UserId ? [p.UserId] : []));
    },
    (s, sharedWith) => (s.sharedWith = sharedWith),
  );
}

/** Account ids, organization and OU ARNs an AMI's launchPermission names (group "all" is the public flag). */
export function imageSharing(ctx: CollectContext, images: readonly Image[]): Promise<void> {
  const client = ctx.clients.ec2;
  return readEach(
    images,
    async (i) => {
      const r = await call(ctx, 'ec2', 'DescribeImageAttribute', () => client.send(new DescribeImageAttributeCommand({ ImageId: i.imageId, Attribute: 'launchPermission' })));
      return r && (r.LaunchPermissions ?? []).flatMap((p) => [p.UserId, p.OrganizationArn, p.OrganizationalUnitArn].filter((x): x is string => !!x));
    },
    (i, sharedWith) => (i.sharedWith = sharedWith),
  );
}
