/**
 * `vmaudit template` without the edges: a parsed template (or several) and a policy in, the same
 * rules and reachability analysis as `evaluate` over the model the template builds, findings located
 * in the template and made honest about what the template leaves open. With a baseline snapshot, the
 * findings of the baseline alone too, so the change can be stated. Pure: the CLI and the CDK
 * validation plugin both call it.
 */
import { evaluate } from '../engine/evaluate';
import type { Rule } from '../engine/rule';
import { UsageError } from '../errors';
import { closest } from '../policy/suggest';
import type { Finding } from '../findings/finding';
import type { Snapshot } from '../model/types';
import type { PolicyDocument } from '../policy/schema';
import type { NotModelled, TemplateModel } from './build-context';
import { compareWithBaseline, type TemplateChanges } from './changes';
import { Honesty } from './honesty';
import { Locator } from './locate';
import { templateRules } from './rules';
import { deployedIds, existingResources, templateSnapshot } from './snapshot';
import type { TemplateSource } from './source';
import { translateTemplates } from './translate';

/** AWS's documented example account and the first commercial region, when nothing says otherwise. */
export const DEFAULT_ACCOUNT = '123456789012';
export const DEFAULT_REGION = 'us-east-1';

export interface TemplateCheckInput {
  sources: readonly TemplateSource[];
  policy: PolicyDocument;
  parameters?: Readonly<Record<string, string>>;
  baseline?: Snapshot;
  /** Where the stack will be deployed; default AWS::AccountId / AWS::Region of --parameters, else the baseline's only target. */
  accountId?: string;
  region?: string;
  now: Date;
}

export interface PreparedCheck {
  snapshot: Snapshot;
  rules: Rule[];
  model: TemplateModel;
  notModelled: readonly NotModelled[];
  /** Locates and checks the merged findings (the CLI applies it to the engine's output). */
  refine(findings: readonly Finding[]): Finding[];
  /** The baseline's own findings under the same rules and policy, when there is a baseline. */
  baselineFindings?: Finding[];
}

function target(input: TemplateCheckInput): { accountId: string; region: string } {
  const p = input.parameters ?? {};
  let accountId = input.accountId ?? p['AWS::AccountId'];
  let region = input.region ?? p['AWS::Region'];
  if (input.baseline && (!accountId || !region)) {
    const ts = input.baseline.targets.filter((t) => (!accountId || t.accountId === accountId) && (!region || t.region === region));
    if (ts.length === 1) {
      accountId ??= ts[0]!.accountId;
      region ??= ts[0]!.region;
    } else if (ts.length > 1) {
      throw new UsageError(`UsageError: the baseline holds ${ts.length} accounts/regions (${ts.slice(0, 4).map((t) => `${t.accountId}/${t.region}`).join(', ')}${ts.length > 4 ? ', …' : ''}): say where the stack goes with --parameters AWS::AccountId=…,AWS::Region=…`);
    }
  }
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new UsageError(`UsageError: --parameters AWS::AccountId=${JSON.stringify(accountId)} is not a 12-digit account id.`);
  return { accountId: accountId ?? DEFAULT_ACCOUNT, region: region ?? DEFAULT_REGION };
}

const ONE_PER_INSTANCE_TYPES = new Set(['AWS::AutoScaling::AutoScalingGroup', 'AWS::EKS::Nodegroup']);

/**
 * A template is part of an estate: alone, a zone the policy declares but the template does not use
 * says nothing about the estate (with a baseline it does, and stays a finding).
 */
function withoutBaseline(f: Finding, hasBaseline: boolean): Finding {
  if (hasBaseline || f.ruleId !== 'net-zone-isolation' || f.detailKey !== 'absent') return f;
  return { ...f, status: 'NOT_APPLICABLE', message: `${f.message.replace(/ \(a typo.*\)$/, '')}; a template alone holds only part of the estate (give --baseline to check the zone there)` };
}

/** The pseudo parameters `--parameters` may set: where the stack goes. */
const SETTABLE_PSEUDO = new Set(['AWS::AccountId', 'AWS::Region']);

