/**
 * A whole scan: accounts × regions, each target collected by `collectTarget` with a bound on how
 * many run at once, merged into one snapshot. Only the caller's own credentials failing stops the
 * scan (there is nothing to report without them); every later failure — a role that cannot be
 * assumed, a region that is not enabled, an API that is denied — is a coverage gap, and the other
 * accounts and regions go on.
 *
 * Accounts: the caller's (default); a list (`accounts`); or every ACTIVE account of the organization
 * (`org`). The caller's own account is always read with the caller's credentials (no role needed in
 * it — in org mode that is usually the management account or a delegated administrator); every other
 * account through `roleName` (AssumeRole, with `externalId` when given).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { STSClient } from '@aws-sdk/client-sts';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { UsageError } from '../errors';
import { mergeSnapshots } from '../model/merge';
import type { CoverageGap, Snapshot, Target } from '../model/types';
import { baseCredentials, makeEc2Client, makeOrganizationsClient, makeStsClient, type ClientOptions } from '../aws/clients';
import { assumeRoleProvider, roleArnOf } from '../aws/assume-role';
import { callerIdentity, listOrganizationAccounts, type CallerIdentity } from './accounts';
import { errorCodeOf, gapOf } from './calls';
import { collectTarget, sliceOf } from './collect-target';
import { mapLimit } from './concurrency';
import { credentialsError } from './errors';
import { markDeadlineGaps, startDeadline, type Deadline } from './deadline';
import { describeRegions, isEnabled, unknownRegionsError, type RegionSelection, type RegionStatus } from './regions';
import type { EventCursor } from '../events/cursor';
import { closeTargetClients, openTargetClients } from './target-clients';
import { emptyLists, type Clock, type EventOptions, type StepEvent, type TargetClients } from './types';

export interface ScanOptions {
  profile?: string;
  /** Region for STS, Organizations and region discovery. */
  homeRegion: string;
  regions: RegionSelection;
  accounts?: readonly string[];
  org?: boolean;
  roleName?: string;
  externalId?: string;
  /** RoleSessionName: shows in the member accounts' CloudTrail as who read them. */
  sessionName?: string;
  now?: Date;
  events?: Partial<Omit<EventOptions, 'cursor'>>;
  /** The stored event cursor of a target (lib/pipeline/event-cursors.ts), read just before the target is collected. */
  eventCursorOf?(target: Target): Promise<EventCursor | undefined>;
  /** Targets (account × region) collected at once. */
  targetConcurrency?: number;
  /**
   * Deadline of each part of the scan, in ms: identifying the caller, planning one account (AssumeRole,
   * its regions), reading one target. When it passes, the calls still open are aborted and become
   * coverage gaps (TargetTimeout); the scan goes on with the other targets. Unset: no deadline.
   */
  timeoutMs?: number;
  collectorConcurrency?: number;
  clock?: Clock;
  onStep?(e: StepEvent): void;
  /** Called once the targets are known (progress bars). */
  onPlan?(targets: readonly Target[]): void;
  log?(entry: Record<string, unknown>): void;
}

export interface ScanDeps {
  credentials(profile?: string): AwsCredentialIdentityProvider;
  ec2(o: ClientOptions): EC2Client;
  /** Every client that reads one target (lib/collect/target-clients.ts). */
  targetClients(o: ClientOptions): TargetClients;
  sts(o: ClientOptions): STSClient;
  organizations(o: ClientOptions): OrganizationsClient;
}

export const defaultScanDeps: ScanDeps = {
  credentials: (profile) => baseCredentials({ profile }),
  ec2: makeEc2Client,
  targetClients: (o) => openTargetClients(o),
  sts: makeStsClient,
  organizations: makeOrganizationsClient,
};

export interface ScanResult {
  snapshot: Snapshot;
  caller: CallerIdentity;
  accounts: string[];
  /** Calls per `service:Action` over the whole scan (pages count once, SDK retries not at all). */
  calls: Record<string, number>;
  /** The next event cursor of every target whose events were read: store them once the run is published. */
  eventCursors: EventCursor[];
}

interface AccountPlan {
  accountId: string;
  credentials?: AwsCredentialIdentityProvider;
  regions: string[];
  /** Regions the user asked for that are not enabled in this account. */
  disabled: string[];
}

const DEFAULT_SESSION_NAME = 'vmaudit';

