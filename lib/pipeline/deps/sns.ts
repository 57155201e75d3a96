/** Alerts and digests to SNS, with the message attributes subscribers filter on. */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SnsAttribute } from '../../state/alert';

export function snsDeliver(sns: SNSClient, topicArn: string) {
  return async (m: { subject: string; body: string; attributes: Record<string, SnsAttribute> }): Promise<void> => {
    await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: m.subject, Message: m.body, MessageAttributes: m.attributes }));
  };
}
