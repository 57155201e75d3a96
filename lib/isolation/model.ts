/**
 * The network model of an estate: every instance network interface (ENI) with its addresses,
 * security groups, subnet, route table and NACL, the address atoms, and the compiled groups,
 * NACLs and route tables. Built once per run from the inventory; the analysis and the `reach`
 * command both query it.
 *
 * Instances only (the issue is about VMs): ENIs of load balancers, Lambda or RDS are not endpoints.
 * Terminated and shutting-down instances are left out; stopped ones are kept, since a start is all
 * it takes to bring their reachability back (their evidence says so).
 */
import type { InventoryIndex } from '../engine/inventory-index';
import type { Instance, NetworkInterface, PeeringConnection, Snapshot } from '../model/types';
import { AddressSpace, parseIp } from './addresses';
import { CompiledNacl } from './nacl';
import { CompiledRouteTable } from './routes';
import { compileSecurityGroup, missingSecurityGroup, Side, type CompiledSg, type RuleSummary, type SgProblem } from './security-groups';
import { IntervalSet } from './intervals';
import { TransitModel } from './transit';

/** The zone of instances without the zone tag (or with an empty value). Shown as "(unzoned)". */
export const UNZONED = '';

export function zoneLabel(zone: string): string {
  return zone === UNZONED ? '(unzoned)' : zone;
}

/** A subnet's routing and filtering context; subnets sharing VPC, route table and NACL share one. */
export interface NetContext {
  id: number;
  accountId: string;
  region: string;
  vpcId: string;
  routeTable?: CompiledRouteTable;
  nacl?: CompiledNacl;
  /** Why the route table or NACL is unknown. */
  routeTableMissing?: string;
  naclMissing?: string;
  /** The subnets' Availability Zone, kept when the route table sends traffic to a transit gateway (which needs an attachment subnet in that AZ). */
  availabilityZone?: string;
}

export interface Endpoint {
  instance: Instance;
  name?: string;
  eniId: string;
  accountId: string;
  region: string;
  vpcId: string;
  subnetId: string;
  sgIds: string[];
  /** account|region|sorted group ids: the equivalence class key of the groups. */
  sgKey: string;
  zone: string;
  net: NetContext;
  /** Addresses reachable over private paths: private IPv4 and every IPv6 address. */
  points: Point[];
  /** Public IPv4 (auto-assigned or Elastic IP). */
  publicIpv4?: string;
  /** IPv6 addresses on the public internet. */
  globalIpv6: string[];
}

export interface Point {
  ep: Endpoint;
  ip: string;
  atom: number;
}

export interface ModelProblem {
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  message: string;
}

export interface ModelOptions {
  zoneTag?: string;
  /** CIDRs the caller will ask about (flow intents, `reach --from`), so the address atoms are exact for them. */
  extraCidrs?: readonly string[];
}

const ACTIVE_STATES = new Set(['pending', 'running', 'stopping', 'stopped']);

export interface InstanceEntry {
  instance: Instance;
  zone: string;
  endpoints: Endpoint[];
}

export class NetworkModel {
  readonly space: AddressSpace;
  readonly endpoints: Endpoint[] = [];
  readonly nets: NetContext[] = [];
  readonly problems: ModelProblem[] = [];
  readonly sgProblems: SgProblem[] = [];
  readonly zoneTag: string;
  /** Instances analysed, in snapshot order. */
  readonly instances: InstanceEntry[] = [];
  private byId?: Map<string, InstanceEntry[]>;
  private readonly sgs = new Map<string, CompiledSg>();
  private readonly summaries = new Map<string, RuleSummary>();
  private readonly sgLists = new Map<string, CompiledSg[]>();
  private readonly plAtoms = new Map<string, IntervalSet | null>();
  private readonly netByKey = new Map<string, NetContext>();
  private readonly peerings = new Map<string, PeeringConnection>();
  private readonly knownGroups: Set<string>;
  /** Transit gateways, their attachments and route tables. */
  readonly transit: TransitModel;

