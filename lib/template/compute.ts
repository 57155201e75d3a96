/**
 * Instances of a template: explicit AWS::EC2::Instance resources, and the instances an Auto Scaling
 * group or EKS node group will launch from a launch template (or launch configuration), one model
 * instance per group with one network interface per subnet it may launch into. Also their network
 * interfaces, Elastic IPs, EBS volumes and the CloudTrail trails of the template.
 *
 * Before deploy there are no addresses: an instance without a fixed private IP gets a stand-in
 * address inside its subnet (AWS reserves the first four), and a public IPv4 that AWS would assign
 * gets a stand-in from TEST-NET-3 (203.0.113.0/24); messages call them what they are.
 */
import type { Instance, NetworkInterface, Volume } from '../model/types';
import type { PathSegment } from '../policy/locate';
import type { BuildContext, Resource } from './build-context';
import type { Origin } from './origins';
import type { Props } from './props';

interface Placement {
  eniId: string;
  subnetId?: string;
  sgIds: string[];
  privateIp?: string;
  /** true/false when the template says; undefined = the subnet decides. */
  associatePublic?: boolean;
  associatePath?: PathSegment[];
}

interface LaunchData {
  props?: Props;
  /** 'template' (LaunchTemplateData) or 'configuration' (LaunchConfiguration) naming differs. */
  kind: 'instance' | 'template' | 'configuration';
}

