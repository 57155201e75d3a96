/** Opens a store from what a user types: a folder path, or s3://bucket/prefix. */
import { makeS3Client } from '../aws/clients';
import { LocalRunStore } from './local-store';
import { parseS3Uri, S3RunStore } from './s3-store';
import type { RunStore } from './store';

export interface OpenStoreOptions {
  /** Region of the bucket's S3 endpoint; default AWS_REGION, AWS_DEFAULT_REGION, then us-east-1. */
  region?: string;
  env?: NodeJS.ProcessEnv;
}

export function isS3Uri(location: string): boolean {
  return location.startsWith('s3://');
}

export function openStore(location: string, options: OpenStoreOptions = {}): RunStore {
  if (isS3Uri(location)) {
    const env = options.env ?? process.env;
    const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
    return new S3RunStore(makeS3Client({ region, env }), parseS3Uri(location));
  }
  return new LocalRunStore(location);
}
