/**
 * The tags of a resource an event names, from the inventory, for every EC2 kind the inventory holds.
 * `undefined` means the resource is not in the inventory (never collected, or deleted since): a rule
 * that selects resources by tag cannot decide about it and must say UNKNOWN, never PASS. A resource in
 * the inventory without tags resolves to `{}`. The model keeps no tags of network interfaces: an
 * interface takes the tags of the instance it is attached to (a write on it acts on that instance),
 * and an unattached one does not resolve.
 */
import type { InventoryIndex } from '../engine/inventory-index';
import type { Snapshot, Tags } from '../model/types';
import type { EventResource } from './resources';

type Kinds = {
  [type: string]: (s: Snapshot) => { accountId: string; region: string; id: string; tags?: Tags }[];
};

const NO_TAGS: Tags = Object.freeze({}) as Tags;

/** The inventory list behind each CloudFormation type, with the id an event names it by. */
const KINDS: Kinds = {
  'AWS::EC2::Instance': (s) => s.instances.map((x) => ({ ...loc(x), id: x.instanceId, tags: x.tags })),
  'AWS::EC2::SecurityGroup': (s) => s.securityGroups.map((x) => ({ ...loc(x), id: x.groupId, tags: x.tags })),
  'AWS::EC2::VPC': (s) => s.vpcs.map((x) => ({ ...loc(x), id: x.vpcId, tags: x.tags })),
  'AWS::EC2::Subnet': (s) => s.subnets.map((x) => ({ ...loc(x), id: x.subnetId, tags: x.tags })),
  'AWS::EC2::Image': (s) => s.images.map((x) => ({ ...loc(x), id: x.imageId, tags: x.tags })),
  'AWS::EC2::Snapshot': (s) => s.snapshots.map((x) => ({ ...loc(x), id: x.snapshotId, tags: x.tags })),
  'AWS::EC2::Volume': (s) => s.volumes.map((x) => ({ ...loc(x), id: x.volumeId, tags: x.tags })),
  'AWS::EC2::NetworkAcl': (s) => s.networkAcls.map((x) => ({ ...loc(x), id: x.networkAclId, tags: x.tags })),
  'AWS::EC2::RouteTable': (s) => s.routeTables.map((x) => ({ ...loc(x), id: x.routeTableId, tags: x.tags })),
  'AWS::EC2::VPCPeeringConnection': (s) => s.peeringConnections.map((x) => ({ ...loc(x), id: x.peeringConnectionId, tags: x.tags })),
  'AWS::EC2::TransitGateway': (s) => s.transitGateways.map((x) => ({ ...loc(x), id: x.transitGatewayId, tags: x.tags })),
};

function loc(x: { accountId: string; region: string }): { accountId: string; region: string } {
  return { accountId: x.accountId, region: x.region };
}

/** Types an event can name whose resources the inventory has: the others never resolve from it. */
export const INVENTORIED_TYPES: ReadonlySet<string> = new Set([...Object.keys(KINDS), 'AWS::EC2::NetworkInterface']);

export type TagsOf = (e: { accountId: string; region: string }, r: EventResource) => Tags | undefined;

/** One map per type, account, region and id, built once per run (the access policy asks for every EC2 call). */
export function inventoryTagsIndex(inv: InventoryIndex): TagsOf {
  const byType = new Map<string, Map<string, Map<string, Map<string, Tags>>>>();
  for (const [type, list] of Object.entries(KINDS)) {
    const accounts = new Map<string, Map<string, Map<string, Tags>>>();
    for (const x of list(inv.snapshot)) {
      let regions = accounts.get(x.accountId);
      if (!regions) accounts.set(x.accountId, (regions = new Map()));
      let ids = regions.get(x.region);
      if (!ids) regions.set(x.region, (ids = new Map()));
      ids.set(x.id, x.tags ?? NO_TAGS);
    }
    byType.set(type, accounts);
  }
  const instances = byType.get('AWS::EC2::Instance')!;
  const enis = new Map<string, Map<string, Map<string, Tags>>>();
  for (const n of inv.snapshot.networkInterfaces) {
    const tags = n.instanceId ? instances.get(n.accountId)?.get(n.region)?.get(n.instanceId) : undefined;
    if (!tags) continue;
    let regions = enis.get(n.accountId);
    if (!regions) enis.set(n.accountId, (regions = new Map()));
    let ids = regions.get(n.region);
    if (!ids) regions.set(n.region, (ids = new Map()));
    ids.set(n.networkInterfaceId, tags);
  }
  byType.set('AWS::EC2::NetworkInterface', enis);
  return (e, r) => (r.type ? byType.get(r.type)?.get(e.accountId)?.get(e.region)?.get(shortIdOf(r.id)) : undefined);
}

/** The id at the end of an ARN (arn:aws:ec2:…:snapshot/snap-1 → snap-1). */
function shortIdOf(id: string): string {
  return id.startsWith('arn:') ? id.slice(id.lastIndexOf('/') + 1) : id;
}
