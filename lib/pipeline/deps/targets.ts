/** Production deps of the BuildTargets Lambda. */
import { makeOrganizationsClient, makeS3Client } from '../../aws/clients';
import { listOrganizationAccounts } from '../../collect/accounts';
import { S3RunStore } from '../../storage/s3-store';
import type { TargetsDeps } from '../build-targets';
import type { Env } from '../env';
import { ENV } from '../env-names';
import { commonEnv, stepLog } from './common';

export function defaultTargetsDeps(env: Env = process.env): TargetsDeps {
  const { r, region, bucket } = commonEnv(env);
  const auditorAccount = r.account(ENV.auditorAccount);
  const regions = r.regions(ENV.regions);
  const accounts = r.accounts(ENV.accounts);
  const organization = r.flag(ENV.organization);
  const mapMode = r.optional(ENV.mapMode) ?? 'inline';
  r.done();
  const s3 = makeS3Client({ region, env });
  return {
    config: { auditorAccount, homeRegion: region, regions, accounts, organization, inlineTargets: mapMode !== 'distributed' },
    store: new S3RunStore(s3, { bucket, prefix: '' }),
    listOrganizationAccounts: async () => {
      const org = makeOrganizationsClient({ region, env });
      try {
        return (await listOrganizationAccounts(org)).ids;
      } finally {
        org.destroy();
      }
    },
    log: stepLog(env),
  };
}
