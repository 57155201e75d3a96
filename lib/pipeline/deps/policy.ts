/** The effective policy inside a Lambda: policy.json from the bundle (the stack validated it at synth). */
import { isAbsolute, join } from 'node:path';
import { FULL_CATALOGUE } from '../../catalogue';
import { resolvePolicy, type LoadedPolicy } from '../../policy/load';
import type { Env } from '../env';
import { ENV } from '../env-names';

/** The policy file shipped in the bundle (relative to the task root), or the built-in default. */
export function lambdaPolicy(env: Env): LoadedPolicy {
  const file = env[ENV.policyFile];
  if (!file) return resolvePolicy(undefined, FULL_CATALOGUE);
  const path = isAbsolute(file) ? file : join(env.LAMBDA_TASK_ROOT || process.cwd(), file);
  const loaded = resolvePolicy(path, FULL_CATALOGUE);
  return { ...loaded, source: env[ENV.policySource] || loaded.source };
}
