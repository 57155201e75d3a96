/**
 * Meaning checks of the event policies that a schema cannot make: a `response` event must be a named
 * event class or an API name (PascalCase, optionally `service:`-prefixed, globs allowed), so a
 * misspelt class such as `console-login-faild` is an error at load time, not a policy that silently
 * never fires. The policy loader calls `eventPolicyProblems`; the rules call `responseMatcher`.
 */
import type { PolicyDocument } from '../policy/schema';
import { EVENT_CLASS_NAMES, isEventClassName, type EventClassName } from './classes';
import { iamActionName } from './ec2-actions';
import type { AuditEvent } from '../model/types';
import { wildcard } from '../util/wildcard';

export interface EventPolicyProblem {
  path: (string | number)[];
  message: string;
}

const API_NAME = /^(?:[a-z0-9-]+:)?[A-Z*?][A-Za-z0-9*?]*$/;

function closest(name: string): string | undefined {
  let best: { n: string; d: number } | undefined;
  for (const n of EVENT_CLASS_NAMES) {
    const d = distance(name, n);
    if (!best || d < best.d) best = { n, d };
  }
  return best && best.d <= 3 ? best.n : undefined;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

/** Why an `event:` value is not usable, or undefined when it is. */
export function responseEventProblem(event: string): string | undefined {
  if (isEventClassName(event) || API_NAME.test(event)) return undefined;
  const near = closest(event);
  return `expected a named event class (${EVENT_CLASS_NAMES.join(', ')}) or an API name such as StopLogging or cloudtrail:StopLogging, got ${JSON.stringify(event)}${near ? ` (did you mean "${near}"?)` : ''}`;
}

export function eventPolicyProblems(policy: Pick<PolicyDocument, 'response' | 'access'>): EventPolicyProblem[] {
  const out: EventPolicyProblem[] = [];
  policy.response.forEach((r, i) => {
    const p = responseEventProblem(r.event);
    if (p) out.push({ path: ['response', i, 'event'], message: p });
  });
  policy.access.forEach((a, i) => {
    a.actions.forEach((act, j) => {
      if (act !== 'read' && act !== 'write' && !API_NAME.test(act)) {
        out.push({ path: ['access', i, 'actions', j], message: `expected read, write or an EC2 action name such as ec2:TerminateInstances, got ${JSON.stringify(act)}` });
      }
    });
  });
  return out;
}

/** How a response policy selects events: by class bit, or by API name glob. */
export type ResponseSelector = { kind: 'class'; cls: EventClassName } | { kind: 'api'; match: (e: AuditEvent) => boolean };

export function responseSelector(event: string): ResponseSelector | undefined {
  if (isEventClassName(event)) return { kind: 'class', cls: event };
  if (!API_NAME.test(event)) return undefined;
  // IAM action names are case-insensitive; CloudTrail writes them in PascalCase.
  const m = wildcard(event.toLowerCase());
  const qualified = event.includes(':');
  // A run has a few hundred distinct (source, name) pairs: test each once.
  const memo = new Map<string, Map<string, boolean>>();
  return {
    kind: 'api',
    match: (e) => {
      let byName = memo.get(e.source);
      if (!byName) memo.set(e.source, (byName = new Map()));
      let v = byName.get(e.name);
      if (v === undefined) byName.set(e.name, (v = m((qualified ? iamActionName(e.source, e.name) : e.name).toLowerCase())));
      return v;
    },
  };
}
