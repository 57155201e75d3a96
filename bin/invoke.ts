#!/usr/bin/env node
/**
 * Runs a Lambda handler in this process with the environment the stack gives it:
 *
 *   npm run invoke -- <targets|collect|publish|report|event|pipeline> [event.json]
 *
 * Settings come from cdk.json's context (regions, accounts, policy file, …) as for `cdk synth`;
 * resource names from the environment: VMAUDIT_BUCKET, VMAUDIT_TOPIC_ARN, VMAUDIT_AUDITOR_ACCOUNT,
 * AWS_REGION (defaults for a local emulator: vmaudit-local, arn:aws:sns:<region>:<account>:vmaudit-alerts,
 * 000000000000, us-east-1). The SDK honours AWS_ENDPOINT_URL, so the whole pipeline runs against an
 * AWS API emulator. `pipeline` runs targets → collect (each target) → publish as the state machine does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { VmauditError } from '../lib/errors';
import { propsFromContext, resolveConfig } from '../lib/stack/config';
import { lambdaEnvironment, FUNCTION_KINDS, type FunctionKind } from '../lib/stack/lambda-env';
import { loadStackPolicy, writePolicyForBundling } from '../lib/stack/stack-policy';
import { partitionOf } from '../lib/pipeline/env';

const HANDLERS = [...FUNCTION_KINDS, 'pipeline'] as const;
type HandlerName = (typeof HANDLERS)[number];

type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

/** Each handler module, required only when asked for (it reads its environment at load). Literal paths, so a bundler follows them. */
/* eslint-disable @typescript-eslint/no-require-imports */
const MODULES: Record<FunctionKind, () => { handler: Handler }> = {
  targets: () => require('../lambdas/targets'),
  collect: () => require('../lambdas/collect'),
  publish: () => require('../lambdas/publish'),
  report: () => require('../lambdas/report'),
  event: () => require('../lambdas/event-handler'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

function usage(): never {
  process.stderr.write(`usage: npm run invoke -- <${HANDLERS.join('|')}> [event.json]\n`);
  process.exit(2);
}

function readContext(): Record<string, unknown> {
  const file = resolve('cdk.json');
  if (!existsSync(file)) return {};
  return ((JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context ?? {}) as Record<string, unknown>;
}

/** The environment the stack would give `kind`, with resource names from this process's environment. */
export function invokeEnvironment(kind: FunctionKind, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const context = readContext();
  const config = resolveConfig(propsFromContext((k) => context[k], Object.keys(context)), 'vmaudit context (cdk.json)');
  const policy = loadStackPolicy(config);
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  const account = env.VMAUDIT_AUDITOR_ACCOUNT || '000000000000';
  const vars = lambdaEnvironment(
    kind,
    config,
    {
      source: policy.source,
      // In Lambda the validated JSON travels in the bundle as policy.json; here the same JSON is written
      // to a file named by its hash under the OS temporary folder, and the handler reads it as in Lambda.
      file: writePolicyForBundling(join(tmpdir(), 'vmaudit-invoke'), policy.json),
    },
    {
      bucketName: env.VMAUDIT_BUCKET || 'vmaudit-local',
      topicArn: env.VMAUDIT_TOPIC_ARN || `arn:${partitionOf(region)}:sns:${region}:${account}:vmaudit-alerts`,
      auditorAccount: account,
      partition: partitionOf(region),
      region,
      stackName: 'local',
      mapMode: 'inline',
    },
  );
  return { AWS_REGION: region, ...vars };
}

export type { Handler };

/** The caller's environment as it was before any handler was loaded: what the caller sets wins. */
const callerEnv: NodeJS.ProcessEnv = { ...process.env };

/**
 * Loads the handler of `kind` with the environment the stack gives it (what `caller` sets wins), as
 * Lambda does: the variables are in process.env before the handler module reads them at load.
 * The end-to-end tests load the handlers through this too.
 */
export function loadHandler(kind: FunctionKind, caller: NodeJS.ProcessEnv = callerEnv): Handler {
  for (const [k, v] of Object.entries(invokeEnvironment(kind, caller))) process.env[k] = caller[k] ?? v;
  return MODULES[kind]().handler;
}

/** The Lambda context a local invocation passes (the handlers read none of it but the remaining time). */
export const LOCAL_CONTEXT = { functionName: 'vmaudit-local', awsRequestId: 'local', getRemainingTimeInMillis: () => 900_000 };

async function main(argv: string[]): Promise<void> {
  const [name, eventFile] = argv;
  if (!name || !(HANDLERS as readonly string[]).includes(name)) usage();
  const event: unknown = eventFile ? JSON.parse(readFileSync(eventFile, 'utf8')) : undefined;
  let result: unknown;
  if ((name as HandlerName) === 'pipeline') {
    const { runPipeline } = await import('../lib/pipeline/local-pipeline');
    const { S3RunStore } = await import('../lib/storage/s3-store');
    const { makeS3Client } = await import('../lib/aws/clients');
    const targets = loadHandler('targets');
    const collect = loadHandler('collect');
    const publish = loadHandler('publish');
    const now = new Date().toISOString();
    const store = new S3RunStore(makeS3Client({ region: process.env.AWS_REGION as string }), { bucket: process.env.VMAUDIT_BUCKET as string, prefix: '' });
    result = await runPipeline(
      {
        targets: (e) => targets(e, LOCAL_CONTEXT) as never,
        collect: (e) => collect(e, LOCAL_CONTEXT) as never,
        publish: (e) => publish(e, LOCAL_CONTEXT) as never,
      },
      { event: (event as never) ?? { executionName: `local-${Date.now().toString(36)}`, startedAt: now }, store },
    );
  } else {
    const kind = name as FunctionKind;
    const defaults: Partial<Record<FunctionKind, unknown>> = {
      targets: { executionName: `local-${Date.now().toString(36)}`, startedAt: new Date().toISOString() },
      report: { period: 'daily' },
    };
    const input = event ?? defaults[kind];
    if (input === undefined) {
      process.stderr.write(`invoke ${kind}: give the event as a JSON file (the state machine's input for this step)\n`);
      process.exit(2);
    }
    result = await loadHandler(kind)(input, LOCAL_CONTEXT);
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    if (err instanceof VmauditError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
