/** Region names: validation of `--regions`, and discovery of the regions enabled in an account. */
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { UsageError } from '../errors';

/**
 * us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-isob-east-1, ap-southeast-5 …: a two-letter
 * area, an optional partition marker, a compass direction, a number. The direction list catches typos
 * (us-est-1) before any call; names AWS does not know are caught by DescribeRegions.
 */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-(east|west|north|south|central|northeast|northwest|southeast|southwest)-\d{1,2}$/;

export type RegionSelection = readonly string[] | 'all';

/** Parses `--regions`: a comma-separated list, or `all`. */
export function parseRegions(text: string | undefined): RegionSelection | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 1 && names[0].toLowerCase() === 'all') return 'all';
  if (!names.length) throw new UsageError('UsageError: --regions is empty. Give region names like us-east-1,eu-west-1, or --regions all for every enabled region.');
  const bad = names.filter((n) => !REGION_PATTERN.test(n));
  if (bad.length) {
    throw new UsageError(
      `UsageError: --regions: ${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is not a region name' : 'are not region names'} (expected names like us-east-1 or eu-west-1: <area>-<direction>-<number>). Use --regions all for every enabled region.`,
    );
  }
  return [...new Set(names)];
}

export interface RegionStatus {
  name: string;
  /** opt-in-not-required | opted-in | not-opted-in */
  optInStatus: string;
}

/** Every region of the partition with its opt-in status for this account (AllRegions=true: one call). */
export async function describeRegions(ec2: EC2Client): Promise<RegionStatus[]> {
  const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
  return (out.Regions ?? [])
    .filter((r) => r.RegionName)
    .map((r) => ({ name: r.RegionName as string, optInStatus: r.OptInStatus ?? 'opt-in-not-required' }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export const isEnabled = (r: RegionStatus) => r.optInStatus !== 'not-opted-in';

/** Names the user gave that AWS does not know: one line naming them and the valid ones. */
export function unknownRegionsError(unknown: readonly string[], known: readonly RegionStatus[]): UsageError {
  return new UsageError(
    `UsageError: --regions: unknown region${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}. Valid names here: ${known.map((r) => r.name).join(', ')}. Use --regions all for every enabled region.`,
  );
}
