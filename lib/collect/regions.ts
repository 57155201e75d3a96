/** Discovery of the regions enabled in an account (the names' format is checked in lib/model/formats.ts). */
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { UsageError } from '../errors';

export type RegionSelection = readonly string[] | 'all';

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
    `UsageError: --regions names AWS does not know here: unknown region${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}. Valid names here: ${known.map((r) => r.name).join(', ')}. Use --regions all for every enabled region.`,
  );
}
