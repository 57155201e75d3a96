/**
 * The per-target outcome of an event rule when it found nothing to report: UNKNOWN when no window was
 * read, else PASS. What the window did not read is the engine's business (lib/engine/data-read.ts):
 * a LookupEvents coverage gap, or an event class the rule declares that was not read or hit its cap,
 * turns that PASS into UNKNOWN with the reason (DESIGN §3: never PASS on data we did not see).
 */
import type { InventoryIndex } from '../../engine/inventory-index';
import type { RuleResult } from '../../engine/rule';
import { accountRef } from '../../rules/resource-refs';
import type { EventIndex, TargetEvents } from '../event-index';

export const LOOKUP_EVENTS = 'cloudtrail:LookupEvents';

export function targetKey(accountId: string, region: string): string {
  return `${accountId}|${region}`;
}

export interface VerdictOptions {
  /** Plural noun phrase: "security group changes". */
  what: string;
  /** Targets (targetKey) where the rule reported something. */
  reported: ReadonlySet<string>;
  /** Extra words for the PASS message of a target (e.g. "2 failed attempts were not counted"). */
  note?: (t: TargetEvents) => string | undefined;
  evidence?: (t: TargetEvents) => Record<string, unknown>;
  /** Distinguishes the verdicts of several policies of one rule. */
  detailKey?: string;
  /** A reason the rule could not decide for a target although the window was read (turns PASS into UNKNOWN). */
  undecided?: (t: TargetEvents) => string | undefined;
}

export function windowOf(t: TargetEvents): { from: string; to: string } | undefined {
  if (!t.windows.length) return undefined;
  let from = t.windows[0].from;
  let to = t.windows[0].to;
  for (const w of t.windows) {
    if (w.from < from) from = w.from;
    if (w.to > to) to = w.to;
  }
  return { from, to };
}

export function* targetVerdicts(idx: EventIndex, inv: InventoryIndex, o: VerdictOptions): Iterable<RuleResult> {
  for (const t of idx.targets) {
    const where = `${t.accountId}/${t.region}`;
    const reported = o.reported.has(targetKey(t.accountId, t.region));
    const resource = accountRef(t.accountId, t.region);
    const w = windowOf(t);
    const base: Record<string, unknown> = { eventsRead: t.eventCount, ...(w ? { window: w } : {}), ...(t.unparsed ? { unparsed: t.unparsed } : {}), ...(o.evidence?.(t) ?? {}) };
    const detail = o.detailKey ? { detailKey: o.detailKey } : {};
    if (!w) {
      if (inv.gapsFor(t.accountId, t.region, [LOOKUP_EVENTS]).length) {
        if (!reported) yield { status: 'PASS', resource, message: `No ${o.what} seen in ${where}`, evidence: base, ...detail };
      } else if (!reported) {
        yield { status: 'UNKNOWN', resource, message: `No CloudTrail event window was read for ${where}, so ${o.what} cannot be ruled out`, evidence: base, ...detail };
      }
      continue;
    }
    if (reported) continue;
    const undecided = o.undecided?.(t);
    if (undecided) {
      yield { status: 'UNKNOWN', resource, message: `Could not rule out ${o.what} in ${where} between ${w.from} and ${w.to}: ${undecided}`, evidence: base, ...detail };
      continue;
    }
    const extra = [o.note?.(t), t.unparsed ? `${t.unparsed} record${t.unparsed === 1 ? '' : 's'} could not be parsed (see evt-event-coverage)` : undefined].filter(Boolean);
    yield {
      status: 'PASS',
      resource,
      message: `No ${o.what} in ${where} between ${w.from} and ${w.to} (${t.eventCount} events read${extra.length ? `; ${extra.join('; ')}` : ''})`,
      evidence: base,
      ...detail,
    };
  }
}