/**
 * A --parameters name the template does not declare is a typo that would leave the default in force
 * unnoticed; a value outside AllowedValues is one CloudFormation would refuse. Both are mistakes.
 */
function checkParameters(sources: readonly TemplateSource[], parameters: Readonly<Record<string, string>>): void {
  const declared = new Map<string, { Type?: string; AllowedValues?: unknown[] }>();
  for (const s of sources) for (const [name, def] of Object.entries(s.template.Parameters ?? {})) declared.set(name, def ?? {});
  for (const [name, value] of Object.entries(parameters)) {
    if (name.startsWith('AWS::')) {
      if (!SETTABLE_PSEUDO.has(name)) throw new UsageError(`UsageError: --parameters ${name}=…: only AWS::AccountId and AWS::Region can be given; the other pseudo parameters follow from them.`);
      continue;
    }
    const def = declared.get(name);
    if (!def) {
      const near = closest(name, declared.keys());
      const names = [...declared.keys()];
      throw new UsageError(`UsageError: --parameters ${name}=…: the template declares no parameter ${name}${near ? ` (did you mean ${near}?)` : ''}; it declares ${names.length ? names.slice(0, 12).join(', ') + (names.length > 12 ? ', …' : '') : 'none'}.`);
    }
    const allowed = Array.isArray(def.AllowedValues) ? def.AllowedValues.map(String) : undefined;
    if (allowed && !/^(List<|CommaDelimitedList)/.test(def.Type ?? '') && !allowed.includes(value)) {
      throw new UsageError(`UsageError: --parameters ${name}=${JSON.stringify(value)} is not one of the parameter's AllowedValues (${allowed.join(', ')}); CloudFormation would refuse it.`);
    }
  }
}

export function prepareTemplateCheck(input: TemplateCheckInput): PreparedCheck {
  checkParameters(input.sources, input.parameters ?? {});
  const { accountId, region } = target(input);
  const model = translateTemplates(input.sources, {
    parameters: input.parameters,
    accountId,
    region,
    existing: input.baseline ? existingResources(input.baseline, accountId, region) : undefined,
    physicalIds: input.baseline ? deployedIds(input.baseline, accountId, region) : undefined,
  });
  const description = `CloudFormation template ${input.sources.map((s) => s.file).join(', ')}`;
  const snapshot = templateSnapshot(model, input.now.toISOString(), description, input.baseline);
  const rules = templateRules(input.baseline !== undefined);
  const locator = new Locator(model.origins, input.sources);
  const honesty = new Honesty(model.origins, model.notModelled, input.policy.isolation?.zoneTag);
  const refine = (findings: readonly Finding[]) =>
    findings
      // A group launching into several subnets is modelled with one interface per subnet; that is not "several ENIs".
      .filter((f) => !(f.ruleId === 'ec2-instance-single-eni' && ONE_PER_INSTANCE_TYPES.has(model.origins.get(f.resourceId)?.cfnType ?? '')))
      .map((f) => honesty.check(locator.annotate(withoutBaseline(f, input.baseline !== undefined))));
  const baselineFindings = input.baseline ? evaluate(input.baseline, input.policy, { rules, now: input.now }).findings : undefined;
  return { snapshot, rules, model, notModelled: model.notModelled, refine, baselineFindings };
}

export interface TemplateCheckResult {
  findings: Finding[];
  changes?: TemplateChanges;
  notModelled: readonly NotModelled[];
}

/** The whole check in memory (the CDK plugin and tests); the CLI streams the same through runEvaluation. */
export function checkTemplates(input: TemplateCheckInput): TemplateCheckResult {
  const prepared = prepareTemplateCheck(input);
  const findings = prepared.refine(evaluate(prepared.snapshot, input.policy, { rules: prepared.rules, now: input.now }).findings);
  return { findings, notModelled: prepared.notModelled, ...(prepared.baselineFindings ? { changes: compareWithBaseline(prepared.baselineFindings, findings) } : {}) };
}