  constructor(
    readonly inv: InventoryIndex,
    options: ModelOptions = {},
  ) {
    const snap = inv.snapshot;
    this.zoneTag = options.zoneTag ?? 'Environment';
    this.space = new AddressSpace([...collectCidrs(snap), ...(options.extraCidrs ?? [])]);
    for (const p of snap.peeringConnections) this.peerings.set(p.peeringConnectionId, p);
    this.knownGroups = new Set(snap.securityGroups.map((g) => g.groupId));
    for (const g of snap.networkInterfaces) for (const id of g.securityGroupIds) this.knownGroups.add(id);
    for (const i of snap.instances) for (const id of i.securityGroupIds) this.knownGroups.add(id);
    this.transit = new TransitModel(snap, this.space, (a, r, id) => this.prefixListCidrs(a, r, id), (a, r, id) => inv.subnet(a, r, id)?.availabilityZone);
    this.problems.push(...this.transit.problems);
    this.buildEndpoints(snap);
  }

  get snapshot(): Snapshot {
    return this.inv.snapshot;
  }

  peering(id: string): PeeringConnection | undefined {
    return this.peerings.get(id);
  }

  instance(accountId: string, region: string, id: string): InstanceEntry | undefined {
    return this.instancesById(id).find((e) => e.instance.accountId === accountId && e.instance.region === region);
  }

  /** Instances by id alone (the CLI and flow intents name them without account or region). */
  instancesById(id: string): InstanceEntry[] {
    if (!this.byId) {
      this.byId = new Map();
      for (const e of this.instances) {
        const list = this.byId.get(e.instance.instanceId);
        if (list) list.push(e);
        else this.byId.set(e.instance.instanceId, [e]);
      }
    }
    return this.byId.get(id) ?? [];
  }

  securityGroup(accountId: string, region: string, groupId: string): CompiledSg {
    const k = `${accountId}|${region}|${groupId}`;
    let g = this.sgs.get(k);
    if (g) return g;
    const raw = this.inv.securityGroup(accountId, region, groupId);
    if (raw) {
      g = compileSecurityGroup(raw, this.space, (id) => this.prefixListAtoms(accountId, region, id), this.sgProblems, (id) => this.knownGroups.has(id) || this.inv.securityGroupAnywhere(id) !== undefined);
    } else {
      const reason = `security group ${groupId} (account ${accountId}, ${region}) was not collected`;
      g = missingSecurityGroup(groupId, reason, this.space);
      this.problems.push({ accountId, region, resourceType: 'AWS::EC2::SecurityGroup', resourceId: groupId, message: `${reason}: the traffic it allows is unknown` });
    }
    this.sgs.set(k, g);
    return g;
  }

  /** The compiled groups of an ENI, shared by every ENI with the same groups. */
  groupsOf(ep: Endpoint): CompiledSg[] {
    let list = this.sgLists.get(ep.sgKey);
    if (!list) this.sgLists.set(ep.sgKey, (list = ep.sgIds.map((id) => this.securityGroup(ep.accountId, ep.region, id))));
    return list;
  }

  /** The merged rules of an ENI's groups (for single-ENI questions: exposure, explanations). */
  summaryOf(ep: Endpoint): RuleSummary {
    let s = this.summaries.get(ep.sgKey);
    if (!s) {
      const groups = this.groupsOf(ep);
      s = { egress: Side.of(groups, 'egress'), ingress: Side.of(groups, 'ingress') };
      this.summaries.set(ep.sgKey, s);
    }
    return s;
  }

  prefixListCidrs(accountId: string, region: string, id: string): string[] | undefined {
    return this.inv.prefixList(accountId, region, id)?.cidrs;
  }

