import { defaultPolicyJsonFile } from '../../support/lambda-policy';

/** The environment the stack gives the pipeline Lambdas, for tests that wire them in-process with mocked clients. */
export const BUCKET = 'vmaudit-test-bucket';
export const AUDITOR = '111111111111';
export const MEMBER = '222222222222';
export const TOPIC = `arn:aws:sns:us-east-1:${AUDITOR}:vmaudit-alerts`;

export function pipelineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'secret',
    VMAUDIT_BUCKET: BUCKET,
    VMAUDIT_TOPIC_ARN: TOPIC,
    VMAUDIT_AUDITOR_ACCOUNT: AUDITOR,
    VMAUDIT_PARTITION: 'aws',
    VMAUDIT_REGIONS: 'us-east-1',
    VMAUDIT_MEMBER_ROLE_NAME: 'vmaudit-member-read',
    VMAUDIT_SOURCE: 'VmAudit',
    VMAUDIT_POLICY_FILE: defaultPolicyJsonFile(),
    ...extra,
  };
}
