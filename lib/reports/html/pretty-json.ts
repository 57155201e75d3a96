/**
 * Evidence as readable, compact JSON: objects one key per line, short arrays and small objects on
 * one line (`"ports": [22, 3389]`). Compact matters: evidence is most of report.html at 100,000 findings.
 */
const INLINE_MAX = 72;
const MAX_DEPTH = 12;

function inline(v: unknown, depth: number): string | undefined {
  if (v === null || typeof v !== 'object') return scalar(v);
  if (depth > MAX_DEPTH) return '"…"';
  const parts: string[] = [];
  if (Array.isArray(v)) {
    for (const x of v) {
      const s = inline(x, depth + 1);
      if (s === undefined) return undefined;
      parts.push(s);
    }
    return `[${parts.join(', ')}]`;
  }
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    const s = inline(x, depth + 1);
    if (s === undefined) return undefined;
    parts.push(`${JSON.stringify(k)}: ${s}`);
  }
  return parts.length ? `{ ${parts.join(', ')} }` : '{}';
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return JSON.stringify(v.toString());
  return 'null';
}

function block(v: unknown, indent: string, depth: number): string {
  if (v === null || typeof v !== 'object') return scalar(v);
  if (depth > MAX_DEPTH) return '"…"';
  if (depth > 0) {
    const one = inline(v, depth);
    if (one !== undefined && one.length + indent.length <= INLINE_MAX) return one;
  }
  const next = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => next + block(x, next, depth + 1)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${next}${JSON.stringify(k)}: ${block(x, next, depth + 1)}`).join(',\n')}\n${indent}}`;
}

export function prettyJson(value: unknown): string {
  return block(value, '', 0);
}
