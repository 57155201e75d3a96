/**
 * Credentials for a role in another account: one explicit AssumeRole call (so a failure is known
 * before any collection and becomes one coverage gap for the account), then cached credentials
 * refreshed ahead of expiry — an organisation scan with paced LookupEvents can outlive one session.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';

export interface AssumeRoleParams {
  roleArn: string;
  sessionName: string;
  externalId?: string;
  durationSeconds?: number;
}

/** Refresh this long before the session expires, so no call is signed with credentials about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export function roleArnOf(partition: string, accountId: string, roleName: string): string {
  // A role name may carry a path ("audit/vmaudit-read"): it goes between role/ and the name.
  return `arn:${partition}:iam::${accountId}:role/${roleName.replace(/^\/+/, '')}`;
}

async function assume(sts: STSClient, p: AssumeRoleParams, abortSignal?: AbortSignal): Promise<AwsCredentialIdentity> {
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: p.roleArn, RoleSessionName: p.sessionName, ExternalId: p.externalId, DurationSeconds: p.durationSeconds ?? 3600 }),
    { abortSignal: abortSignal as never },
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw Object.assign(new Error(`AssumeRole ${p.roleArn} returned no credentials`), { name: 'NoCredentials' });
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}

/**
 * Assumes the role now (throws the STS error) and returns a provider that refreshes it before expiry.
 * `firstCallSignal` bounds the first AssumeRole only (a scan's planning deadline); refreshes later in
 * a long scan are not tied to it.
 */
export async function assumeRoleProvider(
  sts: STSClient,
  p: AssumeRoleParams,
  now: () => number = () => Date.now(),
  firstCallSignal?: AbortSignal,
): Promise<AwsCredentialIdentityProvider> {
  let current = await assume(sts, p, firstCallSignal);
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const exp = current.expiration?.getTime();
    if (exp === undefined || exp - REFRESH_MARGIN_MS > now()) return current;
    pending ??= assume(sts, p).finally(() => (pending = undefined));
    current = await pending;
    return current;
  };
}
