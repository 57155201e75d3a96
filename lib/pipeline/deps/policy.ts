/**
 * The effective policy inside a Lambda. The stack validated the policy file against the catalogue at
 * synth and ships the result as policy.json in the bundle, so a cold start only checks its shape
 * (PolicySchema) instead of re-running the YAML loader twice (default + file): tens of milliseconds
 * less init. A YAML file (npm run invoke with cdk.json's policyFile) goes through the full loader.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { FULL_CATALOGUE } from '../../catalogue';
import { ConfigError } from '../../errors';
import { resolvePolicy, type LoadedPolicy } from '../../policy/load';
import { PolicySchema, type PolicyDocument } from '../../policy/schema';
import type { Env } from '../env';
import { ENV } from '../env-names';

function parseEffectivePolicy(path: string): PolicyDocument {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError([{ key: ENV.policyFile, message: `${path} is not a readable JSON policy (${(err as Error).message})` }], 'Lambda environment');
  }
  const parsed = PolicySchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ConfigError([{ key: ENV.policyFile, message: `${path} is not a valid vmaudit policy: ${first.join('; ')}` }], 'Lambda environment');
  }
  return parsed.data;
}

/** The policy file shipped in the bundle (relative to the task root), or the built-in default. */
export function lambdaPolicy(env: Env): LoadedPolicy {
  const file = env[ENV.policyFile];
  if (!file) return resolvePolicy(undefined, FULL_CATALOGUE);
  const path = isAbsolute(file) ? file : join(env.LAMBDA_TASK_ROOT || process.cwd(), file);
  const source = env[ENV.policySource] || file;
  if (path.endsWith('.json')) return { policy: parseEffectivePolicy(path), source, warnings: [] };
  return { ...resolvePolicy(path, FULL_CATALOGUE), source };
}
