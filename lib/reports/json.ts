/**
 * findings.json, byte for byte deterministic: the same document always gives the same bytes, so a
 * hash in the run manifest or a diff between two runs shows only what really changed.
 * Known objects get their contract order (DESIGN §6); anything else (evidence, tags, fields added by
 * later versions) gets its keys sorted, recursively.
 */
import { compareFindings, FINDING_STATUSES, type Finding } from '../findings/finding';
import type { FindingsDocument } from '../findings/document';
import { SEVERITIES } from '../model/severity';
import { FRAMEWORK_IDS } from '../frameworks/ids';
import { joinChunks } from '../util/chunks';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Key order per object kind; nested kinds by field name; `items` for the elements of an array. Unlisted keys follow, sorted. */
interface Shape {
  order: readonly string[];
  fields?: Record<string, Shape | undefined>;
  items?: Shape;
}

const GAP: Shape = { order: ['accountId', 'region', 'service', 'api', 'errorCode', 'message'] };
const WINDOW: Shape = { order: ['accountId', 'region', 'from', 'to', 'eventCount', 'capped', 'unparsed'] };
const RUN: Shape = {
  order: ['id', 'startedAt', 'finishedAt', 'accounts', 'regions', 'coverageGaps', 'eventWindows', 'source', 'policy', 'rulesRun', 'rulesNotSelected'],
  fields: { coverageGaps: { order: [], items: GAP }, eventWindows: { order: [], items: WINDOW } },
};
const SUMMARY: Shape = {
  order: ['total', 'byStatus', 'failBySeverity', 'byLifecycle'],
  fields: { byStatus: { order: FINDING_STATUSES }, failBySeverity: { order: SEVERITIES }, byLifecycle: { order: ['NEW', 'OPEN', 'RESOLVED'] } },
};
const FINDING: Shape = {
  order: [
    'id', 'ruleId', 'status', 'severity', 'accountId', 'region', 'resourceType', 'resourceId', 'resourceArn',
    'title', 'message', 'frameworks', 'remediation', 'evidence', 'lifecycle', 'detailKey', 'tags', 'suppression', 'expiredException',
  ],
  fields: {
    frameworks: { order: FRAMEWORK_IDS },
    suppression: { order: ['reason', 'owner', 'expires', 'exception'] },
    expiredException: { order: ['reason', 'owner', 'expired'] },
  },
};
const DOCUMENT: Shape = { order: ['schemaVersion', 'run', 'summary', 'findings'], fields: { run: RUN, summary: SUMMARY, findings: { order: [], items: FINDING } } };

function canonical(value: unknown, shape?: Shape): Json | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((v) => canonical(v, shape?.items) ?? null);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  const obj = value as Record<string, unknown>;
  const known = shape?.order ?? [];
  const knownSet = new Set(known);
  const keys = [...known.filter((k) => Object.prototype.hasOwnProperty.call(obj, k)), ...Object.keys(obj).filter((k) => !knownSet.has(k)).sort()];
  // A null prototype, so a hostile key such as "__proto__" (a tag name) stays an ordinary key.
  const out = Object.create(null) as { [k: string]: Json };
  for (const k of keys) {
    const sub = shape?.fields && Object.prototype.hasOwnProperty.call(shape.fields, k) ? shape.fields[k] : undefined;
    const v = canonical(obj[k], sub);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Stands in for the findings array while the rest of the document is laid out; no JSON string can hold a raw NUL. */
const FINDINGS_SLOT = '\u0000findings\u0000';
const ELEMENT_INDENT = '    ';

/**
 * findings.json as chunks: contract key order, findings in report order (`compareFindings`, which the
 * engine already applies; sorting again costs little and makes the order a property of this file),
 * 2-space indent, trailing newline. The bytes are exactly `JSON.stringify(document, null, 2)`'s, but
 * the document is never one string: the header and summary come first, then one finding at a time.
 */
export function* findingsJsonChunks(doc: FindingsDocument): Generator<string> {
  const sorted = [...doc.findings].sort(compareFindings);
  const frame = JSON.stringify(canonical({ ...doc, findings: FINDINGS_SLOT }, DOCUMENT), null, 2) + '\n';
  const slot = JSON.stringify(FINDINGS_SLOT);
  const at = frame.indexOf(slot);
  yield frame.slice(0, at);
  if (!sorted.length) yield '[]';
  else {
    yield '[\n';
    for (let i = 0; i < sorted.length; i++) {
      // A JSON string never holds a raw newline, so re-indenting line starts is safe.
      yield (i ? ',\n' : '') + ELEMENT_INDENT + findingElement(sorted[i]);
    }
    yield '\n  ]';
  }
  yield frame.slice(at + slot.length);
}

const FIELD_INDENT = ELEMENT_INDENT + '  ';
const KNOWN_FINDING_KEYS = new Set(FINDING.order);
const QUOTED_KEYS = new Map(FINDING.order.map((k) => [k, `${JSON.stringify(k)}: `]));
/** One frameworks object is shared by all findings of a rule: its text is built once. */
const frameworksText = new WeakMap<object, string>();

function fieldText(key: string, value: unknown): string | undefined {
  if (typeof value === 'string') return JSON.stringify(value);
  if (key === 'frameworks' && value !== null && typeof value === 'object') {
    let t = frameworksText.get(value);
    if (t === undefined) frameworksText.set(value, (t = nestedText(canonical(value, FINDING.fields!.frameworks))!));
    return t;
  }
  return nestedText(canonical(value, FINDING.fields?.[key]));
}

function nestedText(v: Json | undefined): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'object' && v !== null ? JSON.stringify(v, null, 2).replace(/\n/g, '\n' + FIELD_INDENT) : JSON.stringify(v);
}

/**
 * One finding as it stands in the findings array (4-space element indent): the bytes of
 * `JSON.stringify(canonical(f), null, 2)` re-indented, built field by field, so the half a million
 * elements of a large run skip the generic key walk and a regex over every element.
 */
function findingElement(f: Finding): string {
  const o = f as unknown as Record<string, unknown>;
  let out = '';
  const emit = (k: string) => {
    const t = fieldText(k, o[k]);
    if (t !== undefined) out += (out ? ',\n' : '\n') + FIELD_INDENT + (QUOTED_KEYS.get(k) ?? `${JSON.stringify(k)}: `) + t;
  };
  for (const k of FINDING.order) if (Object.prototype.hasOwnProperty.call(o, k)) emit(k);
  let extra: string[] | undefined;
  for (const k of Object.keys(o)) if (!KNOWN_FINDING_KEYS.has(k)) (extra ??= []).push(k);
  if (extra) for (const k of extra.sort()) emit(k);
  return out ? `{${out}\n${ELEMENT_INDENT}}` : '{}';
}

/** findings.json as one string, for small documents and tests; run files are written from `findingsJsonChunks`. */
export function renderFindingsJson(doc: FindingsDocument): string {
  return joinChunks(findingsJsonChunks(doc));
}

/** The canonical form of one finding (same key order as in findings.json), for exports that embed findings. */
export function canonicalFinding(f: Finding): Json {
  return canonical(f, FINDING) ?? null;
}
