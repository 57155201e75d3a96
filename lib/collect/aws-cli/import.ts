/**
 * `vmaudit import aws-cli <dir>`: a snapshot from saved `aws ec2 describe-*` JSON, with no access to
 * the account. The CLI prints the API's response as JSON, so the collectors' own translators read
 * it (dates arrive as strings, which they accept).
 *
 * Layout: every folder under `<dir>` that holds JSON files is one target. Its account is the nearest
 * 12-digit folder name above it (`accounts/<account>/<region>/`, Batfish's aws_configs layout), else
 * `--account`, else the owner named in the data; its region is the folder's name when it looks like a
 * region, else `--region`, else the Availability Zones of its subnets. A resource that names its owner
 * (`OwnerId`) is filed under that account, whatever the folder says.
 *
 * File names: the API's list key (`Reservations.json`, `SecurityGroups.json`, …, as Batfish writes
 * them) or the CLI command (`describe-instances.json`, …). Calls that take one TGW route table write
 * one file per table: `get-transit-gateway-route-table-propagations.<tgw-rtb-id>.json`,
 * `search-transit-gateway-routes.<tgw-rtb-id>.json`. Every file, list key and field that is not
 * mapped is reported; every kind with no file becomes a coverage gap, so the rules that need it
 * answer UNKNOWN, never PASS.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { CoverageGap, Snapshot, Target, TransitGatewayRouteTable } from '../../model/types';
import { SNAPSHOT_SCHEMA_VERSION } from '../../model/schema';
import { emptyLists, type ResourceLists } from '../types';
import { toInstance, toNetworkInterface } from '../ec2/instances';
import { toSecurityGroup } from '../ec2/security-groups';
import { toNetworkAcl, toPeering, toRouteTable, toSubnet, toVpc, toFlowLog } from '../ec2/network';
import { toEbsSnapshot, toVolume } from '../ec2/ebs';
import { toImage } from '../ec2/images';
import { toPeeringAttachments, toTgwRoute, toTgwRouteTable, toTransitGateway, toTransitGatewayAttachment, toVpcAttachment } from '../ec2/transit-gateways';

type Json = Record<string, unknown>;

export interface ImportOptions {
  accountId?: string;
  region?: string;
}

export interface ImportReport {
  snapshot: Snapshot;
  /** Files read, per target folder. */
  read: { folder: string; accountId: string; region: string; files: string[] }[];
  /** Files, list keys and fields that were not mapped, one line each. */
  unmapped: string[];
}

export class ImportError extends Error {}

/** One kind of file: its names, its list key, and how one item becomes model objects. */
interface Kind {
  names: string[];
  key: string;
  /** The API the file stands for, named in coverage gaps (service ec2). */
  api: string;
  /** Other APIs whose answer the file holds too (a prefix list dump carries its entries). */
  alsoReads?: string[];
  /** Item fields the translator reads (others are reported as not mapped). */
  fields: string[];
  add(item: Json, at: Place, out: ResourceLists, parent?: Json): void;
}

