/**
 * The read-only role the collector assumes in each member account. It trusts the auditor account's
 * collector role only (by ARN, through an aws:PrincipalArn condition, so re-creating the collector
 * role does not silently break the trust), with the external id when one is set. Its policy is exactly
 * the collectors' declared actions (lib/collect/registry.ts `collectorPermissions()`): the same list
 * `vmaudit permissions` prints.
 */
import { Aws, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { collectorPermissions } from '../collect/registry';
import { acknowledge } from './nag';

export interface MemberRoleProps {
  /** The account the vmaudit stack runs in. */
  readonly auditorAccountId: string;
  /** @default 'vmaudit-collector' */
  readonly collectorRoleName?: string;
  /** @default 'vmaudit-member-read' */
  readonly roleName?: string;
  /** Required in sts:AssumeRole when set. @default - none */
  readonly externalId?: string;
}

export const MEMBER_POLICY_SID = 'VmauditReadInventory';

export class MemberRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MemberRoleProps) {
    super(scope, id);
    const collectorArn = `arn:${Aws.PARTITION}:iam::${props.auditorAccountId}:role/${props.collectorRoleName ?? 'vmaudit-collector'}`;
    const conditions: Record<string, Record<string, unknown>> = { ArnEquals: { 'aws:PrincipalArn': collectorArn } };
    if (props.externalId) conditions.StringEquals = { 'sts:ExternalId': props.externalId };
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName ?? 'vmaudit-member-read',
      description: 'vmaudit: read-only inventory of EC2, VPC, EBS, AMI and CloudTrail for the auditor account',
      assumedBy: new iam.AccountPrincipal(props.auditorAccountId).withConditions(conditions),
      maxSessionDuration: Duration.hours(1),
      inlinePolicies: {
        'vmaudit-read': new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ sid: MEMBER_POLICY_SID, actions: collectorPermissions(), resources: ['*'] })],
        }),
      },
    });
    acknowledge(this.role, 'AwsSolutions-IAM5[Resource::*]', 'Only read-only Describe*/Get*/List*/LookupEvents actions, named one by one; none of them supports resource-level permissions.');
  }
}
