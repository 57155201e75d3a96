/**
 * A CloudFormation template (or several: a cdk.out folder) to the inventory model. Parameters take
 * the --parameters value, else their Default; resources whose condition is false are left out; every
 * property is resolved (intrinsics.ts) and translated by the part that knows its kind (network.ts,
 * compute.ts). Model ids are the logical ids (`Stack/LogicalId` with several stacks), or the
 * physical id when a baseline shows the resource already deployed, so references keep working.
 */
import { isUnresolved, Resolver, Unresolved, type Value } from './intrinsics';
import { OriginTable } from './origins';
import { Props } from './props';
import { BuildContext, emptyModel, type ExistingResources, type TemplateModel } from './build-context';
import { ComputeTranslator, translateTrails } from './compute';
import { defaultNaclId, NOT_MODELLED_NETWORK_TYPES, translateNacls, translatePeering, translatePrefixListsAndFlowLogs, translateRouteTables, translateSecurityGroups, translateSubnets, translateTransitGateways, translateVpcs } from './network';
import type { TemplateSource } from './source';

export interface TranslateOptions {
  /** --parameters: name → value (lists comma-separated, as CloudFormation takes them). */
  parameters?: Readonly<Record<string, string>>;
  accountId: string;
  region: string;
  existing?: ExistingResources;
  /** Physical ids of resources already deployed, by stack name and logical id (from the baseline's CloudFormation tags). */
  physicalIds?: (stackName: string, logicalId: string) => string | undefined;
}

const LIST_TYPE = /^(List<.*>|CommaDelimitedList)$/;

function parameterValues(source: TemplateSource, given: Readonly<Record<string, string>>): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const [name, def] of Object.entries(source.template.Parameters ?? {})) {
    const type = def?.Type ?? 'String';
    const text = given[name] ?? (def?.Default === undefined || def.Default === null ? undefined : String(def.Default));
    if (text === undefined) {
      out.set(name, new Unresolved(`parameter ${name} has no Default: give it with --parameters ${name}=…`));
    } else if (/^AWS::SSM::Parameter::Value</.test(type) && given[name] === undefined) {
      out.set(name, new Unresolved(`parameter ${name} is read from SSM (${text}) at deploy time`));
    } else if (LIST_TYPE.test(type) || /List<.*>>$/.test(type)) {
      out.set(name, text === '' ? [] : text.split(',').map((s) => s.trim()));
    } else out.set(name, text);
  }
  return out;
}

/** The attributes a template alone determines; the rest are known only after deploy. */
function getAtt(ctx: { resolve(v: Value): Value; wantDefaultSg(vpcId: string): void }, modelId: string, type: string, props: Record<string, unknown>, attr: string): Value {
  const own = type.split('::').pop()!;
  if (attr === 'Id' || attr === `${own}Id` || (type === 'AWS::EC2::SecurityGroup' && attr === 'GroupId')) return modelId;
  if (type === 'AWS::EC2::VPC') {
    if (attr === 'CidrBlock') return ctx.resolve(props.CidrBlock);
    if (attr === 'DefaultSecurityGroup') {
      ctx.wantDefaultSg(modelId);
      return `${modelId}.DefaultSecurityGroup`;
    }
    if (attr === 'DefaultNetworkAcl') return defaultNaclId(modelId);
  }
  if ((type === 'AWS::EC2::SecurityGroup' || type === 'AWS::EC2::Subnet') && attr === 'VpcId') return ctx.resolve(props.VpcId);
  if (type === 'AWS::EC2::Subnet' && (attr === 'CidrBlock' || attr === 'AvailabilityZone')) return ctx.resolve(props[attr]);
  if (type === 'AWS::EC2::LaunchTemplate' && (attr === 'LatestVersionNumber' || attr === 'DefaultVersionNumber')) return '1';
  return new Unresolved(`${modelId}.${attr} is known only after deploy`);
}

function translateOne(source: TemplateSource, model: TemplateModel, o: TranslateOptions, prefix: string): void {
  const t = source.template;
  const resources = t.Resources;
  const idOf = (logicalId: string) => o.physicalIds?.(source.stackName, logicalId) ?? `${prefix}${logicalId}`;
  const wantedDefaultSgs = new Set<string>();
  let resolver: Resolver;
  const resolveCtx = { resolve: (v: Value) => resolver.resolve(v), wantDefaultSg: (vpcId: string) => wantedDefaultSgs.add(vpcId) };
  resolver = new Resolver({
    parameters: parameterValues(source, o.parameters ?? {}),
    pseudo: new Map<string, Value>([
      ['AWS::AccountId', o.accountId],
      ['AWS::Region', o.region],
      ['AWS::Partition', 'aws'],
      ['AWS::URLSuffix', 'amazonaws.com'],
      ['AWS::StackName', source.stackName],
      ['AWS::StackId', new Unresolved('AWS::StackId is known only after deploy')],
      ['AWS::NotificationARNs', []],
    ]),
    mappings: t.Mappings ?? {},
    conditions: t.Conditions ?? {},
    refOf: (logicalId) => (logicalId in resources ? idOf(logicalId) : undefined),
    getAtt: (logicalId, attr) => {
      const r = resources[logicalId];
      if (!r) return new Unresolved(`Fn::GetAtt ${logicalId}.${attr}: no such resource`);
      return getAtt(resolveCtx, idOf(logicalId), r.Type, r.Properties ?? {}, attr);
    },
  });
  const ctx = new BuildContext(source, model, resolver, o.existing);
  const origins: [string, ReturnType<OriginTable['add']>][] = [];
  for (const [logicalId, cfn] of Object.entries(resources)) {
    if (!cfn || typeof cfn !== 'object' || typeof cfn.Type !== 'string') continue;
    let conditional: string | undefined;
    if (typeof cfn.Condition === 'string') {
      const c = resolver.condition(cfn.Condition);
      if (c === false) continue;
      if (isUnresolved(c)) conditional = `condition ${cfn.Condition}: ${c.reason}`;
    }
    const origin = model.origins.add({ modelId: idOf(logicalId), logicalId, cfnType: cfn.Type, file: source.file, stackName: source.stackName, path: ['Resources', logicalId], ...(conditional ? { conditional } : {}) });
    origins.push([logicalId, origin]);
  }
  for (const [logicalId, origin] of origins) {
    const cfn = resources[logicalId];
    const resolved = resolver.resolve(cfn.Properties ?? {});
    const props = new Props(resolved && typeof resolved === 'object' && !isUnresolved(resolved) ? (resolved as Record<string, unknown>) : {}, ['Resources', logicalId, 'Properties'], origin);
    const r = { logicalId, cfn, origin, props };
    ctx.resources.push(r);
    ctx.byLogicalId.set(logicalId, r);
    const why = NOT_MODELLED_NETWORK_TYPES[cfn.Type];
    if (why) ctx.notModelled(r, why);
  }
  translateVpcs(ctx);
  translateSubnets(ctx);
  translateRouteTables(ctx);
  translateNacls(ctx);
  translateSecurityGroups(ctx);
  for (const vpcId of wantedDefaultSgs) ctx.ensureDefaultSg(vpcId);
  translatePeering(ctx);
  translateTransitGateways(ctx);
  translatePrefixListsAndFlowLogs(ctx);
  new ComputeTranslator(ctx).run();
  translateTrails(ctx);
}

export function translateTemplates(sources: readonly TemplateSource[], o: TranslateOptions): TemplateModel {
  const model = emptyModel(o.accountId, o.region, new OriginTable());
  for (const s of sources) translateOne(s, model, o, sources.length > 1 ? `${s.stackName}/` : '');
  return model;
}
