/** Alerts and digests to SNS, with the message attributes subscribers filter on. */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertMessage } from '../../reports/alert-message';

export function snsDeliver(sns: SNSClient, topicArn: string) {
  return async (m: AlertMessage): Promise<void> => {
    await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: m.subject, Message: m.body, MessageAttributes: m.attributes }));
  };
}
