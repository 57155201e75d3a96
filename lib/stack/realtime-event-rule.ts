/**
 * The real-time path: an EventBridge rule on the default bus for CloudTrail API calls and console
 * sign-ins (the pattern comes from the event rules' own lists, lib/events/eventbridge-pattern.ts), invoking the event Lambda with retries and a
 * dead-letter queue. With an organization id, member accounts may forward the same events here.
 *
 * EventBridge sees the events of its own region; console sign-ins of IAM users and root arrive in
 * us-east-1. Other regions and accounts forward with MemberRoleStack `forwardEventsTo`.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ConfigError } from '../errors';
import type { EventPattern } from '../events/eventbridge-pattern';

/** EventBridge's default quota for an event pattern (raisable to 4096). */
export const EVENT_PATTERN_MAX_CHARS = 2048;

export interface RealtimeEventRuleProps {
  readonly handler: lambda.IFunction;
  /** A raw EventBridge pattern (it uses a top-level $or, which CDK's EventPattern type cannot express). */
  readonly pattern: EventPattern;
  readonly deadLetterQueue: sqs.IQueue;
  /** Let the accounts of this organization put events on this account's default bus. @default - none */
  readonly organizationId?: string;
}

export class RealtimeEventRule extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: RealtimeEventRuleProps) {
    super(scope, id);
    const size = JSON.stringify(props.pattern).length;
    if (size > EVENT_PATTERN_MAX_CHARS) {
      throw new ConfigError(
        [{ key: 'policyFile', message: `the real-time event pattern is ${size} characters (EventBridge's default limit is ${EVENT_PATTERN_MAX_CHARS}): the policy's response events name too many APIs; use service globs (cloudtrail:*) or event classes` }],
        'vmaudit real-time rule',
      );
    }
    this.rule = new events.Rule(this, 'Rule', {
      description: 'vmaudit real-time: CloudTrail management events and console sign-ins the event rules act on',
      // Replaced below by the full pattern; CDK needs a pattern to accept the rule.
      eventPattern: { detailType: ['AWS API Call via CloudTrail'] },
      targets: [new eventTargets.LambdaFunction(props.handler, { deadLetterQueue: props.deadLetterQueue, retryAttempts: 4, maxEventAge: Duration.hours(2) })],
    });
    (this.rule.node.defaultChild as events.CfnRule).addPropertyOverride('EventPattern', props.pattern);
    if (props.organizationId) {
      new events.CfnEventBusPolicy(this, 'OrganizationMayForward', {
        eventBusName: 'default',
        statementId: 'vmaudit-organization-forwarding',
        statement: {
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: Stack.of(this).formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' }),
          Condition: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
        },
      });
    }
  }
}
