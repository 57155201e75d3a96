/**
 * Lookups over a snapshot, built lazily and once per run, so rules stay O(resources) and never
 * scan an array per resource.
 */
import type {
  CoverageGap,
  EbsEncryptionDefault,
  EventWindow,
  FlowLog,
  Image,
  Instance,
  NetworkAcl,
  NetworkInterface,
  PrefixList,
  RegionSettings,
  RouteTable,
  SecurityGroup,
  Snapshot,
  Subnet,
  Target,
  TrailBucket,
  Volume,
  Vpc,
} from '../model/types';

function key(accountId: string, region: string, id: string): string {
  return `${accountId}|${region}|${id}`;
}

function byKey<T extends { accountId: string; region: string }>(items: T[], id: (t: T) => string): Map<string, T> {
  const m = new Map<string, T>();
  for (const it of items) m.set(key(it.accountId, it.region, id(it)), it);
  return m;
}

function lazy<T>(make: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= make());
}

export class InventoryIndex {
  private readonly sgs = lazy(() => byKey(this.snapshot.securityGroups, (g) => g.groupId));
  private readonly sgsAnyRegion = lazy(() => {
    // Cross-account SG references carry only the group id and owner account.
    const m = new Map<string, SecurityGroup>();
    for (const g of this.snapshot.securityGroups) m.set(g.groupId, g);
    return m;
  });
  private readonly prefixLists = lazy(() => byKey(this.snapshot.prefixLists, (p) => p.prefixListId));
  private readonly subnets = lazy(() => byKey(this.snapshot.subnets, (s) => s.subnetId));
  private readonly vpcs = lazy(() => byKey(this.snapshot.vpcs, (v) => v.vpcId));
  private readonly images = lazy(() => byKey(this.snapshot.images, (i) => i.imageId));
  private readonly instances = lazy(() => byKey(this.snapshot.instances, (i) => i.instanceId));
  private readonly enis = lazy(() => byKey(this.snapshot.networkInterfaces, (n) => n.networkInterfaceId));
  private readonly ebsDefaults = lazy(() => byKey(this.snapshot.ebsEncryptionByDefault, () => ''));
  private readonly settings = lazy(() => byKey(this.snapshot.regionSettings, () => ''));
  private readonly buckets = lazy(() => {
    // A bucket is read once per target that collected a trail delivering to it: any copy will do.
    const m = new Map<string, TrailBucket>();
    for (const b of this.snapshot.trailBuckets) if (!m.has(`${b.accountId}|${b.bucketName}`)) m.set(`${b.accountId}|${b.bucketName}`, b);
    return m;
  });
  private readonly naclBySubnet = lazy(() => {
    const m = new Map<string, NetworkAcl>();
    for (const acl of this.snapshot.networkAcls) for (const s of acl.associatedSubnetIds) m.set(key(acl.accountId, acl.region, s), acl);
    return m;
  });
  private readonly defaultNaclByVpc = lazy(() => {
    const m = new Map<string, NetworkAcl>();
    for (const acl of this.snapshot.networkAcls) if (acl.isDefault) m.set(key(acl.accountId, acl.region, acl.vpcId), acl);
    return m;
  });
  private readonly routeTableBySubnet = lazy(() => {
    const m = new Map<string, RouteTable>();
    for (const rt of this.snapshot.routeTables) for (const s of rt.associatedSubnetIds) m.set(key(rt.accountId, rt.region, s), rt);
    return m;
  });
  private readonly mainRouteTableByVpc = lazy(() => {
    const m = new Map<string, RouteTable>();
    for (const rt of this.snapshot.routeTables) if (rt.main) m.set(key(rt.accountId, rt.region, rt.vpcId), rt);
    return m;
  });
  private readonly volumesByInstance = lazy(() => {
    const m = new Map<string, Volume[]>();
    for (const v of this.snapshot.volumes)
      for (const a of v.attachments) {
        const k = key(v.accountId, v.region, a.instanceId);
        const list = m.get(k);
        if (list) list.push(v);
        else m.set(k, [v]);
      }
    return m;
  });
  private readonly instancesBySg = lazy(() => {
    const m = new Map<string, number>();
    const count = (a: string, r: string, ids: string[]) => {
      for (const id of ids) m.set(key(a, r, id), (m.get(key(a, r, id)) ?? 0) + 1);
    };
    for (const n of this.snapshot.networkInterfaces) count(n.accountId, n.region, n.securityGroupIds);
    for (const i of this.snapshot.instances) count(i.accountId, i.region, i.securityGroupIds);
    return m;
  });
  private readonly flowLogsByResource = lazy(() => {
    const m = new Map<string, FlowLog[]>();
    for (const f of this.snapshot.flowLogs) {
      const k = key(f.accountId, f.region, f.resourceId);
      const list = m.get(k);
      if (list) list.push(f);
      else m.set(k, [f]);
    }
    return m;
  });
  private readonly gapIndex = lazy(() => {
    const m = new Map<string, CoverageGap[]>();
    for (const g of this.snapshot.coverageGaps) {
      const k = `${g.accountId}|${g.region}`;
      const list = m.get(k);
      if (list) list.push(g);
      else m.set(k, [g]);
    }
    return m;
  });

  constructor(readonly snapshot: Snapshot) {}

  get targets(): Target[] {
    return this.snapshot.targets;
  }

  /** Accounts present in the targets, sorted. */
  get accounts(): string[] {
    return [...new Set(this.snapshot.targets.map((t) => t.accountId))].sort();
  }

