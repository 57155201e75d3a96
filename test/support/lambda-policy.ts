/**
 * The built-in default policy as the stack ships it to the pipeline Lambdas (policy.json, validated
 * at synth), for tests that build the production deps from an environment.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStackPolicy, writePolicyForBundling } from '../../lib/stack/stack-policy';

let file: string | undefined;

/** An absolute path to the default effective policy as JSON (written once per process). */
export function defaultPolicyJsonFile(): string {
  return (file ??= writePolicyForBundling(join(tmpdir(), 'vmaudit-test-policy'), loadStackPolicy({}).json));
}
