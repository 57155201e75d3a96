/**
 * cdk-nag (v3) acknowledgements in one place, each with its reason. A finding id is the rule id, or
 * `Rule[finding]` for one wildcard of an IAM policy (`AwsSolutions-IAM5[Resource::*]`), so an
 * acknowledgement covers exactly the wildcard it explains and a new one still fails the check.
 */
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** How cdk-nag names the ARN of a resource in a finding: `<LogicalId.Arn>`. */
export function nagArnRef(resource: IConstruct): string {
  const cfn = resource.node.defaultChild as CfnElement;
  return `<${Stack.of(resource).getLogicalId(cfn)}.Arn>`;
}
