/** Errors that stop a scan before it starts, each naming the fix. Everything later is a coverage gap. */
import { VmauditError } from '../errors';
import { errorCodeOf, errorMessageOf } from './calls';

export class CredentialsError extends VmauditError {}

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const REJECTED = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'AuthFailure', 'InvalidAccessKeyId']);

/** True when an error means the caller's credentials have expired (STS and SSO wordings). */
export function isExpiredCredentials(err: unknown): boolean {
  const code = errorCodeOf(err);
  if (EXPIRED.has(code)) return true;
  return code === 'CredentialsProviderError' && /expired|sso login|refresh/i.test(errorMessageOf(err));
}

/** The first call with the caller's credentials failed: one clear line naming the fix. */
export function credentialsError(err: unknown, profile: string | undefined): VmauditError {
  const code = errorCodeOf(err);
  const message = errorMessageOf(err);
  const p = profile ? ` --profile ${profile}` : '';
  if (isExpiredCredentials(err)) {
    return new CredentialsError(
      `CredentialsError: the AWS credentials${profile ? ` of profile ${profile}` : ''} have expired (${code}). Refresh them — \`aws sso login${p}\` for an SSO profile, or new session credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN — and run the scan again.`,
    );
  }
  if (code === 'CredentialsProviderError') {
    return new CredentialsError(
      `CredentialsError: no usable AWS credentials (${message}). Pass --profile <name>, set AWS_PROFILE, or configure credentials with \`aws configure\` / \`aws sso login\`.`,
    );
  }
  if (REJECTED.has(code)) {
    return new CredentialsError(`CredentialsError: AWS rejected the credentials${profile ? ` of profile ${profile}` : ''} (${code}: ${message}). Check the access key and the profile, or sign in again with \`aws sso login${p}\`.`);
  }
  return new CredentialsError(`CredentialsError: could not identify the caller with STS GetCallerIdentity (${code}: ${message}). Check network access to STS (or AWS_ENDPOINT_URL_STS for an emulator) and the credentials.`);
}
