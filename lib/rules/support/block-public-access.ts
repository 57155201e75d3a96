/** The two account-level "block public access" rules (EBS snapshots, AMIs) share one shape: a region setting per target. */
import type { ResourceRef, RuleResult } from '../../engine/rule';
import type { InventoryIndex } from '../../engine/inventory-index';
import type { RegionSettings } from '../../model/types';
import { accountRef } from '../resource-refs';

export interface BlockSetting {
  what: string;
  read(s: RegionSettings): string | undefined;
  /** States that block new public sharing. */
  blocking: readonly string[];
}

export function* blockPublicAccessResults(inv: InventoryIndex, setting: BlockSetting): Iterable<RuleResult> {
  for (const t of inv.targets) {
    const resource: ResourceRef = accountRef(t.accountId, t.region);
    const where = `${t.accountId}/${t.region}`;
    const settings = inv.regionSettings(t.accountId, t.region);
    const state = settings ? setting.read(settings) : undefined;
    if (state === undefined) {
      yield { status: 'UNKNOWN', resource, message: `Block public access for ${setting.what} in ${where} was not collected`, evidence: { region: t.region } };
    } else if (setting.blocking.includes(state)) {
      yield { status: 'PASS', resource, message: `Block public access for ${setting.what} is on in ${where} (${state})`, evidence: { region: t.region, state } };
    } else {
      yield { status: 'FAIL', resource, message: `Block public access for ${setting.what} is off in ${where} (${state}): anyone in the account can make one public`, evidence: { region: t.region, state } };
    }
  }
}
