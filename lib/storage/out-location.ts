/**
 * Checks an output location before any work is done, so a run that cannot be written is refused in
 * a second, not after the whole audit: a local folder is created (or found) and must be writable; an
 * s3:// location needs credentials. Every refusal is one paragraph naming the flag and the fix.
 */
import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { makeS3Client } from '../aws/clients';
import { OutputLocationError, userErrorOf } from '../errors';
import { makeFolders } from '../util/make-folders';
import { isS3Uri } from './open-store';
import { parseS3Uri } from './s3-store';

export interface OutLocationOptions {
  /** The flag the location came from, for the message (--out, --history). */
  flag?: string;
  env?: NodeJS.ProcessEnv;
  region?: string;
}

function refused(flag: string, location: string, err: unknown): OutputLocationError {
  const known = userErrorOf(err);
  const why = known ? known.message.replace(/^\w+Error: /, '') : String((err as Error)?.message ?? err);
  return new OutputLocationError(`OutputLocationError: ${flag} ${location}: ${why}`);
}

/** A local folder vmaudit can create files in, created when missing. */
export async function prepareLocalFolder(folder: string, flag = '--out'): Promise<void> {
  try {
    await makeFolders(folder);
    await access(folder, constants.W_OK | constants.X_OK);
    // access() answers for the permission bits only; a real file proves writes work (read-only mounts, ACLs).
    await rm(await mkdtemp(join(folder, '.vmaudit-write-check-')), { recursive: true, force: true });
  } catch (err) {
    throw refused(flag, folder, err);
  }
}

/** Credentials for an s3:// location, resolved now instead of at the first write. */
export async function prepareS3Location(location: string, o: OutLocationOptions = {}): Promise<void> {
  const flag = o.flag ?? '--out';
  parseS3Uri(location);
  const env = o.env ?? process.env;
  const client = makeS3Client({ region: o.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1', env });
  try {
    await client.config.credentials();
  } catch (err) {
    throw new OutputLocationError(
      `OutputLocationError: ${flag} ${location}: no AWS credentials to write to S3 (${(err as Error)?.message ?? err}). Pass --profile or set AWS_PROFILE, run \`aws sso login\` or \`aws configure\`, or give a local folder instead.`,
    );
  } finally {
    client.destroy();
  }
}

export async function prepareOutLocation(location: string, o: OutLocationOptions = {}): Promise<void> {
  if (isS3Uri(location)) await prepareS3Location(location, o);
  else await prepareLocalFolder(location, o.flag);
}
