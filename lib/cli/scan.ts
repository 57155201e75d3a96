/**
 * `vmaudit scan`: collect the live inventory (accounts × regions), save it as snapshot.json.gz, then
 * evaluate it and write the same reports as `vmaudit evaluate` (lib/pipeline/run-evaluation.ts). Everything the user can get wrong is
 * checked before the first API call (flags, policy file); a partial scan still writes its snapshot
 * and reports, with the coverage gaps listed.
 *
 * CloudTrail windows continue across scans through the event cursors kept in the output folder
 * (state/events/<account>/<region>.json, lib/pipeline/event-cursors.ts): loaded before a target is
 * collected, saved once the run is published (also when --fail-on trips, which happens after), so a
 * scan that fails before publishing is read again by the next one. --since sets the window start.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { GateFailedError, UsageError } from '../errors';
import type { Severity } from '../model/severity';
import { OUTPUT_FORMATS_HELP, parseAccountList, parseCount, parseFailOn, parseOutputFormats, parseRegionList, parseScanRegion } from './options';
import { STATE_PREFIX, type OutputFormat } from '../layout';
import { parseRealTime } from '../model/formats';
import { writeSnapshotFile } from '../model/snapshot-file';
import { resolvePolicy } from '../catalogue/load-policy';
import { FULL_CATALOGUE } from '../catalogue';
import { runEvaluation, type RunEvaluationInput } from '../pipeline/run-evaluation';
import { barProgress, jsonLinesProgress, type ProgressReporter } from '../collect/progress';
import { defaultScanDeps, scan, type ScanDeps, type ScanOptions } from '../collect/scan';
import { renderScanSummary } from '../collect/summary';
import { DEFAULT_EVENT_OPTIONS } from '../collect/types';
import { READ_ONLY_PAGES } from '../collect/cloudtrail/events';
import { needsReadOnlyEvents } from '../engine/data-read';
import { burstContextOf, DEFAULT_CURSOR_OPTIONS, type EventCursor } from '../events/cursor';
import type { Target } from '../model/types';
import { openStore } from '../storage/open-store';
import { prepareOutLocation } from '../storage/out-location';
import { checkProfileExists } from '../collect/profiles';
import type { RunStore } from '../storage/store';
import { out } from './terminal';
import { auditOptions, auditSetup, runAudited, type AuditFlags } from './audit-run';
import { outOption, policyOption } from './conventions';
import type { RunEvaluationResult } from '../pipeline/run-evaluation';
import { loadEventCursor, saveEventCursors } from '../pipeline/event-cursors';

export interface ScanCliOptions extends AuditFlags {
  profile?: string;
  regions?: string;
  accounts?: string;
  org?: boolean;
  roleName?: string;
  externalId?: string;
  homeRegion?: string;
  policy?: string;
  out: string;
  failOn?: string;
  since?: string;
  maxEvents?: string;
  events: boolean;
  concurrency?: string;
  timeout?: string;
  outputFormats?: string;
}

/** The evaluate/report pipeline (lib/pipeline/run-evaluation.ts), injectable for tests. */
export type RunEvaluation = (input: RunEvaluationInput) => Promise<unknown>;

/** --quiet: only warnings and errors of the collection, as JSON lines on stderr. */
function quietProgress(write: (line: string) => void, now: () => Date): ProgressReporter {
  const lines = jsonLinesProgress(write, now);
  return { plan: () => undefined, step: (e) => (e.status === 'gap' ? lines.step(e) : undefined), log: (e) => (e.level === 'warn' || e.level === 'error' ? lines.log(e) : undefined), stop: () => undefined };
}

export interface ScanIo {
  stdout(s: string): void;
  stderr: NodeJS.WritableStream;
  /** Whether stderr (progress) is a terminal. */
  isTTY: boolean;
  /** Whether stdout is a terminal (colour of the summary); default false. */
  stdoutIsTTY?: boolean;
  env: NodeJS.ProcessEnv;
  now(): Date;
  deps: ScanDeps;
  runEvaluation?: RunEvaluation;
}