interface Place {
  accountId: string;
  region: string;
  tables: Map<string, TransitGatewayRouteTable>;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The owner an item names, if it is an account id; else the folder's account. */
function owner(item: Json, at: Place, field = 'OwnerId'): string {
  const o = item[field];
  return typeof o === 'string' && ACCOUNT.test(o) ? o : at.accountId;
}

function push<T>(list: T[], x: T | undefined): void {
  if (x !== undefined) list.push(x);
}

const TAGS = ['Tags'];

const KINDS: Kind[] = [
  {
    names: ['Reservations', 'describe-instances'],
    key: 'Reservations',
    api: 'DescribeInstances',
    fields: ['Instances', 'OwnerId', 'ReservationId', 'Groups', 'RequesterId'],
    add(r, at, out) {
      for (const i of (r.Instances as Json[] | undefined) ?? []) push(out.instances, toInstance(i as never, owner(r, at), at.region));
    },
  },
  {
    names: ['NetworkInterfaces', 'describe-network-interfaces'],
    key: 'NetworkInterfaces',
    api: 'DescribeNetworkInterfaces',
    fields: ['NetworkInterfaceId', 'Attachment', 'SubnetId', 'VpcId', 'PrivateIpAddresses', 'PrivateIpAddress', 'Association', 'Ipv6Addresses', 'Groups', 'InterfaceType', 'Status', 'Description', 'OwnerId', 'AvailabilityZone', 'MacAddress', 'PrivateDnsName', 'RequesterId', 'RequesterManaged', 'SourceDestCheck', 'TagSet', ...TAGS],
    add(e, at, out) {
      push(out.networkInterfaces, toNetworkInterface(e as never, owner(e, at), at.region));
    },
  },
  {
    names: ['SecurityGroups', 'describe-security-groups'],
    key: 'SecurityGroups',
    api: 'DescribeSecurityGroups',
    fields: ['GroupId', 'GroupName', 'VpcId', 'OwnerId', 'Description', 'IpPermissions', 'IpPermissionsEgress', 'SecurityGroupArn', ...TAGS],
    add(g, at, out) {
      push(out.securityGroups, toSecurityGroup(g as never, owner(g, at), at.region));
    },
  },
  {
    names: ['NetworkAcls', 'describe-network-acls'],
    key: 'NetworkAcls',
    api: 'DescribeNetworkAcls',
    fields: ['NetworkAclId', 'VpcId', 'IsDefault', 'Entries', 'Associations', 'OwnerId', ...TAGS],
    add(a, at, out) {
      push(out.networkAcls, toNetworkAcl(a as never, owner(a, at), at.region));
    },
  },
  {
    names: ['Subnets', 'describe-subnets'],
    key: 'Subnets',
    api: 'DescribeSubnets',
    fields: ['SubnetId', 'VpcId', 'CidrBlock', 'Ipv6CidrBlockAssociationSet', 'AvailabilityZone', 'AvailabilityZoneId', 'MapPublicIpOnLaunch', 'AssignIpv6AddressOnCreation', 'DefaultForAz', 'OwnerId', 'State', 'SubnetArn', 'AvailableIpAddressCount', 'MapCustomerOwnedIpOnLaunch', 'Ipv6Native', 'EnableDns64', 'PrivateDnsNameOptionsOnLaunch', 'EnableLniAtDeviceIndex', 'BlockPublicAccessStates', ...TAGS],
    add(s, at, out) {
      push(out.subnets, toSubnet(s as never, owner(s, at), at.region));
    },
  },
  {
    names: ['RouteTables', 'describe-route-tables'],
    key: 'RouteTables',
    api: 'DescribeRouteTables',
    fields: ['RouteTableId', 'VpcId', 'Associations', 'Routes', 'OwnerId', 'PropagatingVgws', ...TAGS],
    add(t, at, out) {
      push(out.routeTables, toRouteTable(t as never, owner(t, at), at.region));
    },
  },
  {
    names: ['Vpcs', 'describe-vpcs'],
    key: 'Vpcs',
    api: 'DescribeVpcs',
    fields: ['VpcId', 'CidrBlock', 'CidrBlockAssociationSet', 'Ipv6CidrBlockAssociationSet', 'IsDefault', 'OwnerId', 'State', 'DhcpOptionsId', 'InstanceTenancy', 'BlockPublicAccessStates', ...TAGS],
    add(v, at, out) {
      push(out.vpcs, toVpc(v as never, owner(v, at), at.region));
    },
  },
  {
    names: ['VpcPeeringConnections', 'describe-vpc-peering-connections'],
    key: 'VpcPeeringConnections',
    api: 'DescribeVpcPeeringConnections',
    fields: ['VpcPeeringConnectionId', 'Status', 'RequesterVpcInfo', 'AccepterVpcInfo', 'ExpirationTime', ...TAGS],
    add(p, at, out) {
      push(out.peeringConnections, toPeering(p as never, at.accountId, at.region));
    },
  },
  {
    names: ['PrefixLists', 'describe-prefix-lists'],
    key: 'PrefixLists',
    api: 'DescribeManagedPrefixLists',
    alsoReads: ['GetManagedPrefixListEntries'],
    fields: ['PrefixListId', 'PrefixListName', 'Cidrs'],
    add(p, at, out) {
      if (typeof p.PrefixListId !== 'string') return;
      out.prefixLists.push({ accountId: at.accountId, region: at.region, prefixListId: p.PrefixListId, name: typeof p.PrefixListName === 'string' ? p.PrefixListName : undefined, cidrs: ((p.Cidrs as unknown[]) ?? []).filter((c): c is string => typeof c === 'string') });
    },
  },
  {
    names: ['FlowLogs', 'describe-flow-logs'],
    key: 'FlowLogs',
    api: 'DescribeFlowLogs',
    fields: ['FlowLogId', 'ResourceId', 'TrafficType', 'FlowLogStatus', 'DeliverLogsStatus', 'LogDestinationType', 'CreationTime', 'LogDestination', 'LogFormat', 'LogGroupName', 'MaxAggregationInterval', 'DeliverLogsPermissionArn', ...TAGS],
    add(f, at, out) {
      push(out.flowLogs, toFlowLog(f as never, at.accountId, at.region));
    },
  },
  {
    names: ['Volumes', 'describe-volumes'],
    key: 'Volumes',
    api: 'DescribeVolumes',
    fields: ['VolumeId', 'Encrypted', 'KmsKeyId', 'State', 'Size', 'Attachments', 'AvailabilityZone', 'CreateTime', 'VolumeType', 'Iops', 'SnapshotId', 'MultiAttachEnabled', 'Throughput', ...TAGS],
    add(v, at, out) {
      push(out.volumes, toVolume(v as never, at.accountId, at.region));
    },
  },
  {
    names: ['Snapshots', 'describe-snapshots'],
    key: 'Snapshots',
    api: 'DescribeSnapshots',
    fields: ['SnapshotId', 'VolumeId', 'Encrypted', 'StartTime', 'Description', 'OwnerId', 'State', 'VolumeSize', 'Progress', 'KmsKeyId', 'StorageTier', ...TAGS],
    add(s, at, out) {
      push(out.snapshots, toEbsSnapshot(s as never, owner(s, at), at.region));
    },
  },
  {
    names: ['Images', 'describe-images'],
    key: 'Images',
    api: 'DescribeImages',
    fields: ['ImageId', 'Name', 'OwnerId', 'ImageOwnerAlias', 'Public', 'State', 'CreationDate', 'DeprecationTime', 'VirtualizationType', 'Architecture', 'ImageType', 'RootDeviceType', 'RootDeviceName', 'BlockDeviceMappings', 'Description', 'EnaSupport', 'Hypervisor', 'ImageLocation', 'PlatformDetails', 'UsageOperation', 'SriovNetSupport', 'BootMode', ...TAGS],
    add(i, at, out) {
      const o = owner(i, at);
      push(out.images, toImage(i as never, o, at.region, o === at.accountId));
    },
  },
  // ---- Transit Gateway routing
  {
    names: ['TransitGateways', 'describe-transit-gateways'],
    key: 'TransitGateways',
    api: 'DescribeTransitGateways',
    fields: ['TransitGatewayId', 'OwnerId', 'State', 'Options', 'TransitGatewayArn', 'CreationTime', 'Description', ...TAGS],
    add(t, at, out) {
      push(out.transitGateways, toTransitGateway(t as never, owner(t, at), at.region));
    },
  },
  {
    names: ['TransitGatewayAttachments', 'describe-transit-gateway-attachments'],
    key: 'TransitGatewayAttachments',
    api: 'DescribeTransitGatewayAttachments',
    fields: ['TransitGatewayAttachmentId', 'TransitGatewayId', 'TransitGatewayOwnerId', 'ResourceType', 'ResourceId', 'ResourceOwnerId', 'State', 'Association', 'CreationTime', ...TAGS],
    add(a, at, out) {
      push(out.transitGatewayAttachments, toTransitGatewayAttachment(a as never, at.accountId, at.region));
    },
  },
  {
    names: ['TransitGatewayVpcAttachments', 'describe-transit-gateway-vpc-attachments'],
    key: 'TransitGatewayVpcAttachments',
    api: 'DescribeTransitGatewayVpcAttachments',
    fields: ['TransitGatewayAttachmentId', 'TransitGatewayId', 'VpcId', 'VpcOwnerId', 'State', 'SubnetIds', 'Options', 'CreationTime', ...TAGS],
    add(v, at, out) {
      push(out.transitGatewayAttachments, toVpcAttachment(v as never, at.accountId, at.region));
    },
  },
  {
    names: ['TransitGatewayPeeringAttachments', 'describe-transit-gateway-peering-attachments'],
    key: 'TransitGatewayPeeringAttachments',
    api: 'DescribeTransitGatewayPeeringAttachments',
    fields: ['TransitGatewayAttachmentId', 'RequesterTgwInfo', 'AccepterTgwInfo', 'State', 'Status', 'CreationTime', 'Options', ...TAGS],
    add(p, at, out) {
      out.transitGatewayAttachments.push(...toPeeringAttachments(p as never, at.accountId, at.region));
    },
  },
  {
    names: ['TransitGatewayRouteTables', 'describe-transit-gateway-route-tables'],
    key: 'TransitGatewayRouteTables',
    api: 'DescribeTransitGatewayRouteTables',
    fields: ['TransitGatewayRouteTableId', 'TransitGatewayId', 'DefaultAssociationRouteTable', 'DefaultPropagationRouteTable', 'State', 'CreationTime', ...TAGS],
    add(t, at) {
      const x = toTgwRouteTable(t as never, at.accountId, at.region);
      if (!x) return;
      const prev = at.tables.get(x.transitGatewayRouteTableId);
      // Propagation or route files read earlier made a placeholder: keep what they hold.
      if (prev) Object.assign(prev, { ...x, propagations: prev.propagations, routes: prev.routes, routesComplete: prev.routesComplete });
      else at.tables.set(x.transitGatewayRouteTableId, x);
    },
  },
  {
    // Batfish's wrapper: one object per TGW route table with its propagations.
    names: ['TransitGatewayPropagations'],
    key: 'TransitGatewayPropagations',
    api: 'GetTransitGatewayRouteTablePropagations',
    fields: ['TransitGatewayRouteTableId', 'TransitGatewayRouteTablePropagations'],
    add(w, at) {
      addPropagations(at, w.TransitGatewayRouteTableId, w.TransitGatewayRouteTablePropagations);
    },
  },
  {
    // Batfish's wrapper: one object per TGW route table with its static routes.
    names: ['TransitGatewayStaticRoutes'],
    key: 'TransitGatewayStaticRoutes',
    api: 'SearchTransitGatewayRoutes',
    fields: ['TransitGatewayRouteTableId', 'Routes', 'AdditionalRoutesAvailable'],
    add(w, at) {
      addRoutes(at, w.TransitGatewayRouteTableId, w.Routes, w.AdditionalRoutesAvailable);
    },
  },
  // ---- end of Transit Gateway routing
];

/** Per-route-table CLI calls, whose output does not name the table: the id is in the file name. */
const PER_TABLE: { prefix: string; key: string; api: string; add(at: Place, tableId: string, doc: Json): void }[] = [
  { prefix: 'get-transit-gateway-route-table-propagations', key: 'TransitGatewayRouteTablePropagations', api: 'GetTransitGatewayRouteTablePropagations', add: (at, id, doc) => addPropagations(at, id, doc.TransitGatewayRouteTablePropagations) },
  { prefix: 'search-transit-gateway-routes', key: 'Routes', api: 'SearchTransitGatewayRoutes', add: (at, id, doc) => addRoutes(at, id, doc.Routes, doc.AdditionalRoutesAvailable) },
];

/** Kinds a user may hold but vmaudit does not read (routes name their gateways; the rest is not about VMs). */
const KNOWN_UNUSED = ['InternetGateways', 'NatGateways', 'VpnGateways', 'VpnConnections', 'CustomerGateways', 'VpcEndpoints', 'VpcEndpointServices', 'LoadBalancers', 'LoadBalancerListeners', 'LoadBalancerAttributes', 'LoadBalancerTargetHealth', 'TargetGroups', 'ElasticsearchDomains', 'RdsInstances', 'AvailabilityZones', 'Addresses'];

function table(at: Place, id: unknown): TransitGatewayRouteTable | undefined {
  if (typeof id !== 'string') return undefined;
  let t = at.tables.get(id);
  if (!t) {
    // Routes or propagations of a table the dump has no description for: keep them, TGW unknown until merged.
    t = { accountId: at.accountId, region: at.region, transitGatewayRouteTableId: id, transitGatewayId: '', defaultAssociation: false, defaultPropagation: false, associations: [], propagations: [], routes: [], routesComplete: false, tags: {} };
    at.tables.set(id, t);
  }
  return t;
}

function addPropagations(at: Place, id: unknown, list: unknown): void {
  const t = table(at, id);
  if (!t) return;
  for (const p of (list as Json[] | undefined) ?? []) if (typeof p.TransitGatewayAttachmentId === 'string' && (p.State === 'enabled' || p.State === undefined)) t.propagations.push(p.TransitGatewayAttachmentId);
}

function addRoutes(at: Place, id: unknown, list: unknown, more: unknown): void {
  const t = table(at, id);
  if (!t) return;
  for (const r of (list as Json[] | undefined) ?? []) push(t.routes, toTgwRoute(r as never));
  // A dump of static routes alone is complete for lookups once propagations add the VPC routes.
  t.routesComplete = more !== true;
}

function jsonFolders(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    const names = readdirSync(d).sort();
    if (names.some((n) => n.endsWith('.json') && statSync(join(d, n)).isFile())) out.push(d);
    for (const n of names) if (statSync(join(d, n)).isDirectory()) walk(join(d, n));
  };
  walk(dir);
  return out;
}

