/**
 * The policy at synth time: the policy file is validated against the rule catalogue (a bad file fails
 * `cdk synth` with the loader's file:line message), `minAlertSeverity` is laid over it, and the result
 * travels to the Lambdas as JSON: a file inside each bundle, the event Lambda's included (no size
 * limit, versioned with the code).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FULL_CATALOGUE } from '../catalogue';
import type { PolicyProblem } from '../errors';
import type { Rule } from '../engine/rule';
import { resolvePolicy } from '../catalogue/load-policy';
import type { PolicyDocument } from '../policy/schema';
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
