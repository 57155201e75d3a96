/**
 * The member-account stack: the MemberRole, and optionally a rule forwarding the real-time events of
 * this account and region to the auditor's event bus. Deploy it to every member account with a
 * CloudFormation StackSet (service-managed, auto-deployment on: new accounts get it too), or per
 * account with `cdk deploy`. Settings left unset become CloudFormation parameters, so the one
 * synthesised template serves every StackSet instance.
 */
import { Aws, CfnCondition, CfnParameter, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { MemberRole } from './member-role';
import { acknowledge } from './nag';
import type { EventPattern } from '../events/eventbridge-pattern';

export interface MemberRoleStackProps extends StackProps {
  /** @default - CloudFormation parameter AuditorAccountId */
  readonly auditorAccountId?: string;
  /** @default - CloudFormation parameter ExternalId (empty: none) */
  readonly externalId?: string;
  /** @default 'vmaudit-member-read' */
  readonly roleName?: string;
  /** @default 'vmaudit-collector' */
  readonly collectorRoleName?: string;
  /**
   * ARN of the auditor's default event bus: CloudTrail events of this account and region are forwarded
   * there for the real-time rules (the auditor stack needs `organizationId`).
   * @default - no forwarding
   */
  readonly forwardEventsTo?: string;
  /** The auditor stack's real-time pattern, when forwarding. */
  readonly forwardPattern?: EventPattern;
}

export class MemberRoleStack extends Stack {
  readonly memberRole: MemberRole;

  constructor(scope: Construct, id: string, props: MemberRoleStackProps = {}) {
    super(scope, id, { description: 'vmaudit member account: read-only role for the auditor account', ...props });
    const auditor =
      props.auditorAccountId ??
      new CfnParameter(this, 'AuditorAccountId', { type: 'String', allowedPattern: '^\\d{12}$', description: 'The account the vmaudit stack runs in (12 digits)', constraintDescription: 'a 12-digit AWS account id' }).valueAsString;
    let externalId = props.externalId;
    let externalParam: CfnParameter | undefined;
    if (externalId === undefined && props.auditorAccountId === undefined) {
      externalParam = new CfnParameter(this, 'ExternalId', { type: 'String', default: '', description: 'External id the auditor passes to sts:AssumeRole (empty: none)', noEcho: false });
      externalId = externalParam.valueAsString;
    }
    this.memberRole = new MemberRole(this, 'MemberRole', {
      auditorAccountId: auditor,
      roleName: props.roleName,
      collectorRoleName: props.collectorRoleName,
      // A parameter cannot decide at synth whether the condition exists: it is added below with Fn::If.
      externalId: externalParam ? undefined : externalId,
    });
    if (externalParam) {
      const has = new CfnCondition(this, 'HasExternalId', { expression: Fn.conditionNot(Fn.conditionEquals(externalParam.valueAsString, '')) });
      const cfnRole = this.memberRole.role.node.defaultChild as iam.CfnRole;
      cfnRole.addPropertyOverride(
        'AssumeRolePolicyDocument.Statement.0.Condition.StringEquals',
        Fn.conditionIf(has.logicalId, { 'sts:ExternalId': externalParam.valueAsString }, Aws.NO_VALUE),
      );
    }
    if (props.forwardEventsTo && props.forwardPattern) {
      const bus = events.EventBus.fromEventBusArn(this, 'AuditorBus', props.forwardEventsTo);
      const forward = new events.Rule(this, 'ForwardToAuditor', {
        description: 'vmaudit: forward CloudTrail events the auditor acts on to its event bus',
        eventPattern: { detailType: ['AWS API Call via CloudTrail'] },
        targets: [new eventTargets.EventBus(bus)],
      });
      (forward.node.defaultChild as events.CfnRule).addPropertyOverride('EventPattern', props.forwardPattern);
    }
    acknowledge(this, 'AwsSolutions-IAM5[Resource::*]', 'Read-only collector actions without resource-level permissions (see MemberRole).');
  }
}
