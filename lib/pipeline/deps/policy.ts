/**
 * The effective policy inside a Lambda. The stack validated the policy file against the catalogue at
 * synth and ships the result as policy.json in the bundle, so a cold start only checks its shape
 * (PolicySchema). The YAML loader (and the yaml parser with it) is not part of any Lambda bundle:
 * `npm run invoke` and the tests hand the handlers the same validated JSON the stack would ship.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ConfigError } from '../../errors';
import { PolicySchema, type PolicyDocument } from '../../policy/schema';
import type { Env } from '../env';
import { DEFAULT_POLICY_FILE_NAME, ENV } from '../env-names';

export interface LambdaPolicy {
  policy: PolicyDocument;
  /** The policy file name reports show. */
  source: string;
}

function parseEffectivePolicy(path: string): PolicyDocument {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError([{ key: ENV.policyFile, message: `${path} is not a readable JSON policy (${(err as Error).message}); the stack ships the effective policy as ${DEFAULT_POLICY_FILE_NAME} beside the handler` }], 'Lambda environment');
  }
  const parsed = PolicySchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ConfigError([{ key: ENV.policyFile, message: `${path} is not a valid vmaudit policy: ${first.join('; ')}` }], 'Lambda environment');
  }
  return parsed.data;
}

/** The policy JSON shipped in the bundle (VMAUDIT_POLICY_FILE, relative to the task root; default policy.json). */
export function lambdaPolicy(env: Env): LambdaPolicy {
  const file = env[ENV.policyFile]?.trim() || DEFAULT_POLICY_FILE_NAME;
  if (!file.endsWith('.json')) {
    throw new ConfigError([{ key: ENV.policyFile, message: `expected the effective policy as JSON (the stack validates the policy file at synth and ships it as ${DEFAULT_POLICY_FILE_NAME}), got ${JSON.stringify(file)}` }], 'Lambda environment');
  }
  const path = isAbsolute(file) ? file : join(env.LAMBDA_TASK_ROOT || process.cwd(), file);
  return { policy: parseEffectivePolicy(path), source: env[ENV.policySource] || file };
}
