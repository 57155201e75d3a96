/**
 * Named, actionable errors. Each says what was wrong, where (file, line, path) and how to fix it.
 * The CLI prints `message` alone (no stack trace) and exits with `exitCode`. Errors from the
 * environment the user controls (a folder that cannot be written, missing AWS credentials, a bucket
 * that does not exist) are translated by `userErrorOf` into the same kind of paragraph; whatever is
 * left is a bug in vmaudit (exit 3, `internalErrorMessage`).
 */
export class VmauditError extends Error {
  /** 2 = bad input the user can fix; 1 = the audit ran and found something at or above --fail-on. */
  readonly exitCode: number = 2;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface PolicyProblem {
  /** 1-based line in the policy file, when known. */
  line?: number;
  /** 1-based column, for YAML syntax errors. */
  column?: number;
  /** Dotted path inside the policy, e.g. rules.ec2-sg-authorized-ports.tcpPorts[2]. */
  path: string;
  message: string;
}

export class PolicyFileError extends VmauditError {
  constructor(readonly file: string, readonly problems: PolicyProblem[]) {
    super(
      `PolicyFileError: ${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''} ${p.path || '(top level)'}: ${p.message}`).join('\n') +
        `\nFix the policy file and check it with: vmaudit policy validate ${file}`,
    );
  }
}

export interface SnapshotProblem {
  /** JSON path of the bad value, e.g. $.instances[3].metadataOptions.httpTokens. */
  path: string;
  message: string;
}

