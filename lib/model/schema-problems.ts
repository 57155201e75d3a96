/**
 * Turns zod issues into problems a person can act on: the JSON path of the bad value, what was
 * expected and what the file holds (`$.instances[3].metadataOptions.httpTokens: expected one of
 * optional|required, got "maybe"`). The value shown comes from the file, so it is bounded and
 * JSON-quoted (control characters escaped) before it reaches a terminal.
 */
import type * as z from 'zod';
import type { SnapshotProblem } from '../errors';

type PathKey = PropertyKey;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function jsonPath(path: readonly PathKey[]): string {
  let out = '$';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (typeof k === 'string' && IDENT.test(k)) out += `.${k}`;
    else out += `[${JSON.stringify(String(k))}]`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PathKey[]): { found: boolean; value: unknown } {
  let cur: unknown = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, k)) return { found: false, value: undefined };
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return { found: true, value: cur };
}

/** A short, safe rendering of a value from the file. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array (${v.length} item${v.length === 1 ? '' : 's'})`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') {
    const q = JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
    return q;
  }
  return String(v);
}

function oneOf(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('|');
}

/** Messages written as noun phrases in the schema ("a 12-digit AWS account id") read as "expected …". */
function expectedPhrase(message: string): string {
  return /^[a-z]/.test(message) ? `expected ${message}` : message.replace(/^Invalid input: /, '');
}

function issueMessage(issue: z.core.$ZodIssue, found: boolean, value: unknown): string {
  const got = found ? `got ${describeValue(value)}` : 'missing';
  switch (issue.code) {
    case 'invalid_type':
      return found && value !== undefined ? `expected ${issue.expected}, ${got}` : `missing (expected ${issue.expected})`;
    case 'invalid_value':
      return issue.values.length === 1 ? `expected ${JSON.stringify(issue.values[0])}, ${got}` : `expected one of ${oneOf(issue.values)}, ${got}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options?.length) return `expected one of ${oneOf(options)}, ${got}`;
      return `${expectedPhrase(issue.message)}, ${got}`;
    }
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    default:
      return `${expectedPhrase(issue.message)}, ${got}`;
  }
}

export function issuesToProblems(issues: readonly z.core.$ZodIssue[], input: unknown): SnapshotProblem[] {
  return issues.map((issue) => {
    const { found, value } = valueAt(input, issue.path);
    return { path: jsonPath(issue.path), message: issueMessage(issue, found, value) };
  });
}