const RELATIVE = /^(\d+)(m|h|d)$/;

/** `--since`: an ISO date-time, or a duration back from now (`90m`, `6h`, `7d`). */
export function parseSince(text: string | undefined, now: Date): Date | undefined {
  if (text === undefined) return undefined;
  const rel = RELATIVE.exec(text.trim());
  if (rel) return new Date(now.getTime() - Number(rel[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 'm' | 'h' | 'd']);
  const t = parseRealTime(text.trim());
  if (t === undefined || !/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    throw new UsageError(`UsageError: --since ${JSON.stringify(text)} is not a date: give an ISO date-time (2026-11-26T09:00:00Z) or a duration back from now (90m, 6h, 7d).`);
  }
  if (t > now.getTime()) throw new UsageError(`UsageError: --since ${text} is in the future.`);
  return new Date(t);
}

/** Default of `--timeout`: a deadline per target far above a normal read, below a stuck endpoint's forever. */
export const DEFAULT_TARGET_TIMEOUT = '10m';

const DURATION = /^(\d+)(s|m)?$/;

/** The longest `--timeout`: a day, well inside what a Node timer can hold (2^31 - 1 ms fires at once). */
export const MAX_TIMEOUT_MS = 24 * 3_600_000;

/** `--timeout`: seconds (`90`, `90s`) or minutes (`10m`), from 1 s to 24 h. */
export function parseTimeout(text: string | undefined): number {
  const m = DURATION.exec((text ?? DEFAULT_TARGET_TIMEOUT).trim());
  const ms = m ? Number(m[1]) * (m[2] === 'm' ? 60_000 : 1000) : 0;
  if (!m || ms < 1000 || ms > MAX_TIMEOUT_MS) {
    throw new UsageError(`UsageError: --timeout ${JSON.stringify(text)} is not a duration from 1 s to 24 h: give seconds or minutes (90s, 10m, 1440m).`);
  }
  return ms;
}

/** Flags to scan options; every mistake is a UsageError naming the flag and the fix. */
export function scanOptionsFrom(o: ScanCliOptions, env: NodeJS.ProcessEnv, now: Date): { scan: ScanOptions; failOn?: Severity; outputFormats?: OutputFormat[] } {
  const regions = parseRegionList('--regions', o.regions) ?? 'all';
  const accounts = parseAccountList('--accounts', o.accounts);
  if (o.org && accounts) throw new UsageError('UsageError: --org and --accounts exclude each other: --org reads every active account of the organization.');
  if (o.org && !o.roleName) throw new UsageError('UsageError: --org needs --role-name <name of the read role in each member account> (`vmaudit permissions` prints its policy).');
  if (o.externalId && !o.roleName) throw new UsageError('UsageError: --external-id goes with --role-name: it is passed to AssumeRole.');
  const failOn = parseFailOn(o.failOn);
  const outputFormats = parseOutputFormats(o.outputFormats);
  const homeRegion =
    parseScanRegion('--home-region', o.homeRegion) ??
    parseScanRegion(env.AWS_REGION !== undefined ? 'AWS_REGION' : 'AWS_DEFAULT_REGION', env.AWS_REGION ?? env.AWS_DEFAULT_REGION) ??
    (regions !== 'all' ? regions[0] : 'us-east-1');
  return {
    scan: {
      profile: o.profile,
      homeRegion,
      regions,
      accounts,
      org: o.org,
      roleName: o.roleName,
      externalId: o.externalId,
      now,
      targetConcurrency: parseCount('--concurrency', o.concurrency, 4),
      timeoutMs: parseTimeout(o.timeout),
      events: { enabled: o.events, since: parseSince(o.since, now), maxPerRegion: parseCount('--max-events', o.maxEvents, DEFAULT_EVENT_OPTIONS.maxPerRegion) },
    },
    failOn,
    ...(outputFormats ? { outputFormats } : {}),
  };
}

export async function runScan(o: ScanCliOptions, io: ScanIo): Promise<void> {
  const started = io.now();
  const { scan: options, failOn, outputFormats } = scanOptionsFrom(o, io.env, started);
  // The policy, the profile and the output folder are checked before any API call: a typo must not cost a whole scan.
  const policy = resolvePolicy(o.policy, FULL_CATALOGUE, { now: started });
  const setup = auditSetup(o, policy, {
    stdout: { write: (s: string) => io.stdout(s), isTTY: io.stdoutIsTTY },
    stderr: { write: (s: string) => io.stderr.write(s), isTTY: io.isTTY },
    env: io.env,
  });
  const say = setup.terminal.info;
  if (o.profile !== undefined) await checkProfileExists(o.profile, io.env);
  await prepareOutLocation(o.out, { env: io.env });

  const progress: ProgressReporter = o.quiet ? quietProgress((l) => io.stderr.write(l), io.now) : io.isTTY ? barProgress(io.stderr) : jsonLinesProgress((l) => io.stderr.write(l), io.now);
  const store = openStore(o.out);
  let result;
  try {
    result = await scan(
      {
        ...options,
        events: { ...options.events, burstContext: burstContextOf(policy.policy), readOnlyPages: needsReadOnlyEvents(policy.policy, FULL_CATALOGUE) ? READ_ONLY_PAGES : 0 },
        eventCursorOf: (t) => cursorOf(store, t, progress),
        onPlan: (t) => progress.plan(t),
        onStep: (e) => progress.step(e),
        log: (e) => progress.log(e),
      },
      io.deps,
    );
  } finally {
    progress.stop();
  }
  const finished = io.now();
  const snapshotPath = join(o.out, 'snapshot.json.gz');
  await writeSnapshotFile(snapshotPath, result.snapshot, { gzip: true });
  say(renderScanSummary({ snapshot: result.snapshot, calls: result.calls, durationMs: finished.getTime() - started.getTime() }));
  say(`Snapshot: ${snapshotPath} (evaluate it again any time: vmaudit evaluate ${snapshotPath})\n\n`);

  let evaluated: unknown;
  const evaluateRun = io.runEvaluation ?? runEvaluation;
  try {
    evaluated = await runAudited(setup, async () => (await evaluateRun({
      snapshot: result.snapshot,
      source: `live scan of ${result.accounts.length} account${result.accounts.length === 1 ? '' : 's'}`,
      policy,
      policyFile: o.policy,
      outDir: o.out,
      failOn,
      startedAt: started,
      finishedAt: finished,
      outputFormats,
      ...setup.input,
    })) as RunEvaluationResult, o.failOn);
  } catch (err) {
    // The gate trips after the run is published: its windows count as read.
    if (err instanceof GateFailedError) await saveCursors(store, runIdOf(err.result, started), result.eventCursors, o.out, say);
    throw err;
  }
  await saveCursors(store, runIdOf(evaluated, started), result.eventCursors, o.out, say);
}

function runIdOf(evaluated: unknown, started: Date): string {
  const id = (evaluated as { published?: { runId?: unknown } } | undefined)?.published?.runId;
  return typeof id === 'string' ? id : `scan-${started.toISOString()}`;
}

/** A target's stored cursor; without a usable one the target reads the default window (or --since), and the progress log says why. */
async function cursorOf(store: RunStore, target: Target, progress: ProgressReporter): Promise<EventCursor | undefined> {
  const loaded = await loadEventCursor(store, target);
  if ('cursor' in loaded) return loaded.cursor;
  const { kind, key, message } = loaded.problem;
  progress.log({ level: kind === 'missing' ? 'info' : 'warn', msg: kind === 'missing' ? 'no event cursor yet' : 'event cursor unusable', ...target, key, problem: kind, message });
  return undefined;
}

async function saveCursors(store: RunStore, runId: string, cursors: readonly EventCursor[], out: string, stdout: (s: string) => void): Promise<void> {
  if (!cursors.length) return;
  const saved = await saveEventCursors(store, runId, cursors);
  const ends = cursors.map((c) => c.windowEnd).filter((e): e is string => e !== undefined).sort();
  const where = join(out, STATE_PREFIX.events);
  let line = `Event windows: ${saved.saved} cursor${saved.saved === 1 ? '' : 's'} saved in ${where}`;
  if (ends.length) line += `; the next scan continues from ${ends[0] === ends[ends.length - 1] ? ends[0] : `${ends[0]} (earliest)`}, re-reading the ${DEFAULT_CURSOR_OPTIONS.lagMinutes + DEFAULT_CURSOR_OPTIONS.overlapMinutes} minutes before it for late events`;
  if (saved.keptNewer) line += `; ${saved.keptNewer} kept (a newer scan had saved a later one)`;
  stdout(`${line}.\n`);
  for (const f of saved.failed) stdout(`Event cursor of ${f.target.accountId}/${f.target.region} not saved (${f.message}); the next scan reads its previous window again.\n`);
}

export function register(program: Command, io: Partial<ScanIo> = {}): void {
  const cmd = program
    .command('scan')
    .description('collect the live inventory of AWS accounts and regions, save snapshot.json.gz, evaluate it and write the reports')
    .option('--profile <name>', 'AWS profile for the caller credentials (default: the standard credential chain)')
    .option('--regions <list|all>', 'comma-separated regions, or all enabled regions (default: all)')
    .option('--accounts <ids>', 'comma-separated 12-digit account ids, read through --role-name (the caller account with its own credentials)')
    .option('--org', 'every ACTIVE account of the AWS Organization (needs organizations:ListAccounts), through --role-name')
    .option('--role-name <name>', 'read role assumed in each account other than the caller\'s (`vmaudit permissions` prints its policy)')
    .option('--external-id <id>', 'external id passed to AssumeRole')
    .option('--home-region <region>', 'region for STS, Organizations and region discovery (default: AWS_REGION, else the first --regions, else us-east-1)')
  policyOption(cmd);
  outOption(cmd, 'output folder for snapshot.json.gz and the reports');
  cmd
    .option('--fail-on <severity>', 'exit 1 when a failing finding is at or above this severity (critical|high|medium|low|info)')
    .option('--since <when>', 'read CloudTrail events since this ISO date-time or duration (6h, 7d); 5 minutes of overlap are added (default: continue from the previous scan in --out, else 24h)')
    .option('--max-events <n>', `cap on CloudTrail events read per region (default: ${DEFAULT_EVENT_OPTIONS.maxPerRegion})`)
    .option('--no-events', 'skip CloudTrail LookupEvents')
    .option('--concurrency <n>', 'account/region targets collected at once (default: 4)')
    .option('--output-formats <list>', OUTPUT_FORMATS_HELP)
    .option('--timeout <duration>', `deadline per account/region target (90s, 10m); calls still open then are coverage gaps and the scan goes on (default: ${DEFAULT_TARGET_TIMEOUT})`);
  auditOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  vmaudit scan --profile audit --regions us-east-1,eu-west-1
  vmaudit scan --regions all --fail-on high
  vmaudit scan --services ec2 --severity critical,high --json > summary.json
  vmaudit scan --accounts 111111111111,222222222222 --role-name VmauditRead --external-id acme-audit
  vmaudit scan --org --role-name VmauditRead --since 2026-11-26T00:00:00Z --out ./audit
  AWS_ENDPOINT_URL=http://localhost:4566 vmaudit scan --regions us-east-1   # an emulator`,
    )
    .action(async (opts: ScanCliOptions) => {
      await runScan(opts, {
        stdout: out,
        stderr: process.stderr,
        isTTY: process.stderr.isTTY === true,
        stdoutIsTTY: process.stdout.isTTY === true,
        env: process.env,
        now: () => new Date(),
        deps: defaultScanDeps,
        ...io,
      });
    });
}
