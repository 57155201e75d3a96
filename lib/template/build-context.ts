/** The state shared by the translators of one template: the model being built, origins, resolver. */
import type { FlowLog, Instance, LaunchTemplateVersion, TransitGateway, NetworkAcl, NetworkInterface, PeeringConnection, PrefixList, RouteTable, SecurityGroup, SgRule, Subnet, Trail, Volume, Vpc, Route, NaclEntry } from '../model/types';
import type { Resolver } from './intrinsics';
import type { Origin, OriginTable } from './origins';
import { Props } from './props';
import type { CfnResource, TemplateSource } from './source';

/** Resources the template changes but does not define (an existing sg-… or rtb-…). */
export interface Additions {
  sgIngress: Map<string, SgRule[]>;
  sgEgress: Map<string, SgRule[]>;
  routes: Map<string, Route[]>;
  naclEntries: Map<string, NaclEntry[]>;
  routeTableAssociations: Map<string, string[]>;
  naclAssociations: Map<string, string[]>;
}

export interface NotModelled {
  file: string;
  logicalId: string;
  cfnType: string;
  reason: string;
}

export interface TemplateModel {
  accountId: string;
  region: string;
  instances: Instance[];
  networkInterfaces: NetworkInterface[];
  securityGroups: SecurityGroup[];
  prefixLists: PrefixList[];
  networkAcls: NetworkAcl[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  vpcs: Vpc[];
  peeringConnections: PeeringConnection[];
  flowLogs: FlowLog[];
  volumes: Volume[];
  trails: Trail[];
  launchTemplateVersions: LaunchTemplateVersion[];
  /** Transit gateways themselves (their settings); routing through them is not modelled. */
  transitGateways: TransitGateway[];
  additions: Additions;
  origins: OriginTable;
  notModelled: NotModelled[];
}

/** What the translators may know about resources outside the template (from --baseline). */
export interface ExistingResources {
  vpc(id: string): Vpc | undefined;
  subnet(id: string): Subnet | undefined;
  ebsEncryptionByDefault(): boolean | undefined;
}

export interface Resource {
  logicalId: string;
  cfn: CfnResource;
  origin: Origin;
  props: Props;
}

export class BuildContext {
  /** Resources of the template that exist (their condition is not false), in template order. */
  readonly resources: Resource[] = [];
  readonly byLogicalId = new Map<string, Resource>();

  constructor(
    readonly source: TemplateSource,
    readonly model: TemplateModel,
    readonly resolver: Resolver,
    readonly existing: ExistingResources | undefined,
  ) {}

  get accountId(): string {
    return this.model.accountId;
  }
  get region(): string {
    return this.model.region;
  }

  ofType(type: string): Resource[] {
    return this.resources.filter((r) => r.cfn.Type === type);
  }

  /** The template resource a resolved id stands for (ids of template resources are their model ids). */
  resourceByModelId(id: string | undefined): Resource | undefined {
    if (id === undefined) return undefined;
    const o = this.model.origins.get(id);
    return o && o.file === this.source.file ? this.byLogicalId.get(o.logicalId) : undefined;
  }

  /**
   * The default security group of a template VPC, added when something uses it (an instance without
   * groups, `Fn::GetAtt VPC.DefaultSecurityGroup`): members reach each other on everything, egress is open.
   */
  ensureDefaultSg(vpcId: string): string {
    const groupId = `${vpcId}.DefaultSecurityGroup`;
    const vpcOrigin = this.model.origins.get(vpcId);
    if (!vpcOrigin || this.model.securityGroups.some((g) => g.groupId === groupId)) return groupId;
    this.model.origins.add({ ...vpcOrigin, modelId: groupId, cfnType: 'AWS::EC2::SecurityGroup' });
    this.model.securityGroups.push({
      accountId: this.accountId,
      region: this.region,
      groupId,
      groupName: 'default',
      vpcId,
      description: 'default VPC security group',
      tags: {},
      ingress: [{ ruleId: 'default rule (members of the group)', protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'sg', groupId } }],
      egress: [{ ruleId: 'default rule', protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'cidr4', cidr: '0.0.0.0/0' } }],
    });
    return groupId;
  }

  notModelled(r: Resource, reason: string): void {
    this.model.notModelled.push({ file: this.source.file, logicalId: r.logicalId, cfnType: r.cfn.Type, reason });
  }
}

export function emptyModel(accountId: string, region: string, origins: OriginTable): TemplateModel {
  return {
    accountId,
    region,
    instances: [],
    networkInterfaces: [],
    securityGroups: [],
    prefixLists: [],
    networkAcls: [],
    subnets: [],
    routeTables: [],
    vpcs: [],
    peeringConnections: [],
    flowLogs: [],
    volumes: [],
    trails: [],
    launchTemplateVersions: [],
    transitGateways: [],
    additions: { sgIngress: new Map(), sgEgress: new Map(), routes: new Map(), naclEntries: new Map(), routeTableAssociations: new Map(), naclAssociations: new Map() },
    origins,
    notModelled: [],
  };
}

export function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
