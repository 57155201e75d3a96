/**
 * CloudTrail trails as the rules see them. DescribeTrails in any region also returns the multi-region
 * (and organisation) trails whose home is elsewhere ("shadow trails"), so a snapshot holds the same
 * trail once per region it was read in. Rules deduplicate by ARN and merge what each copy knows:
 * GetTrailStatus / GetEventSelectors may have been read (or have failed) in only one region.
 */
import { accountArn } from '../../model/arn';
import type { InventoryIndex } from '../../engine/inventory-index';
import type { ResourceRef, RuleContext } from '../../engine/rule';
import type { Trail } from '../../model/types';
import { accountRef } from '../resource-refs';
import { label } from './labels';

export const TRAIL_APIS = ['cloudtrail:DescribeTrails'];
export const TRAIL_STATUS_APIS = ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'];

/** The account that owns a trail, from its ARN (`arn:aws:cloudtrail:region:account:trail/name`). */
export function trailOwner(t: Trail): string {
  const account = t.arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : t.accountId;
}

function merge(copies: Trail[]): Trail {
  // The home-region copy is authoritative for configuration; any copy may fill status or selectors.
  const home = copies.find((c) => c.region === c.homeRegion) ?? copies[0]!;
  return {
    ...home,
    status: home.status ?? copies.find((c) => c.status)?.status ?? null,
    selectors: home.selectors ?? copies.find((c) => c.selectors)?.selectors ?? null,
  };
}

/** Trails that apply to each audited account (its own and organisation trails), one per ARN, sorted by ARN. */
export function trailsByAccount(ctx: Pick<RuleContext<unknown>, 'inv' | 'memo'>): Map<string, Trail[]> {
  return ctx.memo('rules/trails-by-account', () => {
    const grouped = new Map<string, Map<string, Trail[]>>();
    for (const t of ctx.inv.snapshot.trails) {
      let byArn = grouped.get(t.accountId);
      if (!byArn) grouped.set(t.accountId, (byArn = new Map()));
      const copies = byArn.get(t.arn);
      if (copies) copies.push(t);
      else byArn.set(t.arn, [t]);
    }
    const out = new Map<string, Trail[]>();
    for (const [account, byArn] of grouped) out.set(account, [...byArn.keys()].sort().map((arn) => merge(byArn.get(arn)!)));
    return out;
  });
}

/**
 * Each trail once, in the account that owns it, for per-trail configuration rules. Organisation
 * trails seen from member accounts are judged once, in the management account, when it is audited.
 */
export function ownedTrails(ctx: Pick<RuleContext<unknown>, 'inv' | 'memo'>): Trail[] {
  const out: Trail[] = [];
  for (const [account, trails] of trailsByAccount(ctx)) for (const t of trails) if (trailOwner(t) === account) out.push(t);
  return out;
}

/** Target regions of an account where DescribeTrails failed or was not read (an import of EC2 files only). */
export function regionsMissingTrails(inv: InventoryIndex, accountId: string): string[] {
  return inv.targets.filter((t) => t.accountId === accountId && (inv.gapsFor(accountId, t.region, TRAIL_APIS).length > 0 || inv.unreadFor(accountId, t.region, TRAIL_APIS).length > 0)).map((t) => t.region);
}

/** Target regions of an account. */
export function targetRegions(inv: InventoryIndex, accountId: string): string[] {
  return inv.targets.filter((t) => t.accountId === accountId).map((t) => t.region);
}

/**
 * Account-level CloudTrail results live on the account in region 'global': trails are judged across
 * all of an account's regions at once (scope 'estate'), and a coverage gap in any of them can hide a
 * trail. The ARN takes its partition from one of the account's target regions.
 */
export function accountGlobalRef(inv: InventoryIndex, accountId: string): ResourceRef {
  const region = targetRegions(inv, accountId)[0];
  return { ...accountRef(accountId, 'global'), arn: accountArn(accountId, region) };
}

export const trailLabel = (t: Trail): string => `${label(t.name, undefined)} (home ${t.homeRegion}${t.isOrganizationTrail ? ', organization trail' : ''})`;