  securityGroup(accountId: string, region: string, groupId: string): SecurityGroup | undefined {
    return this.sgs().get(key(accountId, region, groupId));
  }
  /** Any collected group with this id, whatever its account or region (for cross-account references). */
  securityGroupAnywhere(groupId: string): SecurityGroup | undefined {
    return this.sgsAnyRegion().get(groupId);
  }
  prefixList(accountId: string, region: string, id: string): PrefixList | undefined {
    return this.prefixLists().get(key(accountId, region, id));
  }
  subnet(accountId: string, region: string, id: string): Subnet | undefined {
    return this.subnets().get(key(accountId, region, id));
  }
  vpc(accountId: string, region: string, id: string): Vpc | undefined {
    return this.vpcs().get(key(accountId, region, id));
  }
  image(accountId: string, region: string, id: string): Image | undefined {
    return this.images().get(key(accountId, region, id));
  }
  instance(accountId: string, region: string, id: string): Instance | undefined {
    return this.instances().get(key(accountId, region, id));
  }
  networkInterface(accountId: string, region: string, id: string): NetworkInterface | undefined {
    return this.enis().get(key(accountId, region, id));
  }
  ebsEncryptionDefault(accountId: string, region: string): EbsEncryptionDefault | undefined {
    return this.ebsDefaults().get(key(accountId, region, ''));
  }
  /** The account's per-region settings (block public access, …), when collected. */
  regionSettings(accountId: string, region: string): RegionSettings | undefined {
    return this.settings().get(key(accountId, region, ''));
  }
  /** The settings of a trail's S3 bucket as account `accountId` read them, when collected. */
  trailBucket(accountId: string, bucketName: string): TrailBucket | undefined {
    return this.buckets().get(`${accountId}|${bucketName}`);
  }
  /** The NACL of a subnet: its explicit association, else the VPC's default NACL. */
  naclForSubnet(accountId: string, region: string, subnetId: string, vpcId?: string): NetworkAcl | undefined {
    const explicit = this.naclBySubnet().get(key(accountId, region, subnetId));
    if (explicit || !vpcId) return explicit;
    return this.defaultNaclByVpc().get(key(accountId, region, vpcId));
  }
  /** The route table of a subnet: its explicit association, else the VPC's main table. */
  routeTableForSubnet(accountId: string, region: string, subnetId: string, vpcId?: string): RouteTable | undefined {
    const explicit = this.routeTableBySubnet().get(key(accountId, region, subnetId));
    if (explicit || !vpcId) return explicit;
    return this.mainRouteTableByVpc().get(key(accountId, region, vpcId));
  }
  volumesOf(accountId: string, region: string, instanceId: string): Volume[] {
    return this.volumesByInstance().get(key(accountId, region, instanceId)) ?? [];
  }
  /** Flow logs attached to a VPC, subnet or ENI. */
  flowLogsFor(accountId: string, region: string, resourceId: string): FlowLog[] {
    return this.flowLogsByResource().get(key(accountId, region, resourceId)) ?? [];
  }
  /** How many ENIs and instances use a security group. */
  securityGroupUseCount(accountId: string, region: string, groupId: string): number {
    return this.instancesBySg().get(key(accountId, region, groupId)) ?? 0;
  }

  /**
   * Coverage gaps that hide data from `apis` (`service:Action`) in this account and region.
   * A gap with region '*' covers every region of its account; api '*' covers the whole service.
   * A region-'*' gap on the sts service (AssumeRole failed: the account could not be read at all,
   * see CoverageGapSchema) hides every API.
   */
  gapsFor(accountId: string, region: string, apis: string[]): CoverageGap[] {
    const idx = this.gapIndex();
    const candidates = [...(idx.get(`${accountId}|${region}`) ?? []), ...(idx.get(`${accountId}|*`) ?? [])];
    // An account-level result ('global') depends on every region of its account; its own key is already in.
    if (region === 'global') for (const [k, gaps] of idx) if (k.startsWith(`${accountId}|`) && !k.endsWith('|*') && !k.endsWith('|global')) candidates.push(...gaps);
    return candidates.filter((g) =>
      (g.region === '*' && g.service === 'sts') ||
      apis.some((a) => {
        const [service, action] = a.split(':');
        return (g.service === service || g.service === '*') && (g.api === action || g.api === '*');
      }),
    );
  }

  private readonly readsByTarget = lazy(() => {
    const m = new Map<string, Set<string>>();
    for (const r of this.snapshot.inventoryReads) m.set(`${r.accountId}|${r.region}`, new Set(r.apis));
    return m;
  });
  private readonly windowsByTarget = lazy(() => {
    const m = new Map<string, EventWindow[]>();
    for (const w of this.snapshot.eventWindows) {
      const k = `${w.accountId}|${w.region}`;
      const list = m.get(k);
      if (list) list.push(w);
      else m.set(k, [w]);
    }
    return m;
  });

  /**
   * The APIs of `apis` that the snapshot records as not read in this target ('global': in any target
   * of the account). A target without a record is read as before the record existed: nothing unread.
   */
  unreadFor(accountId: string, region: string, apis: readonly string[]): string[] {
    const reads = this.readsByTarget();
    if (reads.size === 0) return [];
    const sets = region === 'global' ? [...reads].filter(([k]) => k.startsWith(`${accountId}|`)).map(([, v]) => v) : [reads.get(`${accountId}|${region}`)].filter((v): v is Set<string> => v !== undefined);
    return apis.filter((a) => sets.some((s) => !s.has(a)));
  }

  /** The CloudTrail windows read for a target. */
  eventWindowsOf(accountId: string, region: string): EventWindow[] {
    return this.windowsByTarget().get(`${accountId}|${region}`) ?? [];
  }
}