export async function scan(o: ScanOptions, deps: ScanDeps = defaultScanDeps): Promise<ScanResult> {
  const now = o.now ?? new Date();
  const log = o.log ?? (() => undefined);
  const calls = new Map<string, number>();
  const count = (api: string, n = 1) => calls.set(api, (calls.get(api) ?? 0) + n);
  const base = deps.credentials(o.profile);
  const home = { region: o.homeRegion, credentials: base };
  const sts = deps.sts(home);
  const deadline = (what: string): Deadline | undefined => (o.timeoutMs ? startDeadline(o.timeoutMs, what) : undefined);

  // The caller and its region list share one deadline: nothing can be planned without them.
  const callerDeadline = deadline('identifying the caller (sts:GetCallerIdentity, ec2:DescribeRegions)');
  let caller: CallerIdentity;
  try {
    count('sts:GetCallerIdentity');
    caller = await callerIdentity(sts, callerDeadline?.signal);
  } catch (err) {
    callerDeadline?.clear();
    throw credentialsError(err, o.profile);
  }
  log({ level: 'info', msg: 'caller', accountId: caller.accountId, arn: caller.arn });

  const accountIds = await resolveAccounts(o, caller, deps, base, count);
  const needsRole = accountIds.some((a) => a !== caller.accountId);
  if (needsRole && !o.roleName) {
    throw new UsageError(
      `UsageError: ${o.org ? '--org' : '--accounts'} reads accounts other than ${caller.accountId} (the caller's) through a role: add --role-name <name of the read role in each account> (\`vmaudit permissions\` prints its policy).`,
    );
  }

  // The caller's region list validates --regions before anything is collected.
  const callerEc2 = deps.ec2({ ...home, signal: callerDeadline?.signal });
  let callerRegions: RegionStatus[] | undefined;
  let callerRegionsError: unknown;
  try {
    count('ec2:DescribeRegions');
    callerRegions = await describeRegions(callerEc2);
  } catch (err) {
    callerRegionsError = err;
    log({ level: 'warn', msg: 'DescribeRegions failed for the caller; region names are not checked against AWS', errorCode: errorCodeOf(err) });
  } finally {
    callerDeadline?.clear();
    callerEc2.destroy();
  }
  if (o.regions !== 'all' && callerRegions) {
    const known = new Set(callerRegions.map((r) => r.name));
    const unknown = o.regions.filter((r) => !known.has(r));
    if (unknown.length) throw unknownRegionsError(unknown, callerRegions);
  }

  const accountGaps: CoverageGap[] = [];
  const unreadTargets: Target[] = [];
  // Targets listed for an account that could not be read, so every rule reports UNKNOWN there; when
  // even the region list is unknown, the home region stands for the account.
  const intendedRegions = (): string[] => {
    const regions = o.regions === 'all' ? (callerRegions ?? []).filter(isEnabled).map((r) => r.name) : [...o.regions];
    return regions.length ? regions : [o.homeRegion];
  };

  const plans = await mapLimit(accountIds, 4, async (accountId): Promise<AccountPlan | undefined> => {
    const planDeadline = deadline(`planning account ${accountId} (sts:AssumeRole, ec2:DescribeRegions)`);
    try {
      return await planAccount(accountId, planDeadline?.signal);
    } finally {
      planDeadline?.clear();
    }
  });

  async function planAccount(accountId: string, signal: AbortSignal | undefined): Promise<AccountPlan | undefined> {
    let credentials: AwsCredentialIdentityProvider = base;
    if (accountId !== caller.accountId) {
      const roleArn = roleArnOf(caller.partition, accountId, o.roleName as string);
      try {
        count('sts:AssumeRole');
        credentials = await assumeRoleProvider(sts, { roleArn, sessionName: o.sessionName ?? DEFAULT_SESSION_NAME, externalId: o.externalId }, undefined, signal);
      } catch (err) {
        const gap = gapOf(accountId, '*', 'sts', 'AssumeRole', err);
        gap.message = `${gap.message} — check that ${roleArn} exists, trusts ${caller.arn}${o.externalId ? ' with this external id' : ''}, and is not blocked by an SCP.`;
        accountGaps.push(gap);
        unreadTargets.push(...intendedRegions().map((region) => ({ accountId, region })));
        log({ level: 'warn', msg: 'AssumeRole failed', accountId, roleArn, errorCode: gap.errorCode, message: gap.message });
        return undefined;
      }
    }
    let statuses: RegionStatus[] | undefined = accountId === caller.accountId ? callerRegions : undefined;
    if (!statuses) {
      // The caller's own account already asked, with these very credentials: asking again would only
      // repeat the failure (and, on an endpoint that never answers, wait out a second deadline).
      const failedBefore = accountId === caller.accountId ? callerRegionsError : undefined;
      const ec2 = failedBefore === undefined ? deps.ec2({ region: o.homeRegion, credentials, signal }) : undefined;
      try {
        if (failedBefore !== undefined || !ec2) throw failedBefore;
        count('ec2:DescribeRegions');
        statuses = await describeRegions(ec2);
      } catch (err) {
        if (o.regions === 'all') {
          // Nothing of the account is read: a whole-account gap ('*' service and api) so every rule says UNKNOWN.
          const gap = gapOf(accountId, '*', '*', '*', err);
          gap.message = `ec2:DescribeRegions failed, so the account's enabled regions are unknown and none was read: ${gap.message}`;
          accountGaps.push(gap);
          unreadTargets.push(...intendedRegions().map((region) => ({ accountId, region })));
          log({ level: 'warn', msg: 'DescribeRegions failed: the account\'s regions are unknown', accountId, errorCode: errorCodeOf(err) });
          return undefined;
        }
      } finally {
        ec2?.destroy();
      }
    }
    const enabled = statuses ? new Set(statuses.filter(isEnabled).map((r) => r.name)) : undefined;
    const wanted = o.regions === 'all' ? [...(enabled ?? [])].sort() : [...o.regions];
    return {
      accountId,
      credentials,
      regions: wanted.filter((r) => !enabled || enabled.has(r)),
      disabled: wanted.filter((r) => enabled && !enabled.has(r)),
    };
  }

  markDeadlineGaps(accountGaps);

  // A region the user named but the account has not opted in to: listed, not called, one gap.
  for (const p of plans) {
    for (const region of p?.disabled ?? []) {
      accountGaps.push({
        accountId: p!.accountId,
        region,
        service: '*',
        api: '*',
        errorCode: 'OptInRequired',
        message: `region ${region} is not enabled in account ${p!.accountId}; enable it (Account settings → AWS Regions) or leave it out of --regions`,
      });
      unreadTargets.push({ accountId: p!.accountId, region });
    }
  }

  const work = plans.flatMap((p) => (p ? p.regions.map((region) => ({ plan: p, target: { accountId: p.accountId, region } })) : []));
  o.onPlan?.([...work.map((w) => w.target), ...unreadTargets]);

  const results = await mapLimit(work, o.targetConcurrency ?? 4, async ({ plan, target }) => {
    const cursor = o.events?.enabled === false ? undefined : await o.eventCursorOf?.(target);
    const targetDeadline = deadline(`reading ${target.accountId}/${target.region}`);
    const clientOptions = { region: target.region, credentials: plan.credentials, signal: targetDeadline?.signal };
    const clients = deps.targetClients(clientOptions);
    try {
      const r = await collectTarget(target, clients, {
        now,
        events: { ...o.events, ...(cursor ? { cursor } : {}) },
        scannedRegions: plan.regions,
        clock: o.clock,
        concurrency: o.collectorConcurrency,
        onStep: o.onStep,
        log: o.log,
      });
      if (targetDeadline?.passed()) {
        const cut = markDeadlineGaps(r.slice.coverageGaps);
        log({ level: 'warn', msg: 'target deadline passed: what was read is kept, the calls cut off are coverage gaps', ...target, timeoutMs: o.timeoutMs, callsCutOff: cut });
      }
      return r;
    } finally {
      targetDeadline?.clear();
      closeTargetClients(clients);
    }
  });

  for (const r of results) for (const [api, n] of Object.entries(r.calls)) count(api, n);
  const accountSlice = sliceOf(unreadTargets, { ...emptyLists(), coverageGaps: accountGaps }, now, 'account-level gaps');
  const merged = mergeSnapshots([...results.map((r) => r.slice), accountSlice]);
  const regionsRead = [...new Set(merged.targets.map((t) => t.region))].sort();
  const snapshot: Snapshot = {
    ...merged,
    generatedAt: now.toISOString(),
    source: { kind: 'aws', description: `vmaudit scan of ${accountIds.length} account${accountIds.length === 1 ? '' : 's'} × ${regionsRead.length} region${regionsRead.length === 1 ? '' : 's'}` },
  };
  const eventCursors = results.flatMap((r) => (r.eventCursor ? [r.eventCursor] : []));
  return { snapshot, caller, accounts: accountIds, calls: Object.fromEntries([...calls].sort(([a], [b]) => a.localeCompare(b))), eventCursors };
}

async function resolveAccounts(
  o: ScanOptions,
  caller: CallerIdentity,
  deps: ScanDeps,
  base: AwsCredentialIdentityProvider,
  count: (api: string, n?: number) => void,
): Promise<string[]> {
  if (o.org) {
    if (o.accounts?.length) throw new UsageError('UsageError: --org and --accounts exclude each other: --org reads every active account of the organization.');
    const org = deps.organizations({ region: o.homeRegion, credentials: base });
    try {
      const { ids, calls } = await listOrganizationAccounts(org);
      count('organizations:ListAccounts', calls);
      if (!ids.length) throw new UsageError('UsageError: --org: the organization has no ACTIVE account.');
      return ids;
    } catch (err) {
      if (err instanceof UsageError) throw err;
      const code = errorCodeOf(err);
      const why =
        code === 'AWSOrganizationsNotInUseException'
          ? `account ${caller.accountId} is not in an AWS Organization`
          : `Organizations ListAccounts failed (${code}); run from the management account or a delegated administrator with organizations:ListAccounts`;
      throw new UsageError(`UsageError: --org: ${why}. Or list the accounts with --accounts.`);
    } finally {
      org.destroy();
    }
  }
  return o.accounts?.length ? [...o.accounts] : [caller.accountId];
}
