/**
 * What the real-time path already alerted, read from the same store the scheduled run publishes to,
 * so the scheduled alert never repeats an event alerted within the minute it happened.
 *
 * The event Lambda (lib/pipeline/deps/event.ts) keeps its state at
 * `state/realtime/<account>/<region>.json` in the report bucket, the key `realtimeStateKey` builds for
 * both. A missing state is the normal case (no real-time path,
 * or nothing alerted); an unreadable one is reported and ignored: the scheduled alert then errs on
 * the side of alerting.
 */
import type { Finding } from '../findings/finding';
import type { Target } from '../model/types';
import { dropAlreadyAlerted } from '../events/realtime';
import { mapLimit } from '../collect/concurrency';
import type { RunStore } from '../storage/store';
import { realtimeStateKey } from '../layout';

export interface RealtimeAlerted {
  /** Finding ids and event ids alerted in real time, with when. */
  ids: Map<string, string>;
  /** States that exist but could not be read (ignored). */
  problems: string[];
}

/** The ids alerted in real time in these targets (each target's state read once). */
export async function loadRealtimeAlerted(store: RunStore, targets: readonly Target[]): Promise<RealtimeAlerted> {
  const ids = new Map<string, string>();
  const problems: string[] = [];
  const unique = [...new Map(targets.map((t) => [`${t.accountId}|${t.region}`, t])).values()];
  await mapLimit(unique, 8, async (t) => {
    const key = realtimeStateKey(t);
    let bytes: Uint8Array | undefined;
    try {
      bytes = await store.read(key);
    } catch (err) {
      problems.push(`${key} could not be read (${(err as Error).name}: ${(err as Error).message})`);
      return;
    }
    if (!bytes) return;
    let state: { kind?: unknown; version?: unknown; alerted?: unknown } | null;
    try {
      state = JSON.parse(Buffer.from(bytes).toString('utf8')) as typeof state;
    } catch (err) {
      problems.push(`${key} is not valid JSON (${(err as Error).message})`);
      return;
    }
    const alerted = state?.alerted;
    if (state?.kind !== 'vmaudit-realtime-state' || state.version !== 1 || alerted === null || typeof alerted !== 'object' || Array.isArray(alerted)) {
      problems.push(`${key} is not a vmaudit real-time state (kind vmaudit-realtime-state, version 1)`);
      return;
    }
    for (const [id, at] of Object.entries(alerted as Record<string, unknown>)) if (typeof at === 'string') ids.set(id, at);
  });
  return { ids, problems: problems.sort() };
}

/** The evidence field that says a finding was alerted in real time (its report entry stays; the scheduled alert skips it). */
export const ALERTED_IN_REALTIME = 'alertedInRealtime';

export function alertedInRealtime(f: Finding): boolean {
  return (f.evidence as Record<string, unknown> | undefined)?.[ALERTED_IN_REALTIME] === true;
}

/**
 * Marks the failing findings the real-time path alerted (by finding id, or by any event behind them,
 * the same test as `dropAlreadyAlerted`) with `evidence.alertedInRealtime: true`. Returns the findings
 * in the same order and how many were marked.
 */
export function markAlertedInRealtime(findings: readonly Finding[], ids: ReadonlyMap<string, string> | Iterable<string>): { findings: Finding[]; marked: number } {
  const keys = ids instanceof Map ? [...ids.keys()] : [...(ids as Iterable<string>)];
  const candidates = findings.filter((f) => f.status === 'FAIL' && !alertedInRealtime(f));
  if (!keys.length || !candidates.length) return { findings: [...findings], marked: 0 };
  const kept = new Set(dropAlreadyAlerted(candidates, keys));
  const hit = new Set(candidates.filter((f) => !kept.has(f)));
  return {
    findings: findings.map((f) => (hit.has(f) ? { ...f, evidence: { ...f.evidence, [ALERTED_IN_REALTIME]: true } } : f)),
    marked: hit.size,
  };
}
