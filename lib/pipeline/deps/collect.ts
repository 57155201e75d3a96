/** Production deps of the CollectTarget Lambda: own credentials in the auditor account, the member role elsewhere. */
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { makeS3Client, makeStsClient } from '../../aws/clients';
import { closeTargetClients, openTargetClients } from '../../collect/target-clients';
import { assumeRoleProvider, roleArnOf } from '../../aws/assume-role';
import { FULL_CATALOGUE } from '../../catalogue';
import type { Target } from '../../model/types';
import { S3RunStore } from '../../storage/s3-store';
import type { CollectDeps } from '../collect-step';
import { partitionOf, type Env } from '../env';
import { ENV } from '../env-names';
import { commonEnv, SESSION_NAME, stepLog } from './common';
import { lambdaPolicy } from './policy';

export function defaultCollectDeps(env: Env = process.env): CollectDeps {
  const { r, region, bucket } = commonEnv(env);
  const auditorAccount = r.account(ENV.auditorAccount);
  const partition = r.optional(ENV.partition) ?? partitionOf(region);
  const roleName = r.optional(ENV.memberRoleName);
  const externalId = r.optional(ENV.externalId);
  r.done();
  const loaded = lambdaPolicy(env);
  const roleArn = (accountId: string) => roleArnOf(partition, accountId, roleName ?? '(no member role configured)');
  return {
    store: new S3RunStore(makeS3Client({ region, env }), { bucket, prefix: '' }),
    policy: loaded.policy,
    catalogue: FULL_CATALOGUE,
    describeAccess: (t: Target) => (t.accountId === auditorAccount ? 'the collector role' : `sts:AssumeRole ${roleArn(t.accountId)}`),
    openTarget: async (t: Target) => {
      let credentials: AwsCredentialIdentityProvider | undefined;
      const sts = t.accountId === auditorAccount ? undefined : makeStsClient({ region, env });
      try {
        if (sts) {
          if (!roleName) throw Object.assign(new Error(`${ENV.memberRoleName} is not set, so account ${t.accountId} cannot be read`), { name: 'NoMemberRole' });
          credentials = await assumeRoleProvider(sts, { roleArn: roleArn(t.accountId), sessionName: SESSION_NAME, externalId });
        }
      } catch (err) {
        sts?.destroy();
        throw err;
      }
      const o = { region: t.region, env, ...(credentials ? { credentials } : {}) };
      const clients = openTargetClients(o);
      return {
        clients,
        close: () => {
          closeTargetClients(clients);
          sts?.destroy();
        },
      };
    },
    log: stepLog(env),
  };
}