export class SnapshotFileError extends VmauditError {
  constructor(readonly file: string, readonly problems: SnapshotProblem[], hint = 'Re-create it with `vmaudit scan`, or fix the values named above.') {
    const shown = problems.slice(0, 20);
    super(
      `SnapshotFileError: ${file} is not a valid vmaudit snapshot (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        shown.map((p) => `  ${p.path}: ${p.message}`).join('\n') +
        (problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '') +
        `\n${hint}`,
    );
  }
}

export class UsageError extends VmauditError {}

/** Thrown by the CLI when --fail-on matched: not a crash, a verdict. */
export class GateFailedError extends VmauditError {
  override readonly exitCode = 1;
  /** What the run produced (the reports are written before the gate trips), for a --json summary. */
  constructor(message: string, readonly result?: unknown) {
    super(message);
  }
}

/**
 * A command whose answer is its exit code (`vmaudit reach`: 1 not reachable, 4 unknown): the answer
 * is already printed, so this carries no message; it is not a failure of vmaudit.
 */
export class AnswerExit extends VmauditError {
  constructor(override readonly exitCode: number) {
    super('');
  }
}

/**
 * Deployment or Lambda configuration that cannot work (a malformed e-mail, an unknown region, a
 * schedule AWS would reject, a missing environment variable). Thrown at `cdk synth` or at a Lambda's
 * cold start, before anything is deployed or read; lists every problem with where it was set.
 */
export class ConfigError extends VmauditError {
  constructor(readonly problems: readonly { key: string; message: string }[], readonly source = 'vmaudit configuration') {
    super(
      `ConfigError: ${source} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${p.key}: ${p.message}`).join('\n'),
    );
  }
}

/** An input file (CloudTrail records, a policy, a snapshot) that cannot be used as a whole. */
export class InputFileError extends VmauditError {}

/** `--out` (or `--history`) names a place vmaudit cannot write or read. */
export class OutputLocationError extends VmauditError {}

/** The environment refused (file system, AWS): not a bug, the user can fix it. */
export class EnvironmentError extends VmauditError {}

/** A key or folder that cannot name a place in the store (a run id, account id or region that would leave its prefix). */
export class StoreLocationError extends VmauditError {}

interface ErrnoLike {
  code?: unknown;
  syscall?: unknown;
  path?: unknown;
  message?: unknown;
  name?: unknown;
  $metadata?: unknown;
  $fault?: unknown;
}

const FS_REASONS: Record<string, { why: string; fix: string }> = {
  EACCES: { why: 'permission denied', fix: 'Choose a folder you can write (for example --out ./vmaudit-out) or fix its permissions.' },
  EPERM: { why: 'operation not permitted', fix: 'Choose a folder you can write (for example --out ./vmaudit-out) or fix its permissions.' },
  EROFS: { why: 'the file system is read-only', fix: 'Choose a folder on a writable file system.' },
  ENOSPC: { why: 'no space left on the device', fix: 'Free some space or choose another folder.' },
  EDQUOT: { why: 'the disk quota is exhausted', fix: 'Free some space or choose another folder.' },
  ENOTDIR: { why: 'a part of the path is a file, not a folder', fix: 'Give a folder path (or a new name vmaudit can create).' },
  EISDIR: { why: 'it is a folder, not a file', fix: 'Give the path of a file.' },
  ENOENT: { why: 'no such file or folder', fix: 'Check the path.' },
  EEXIST: { why: 'it already exists', fix: 'Remove it or choose another name.' },
  EMFILE: { why: 'too many open files', fix: 'Raise the open-file limit (ulimit -n) and run again.' },
  ENFILE: { why: 'too many open files in the system', fix: 'Close other programs or raise the limit, and run again.' },
  ENAMETOOLONG: { why: 'the path is too long', fix: 'Choose a shorter path.' },
  ELOOP: { why: 'too many symbolic links in the path', fix: 'Check the symbolic links in the path.' },
  EBUSY: { why: 'the file or folder is busy', fix: 'Close what holds it and run again.' },
};

/** "permission denied", "no such file or folder"…: what an errno code means, for a message. */
export function fsReason(code: string | undefined): string | undefined {
  return code ? FS_REASONS[code]?.why : undefined;
}

const NETWORK = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError', 'RequestTimeout']);
const CREDENTIALS = new Set(['CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired', 'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'AuthFailure']);

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const oneLine = (s: string): string => (s.length > 300 ? `${s.slice(0, 299)}…` : s).replace(/\s+/g, ' ').trim();

/**
 * The paragraph for an error the user's environment caused, or undefined when it is not one (then
 * it is a bug). `where` names what was being done when the caller knows it ("--out s3://b/p").
 */
export function userErrorOf(err: unknown, where?: string): VmauditError | undefined {
  if (err instanceof VmauditError) return err;
  if (!err || typeof err !== 'object') return undefined;
  const e = err as ErrnoLike;
  const code = text(e.code) ?? text(e.name);
  const at = where ? `${where}: ` : '';
  const fs = code ? FS_REASONS[code] : undefined;
  if (fs && (text(e.syscall) || text(e.path))) {
    const path = text(e.path);
    const op = text(e.syscall) ?? 'access';
    return new EnvironmentError(`FileSystemError: ${at}cannot ${op} ${path ?? 'a file'}: ${fs.why} (${code}). ${fs.fix}`);
  }
  const message = oneLine(text(e.message) ?? 'no message');
  if (code && CREDENTIALS.has(code)) {
    return new EnvironmentError(
      `CredentialsError: ${at}no usable AWS credentials (${code}: ${message}). Pass --profile <name>, set AWS_PROFILE, refresh an SSO session with \`aws sso login\`, or configure credentials with \`aws configure\`.`,
    );
  }
  if (code && NETWORK.has(code)) {
    return new EnvironmentError(`NetworkError: ${at}could not reach AWS (${code}: ${message}). Check the network, a proxy, or AWS_ENDPOINT_URL for an emulator, and run again.`);
  }
  // An AWS service refused the request (NoSuchBucket, AccessDenied…): the SDK marks it a client fault.
  if (code && e.$metadata && e.$fault === 'client') {
    return new EnvironmentError(`AwsError: ${at}AWS refused the request (${code}: ${message}). Check the bucket or resource name, the region (--region or AWS_REGION) and the permissions of your credentials.`);
  }
  return undefined;
}

/** Exit 3: what a bug report needs. */
export function internalErrorMessage(err: unknown): string {
  const e = err as { message?: unknown } | undefined;
  const what = oneLine(typeof e?.message === 'string' ? e.message : String(err));
  return (
    `vmaudit: internal error: ${what}\n` +
    `This is a bug in vmaudit, not a problem with your input. Please report it to the vmaudit maintainers with the vmaudit version (vmaudit --version), ` +
    `the command you ran and its output with VMAUDIT_DEBUG=1 set, which adds the stack trace.`
  );
}

/** A CloudFormation template (or cdk.out folder) that cannot be read: names the file, line and path. */
export class TemplateFileError extends VmauditError {
  constructor(readonly file: string, readonly problems: readonly PolicyProblem[], hint = 'Fix the template (cfn-lint names the same problems), or point vmaudit template at a cdk.out folder after `cdk synth`.') {
    super(
      `TemplateFileError: ${file} cannot be read as a CloudFormation template (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.slice(0, 20).map((p) => `  ${file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''} ${p.path || '(top level)'}: ${p.message}`).join('\n') +
        `\n${hint}`,
    );
  }
}