  private prefixListAtoms(accountId: string, region: string, id: string): IntervalSet | undefined {
    const k = `${accountId}|${region}|${id}`;
    const hit = this.plAtoms.get(k);
    if (hit !== undefined) return hit ?? undefined;
    const cidrs = this.prefixListCidrs(accountId, region, id);
    let atoms: IntervalSet | null = null;
    if (cidrs) {
      atoms = IntervalSet.EMPTY;
      for (const c of cidrs) atoms = atoms.union(this.space.atomsOf(c) ?? IntervalSet.EMPTY);
    }
    this.plAtoms.set(k, atoms);
    return atoms ?? undefined;
  }

  private net(accountId: string, region: string, vpcId: string, subnetId: string): NetContext {
    const rt = this.inv.routeTableForSubnet(accountId, region, subnetId, vpcId);
    const acl = this.inv.naclForSubnet(accountId, region, subnetId, vpcId);
    // A transit gateway route works only from Availability Zones holding an attachment subnet, so
    // subnets with such routes get a context per AZ.
    const az = rt?.routes.some((r) => r.target.kind === 'tgw') ? this.inv.subnet(accountId, region, subnetId)?.availabilityZone : undefined;
    const key = `${accountId}|${region}|${vpcId}|${rt?.routeTableId ?? '?'}|${acl?.networkAclId ?? '?'}|${az ?? ''}`;
    let n = this.netByKey.get(key);
    if (n) return n;
    n = { id: this.nets.length, accountId, region, vpcId, ...(az ? { availabilityZone: az } : {}) };
    if (rt) {
      n.routeTable = new CompiledRouteTable(rt, this.space, (id) => this.prefixListCidrs(accountId, region, id));
      for (const message of n.routeTable.problems) this.problems.push({ accountId, region, resourceType: 'AWS::EC2::RouteTable', resourceId: rt.routeTableId, message });
    } else {
      n.routeTableMissing = `no route table of ${vpcId} (account ${accountId}, ${region}) was collected for subnet ${subnetId}`;
      this.problems.push({ accountId, region, resourceType: 'AWS::EC2::Subnet', resourceId: subnetId, message: `${n.routeTableMissing}: routing from and to it is unknown` });
    }
    if (acl) {
      n.nacl = new CompiledNacl(acl, this.space);
      for (const p of n.nacl.problems) this.problems.push({ accountId, region, resourceType: 'AWS::EC2::NetworkAcl', resourceId: acl.networkAclId, message: p.message });
    } else {
      n.naclMissing = `no network ACL of ${vpcId} (account ${accountId}, ${region}) was collected for subnet ${subnetId}`;
      this.problems.push({ accountId, region, resourceType: 'AWS::EC2::Subnet', resourceId: subnetId, message: `${n.naclMissing}: what it filters is unknown` });
    }
    this.netByKey.set(key, n);
    this.nets.push(n);
    return n;
  }

