/**
 * First state of a scheduled run: the target list (accounts × regions), the run id, and where the
 * event window starts. Organisation mode lists the organization's ACTIVE accounts at run time, so an
 * account that joins is audited from the next run on without a redeploy.
 */
import type { Target } from '../model/types';
import type { RunStore } from '../storage/store';
import { runIdOf, type LastRun, type TargetsOutput } from './run-context';
import type { StepLog } from './step-log';
import { LAST_RUN_KEY, targetsKey } from '../layout';

export interface TargetsConfig {
  /** The account the stack runs in: audited with the Lambdas' own role. */
  auditorAccount: string;
  /** The stack's region, scanned when `regions` is empty. */
  homeRegion: string;
  regions: readonly string[];
  /** Accounts to audit; empty = the auditor account alone (unless organization). */
  accounts: readonly string[];
  organization: boolean;
  /** The inline Map reads the targets from the payload; the Distributed Map reads targets.json. */
  inlineTargets: boolean;
}

export interface TargetsDeps {
  config: TargetsConfig;
  store: RunStore;
  /** ACTIVE accounts of the organization, sorted. */
  listOrganizationAccounts(): Promise<string[]>;
  log: StepLog;
}

/** What the state machine passes in: its execution's name and start time. */
export interface TargetsEvent {
  executionName: string;
  startedAt: string;
}

export function planTargets(accounts: readonly string[], regions: readonly string[]): Target[] {
  const out: Target[] = [];
  for (const accountId of [...new Set(accounts)].sort()) for (const region of [...new Set(regions)].sort()) out.push({ accountId, region });
  return out;
}

async function previousRunStart(store: RunStore, startedAt: string, log: StepLog): Promise<string | undefined> {
  const bytes = await store.read(LAST_RUN_KEY);
  if (!bytes) return undefined;
  try {
    const last = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<LastRun>;
    const t = typeof last.startedAt === 'string' ? Date.parse(last.startedAt) : NaN;
    if (!Number.isNaN(t) && t < Date.parse(startedAt)) return new Date(t).toISOString();
  } catch {
    // fall through: a corrupt marker only means a full look-back window
  }
  log.warn(`${LAST_RUN_KEY} is unreadable; this run reads the full event look-back window`, { key: LAST_RUN_KEY });
  return undefined;
}

export function makeTargetsHandler(deps: TargetsDeps) {
  return async (event: TargetsEvent): Promise<TargetsOutput> => {
    const { config, store, log } = deps;
    const runId = runIdOf(event.startedAt, event.executionName);
    const startedAt = new Date(Date.parse(event.startedAt)).toISOString();
    const accounts = config.organization ? await deps.listOrganizationAccounts() : config.accounts.length ? [...config.accounts] : [config.auditorAccount];
    const regions = config.regions.length ? [...config.regions] : [config.homeRegion];
    const targets = planTargets(accounts, regions);
    const since = await previousRunStart(store, startedAt, log);
    const key = targetsKey(runId);
    // put, not create: a retried first state may list a changed organization.
    await store.put(key, JSON.stringify(targets));
    log.info('targets planned', { runId, accounts: accounts.length, regions, targets: targets.length, since });
    const run = { runId, startedAt, ...(since ? { since } : {}), regions: [...new Set(regions)].sort() };
    return { run, targetsKey: key, targetCount: targets.length, ...(config.inlineTargets ? { targets } : {}) };
  };
}
