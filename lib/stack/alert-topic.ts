/**
 * The alert topic: KMS-encrypted, SSL-only, one e-mail subscription per configured address. With
 * `filterSeverities`, each subscription gets a filter policy on the `severity` message attribute that
 * the alert and digest carry; messages without the attribute (the stack's own CloudWatch alarms)
 * still pass, so a filtered subscriber always hears that the auditor itself is broken.
 */
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Severity } from '../model/severity';

export interface AlertTopicProps {
  readonly masterKey: kms.IKey;
  /** @default - no subscription */
  readonly emails?: readonly string[];
  /** @default - every message reaches every subscription */
  readonly filterSeverities?: readonly Severity[];
}

/** SNS filter policy: severity in the list, or no severity attribute at all. */
export function severityFilterPolicy(severities: readonly Severity[]): Record<string, unknown> {
  return { $or: [{ severity: [...severities] }, { severity: [{ exists: false }] }] };
}

export class AlertTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'vmaudit alerts', masterKey: props.masterKey, enforceSSL: true });
    // The topic policy replaces SNS's default one, so the alarms' publisher is allowed explicitly.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    (props.emails ?? []).forEach((email, i) => {
      const sub = new sns.Subscription(this, `Email${i}`, { topic: this.topic, protocol: sns.SubscriptionProtocol.EMAIL, endpoint: email });
      // CDK's filterPolicy type has no $or or exists; the raw property takes the policy as SNS reads it.
      if (props.filterSeverities?.length) (sub.node.defaultChild as sns.CfnSubscription).filterPolicy = severityFilterPolicy(props.filterSeverities);
    });
  }
}
