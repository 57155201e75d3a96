import * as z from 'zod';
import { defineRule } from '../engine/rule';
import type { Trail } from '../model/types';
import { managementCoverage } from './support/event-selectors';
import { bounded, listText } from './support/labels';
import { accountGlobalRef, regionsMissingTrails, targetRegions, TRAIL_STATUS_APIS, trailsByAccount } from './support/trails';

interface Assessment {
  trail: Trail;
  /** What makes it fall short of CIS 3.1. */
  problems: string[];
  /** What could not be read. */
  unknown: string[];
}

function assess(t: Trail): Assessment {
  const problems: string[] = [];
  const unknown: string[] = [];
  if (!t.status) unknown.push('its status could not be read (GetTrailStatus)');
  else if (!t.status.isLogging) problems.push('is not logging');
  if (!t.selectors) unknown.push('its event selectors could not be read (GetEventSelectors)');
  else problems.push(...managementCoverage(t.selectors).problems);
  return { trail: t, problems, unknown };
}

function evidenceOf(a: Assessment): Record<string, unknown> {
  return { arn: a.trail.arn, homeRegion: a.trail.homeRegion, isOrganizationTrail: a.trail.isOrganizationTrail, isLogging: a.trail.status?.isLogging ?? null, problems: a.problems, unknown: a.unknown };
}

export default defineRule({
  id: 'ct-multi-region-trail',
  title: 'A multi-region trail logs all read and write management events and is logging',
  severity: 'high',
  category: 'logging',
  resourceType: 'AWS::::Account',
  rationale:
    'Attackers work in the regions nobody watches. Only a multi-region trail that is logging, records both read and write management events and excludes no event source (such as KMS or the RDS Data API) guarantees that every API call in every region, including regions enabled later, lands in the audit record.',
  remediation:
    'aws cloudtrail update-trail --name TRAIL_NAME --is-multi-region-trail; aws cloudtrail put-event-selectors --trail-name TRAIL_NAME --event-selectors \'[{"ReadWriteType":"All","IncludeManagementEvents":true,"ExcludeManagementEventSources":[]}]\'; aws cloudtrail start-logging --name TRAIL_NAME.',
  params: z.strictObject({}),
  requires: TRAIL_STATUS_APIS,
  scope: 'estate',
  *evaluate(ctx) {
    const byAccount = trailsByAccount(ctx);
    for (const account of ctx.inv.accounts) {
      const resource = accountGlobalRef(ctx.inv, account);
      const trails = byAccount.get(account) ?? [];
      const assessed = trails.filter((t) => t.isMultiRegion).map(assess);
      const good = assessed.find((a) => a.problems.length === 0 && a.unknown.length === 0);
      if (good) {
        yield { status: 'PASS', resource, message: `Account ${account} has multi-region trail ${bounded(good.trail.name)} logging all read and write management events`, evidence: { trail: evidenceOf(good) } };
        continue;
      }
      const undecided = assessed.filter((a) => a.problems.length === 0);
      if (undecided.length) {
        const a = undecided[0]!;
        yield { status: 'UNKNOWN', resource, message: `Account ${account}: multi-region trail ${bounded(a.trail.name)} may qualify, but ${listText(a.unknown)}`, evidence: { trails: assessed.map(evidenceOf) } };
        continue;
      }
      if (assessed.length) {
        yield {
          status: 'FAIL',
          resource,
          message: `Account ${account} has no multi-region trail that qualifies: ${listText(assessed.map((a) => `${bounded(a.trail.name)} ${listText(a.problems)}`), 3)}`,
          evidence: { trails: assessed.map(evidenceOf) },
        };
        continue;
      }
      // DescribeTrails in any region lists multi-region trails homed elsewhere, so one region read is enough to know there is none.
      const missing = regionsMissingTrails(ctx.inv, account);
      const singleRegion = trails.map((t) => bounded(t.name));
      if (missing.length >= targetRegions(ctx.inv, account).length) {
        yield { status: 'UNKNOWN', resource, message: `Account ${account}: trails could not be listed in any region (DescribeTrails failed or was not read in ${listText(missing)})`, evidence: { regionsNotRead: missing } };
      } else {
        yield {
          status: 'FAIL',
          resource,
          message: `Account ${account} has no multi-region trail${singleRegion.length ? ` (single-region only: ${listText(singleRegion)})` : ''}`,
          evidence: { singleRegionTrails: trails.map((t) => ({ arn: t.arn, homeRegion: t.homeRegion })), regionsNotRead: missing },
        };
      }
    }
  },
});
