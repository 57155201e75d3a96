/**
 * Merges per-target slices (one per account × region, as the collect step writes them) into the one
 * snapshot the engine evaluates. The rule, documented in docs/snapshots.md:
 *
 * 1. Targets are the union of every slice's targets, in first-seen order.
 * 2. The data of a target comes from ONE slice: the newest (`generatedAt`) that lists it; on a tie the
 *    later slice in the list wins. A re-collected slice therefore replaces an older one instead of
 *    doubling its resources, and its coverage gaps replace the old ones too.
 * 3. Data outside every slice's targets (account-wide gaps with region '*') is kept from all slices.
 * 4. Duplicates are dropped by identity (account, region, resource id; events by event id; coverage
 *    gaps by all their fields), keeping the first.
 * 5. A multi-region trail is listed by DescribeTrails in every region ("shadow trails"): one copy per
 *    (account, trail ARN) is kept, preferably the one read in its home region.
 * 6. `generatedAt` is the newest slice's; `source.kind` is the slices' common kind, else `file`.
 */
import type { Snapshot, Target } from './types';

type Located = { accountId: string; region: string };
type Collection = Exclude<keyof Snapshot, 'schemaVersion' | 'generatedAt' | 'source' | 'targets'>;

/** The identity of one item inside a target; items with equal keys are the same resource seen twice. */
const IDENTITY: { [K in Collection]: (item: Snapshot[K][number]) => string } = {
  instances: (x) => x.instanceId,
  networkInterfaces: (x) => x.networkInterfaceId,
  securityGroups: (x) => x.groupId,
  prefixLists: (x) => x.prefixListId,
  networkAcls: (x) => x.networkAclId,
  subnets: (x) => x.subnetId,
  routeTables: (x) => x.routeTableId,
  vpcs: (x) => x.vpcId,
  peeringConnections: (x) => x.peeringConnectionId,
  transitGateways: (x) => x.transitGatewayId,
  transitGatewayAttachments: (x) => `${x.transitGatewayId}|${x.transitGatewayAttachmentId}`,
  transitGatewayRouteTables: (x) => x.transitGatewayRouteTableId,
  flowLogs: (x) => x.flowLogId,
  volumes: (x) => x.volumeId,
  snapshots: (x) => x.snapshotId,
  images: (x) => x.imageId,
  ebsEncryptionByDefault: () => '',
  launchTemplateVersions: (x) => `${x.launchTemplateId}|${x.versionNumber}`,
  regionSettings: () => '',
  trails: (x) => x.arn,
  trailBuckets: (x) => x.bucketName,
  events: (x) => x.eventId,
  eventWindows: (x) => `${x.from}|${x.to}`,
  coverageGaps: (x) => [x.service, x.api, x.errorCode, x.message].join('|'),
  inventoryReads: () => '',
};

const COLLECTIONS = Object.keys(IDENTITY) as Collection[];

const targetKey = (t: Located) => `${t.accountId}|${t.region}`;

export function mergeSnapshots(slices: readonly Snapshot[]): Snapshot {
  if (slices.length === 0) throw new RangeError('mergeSnapshots needs at least one slice');

  const targets: Target[] = [];
  /** target key → index of the slice that owns its data. */
  const owner = new Map<string, number>();
  slices.forEach((slice, idx) => {
    for (const t of slice.targets) {
      const k = targetKey(t);
      const current = owner.get(k);
      if (current === undefined) targets.push({ accountId: t.accountId, region: t.region });
      if (current === undefined || Date.parse(slice.generatedAt) >= Date.parse(slices[current].generatedAt)) owner.set(k, idx);
    }
  });

  const merged = {} as { [K in Collection]: Snapshot[K] };
  for (const name of COLLECTIONS) {
    const identity = IDENTITY[name] as (item: Located) => string;
    const seen = new Set<string>();
    const out: Located[] = [];
    slices.forEach((slice, idx) => {
      for (const item of slice[name] as Located[]) {
        const o = owner.get(targetKey(item));
        if (o !== undefined && o !== idx) continue;
        const k = `${item.accountId}|${item.region}|${identity(item)}`;
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(item);
      }
    });
    (merged as Record<Collection, Located[]>)[name] = out;
  }
  merged.trails = dedupeShadowTrails(merged.trails);

  const newest = slices.reduce((a, b) => (Date.parse(b.generatedAt) > Date.parse(a.generatedAt) ? b : a));
  const kinds = new Set(slices.map((s) => s.source.kind));
  const source: Snapshot['source'] =
    slices.length === 1
      ? slices[0].source
      : { kind: kinds.size === 1 ? slices[0].source.kind : 'file', description: `merged from ${slices.length} slices` };

  return { schemaVersion: slices[0].schemaVersion, generatedAt: newest.generatedAt, source, targets, ...merged };
}

function dedupeShadowTrails(trails: Snapshot['trails']): Snapshot['trails'] {
  const chosen = new Map<string, Snapshot['trails'][number]>();
  for (const t of trails) {
    const k = `${t.accountId}|${t.arn}`;
    const prev = chosen.get(k);
    if (!prev || (prev.region !== prev.homeRegion && t.region === t.homeRegion)) chosen.set(k, t);
  }
  return trails.filter((t) => chosen.get(`${t.accountId}|${t.arn}`) === t);
}
