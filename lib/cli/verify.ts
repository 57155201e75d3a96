/**
 * `vmaudit verify <dir|s3://bucket/prefix>`: checks the manifest chain of a report store and names
 * every file altered, removed or added, and every run removed or out of order. Exit 0 when intact,
 * 1 when tampering is found, 2 on bad input (no such store, nothing to verify).
 */
import type { Command } from 'commander';
import { UsageError, VmauditError } from '../errors';
import { formatVerifyReport, NoRunsError, verifyChain } from '../manifest/verify';
import { openStore } from '../storage/open-store';
import type { RunStore } from '../storage/store';
import { out as terminalOut } from './terminal';
import { parseCount } from './options';

/** Tampering found: a verdict, not a crash (exit 1). */
export class TamperDetectedError extends VmauditError {
  override readonly exitCode = 1;
}

export interface VerifyCliOptions {
  expectHead?: string;
  maxRuns?: string;
  region?: string;
  json?: boolean;
}

export interface VerifyIo {
  stdout(s: string): void;
  openStore?(location: string, region?: string): RunStore;
}

/** AWS errors a user can fix (wrong bucket, no permission) are bad input, not crashes. */
function asUsage(err: unknown, where: string): unknown {
  const name = (err as { name?: string })?.name ?? '';
  if (/^(NoSuchBucket|AccessDenied|InvalidAccessKeyId|ExpiredToken|CredentialsProviderError|PermanentRedirect|AuthorizationHeaderMalformed)$/.test(name)) {
    return new UsageError(`UsageError: cannot read ${where}: ${name}: ${(err as Error).message}. Check the bucket name, its region (--region) and your credentials.`);
  }
  return err;
}

export async function runVerify(location: string, opts: VerifyCliOptions, io: VerifyIo): Promise<void> {
  if (opts.expectHead !== undefined && !/^[0-9a-fA-F]{64}$/.test(opts.expectHead)) {
    throw new UsageError(`UsageError: --expect-head must be a SHA-256 in hex (64 characters), as quoted in the alert; got ${JSON.stringify(opts.expectHead.slice(0, 80))}.`);
  }
  const maxRuns = opts.maxRuns === undefined ? undefined : parseCount('--max-runs', opts.maxRuns, 0);
  const store = (io.openStore ?? ((l, r) => openStore(l, { region: r })))(location, opts.region);
  let report;
  try {
    report = await verifyChain(store, store.location, { expectHead: opts.expectHead?.toLowerCase(), maxRuns });
  } catch (err) {
    if (err instanceof NoRunsError) throw new UsageError(`UsageError: ${err.message} Give the folder or s3://bucket/prefix that holds runs/ and latest/.`);
    throw asUsage(err, store.location);
  }
  io.stdout(opts.json ? JSON.stringify(report, null, 2) + '\n' : formatVerifyReport(report, store.location));
  if (!report.ok) throw new TamperDetectedError(`vmaudit verify: ${report.problems.length} problem(s) found in ${store.location}; see above.`);
}

export function register(program: Command): void {
  program
    .command('verify')
    .description('check the tamper-evidence chain of stored runs (manifest hashes); exit 0 intact, 1 tampered, 2 bad input')
    .argument('<location>', 'report folder or s3://bucket/prefix (the one holding runs/ and latest/)')
    .option('--expect-head <sha256>', 'SHA-256 of the newest manifest as quoted in the last alert (anchors the chain outside the store)')
    .option('--max-runs <n>', 'hash the files of only the newest N runs (the chain itself is always walked whole)')
    .option('--region <region>', 'region of the S3 bucket (default AWS_REGION)')
    .option('--json', 'print the full result as JSON')
    .addHelpText('after', '\nExamples:\n  vmaudit verify ./vmaudit-out\n  vmaudit verify s3://my-audit-bucket/vmaudit --expect-head 3b1f…\n')
    .action(async (location: string, opts: VerifyCliOptions) => {
      await runVerify(location, opts, { stdout: terminalOut });
    });
}