function parse(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ImportError(`${file}: not valid JSON (${(err as Error).message}). Save the output of the aws command with --output json.`);
  }
}

function inferRegion(folder: string, files: string[]): string | undefined {
  for (const f of files) {
    const doc = parse(join(folder, f)) as Json;
    for (const s of (doc.Subnets as Json[] | undefined) ?? []) if (typeof s.AvailabilityZone === 'string') return s.AvailabilityZone.replace(/[a-z]$/, '');
    for (const t of (doc.TransitGateways as Json[] | undefined) ?? []) if (typeof t.TransitGatewayArn === 'string') return t.TransitGatewayArn.split(':')[3];
  }
  return undefined;
}

function inferAccount(folder: string, files: string[]): string | undefined {
  for (const f of files) {
    const doc = parse(join(folder, f)) as Json;
    for (const k of ['Vpcs', 'Subnets', 'SecurityGroups', 'Reservations']) for (const x of (doc[k] as Json[] | undefined) ?? []) if (typeof x.OwnerId === 'string' && ACCOUNT.test(x.OwnerId)) return x.OwnerId;
  }
  return undefined;
}

export function importAwsCli(dir: string, options: ImportOptions, generatedAt: Date): ImportReport {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new ImportError(`${dir}: no such folder. Give the folder holding the describe-*.json files.`);
  }
  if (!st.isDirectory()) throw new ImportError(`${dir}: not a folder. Give the folder holding the describe-*.json files.`);
  if (options.accountId !== undefined && !ACCOUNT.test(options.accountId)) throw new ImportError(`--account ${JSON.stringify(options.accountId)}: expected a 12-digit account id.`);
  const folders = jsonFolders(dir);
  if (!folders.length) throw new ImportError(`${dir}: no .json file in it or below. Save each call's output there (see "vmaudit import aws-cli --help").`);

  const lists = emptyLists();
  const targets: Target[] = [];
  const read: ImportReport['read'] = [];
  const unmapped: string[] = [];
  const gaps: CoverageGap[] = [];
  const allTables = new Map<string, TransitGatewayRouteTable>();
  const reads = new Map<string, Set<string>>();
  for (const folder of folders) {
    const files = readdirSync(folder).filter((n) => n.endsWith('.json') && statSync(join(folder, n)).isFile()).sort();
    const rel = relative(dir, folder) || '.';
    const parts = rel.split(/[\\/]/);
    const accountId = [...parts].reverse().find((p) => ACCOUNT.test(p)) ?? options.accountId ?? inferAccount(folder, files);
    const last = basename(folder);
    const region = REGION.test(last) ? last : (options.region ?? inferRegion(folder, files));
    if (!accountId) throw new ImportError(`${folder}: cannot tell the account: no accounts/<12-digit id>/ folder and no OwnerId in the data. Give --account 123456789012.`);
    if (!region) throw new ImportError(`${folder}: cannot tell the region: the folder is not named after one and no subnet names its Availability Zone. Give --region us-east-1.`);
    const at: Place = { accountId, region, tables: new Map() };
    const seen = new Set<string>();
    const used: string[] = [];
    for (const f of files) {
      const stem = f.slice(0, -'.json'.length);
      const per = PER_TABLE.find((p) => stem.startsWith(`${p.prefix}.`));
      const doc = parse(join(folder, f));
      if (per) {
        per.add(at, stem.slice(per.prefix.length + 1), (doc ?? {}) as Json);
        seen.add(per.api);
        used.push(f);
        continue;
      }
      const kind = KINDS.find((k) => k.names.includes(stem));
      if (!kind) {
        unmapped.push(`${join(rel, f)}: ${KNOWN_UNUSED.includes(stem) ? 'not used by vmaudit (not needed for its rules and reachability)' : 'not a file vmaudit knows; skipped'}`);
        continue;
      }
      const obj = doc as Json;
      const items = obj && typeof obj === 'object' ? obj[kind.key] : undefined;
      if (!Array.isArray(items)) {
        throw new ImportError(`${join(folder, f)}: expected an object with a "${kind.key}" list (the output of aws ec2 ${kind.names[1] ?? kind.names[0]}), found ${items === undefined ? 'none' : typeof items}.`);
      }
      for (const k of Object.keys(obj)) if (k !== kind.key && k !== 'NextToken') unmapped.push(`${join(rel, f)}: top-level key ${k} not mapped`);
      const extra = new Map<string, number>();
      for (const item of items as Json[]) {
        if (!item || typeof item !== 'object') continue;
        for (const k of Object.keys(item)) if (!kind.fields.includes(k)) extra.set(k, (extra.get(k) ?? 0) + 1);
        kind.add(item, at, lists);
      }
      for (const [k, n] of [...extra].sort()) unmapped.push(`${join(rel, f)}: field ${k} not mapped (${n} item${n === 1 ? '' : 's'})`);
      seen.add(kind.api);
      for (const a of kind.alsoReads ?? []) seen.add(a);
      used.push(f);
    }
    for (const t of at.tables.values()) {
      const prev = allTables.get(t.transitGatewayRouteTableId);
      if (!prev) allTables.set(t.transitGatewayRouteTableId, t);
      else {
        prev.transitGatewayId ||= t.transitGatewayId;
        prev.propagations.push(...t.propagations.filter((p) => !prev.propagations.includes(p)));
        prev.routes.push(...t.routes);
        prev.routesComplete ||= t.routesComplete;
      }
    }
    for (const api of new Set([...KINDS.map((k) => k.api), ...PER_TABLE.map((p) => p.api)])) {
      if (seen.has(api)) continue;
      // Per-table TGW calls are only needed when the dump has TGW route tables.
      if ((api === 'GetTransitGatewayRouteTablePropagations' || api === 'SearchTransitGatewayRoutes') && !at.tables.size) continue;
      gaps.push({ accountId, region, service: 'ec2', api, errorCode: 'NotInImport', message: `${rel}: no file for ${api} (${fileNamesOf(api)}), so what it returns is unknown` });
    }
    if (!targets.some((t) => t.accountId === accountId && t.region === region)) targets.push({ accountId, region });
    addReads(reads, accountId, region, seen);
    read.push({ folder: rel, accountId, region, files: used });
  }
  // Resources owned by an account with no folder of its own (OwnerId differs from the path) are targets too.
  for (const x of [...lists.vpcs, ...lists.instances, ...lists.subnets]) if (!targets.some((t) => t.accountId === x.accountId && t.region === x.region)) targets.push({ accountId: x.accountId, region: x.region });
  // A TGW route table with routes from the per-table files only has no TGW id: the TGW that lists it is unknown.
  lists.transitGatewayRouteTables.push(...[...allTables.values()].filter((t) => t.transitGatewayId !== ''));
  for (const t of allTables.values()) if (t.transitGatewayId === '') unmapped.push(`${t.transitGatewayRouteTableId}: routes or propagations without its describe-transit-gateway-route-tables entry; skipped`);
  dedupe(lists);
  // Owners with no folder of their own get the gaps of the folder they were found in.
  for (const t of targets) {
    const from = read.find((r) => r.accountId === t.accountId && r.region === t.region);
    if (from) continue;
    const src = read.find((r) => r.region === t.region);
    if (src) for (const g of gaps.filter((x) => x.accountId === src.accountId && x.region === src.region)) gaps.push({ ...g, accountId: t.accountId });
    addReads(reads, t.accountId, t.region, src ? (reads.get(`${src.accountId}|${src.region}`) ?? new Set()) : new Set());
  }
  return {
    snapshot: {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      generatedAt: generatedAt.toISOString(),
      source: { kind: 'file', description: `aws ec2 describe-* output imported from ${basename(dir)}` },
      targets,
      ...lists,
      coverageGaps: [...lists.coverageGaps, ...gaps],
      // What each target read: only the EC2 APIs its files stand for. Everything else a rule needs
      // (trails, trail buckets, launch templates, account settings, CloudTrail events) was not read,
      // so those rules say UNKNOWN instead of judging an empty list.
      inventoryReads: targets.map((t) => ({ ...t, apis: [...(reads.get(`${t.accountId}|${t.region}`) ?? [])].map((a) => `ec2:${a}`).sort() })),
    },
    read,
    unmapped,
  };
}