  private buildEndpoints(snap: Snapshot): void {
    // Keyed by instance id alone (ids are unique across AWS; the account and region are checked on
    // read): composite string keys cost a flatten and a hash each, 100,000 times on a large estate.
    const enisByInstance = new Map<string, NetworkInterface[]>();
    for (const n of snap.networkInterfaces) {
      if (!n.instanceId) continue;
      const list = enisByInstance.get(n.instanceId);
      if (list) list.push(n);
      else enisByInstance.set(n.instanceId, [n]);
    }
    const subnetNets = new Map<string, NetContext>();
    for (const i of snap.instances) {
      if (!ACTIVE_STATES.has(i.state)) continue;
      const zone = (i.tags[this.zoneTag] ?? '').length ? i.tags[this.zoneTag] : UNZONED;
      const entry: InstanceEntry = { instance: i, zone, endpoints: [] };
      this.instances.push(entry);
      const enis = (enisByInstance.get(i.instanceId) ?? []).filter((n) => n.accountId === i.accountId && n.region === i.region);
      const shapes = enis.length ? enis.map((n) => eniShape(n)) : [instanceShape(i)];
      if (enis.length && i.publicIpAddress && !shapes.some((s) => s.publicIp === i.publicIpAddress)) {
        // Some collectors leave the association off the ENI; the instance's public IP belongs to its primary ENI.
        const primary = shapes.find((s) => i.privateIpAddress && s.privateIps.includes(i.privateIpAddress)) ?? shapes[0];
        primary.publicIp = i.publicIpAddress;
      }
      for (const s of shapes) {
        const subnetId = s.subnetId ?? i.subnetId;
        const vpcId = s.vpcId ?? i.vpcId ?? (subnetId ? this.inv.subnet(i.accountId, i.region, subnetId)?.vpcId : undefined);
        if (!subnetId || !vpcId) {
          this.problems.push({ accountId: i.accountId, region: i.region, resourceType: 'AWS::EC2::Instance', resourceId: i.instanceId, message: `${i.instanceId} (${s.eniId}) has no subnet or VPC in the snapshot, so its reachability cannot be analysed` });
          continue;
        }
        const nk = `${i.accountId}|${i.region}|${subnetId}`;
        let net = subnetNets.get(nk);
        if (!net) subnetNets.set(nk, (net = this.net(i.accountId, i.region, vpcId, subnetId)));
        const sgIds = [...new Set(s.sgIds)].sort();
        const ep: Endpoint = {
          instance: i,
          name: i.tags.Name,
          eniId: s.eniId,
          accountId: i.accountId,
          region: i.region,
          vpcId,
          subnetId,
          sgIds,
          sgKey: `${i.accountId}|${i.region}|${sgIds.join(',')}`,
          zone,
          net,
          points: [],
          publicIpv4: s.publicIp && parseIp(s.publicIp)?.family === 4 ? s.publicIp : undefined,
          globalIpv6: [],
        };
        for (const ip of [...new Set([...s.privateIps, ...s.ipv6])]) {
          const atom = this.space.atomOf(ip);
          if (atom === undefined) {
            this.problems.push({ accountId: i.accountId, region: i.region, resourceType: 'AWS::EC2::Instance', resourceId: i.instanceId, message: `${i.instanceId} (${s.eniId}): cannot read address ${JSON.stringify(ip)}; it is left out` });
            continue;
          }
          ep.points.push({ ep, ip, atom });
          if (this.space.family(atom) === 6 && this.space.public6.has(atom)) ep.globalIpv6.push(ip);
        }
        this.endpoints.push(ep);
        entry.endpoints.push(ep);
      }
    }
  }
}

interface EniShape {
  eniId: string;
  subnetId?: string;
  vpcId?: string;
  privateIps: string[];
  ipv6: string[];
  publicIp?: string;
  sgIds: string[];
}

function eniShape(n: NetworkInterface): EniShape {
  return { eniId: n.networkInterfaceId, subnetId: n.subnetId, vpcId: n.vpcId, privateIps: n.privateIpAddresses, ipv6: n.ipv6Addresses, publicIp: n.publicIp, sgIds: n.securityGroupIds };
}

function instanceShape(i: Instance): EniShape {
  return {
    eniId: i.networkInterfaceIds[0] ?? `${i.instanceId}/primary`,
    subnetId: i.subnetId,
    vpcId: i.vpcId,
    privateIps: i.privateIpAddress ? [i.privateIpAddress] : [],
    ipv6: i.ipv6Addresses,
    publicIp: i.publicIpAddress,
    sgIds: i.securityGroupIds,
  };
}

/** Every CIDR of the estate that a rule, route or NACL entry can match on. */
function* collectCidrs(snap: Snapshot): Iterable<string> {
  for (const g of snap.securityGroups) {
    for (const r of [...g.ingress, ...g.egress]) if (r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6') yield r.peer.cidr;
  }
  for (const p of snap.prefixLists) yield* p.cidrs;
  for (const a of snap.networkAcls) for (const e of a.entries) yield e.cidr;
  for (const t of snap.routeTables) for (const r of t.routes) if (r.destination) yield r.destination;
  yield* TransitModel.cidrs(snap);
  for (const v of snap.vpcs) yield* [...v.cidrBlocks, ...v.ipv6CidrBlocks];
  yield* AddressSpace.wholeSpace();
}
