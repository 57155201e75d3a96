/**
 * The snapshot a template is judged on. Alone: the template's resources, plus stand-ins for existing
 * security groups it adds rules to (so a world-open rule on an existing group is still seen). With a
 * baseline snapshot: the live inventory with the template merged in. The template wins for what it
 * defines (matched by the `aws:cloudformation:logical-id` / `stack-name` tags CloudFormation puts on
 * what it creates), and rules, routes and associations it adds to existing resources are applied to them.
 */
import { SNAPSHOT_SCHEMA_VERSION } from '../model/schema';
import type { NetworkAcl, RouteTable, SecurityGroup, SgRule, Snapshot, Subnet, Vpc } from '../model/types';
import type { ExistingResources, TemplateModel } from './build-context';
import { parsePath } from './locate';

const LOGICAL_ID_TAG = 'aws:cloudformation:logical-id';
const STACK_NAME_TAG = 'aws:cloudformation:stack-name';

type Collection = 'instances' | 'networkInterfaces' | 'securityGroups' | 'prefixLists' | 'networkAcls' | 'subnets' | 'routeTables' | 'vpcs' | 'peeringConnections' | 'flowLogs' | 'volumes' | 'trails' | 'launchTemplateVersions' | 'transitGateways';

const ID: { [K in Collection]: (x: Snapshot[K][number]) => string } = {
  instances: (x) => x.instanceId,
  networkInterfaces: (x) => x.networkInterfaceId,
  securityGroups: (x) => x.groupId,
  prefixLists: (x) => x.prefixListId,
  networkAcls: (x) => x.networkAclId,
  subnets: (x) => x.subnetId,
  routeTables: (x) => x.routeTableId,
  vpcs: (x) => x.vpcId,
  peeringConnections: (x) => x.peeringConnectionId,
  flowLogs: (x) => x.flowLogId,
  volumes: (x) => x.volumeId,
  trails: (x) => x.name,
  launchTemplateVersions: (x) => `${x.launchTemplateId}|${x.versionNumber}`,
  transitGateways: (x) => x.transitGatewayId,
};
const COLLECTIONS = Object.keys(ID) as Collection[];

/** The baseline's view for the translators: VPCs and subnets by id, the EBS default of the target. */
export function existingResources(baseline: Snapshot, accountId: string, region: string): ExistingResources {
  const here = <T extends { accountId: string; region: string }>(xs: T[]) => xs.filter((x) => x.accountId === accountId && x.region === region);
  const vpcs = new Map<string, Vpc>(here(baseline.vpcs).map((v) => [v.vpcId, v]));
  const subnets = new Map<string, Subnet>(here(baseline.subnets).map((s) => [s.subnetId, s]));
  const ebs = here(baseline.ebsEncryptionByDefault)[0];
  return { vpc: (id) => vpcs.get(id), subnet: (id) => subnets.get(id), ebsEncryptionByDefault: () => ebs?.enabled };
}

/** Physical ids of a deployed stack's resources, from CloudFormation's tags on them. */
export function deployedIds(baseline: Snapshot, accountId: string, region: string): (stackName: string, logicalId: string) => string | undefined {
  const ids = new Map<string, string>();
  for (const c of COLLECTIONS) {
    for (const x of baseline[c] as { accountId: string; region: string; tags?: Record<string, string> }[]) {
      const logical = x.tags?.[LOGICAL_ID_TAG];
      const stack = x.tags?.[STACK_NAME_TAG];
      if (x.accountId === accountId && x.region === region && logical && stack) ids.set(`${stack}\u0000${logical}`, ID[c](x as never));
    }
  }
  return (stackName, logicalId) => ids.get(`${stackName}\u0000${logicalId}`);
}

function stubGroup(model: TemplateModel, groupId: string, ingress: SgRule[], egress: SgRule[]): SecurityGroup {
  const first = [...ingress, ...egress][0];
  const logicalId = first?.ruleId ? String(parsePath(first.ruleId)[1]) : undefined;
  const from = model.origins.all().find((o) => o.logicalId === logicalId);
  if (from) {
    const o = model.origins.add({ ...from, modelId: groupId, cfnType: 'AWS::EC2::SecurityGroup' });
    o.unresolved.push({ path: from.path, reason: `the other rules of ${groupId} are not in the template (give --baseline to judge them together)` });
  }
  return { accountId: model.accountId, region: model.region, groupId, groupName: groupId, tags: {}, ingress, egress };
}