function ipv4ToInt(ip: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((x) => x > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The n-th usable stand-in address of a subnet (AWS reserves .0-.3 and the last). */
export function standInAddress(cidr: string | undefined, n: number): string | undefined {
  if (!cidr) return undefined;
  const [base, lenText] = cidr.split('/');
  const start = ipv4ToInt(base ?? '');
  const len = Number(lenText);
  if (start === undefined || !Number.isInteger(len) || len < 0 || len > 28) return undefined;
  const size = 2 ** (32 - len);
  const network = start - (start % size);
  return n + 4 < size - 1 ? intToIpv4(network + 4 + n) : undefined;
}

export class ComputeTranslator {
  private readonly perSubnet = new Map<string, number>();
  private publicCount = 0;

  constructor(private readonly ctx: BuildContext) {}

  run(): void {
    const usedLaunchTemplates = new Set<string>();
    for (const r of this.ctx.ofType('AWS::EC2::Instance')) this.instance(r, usedLaunchTemplates);
    for (const r of this.ctx.ofType('AWS::AutoScaling::AutoScalingGroup')) this.group(r, usedLaunchTemplates);
    for (const r of this.ctx.ofType('AWS::EKS::Nodegroup')) this.group(r, usedLaunchTemplates);
    // A launch template no group uses here still says how its instances will be configured.
    for (const r of [...this.ctx.ofType('AWS::EC2::LaunchTemplate'), ...this.ctx.ofType('AWS::AutoScaling::LaunchConfiguration')]) {
      if (usedLaunchTemplates.has(r.origin.modelId)) continue;
      const data: LaunchData = r.cfn.Type === 'AWS::EC2::LaunchTemplate' ? { props: r.props.child('LaunchTemplateData'), kind: 'template' } : { props: r.props, kind: 'configuration' };
      this.emit(r.origin, data, [], this.launchTags(data), undefined);
    }
    this.volumes();
    this.launchTemplateVersions();
  }

  /**
   * Each AWS::EC2::LaunchTemplate as its one version (1, default and latest): the launch-template
   * rules judge what every instance launched from it inherits.
   */
  private launchTemplateVersions(): void {
    for (const r of this.ctx.ofType('AWS::EC2::LaunchTemplate')) {
      const data = r.props.child('LaunchTemplateData');
      const mo = data?.child('MetadataOptions');
      const tokens = mo?.str('HttpTokens');
      const endpoint = mo?.str('HttpEndpoint');
      const hops = mo?.num('HttpPutResponseHopLimit');
      const moPath = data ? data.pathOf('MetadataOptions') : r.props.pathOf('LaunchTemplateData');
      r.origin.properties.set('HttpTokens', [...moPath, 'HttpTokens']);
      r.origin.properties.set('HttpPutResponseHopLimit', [...moPath, 'HttpPutResponseHopLimit']);
      const nis = data?.children('NetworkInterfaces') ?? [];
      const publicNi = nis.find((ni) => ni.bool('AssociatePublicIpAddress') === true);
      r.origin.properties.set('AssociatePublicIpAddress', publicNi ? publicNi.pathOf('AssociatePublicIpAddress') : data ? data.pathOf('NetworkInterfaces') : r.origin.path);
      this.ctx.model.launchTemplateVersions.push({
        accountId: this.ctx.accountId,
        region: this.ctx.region,
        launchTemplateId: r.origin.modelId,
        ...(r.props.str('LaunchTemplateName') ? { launchTemplateName: r.props.str('LaunchTemplateName') } : {}),
        versionNumber: 1,
        isDefault: true,
        isLatest: true,
        metadataOptions: {
          ...(tokens === 'optional' || tokens === 'required' ? { httpTokens: tokens } : {}),
          ...(endpoint === 'enabled' || endpoint === 'disabled' ? { httpEndpoint: endpoint } : {}),
          ...(hops !== undefined ? { httpPutResponseHopLimit: hops } : {}),
        },
        networkInterfaces: nis.map((ni) => ({ ...(ni.num('DeviceIndex') !== undefined ? { deviceIndex: ni.num('DeviceIndex') } : {}), ...(ni.bool('AssociatePublicIpAddress') !== undefined ? { associatePublicIpAddress: ni.bool('AssociatePublicIpAddress') } : {}) })),
      });
    }
  }

  private launchTemplate(spec: Props | undefined, used: Set<string>): LaunchData | undefined {
    if (!spec) return undefined;
    const id = spec.str('LaunchTemplateId') ?? spec.str('Id') ?? spec.str('LaunchTemplateName') ?? spec.str('Name');
    const r = this.ctx.resourceByModelId(id) ?? this.ctx.resources.find((x) => x.cfn.Type === 'AWS::EC2::LaunchTemplate' && x.props.str('LaunchTemplateName') === id);
    if (!r || r.cfn.Type !== 'AWS::EC2::LaunchTemplate') {
      spec.origin.unresolved.push({ path: spec.path, reason: `launch template ${id ?? '(unresolved)'} is not in the template` });
      return { kind: 'template' };
    }
    used.add(r.origin.modelId);
    return { props: r.props.child('LaunchTemplateData'), kind: 'template' };
  }

  private launchTags(data: LaunchData | undefined): Record<string, string> {
    const tags: Record<string, string> = {};
    if (data?.kind !== 'template' || !data.props) return tags;
    for (const spec of data.props.children('TagSpecifications')) if (spec.str('ResourceType') === 'instance') Object.assign(tags, spec.tags());
    return tags;
  }

  private instance(r: Resource, used: Set<string>): void {
    const p = r.props;
    const lt = p.has('LaunchTemplate') ? this.launchTemplate(p.child('LaunchTemplate'), used) : undefined;
    const placements: Placement[] = [];
    const nis = p.children('NetworkInterfaces');
    nis.forEach((ni, i) => {
      const eniRef = ni.str('NetworkInterfaceId');
      const eni = this.ctx.resourceByModelId(eniRef);
      const src = eni && eni.cfn.Type === 'AWS::EC2::NetworkInterface' ? eni.props : ni;
      placements.push({
        eniId: eni ? eni.origin.modelId : eniRef ?? `${r.origin.modelId}.eth${ni.num('DeviceIndex') ?? i}`,
        subnetId: src.strOrMarker('SubnetId'),
        sgIds: src.strings('GroupSet'),
        privateIp: src.str('PrivateIpAddress') ?? src.children('PrivateIpAddresses').find((a) => a.bool('Primary') !== false)?.str('PrivateIpAddress'),
        associatePublic: ni.bool('AssociatePublicIpAddress'),
        associatePath: ni.pathOf('AssociatePublicIpAddress'),
      });
    });
    if (!placements.length) {
      const ltNi = lt?.props?.children('NetworkInterfaces')[0];
      placements.push({
        eniId: `${r.origin.modelId}.eth0`,
        subnetId: p.strOrMarker('SubnetId') ?? ltNi?.strOrMarker('SubnetId'),
        sgIds: [...p.strings('SecurityGroupIds'), ...p.strings('SecurityGroups').map((n) => this.groupByName(n)), ...(lt?.props?.strings('SecurityGroupIds') ?? []), ...(ltNi?.strings('Groups') ?? [])],
        privateIp: p.str('PrivateIpAddress'),
        associatePublic: ltNi?.bool('AssociatePublicIpAddress'),
        associatePath: ltNi?.pathOf('AssociatePublicIpAddress'),
      });
    }
    const tags = { ...this.launchTags(lt), ...p.tags() };
    // Properties set on the instance win over its launch template's.
    const data: LaunchData = p.has('MetadataOptions') || !lt?.props ? { props: p, kind: 'instance' } : lt;
    this.emit(r.origin, data, placements, tags, p.str('ImageId') ?? lt?.props?.str('ImageId'), p.str('InstanceType') ?? lt?.props?.str('InstanceType'));
  }

  private group(r: Resource, used: Set<string>): void {
    const p = r.props;
    let data: LaunchData | undefined;
    if (p.has('LaunchTemplate')) data = this.launchTemplate(p.child('LaunchTemplate'), used);
    else if (p.has('MixedInstancesPolicy')) data = this.launchTemplate(p.child('MixedInstancesPolicy')?.child('LaunchTemplate')?.child('LaunchTemplateSpecification'), used);
    else if (p.has('LaunchConfigurationName')) {
      const lc = this.ctx.resourceByModelId(p.str('LaunchConfigurationName'));
      if (lc) used.add(lc.origin.modelId);
      data = lc ? { props: lc.props, kind: 'configuration' } : { kind: 'configuration' };
      if (!lc) r.origin.unresolved.push({ path: p.pathOf('LaunchConfigurationName'), reason: 'the launch configuration is not in the template' });
    }
    const subnetKey = r.cfn.Type === 'AWS::EKS::Nodegroup' ? 'Subnets' : 'VPCZoneIdentifier';
    const subnets = p.strings(subnetKey);
    if (!subnets.length) r.origin.unresolved.push({ path: p.pathOf(subnetKey), reason: 'the subnets the group launches into are not known before deploy (none given, or the default VPC)' });
    const lp = data?.props;
    const ni = data?.kind === 'template' ? lp?.children('NetworkInterfaces')[0] : undefined;
    let sgIds = data?.kind === 'configuration' ? (lp?.strings('SecurityGroups') ?? []) : [...(lp?.strings('SecurityGroupIds') ?? []), ...(ni?.strings('Groups') ?? [])];
    if (!sgIds.length && r.cfn.Type === 'AWS::EKS::Nodegroup') sgIds = [`${r.origin.modelId}.ClusterSecurityGroup`];
    const associatePublic = data?.kind === 'configuration' ? lp?.bool('AssociatePublicIpAddress') : ni?.bool('AssociatePublicIpAddress');
    const associatePath = data?.kind === 'configuration' ? lp?.pathOf('AssociatePublicIpAddress') : ni?.pathOf('AssociatePublicIpAddress');
    const placements = subnets.map((subnetId, i) => ({ eniId: `${r.origin.modelId}.subnet${i}`, subnetId, sgIds, associatePublic, associatePath }));
    const tags: Record<string, string> = { ...this.launchTags(data) };
    if (r.cfn.Type === 'AWS::EKS::Nodegroup') Object.assign(tags, p.tags());
    else for (const t of p.children('Tags')) if (t.bool('PropagateAtLaunch') !== false && t.str('Key') !== undefined && t.str('Value') !== undefined) tags[t.str('Key')!] = t.str('Value')!;
    this.emit(r.origin, data ?? { kind: 'template' }, placements, tags, lp?.str('ImageId'), lp?.str('InstanceType'));
  }

  private groupByName(name: string): string {
    return this.ctx.model.securityGroups.find((g) => g.groupName === name || g.groupId === name)?.groupId ?? `name:${name}`;
  }

  private subnetInfo(subnetId: string | undefined): { cidr?: string; vpcId?: string; mapPublic?: boolean; origin?: Origin } {
    if (!subnetId) return {};
    const own = this.ctx.model.subnets.find((s) => s.subnetId === subnetId);
    if (own) return { cidr: own.cidrBlock, vpcId: own.vpcId, mapPublic: own.mapPublicIpOnLaunch, origin: this.ctx.model.origins.get(subnetId) };
    const existing = this.ctx.existing?.subnet(subnetId);
    return existing ? { cidr: existing.cidrBlock, vpcId: existing.vpcId, mapPublic: existing.mapPublicIpOnLaunch } : {};
  }

  private emit(origin: Origin, data: LaunchData, placements: Placement[], tags: Record<string, string>, imageId?: string, instanceType?: string): void {
    const { accountId, region } = this.ctx;
    const lp = data.props;
    // HttpTokens: unset means AWS's default, optional (IMDSv1 allowed), unless the AMI or the account says otherwise.
    const mo = lp?.child('MetadataOptions');
    const tokens = mo?.str('HttpTokens');
    const endpoint = mo?.str('HttpEndpoint');
    const tokensUnresolved = mo?.has('HttpTokens') && tokens === undefined;
    const metadataPath = lp ? [...lp.path, 'MetadataOptions', 'HttpTokens'] : origin.path;
    origin.properties.set('HttpTokens', metadataPath);
    origin.properties.set('HttpPutResponseHopLimit', lp ? [...lp.path, 'MetadataOptions', 'HttpPutResponseHopLimit'] : origin.path);
    const eips = this.elasticIps(origin.modelId, placements.map((pl) => pl.eniId));
    const enis: NetworkInterface[] = [];
    for (const pl of placements) {
      const info = this.subnetInfo(pl.subnetId);
      const vpcId = info.vpcId;
      let sgIds = pl.sgIds;
      if (!sgIds.length && vpcId) sgIds = [this.ctx.ensureDefaultSg(vpcId)];
      const n = this.perSubnet.get(pl.subnetId ?? '') ?? 0;
      this.perSubnet.set(pl.subnetId ?? '', n + 1);
      const ip = pl.privateIp ?? standInAddress(info.cidr, n);
      if (!ip && pl.subnetId) origin.unresolved.push({ path: [...origin.path, 'Properties', 'SubnetId'], reason: `the CIDR of subnet ${pl.subnetId} is unknown, so the instance's address (and what reaches it) is` });
      let publicIp: string | undefined;
      const eip = eips.get(pl.eniId) ?? (pl === placements[0] ? eips.get(origin.modelId) : undefined);
      if (eip) {
        publicIp = this.standInPublic();
        origin.properties.set('PublicIp', eip);
      } else if (pl.associatePublic === true || (pl.associatePublic === undefined && info.mapPublic === true)) {
        publicIp = this.standInPublic();
        origin.properties.set('PublicIp', pl.associatePublic === true ? pl.associatePath! : (info.origin?.properties.get('MapPublicIpOnLaunch') ?? origin.path));
      } else if (pl.associatePublic === undefined && info.mapPublic === undefined && pl.subnetId) {
        origin.unresolved.push({ path: [...origin.path, 'Properties', 'SubnetId'], reason: `whether subnet ${pl.subnetId} assigns public IPs is unknown` });
      }
      enis.push({ accountId, region, networkInterfaceId: pl.eniId, instanceId: origin.modelId, subnetId: pl.subnetId, vpcId, privateIpAddresses: ip ? [ip] : [], ...(publicIp ? { publicIp } : {}), ipv6Addresses: [], securityGroupIds: sgIds, status: 'in-use' });
    }
    const first = enis[0];
    const instance: Instance = {
      accountId,
      region,
      instanceId: origin.modelId,
      state: 'running',
      instanceType,
      imageId,
      ...(tokensUnresolved ? {} : { metadataOptions: { httpTokens: tokens === 'required' ? 'required' : 'optional', httpEndpoint: endpoint === 'disabled' ? 'disabled' : 'enabled', httpPutResponseHopLimit: mo?.num('HttpPutResponseHopLimit') } }),
      ...(first?.publicIp ? { publicIpAddress: first.publicIp } : {}),
      ...(first?.privateIpAddresses[0] ? { privateIpAddress: first.privateIpAddresses[0] } : {}),
      ipv6Addresses: [],
      networkInterfaceIds: enis.map((e) => e.networkInterfaceId),
      securityGroupIds: first?.securityGroupIds ?? [],
      ...(first?.subnetId ? { subnetId: first.subnetId } : {}),
      ...(first?.vpcId ? { vpcId: first.vpcId } : {}),
      tags,
    };
    this.ctx.model.instances.push(instance);
    this.ctx.model.networkInterfaces.push(...enis);
    this.blockDevices(origin, data);
  }

  private standInPublic(): string {
    return `203.0.113.${(this.publicCount++ % 250) + 1}`;
  }

  /** Elastic IPs of the template by the instance or ENI they go to, with the path to remove. */
  private elasticIps(instanceId: string, eniIds: string[]): Map<string, PathSegment[]> {
    const out = new Map<string, PathSegment[]>();
    for (const r of [...this.ctx.ofType('AWS::EC2::EIP'), ...this.ctx.ofType('AWS::EC2::EIPAssociation')]) {
      const inst = r.props.str('InstanceId');
      const eni = r.props.str('NetworkInterfaceId');
      if (inst === instanceId) out.set(instanceId, r.origin.path);
      if (eni && eniIds.includes(eni)) out.set(eni, r.origin.path);
    }
    return out;
  }

  private encryptedByDefault(origin: Origin, path: PathSegment[]): boolean {
    const d = this.ctx.existing?.ebsEncryptionByDefault();
    if (d !== undefined) return d;
    origin.unresolved.push({ path: [...path, 'Encrypted'], reason: 'Encrypted is not set, so the account\'s EBS encryption-by-default setting decides (give --baseline to use it)' });
    return false;
  }

  private blockDevices(origin: Origin, data: LaunchData): void {
    const lp = data.props;
    const mappings = lp?.children('BlockDeviceMappings') ?? [];
    mappings.forEach((m, i) => {
      const ebs = m.child('Ebs');
      if (!ebs) return;
      const volumeId = `${origin.modelId}.BlockDeviceMappings[${i}]`;
      const vo = this.ctx.model.origins.add({ ...origin, modelId: volumeId, cfnType: 'AWS::EC2::Volume', path: m.path });
      const enc = ebs.bool('Encrypted');
      if (ebs.has('Encrypted') && enc === undefined) vo.unresolved.push({ path: ebs.pathOf('Encrypted'), reason: 'Encrypted could not be resolved' });
      vo.properties.set('Encrypted', ebs.pathOf('Encrypted'));
      this.pushVolume(volumeId, enc ?? this.encryptedByDefault(vo, ebs.path), origin.modelId, m.str('DeviceName'), ebs.str('KmsKeyId'), ebs.num('VolumeSize'));
    });
  }

  private pushVolume(volumeId: string, encrypted: boolean, instanceId: string | undefined, device?: string, kmsKeyId?: string, sizeGiB?: number): void {
    this.ctx.model.volumes.push({ accountId: this.ctx.accountId, region: this.ctx.region, volumeId, encrypted, ...(kmsKeyId ? { kmsKeyId } : {}), state: 'in-use', ...(sizeGiB ? { sizeGiB } : {}), attachments: instanceId ? [{ instanceId, ...(device ? { device } : {}) }] : [], tags: {} } satisfies Volume);
  }

  private volumes(): void {
    for (const r of this.ctx.ofType('AWS::EC2::Volume')) {
      const enc = r.props.bool('Encrypted');
      r.origin.properties.set('Encrypted', r.props.pathOf('Encrypted'));
      const attachment = this.ctx.ofType('AWS::EC2::VolumeAttachment').find((a) => a.props.str('VolumeId') === r.origin.modelId);
      this.pushVolume(r.origin.modelId, enc ?? this.encryptedByDefault(r.origin, r.props.path), attachment?.props.str('InstanceId'), attachment?.props.str('Device'), r.props.str('KmsKeyId'), r.props.num('Size'));
    }
  }
}

export function translateTrails(ctx: BuildContext): void {
  for (const r of ctx.ofType('AWS::CloudTrail::Trail')) {
    const p = r.props;
    const name = p.str('TrailName') ?? r.logicalId;
    const basic = p.children('EventSelectors').map((s) => {
      const text = s.str('ReadWriteType');
      const rw: 'All' | 'ReadOnly' | 'WriteOnly' = text === 'ReadOnly' || text === 'WriteOnly' ? text : 'All';
      return { readWriteType: rw, includeManagementEvents: s.bool('IncludeManagementEvents') ?? true, excludeManagementEventSources: s.strings('ExcludeManagementEventSources') };
    });
    const advanced = p.children('AdvancedEventSelectors').map((s) => ({
      name: s.str('Name'),
      fieldSelectors: s.children('FieldSelectors').map((f) => ({ field: f.str('Field') ?? '', equals: f.strings('Equals'), notEquals: f.strings('NotEquals'), startsWith: f.strings('StartsWith'), notStartsWith: f.strings('NotStartsWith'), endsWith: f.strings('EndsWith'), notEndsWith: f.strings('NotEndsWith') })),
    }));
    for (const k of ['EnableLogFileValidation', 'KMSKeyId', 'CloudWatchLogsLogGroupArn', 'IsMultiRegionTrail', 'IsLogging']) r.origin.properties.set(k, p.pathOf(k));
    ctx.model.trails.push({
      accountId: ctx.accountId,
      region: ctx.region,
      // The model names a trail by its id in the template, so findings point back to it.
      name: r.origin.modelId,
      arn: `arn:aws:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${name}`,
      homeRegion: ctx.region,
      isMultiRegion: p.bool('IsMultiRegionTrail') ?? false,
      isOrganizationTrail: p.bool('IsOrganizationTrail') ?? false,
      logFileValidationEnabled: p.bool('EnableLogFileValidation') ?? false,
      includeGlobalServiceEvents: p.bool('IncludeGlobalServiceEvents') ?? true,
      kmsKeyId: p.str('KMSKeyId'),
      cloudWatchLogsLogGroupArn: p.str('CloudWatchLogsLogGroupArn'),
      s3BucketName: p.str('S3BucketName'),
      status: { isLogging: p.bool('IsLogging') ?? false },
      selectors: advanced.length ? { advanced } : { basic: basic.length ? basic : [{ readWriteType: 'All' as const, includeManagementEvents: true, excludeManagementEventSources: [] }] },
      tags: p.tags(),
    });
  }
}

