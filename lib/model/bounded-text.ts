/**
 * Cutting estate text to a budget, visibly. Every string from an AWS account or a CloudTrail record
 * may be megabytes long; what vmaudit writes about it is bounded, and a cut always shows, with the
 * size of what was there, so a reader knows text is missing and how much.
 */

/** UTF-8 byte length without allocating a buffer. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Below this budget a cut string ends with a bare "…" (a subject line, a table key). */
const STATED_CUT_MIN = 120;

/**
 * Cuts to at most `max` UTF-16 units, never inside a surrogate pair. A cut is always visible: "…",
 * or "…(truncated, N bytes)" with the UTF-8 size of the whole value when the budget allows.
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return '…'.slice(0, max);
  const marker = max >= STATED_CUT_MIN ? `…(truncated, ${utf8Length(s)} bytes)` : '…';
  let end = max - marker.length;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return s.slice(0, end) + marker;
}

/**
 * Every string inside `value` (objects and arrays, to `maxDepth` levels) cut to `max` with the visible
 * marker. Returns `value` itself when nothing is over the budget, so the common case allocates nothing.
 */
export function boundStrings<T>(value: T, max: number, maxDepth = 64): T {
  return bound(value, max, maxDepth) as T;
}

function bound(v: unknown, max: number, depth: number): unknown {
  if (typeof v === 'string') return v.length > max ? truncate(v, max) : v;
  if (v === null || typeof v !== 'object' || depth <= 0) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const b = bound(v[i], max, depth - 1);
      if (b !== v[i]) (out ??= v.slice())[i] = b;
    }
    return out ?? v;
  }
  let out: Record<string, unknown> | undefined;
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const b = bound(o[k], max, depth - 1);
    if (b !== o[k]) (out ??= { ...o })[k] = b;
  }
  return out ?? v;
}
