/**
 * The same checks as VmauditValidation in cdk-nag's style, as an Aspect:
 *
 *   Aspects.of(app).add(new VmauditChecks({ policy: 'vmaudit.yaml' }));
 *
 * Each violation becomes an error annotation on the construct that holds the property to change
 * (`[Error at /PeeredStack/ProdDbSg] vmaudit net-zone-isolation: …`), which makes `cdk synth` fail.
 * Reachability is a property of the whole stack, so the check runs once per stack, after every
 * aspect has run (a validation the Aspect adds to the stack), not resource by resource.
 */
import { Annotations, Stack, type IAspect } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { FULL_CATALOGUE } from '../catalogue';
import { parseSnapshot } from '../model/snapshot-file';
import { resolvePolicy } from '../catalogue/load-policy';
import { checkTemplates } from '../template/check';
import { readFileSync } from 'node:fs';
import { stackTemplate } from './stack-template';
import type { VmauditValidationProps } from './validation-plugin';
import { synthViolations } from './violations';

export type VmauditChecksProps = VmauditValidationProps;

export class VmauditChecks implements IAspect {
  private readonly stacks = new WeakSet<Stack>();

  constructor(private readonly props: VmauditChecksProps = {}) {}

  visit(node: IConstruct): void {
    if (!Stack.isStack(node) || this.stacks.has(node)) return;
    this.stacks.add(node);
    node.node.addValidation({
      validate: () => {
        this.check(node);
        return [];
      },
    });
  }

  private check(stack: Stack): void {
    const now = this.props.now ?? new Date();
    const policy = resolvePolicy(this.props.policy, FULL_CATALOGUE, { now }).policy;
    const { template, constructs } = stackTemplate(stack);
    const baseline = this.props.baseline ? parseSnapshot(readFileSync(this.props.baseline), this.props.baseline) : undefined;
    const result = checkTemplates({ sources: [{ file: stack.templateFile, stackName: stack.stackName, template, lineOf: () => undefined }], policy, now, parameters: this.props.parameters, baseline });
    const judged = result.changes ? result.changes.adds : result.findings;
    for (const v of synthViolations(judged, this.props.failOn ?? 'high')) {
      for (const r of v.resources) {
        Annotations.of(constructs.get(r.logicalId) ?? stack).addError(`vmaudit ${v.ruleId} (${v.severity}): ${r.message} at ${r.location}. Fix: ${v.fix}`);
      }
    }
  }
}
