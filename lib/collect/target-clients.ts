/**
 * The clients that read one target (account, region): one per service the collectors call, all with
 * the same credentials, region, retry policy and deadline. Made and closed in one place, so a
 * service added to TargetClients is opened and destroyed everywhere a target is read.
 */
import { makeBucketReaderS3Client, makeCloudTrailClient, makeEc2Client, type ClientOptions } from '../aws/clients';
import type { TargetClients } from './types';

export type TargetClientFactories = { [K in keyof TargetClients]: (o: ClientOptions) => TargetClients[K] };

export const DEFAULT_TARGET_CLIENTS: TargetClientFactories = {
  ec2: makeEc2Client,
  cloudtrail: makeCloudTrailClient,
  s3: makeBucketReaderS3Client,
};

export function openTargetClients(o: ClientOptions, make: TargetClientFactories = DEFAULT_TARGET_CLIENTS): TargetClients {
  return Object.fromEntries(Object.entries(make).map(([k, f]) => [k, (f as (o: ClientOptions) => unknown)(o)])) as unknown as TargetClients;
}

export function closeTargetClients(c: TargetClients): void {
  for (const client of Object.values(c) as { destroy(): void }[]) client.destroy();
}