/** Two folders of one target (or an owner found in another's folder) read what each read. */
function addReads(reads: Map<string, Set<string>>, accountId: string, region: string, apis: Iterable<string>): void {
  const k = `${accountId}|${region}`;
  let set = reads.get(k);
  if (!set) reads.set(k, (set = new Set()));
  for (const a of apis) set.add(a);
}

function fileNamesOf(api: string): string {
  const k = KINDS.find((x) => x.api === api);
  if (k) return k.names.map((n) => `${n}.json`).join(' or ');
  const p = PER_TABLE.find((x) => x.api === api);
  return p ? `${p.prefix}.<tgw-rtb-id>.json` : api;
}

/** The same resource seen in two folders (a shared TGW, both sides of a peering) is kept once. */
function dedupe(lists: ResourceLists): void {
  const once = <T>(xs: T[], key: (x: T) => string): T[] => {
    const seen = new Set<string>();
    return xs.filter((x) => {
      const k = key(x);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  };
  lists.instances = once(lists.instances, (x) => `${x.accountId}|${x.region}|${x.instanceId}`);
  lists.networkInterfaces = once(lists.networkInterfaces, (x) => `${x.accountId}|${x.region}|${x.networkInterfaceId}`);
  lists.securityGroups = once(lists.securityGroups, (x) => `${x.accountId}|${x.region}|${x.groupId}`);
  lists.subnets = once(lists.subnets, (x) => `${x.accountId}|${x.region}|${x.subnetId}`);
  lists.vpcs = once(lists.vpcs, (x) => `${x.accountId}|${x.region}|${x.vpcId}`);
  lists.routeTables = once(lists.routeTables, (x) => `${x.accountId}|${x.region}|${x.routeTableId}`);
  lists.networkAcls = once(lists.networkAcls, (x) => `${x.accountId}|${x.region}|${x.networkAclId}`);
  lists.transitGateways = once(lists.transitGateways, (x) => x.transitGatewayId);
}