function applyAdditions(model: TemplateModel, sgs: SecurityGroup[], tables: RouteTable[], acls: NetworkAcl[], withBaseline: boolean): void {
  const a = model.additions;
  const here = <T extends { accountId: string; region: string }>(x: T) => x.accountId === model.accountId && x.region === model.region;
  const groupIds = new Set([...a.sgIngress.keys(), ...a.sgEgress.keys()]);
  for (const id of groupIds) {
    const g = sgs.find((x) => here(x) && x.groupId === id);
    if (g) {
      g.ingress = [...g.ingress, ...(a.sgIngress.get(id) ?? [])];
      g.egress = [...g.egress, ...(a.sgEgress.get(id) ?? [])];
    } else sgs.push(stubGroup(model, id, a.sgIngress.get(id) ?? [], a.sgEgress.get(id) ?? []));
  }
  for (const [id, routes] of a.routes) {
    const t = tables.find((x) => here(x) && x.routeTableId === id);
    if (t) t.routes = [...t.routes, ...routes];
    else model.notModelled.push({ file: '', logicalId: id, cfnType: 'AWS::EC2::Route', reason: `routes are added to ${id}, which is not in the template${withBaseline ? ' or the baseline' : ' (give --baseline to judge them in their network)'}` });
  }
  for (const [id, entries] of a.naclEntries) {
    const acl = acls.find((x) => here(x) && x.networkAclId === id);
    if (acl) acl.entries = [...acl.entries, ...entries].sort((x, y) => Number(x.egress) - Number(y.egress) || x.ruleNumber - y.ruleNumber);
  }
  // A subnet has one explicit route table and one NACL: a new association replaces the old one.
  const moveSubnets = <T extends { associatedSubnetIds: string[] }>(all: T[], idOf: (t: T) => string, adds: Map<string, string[]>, owned: Set<string>) => {
    const claimed = new Map<string, string>();
    for (const t of all) if (owned.has(idOf(t))) for (const s of t.associatedSubnetIds) claimed.set(s, idOf(t));
    for (const [id, subnets] of adds) for (const s of subnets) claimed.set(s, id);
    for (const t of all) {
      const id = idOf(t);
      t.associatedSubnetIds = [...new Set([...t.associatedSubnetIds.filter((s) => !claimed.has(s) || claimed.get(s) === id), ...(adds.get(id) ?? [])])];
    }
  };
  moveSubnets(tables, (t) => t.routeTableId, a.routeTableAssociations, new Set(model.routeTables.map((t) => t.routeTableId)));
  moveSubnets(acls, (t) => t.networkAclId, a.naclAssociations, new Set(model.networkAcls.map((t) => t.networkAclId)));
}

export function templateSnapshot(model: TemplateModel, generatedAt: string, description: string, baseline?: Snapshot): Snapshot {
  const base: Snapshot = baseline ?? {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    generatedAt,
    source: { kind: 'file', description },
    targets: [],
    instances: [],
    networkInterfaces: [],
    securityGroups: [],
    prefixLists: [],
    networkAcls: [],
    subnets: [],
    routeTables: [],
    vpcs: [],
    peeringConnections: [],
    transitGateways: [],
    transitGatewayAttachments: [],
    transitGatewayRouteTables: [],
    flowLogs: [],
    volumes: [],
    snapshots: [],
    images: [],
    ebsEncryptionByDefault: [],
    launchTemplateVersions: [],
    regionSettings: [],
    trails: [],
    trailBuckets: [],
    events: [],
    eventWindows: [],
    coverageGaps: [],
    inventoryReads: [],
  };
  const out: Snapshot = { ...base, source: { kind: 'file', description: baseline ? `${description} merged into ${baseline.source.description ?? 'the baseline snapshot'}` : description }, events: [], eventWindows: [] };
  if (!out.targets.some((t) => t.accountId === model.accountId && t.region === model.region)) out.targets = [...out.targets, { accountId: model.accountId, region: model.region }];
  for (const c of COLLECTIONS) {
    const mine = model[c] as { accountId: string; region: string }[];
    const replaced = new Set(mine.map((x) => ID[c](x as never)));
    const kept = (base[c] as { accountId: string; region: string }[]).filter((x) => !(x.accountId === model.accountId && x.region === model.region && replaced.has(ID[c](x as never))));
    // Copies, so applying additions never edits the baseline the changes are compared with.
    (out as Record<Collection, unknown[]>)[c] = [...kept.map((x) => structuredClone(x)), ...mine];
  }
  applyAdditions(model, out.securityGroups, out.routeTables, out.networkAcls, baseline !== undefined);
  return out;
}
