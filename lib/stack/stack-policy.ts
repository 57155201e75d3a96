/**
 * The policy at synth time: the policy file is validated against the rule catalogue (a bad file fails
 * `cdk synth` with the loader's file:line message), `minAlertSeverity` is laid over it, and the result
 * travels to the Lambdas as JSON: a file inside each pipeline bundle (no size limit, versioned with
 * the code), and the event-rule subset in the event Lambda's environment, as its handler expects.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FULL_CATALOGUE } from '../catalogue';
import { ConfigError, type PolicyProblem } from '../errors';
import type { Rule } from '../engine/rule';
import { resolvePolicy } from '../policy/load';
import type { PolicyDocument } from '../policy/schema';
import { wildcard } from '../util/wildcard';
import type { ResolvedConfig } from './config';

export interface StackPolicy {
  policy: PolicyDocument;
  /** The file name reports show (or "built-in default policy"). */
  source: string;
  /** The effective policy as JSON, as the Lambdas load it. */
  json: string;
  warnings: PolicyProblem[];
}

export function loadStackPolicy(config: Pick<ResolvedConfig, 'policyFile' | 'minAlertSeverity'>, catalogue: readonly Rule[] = FULL_CATALOGUE): StackPolicy {
  const loaded = resolvePolicy(config.policyFile, catalogue);
  const policy: PolicyDocument = config.minAlertSeverity ? { ...loaded.policy, alerts: { ...loaded.policy.alerts, minSeverity: config.minAlertSeverity } } : loaded.policy;
  return { policy, source: loaded.source, json: JSON.stringify(policy, null, 2) + '\n', warnings: loaded.warnings };
}

/** Writes the policy JSON where the bundler's afterBundling hook copies it from; the name is its hash. */
export function writePolicyForBundling(dir: string, json: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `policy-${createHash('sha256').update(json).digest('hex').slice(0, 16)}.json`);
  writeFileSync(file, json);
  return file;
}

/** Lambda's limit is 4 KB for all variables together; the rest of the event Lambda's take well under 1 KB. */
export const REALTIME_POLICY_MAX_BYTES = 3000;

/**
 * The part of the policy the real-time rules read: event rule settings, the access / audit / response
 * policies, exceptions that can match an event rule, alerts. Isolation zones and flows stay out.
 */
export function realtimePolicy(policy: PolicyDocument, catalogue: readonly Rule[] = FULL_CATALOGUE): PolicyDocument {
  const eventRules = catalogue.filter((r) => r.category === 'event').map((r) => r.id);
  const rules = Object.fromEntries(Object.entries(policy.rules).filter(([id]) => eventRules.includes(id)));
  const exceptions = policy.exceptions.filter((e) => eventRules.some(wildcard(e.rule)));
  const { isolation: _isolation, flows: _flows, ...rest } = policy;
  return { ...rest, flows: [], rules, exceptions };
}

export function realtimePolicyJson(policy: PolicyDocument, source: string, catalogue: readonly Rule[] = FULL_CATALOGUE): string {
  const json = JSON.stringify(realtimePolicy(policy, catalogue));
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > REALTIME_POLICY_MAX_BYTES) {
    throw new ConfigError(
      [
        {
          key: 'policyFile',
          message: `the event sections of ${source} (access, audit, response, event-rule settings and exceptions) take ${bytes} bytes as JSON; the event Lambda's environment holds at most ${REALTIME_POLICY_MAX_BYTES}. Shorten them (fewer or wider principals, exceptions with globs), or set realtime=false`,
        },
      ],
      'vmaudit policy',
    );
  }
  return json;
}
