/**
 * `vmaudit template` inside `cdk synth`: a CDK policy-validation plugin. Add it to the App (or a
 * Stage) and synth fails when the synthesized templates break the policy, zone isolation included,
 * with the construct path, the logical id and the property to change:
 *
 *   new App({ policyValidationBeta1: [new VmauditValidation({ policy: 'vmaudit.yaml' })] });
 *
 * It implements IPolicyValidationPluginBeta1 (the `policyValidationBeta1` App/Stage prop) and the
 * stable IPolicyValidationPlugin (`Validations.of(app).addPlugins(...)`) of newer aws-cdk-lib: the
 * two differ only in optional fields, which this plugin always fills.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';
import { FULL_CATALOGUE } from '../catalogue';
import type { Severity } from '../model/severity';
import { parseSnapshot } from '../model/snapshot-file';
import { resolvePolicy } from '../catalogue/load-policy';
import { checkTemplates } from '../template/check';
import { parseTemplate } from '../template/read.edge';
import { ConstructPaths } from './construct-paths';
import { synthViolations } from './violations';

export interface VmauditValidationProps {
  /** Policy file (YAML). @default the built-in policy */
  readonly policy?: string;
  /** Failing findings at or above this severity fail the synth. @default 'high' */
  readonly failOn?: Severity;
  /** Template parameter values, as `vmaudit template --parameters`. @default none (parameter defaults) */
  readonly parameters?: Readonly<Record<string, string>>;
  /** A snapshot of the deployed estate to judge the change in (`vmaudit scan` writes one). @default none */
  readonly baseline?: string;
  /** Reference time for rule ages and exception expiry. @default now */
  readonly now?: Date;
}

export const PLUGIN_NAME = 'vmaudit';

export class VmauditValidation implements IPolicyValidationPluginBeta1 {
  readonly name = PLUGIN_NAME;
  readonly version = '0.1.0';
  readonly ruleIds = FULL_CATALOGUE.map((r) => r.id);

  constructor(private readonly props: VmauditValidationProps = {}) {}

  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const now = this.props.now ?? new Date();
    const policy = resolvePolicy(this.props.policy, FULL_CATALOGUE, { now }).policy;
    const sources = context.templatePaths.map((p) => parseTemplate(readFileSync(p, 'utf8'), p, basename(p).replace(/\.template\.json$/, '')));
    const baseline = this.props.baseline ? parseSnapshot(readFileSync(this.props.baseline), this.props.baseline) : undefined;
    const result = checkTemplates({ sources, policy, now, parameters: this.props.parameters, baseline });
    // With a baseline, only what the change adds fails the synth (as `vmaudit template --fail-on`).
    const judged = result.changes ? result.changes.adds : result.findings;
    const paths = context.appConstruct ? new ConstructPaths(context.appConstruct) : undefined;
    const violations = synthViolations(judged, this.props.failOn ?? 'high').map((v) => ({
      ruleName: v.ruleId,
      severity: v.severity,
      description: `${v.title}: ${v.resources.map((r) => `${paths?.of(r.file, r.logicalId) ?? r.logicalId}: ${r.message}`).join('; ')}`,
      fix: v.fix,
      violatingResources: v.resources.map((r) => ({ resourceLogicalId: r.logicalId, templatePath: r.file, locations: [r.location] })),
    }));
    return { success: violations.length === 0, violations, pluginVersion: this.version, metadata: { unknown: String(result.findings.filter((f) => f.status === 'UNKNOWN').length) } };
  }
}
