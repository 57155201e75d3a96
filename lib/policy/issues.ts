/**
 * Turns zod issues into sentences of the form "expected <what>, got <what>", one per problem, each
 * with the path of the offending value. Unions (a rule setting is `false` or a map; tags are a map
 * or allOf/anyOf) are reported from the branch the user evidently meant, not as "Invalid input".
 */
import * as z from 'zod';
import type { $ZodIssue, $ZodRawIssue } from 'zod/v4/core';
import { didYouMean } from './suggest';
import type { PathSegment } from './locate';

export interface RawProblem {
  path: PathSegment[];
  message: string;
}

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'a map',
  record: 'a map',
  map: 'a map',
  date: 'a date',
  null: 'nothing',
  undefined: 'nothing',
};

function noun(expected: string): string {
  return NOUNS[expected] ?? expected;
}

/** The value the user wrote, bounded: the file may come from anywhere. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') {
    const s = v.length > 80 ? `${v.slice(0, 77)}…` : v;
    return JSON.stringify(s);
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  return 'a map';
}

function describeLimit(origin: string, bound: number | bigint, inclusive: boolean | undefined, dir: 'min' | 'max'): string {
  const n = Number(bound);
  if (origin === 'array' || origin === 'set') return dir === 'min' ? `at least ${n} item${n === 1 ? '' : 's'}` : `at most ${n} item${n === 1 ? '' : 's'}`;
  if (origin === 'string') return dir === 'min' ? (n === 1 ? 'a non-empty string' : `at least ${n} characters`) : `at most ${n} characters`;
  const op = dir === 'min' ? (inclusive === false ? '>' : '≥') : inclusive === false ? '<' : '≤';
  return `a number ${op} ${n}`;
}

function sizeOf(v: unknown): string {
  if (Array.isArray(v)) return `${v.length} item${v.length === 1 ? '' : 's'}`;
  return describeValue(v);
}

/** Known keys of the strict objects that rejected a key, found while parsing (the final issue no longer carries the schema). */
type KnownKeys = WeakMap<object, string[]>;

function errorMap(known: KnownKeys) {
  return (iss: $ZodRawIssue): string | undefined => {
    const got = describeValue(iss.input);
    switch (iss.code) {
      case 'invalid_type':
        return iss.input === undefined ? `expected ${noun(iss.expected)}, got nothing (this key is required)` : `expected ${noun(iss.expected)}, got ${got}`;
      case 'invalid_value': {
        const values = iss.values.map((v) => (typeof v === 'string' ? v : String(v)));
        const hint = typeof iss.input === 'string' ? didYouMean(iss.input, values) : '';
        return `expected ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}, got ${got}${hint}`;
      }
      case 'too_small':
        return `expected ${describeLimit(iss.origin, iss.minimum, iss.inclusive, 'min')}, got ${iss.origin === 'array' ? sizeOf(iss.input) : got}`;
      case 'too_big':
        return `expected ${describeLimit(iss.origin, iss.maximum, iss.inclusive, 'max')}, got ${iss.origin === 'array' ? sizeOf(iss.input) : got}`;
      case 'invalid_format':
        return `expected ${iss.format === 'regex' ? `a string matching ${iss.pattern}` : `a valid ${iss.format}`}, got ${got}`;
      case 'not_multiple_of':
        return `expected a multiple of ${iss.divisor}, got ${got}`;
      case 'unrecognized_keys': {
        const inst = iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined;
        const shape = inst?._zod?.def?.shape;
        if (shape && iss.input && typeof iss.input === 'object') known.set(iss.input as object, Object.keys(shape));
        return undefined;
      }
      default:
        return undefined;
    }
  };
}

export function unknownKeyMessage(key: string, knownKeys: readonly string[]): string {
  const expected = knownKeys.length ? `one of the keys ${knownKeys.join(', ')}` : 'no keys here';
  return `expected ${expected}, got unknown key "${key}"${didYouMean(key, knownKeys)}`;
}

/** Branch of a failed union that the user most likely meant: it got past the type check. */
function pickBranch(branches: $ZodIssue[][]): $ZodIssue[] | undefined {
  const typeMiss = (i: $ZodIssue) => i.path.length === 0 && i.code === 'invalid_type';
  const shapeMiss = (i: $ZodIssue) => typeMiss(i) || (i.path.length === 0 && i.code === 'unrecognized_keys');
  const depth = (b: $ZodIssue[]) => Math.max(...b.map((i) => i.path.length));
  const rank = (cands: $ZodIssue[][]) => cands.sort((a, b) => a.length - b.length || depth(b) - depth(a))[0];
  const shaped = branches.filter((b) => b.length > 0 && !b.some(shapeMiss));
  if (shaped.length) return rank(shaped);
  const typed = branches.filter((b) => b.length > 0 && !b.some(typeMiss));
  return typed.length ? rank(typed) : undefined;
}

function convert(issue: $ZodIssue, prefix: PathSegment[], known: KnownKeys, out: RawProblem[]): void {
  const path = [...prefix, ...(issue.path as PathSegment[])];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = (issue.input && known.get(issue.input)) ?? [];
      for (const k of issue.keys) out.push({ path: [...path, k], message: unknownKeyMessage(k, keys) });
      return;
    }
    case 'invalid_union': {
      const branch = issue.errors.length ? pickBranch(issue.errors) : undefined;
      if (branch) {
        for (const sub of branch) convert(sub, path, known, out);
        return;
      }
      const expected = [...new Set(issue.errors.flat().map((i) => (i.code === 'invalid_type' ? i.expected : undefined)).filter((e): e is string => !!e))];
      const wanted = expected.length === 2 && expected.includes('string') && expected.includes('date') ? 'a date like 2027-03-31' : expected.map(noun).join(', or ');
      out.push({ path, message: `expected ${wanted || 'a different value'}, got ${describeValue(issue.input)}` });
      return;
    }
    case 'invalid_key':
    case 'invalid_element':
      for (const sub of issue.issues) convert(sub, path, known, out);
      return;
    default: {
      let message = issue.message;
      // A message set by the schema itself ("expected \"Key=Value\"") still deserves the value it rejected.
      const scalarOrList = issue.input !== undefined && (typeof issue.input !== 'object' || issue.input === null || Array.isArray(issue.input));
      if (scalarOrList && !/\bgot\b/.test(message)) message += `, got ${describeValue(issue.input)}`;
      out.push({ path, message });
    }
  }
}

export type Checked<T> = { ok: true; data: T } | { ok: false; problems: RawProblem[] };

/** Validates `value` with `schema`; every problem is returned with its full path (prefixed by `prefix`). */
export function check<S extends z.ZodType>(schema: S, value: unknown, prefix: PathSegment[] = []): Checked<z.output<S>> {
  const known: KnownKeys = new WeakMap();
  const r = schema.safeParse(value, { error: errorMap(known), reportInput: true });
  if (r.success) return { ok: true, data: r.data };
  const problems: RawProblem[] = [];
  for (const issue of r.error.issues) convert(issue, prefix, known, problems);
  return { ok: false, problems };
}
