/**
 * How every Lambda is bundled, in one place: the stack's NodejsFunction (local esbuild, no Docker)
 * and the `bundles` benchmark build with these settings, so the bench measures the code Lambda runs.
 * Also the bundle targets (DESIGN §8) that the benchmark reports against and a test checks for size.
 */
import type { FunctionKind } from './lambda-env';

/** Node.js 22 in Lambda; arm64 needs nothing from esbuild (the bundle is plain JavaScript). */
export const LAMBDA_ESBUILD_TARGET = 'node22';

/**
 * esbuild settings the stack gives NodejsFunction. The SDK's ES-module builds (mainFields
 * module,main) let esbuild drop the commands and schemas a handler never uses.
 */
export const LAMBDA_BUNDLING = {
  minify: true,
  sourceMap: false,
  target: LAMBDA_ESBUILD_TARGET,
  format: 'cjs',
  mainFields: ['module', 'main'],
  /** The AWS SDK is bundled, not taken from the runtime: it pins the versions the tests ran. */
  externalModules: [] as string[],
} as const;

/** The handler file of each Lambda under lambdas/. */
export const LAMBDA_ENTRY: Readonly<Record<FunctionKind, string>> = {
  targets: 'targets',
  collect: 'collect',
  publish: 'publish',
  report: 'report',
  event: 'event-handler',
};

/** DESIGN §8: bundles ≤ 450 KB zipped (all of them); module load ≤ 150 ms for collect, ≤ 120 ms for the others. */
export const BUNDLE_TARGETS = {
  maxZippedBytes: 450_000,
  maxModuleLoadMs: { targets: 120, collect: 150, publish: 120, report: 120, event: 120 } as Readonly<Record<FunctionKind, number>>,
};
