/**
 * The Lambda bundles as the stack builds them (lib/stack/lambda-bundling.ts: esbuild, minified CJS for
 * Node 22, the SDK inside), each with the policy.json the stack ships: the deployment package's
 * zipped bytes, and the module load (require of index.js with the environment the stack sets, the
 * handler's cold-start wiring included) in a fresh Node process per run, wall and CPU time.
 * This machine runs Node 20 on x64; Lambda runs Node 22 on arm64 (Graviton), so the load figures are
 * this machine's, not Lambda's.
 *
 *   npm run bench -- --suite bundles --runs 7
 *   node --expose-gc -r ts-node/register/transpile-only bench/suites/bundles.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_TARGETS, LAMBDA_BUNDLING, LAMBDA_ENTRY } from '../../lib/stack/lambda-bundling';
import { FUNCTION_KINDS, lambdaEnvironment, type FunctionKind } from '../../lib/stack/lambda-env';
import { resolveConfig } from '../../lib/stack/config';
import { loadStackPolicy } from '../../lib/stack/stack-policy';
import { DEFAULT_POLICY_FILE_NAME } from '../../lib/pipeline/env-names';
import type { BenchSuite } from '../suite';
import { runStandalone } from '../standalone';
import { zippedBytes, type ZipEntry } from '../zip-size';

// The bench child runs bundled from elsewhere, with the repository as its cwd.
const ROOT = process.cwd();
const ACCOUNT = '111111111111';

/** Times require() of the bundle in this fresh process and prints { wallMs, cpuMs }. */
const LOADER = `
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const mod = require(process.argv[1]);
const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
const c = process.cpuUsage(cpu0);
if (typeof mod.handler !== 'function') throw new Error('the bundle exports no handler');
process.stdout.write(JSON.stringify({ wallMs, cpuMs: (c.user + c.system) / 1000 }));
`;

function build(kind: FunctionKind, dir: string, policyJson: string): ZipEntry[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const outfile = join(dir, 'index.js');
  esbuild.buildSync({
    entryPoints: [join(ROOT, 'lambdas', `${LAMBDA_ENTRY[kind]}.ts`)],
    bundle: true,
    platform: 'node',
    target: LAMBDA_BUNDLING.target,
    format: LAMBDA_BUNDLING.format,
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    external: [...LAMBDA_BUNDLING.externalModules],
    outfile,
    logLevel: 'error',
  });
  const entries: ZipEntry[] = [{ name: 'index.js', data: readFileSync(outfile) }];
  if (kind !== 'targets') {
    writeFileSync(join(dir, DEFAULT_POLICY_FILE_NAME), policyJson);
    entries.push({ name: DEFAULT_POLICY_FILE_NAME, data: Buffer.from(policyJson) });
  }
  return entries;
}

function environment(kind: FunctionKind, dir: string): NodeJS.ProcessEnv {
  const config = resolveConfig({});
  const policy = loadStackPolicy(config);
  const vars = lambdaEnvironment(kind, config, { source: policy.source }, {
    bucketName: 'vmaudit-bench',
    topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:vmaudit-alerts`,
    auditorAccount: ACCOUNT,
    partition: 'aws',
    region: 'us-east-1',
    stackName: 'VmAudit',
    mapMode: 'distributed',
  });
  // What the Lambda runtime sets besides the stack's variables; no credentials are read at load.
  return { PATH: process.env.PATH, AWS_REGION: 'us-east-1', LAMBDA_TASK_ROOT: dir, NODE_NO_WARNINGS: '1', ...vars, POWERTOOLS_LOG_LEVEL: 'SILENT' };
}

function loadOnce(file: string, env: NodeJS.ProcessEnv): { wallMs: number; cpuMs: number } {
  return JSON.parse(execFileSync(process.execPath, ['-e', LOADER, file], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { wallMs: number; cpuMs: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (x: number) => Math.round(x * 10) / 10;

const suite: BenchSuite = {
  name: 'bundles',
  description: 'each Lambda bundle as the stack builds it: zipped bytes, and module load (require index.js, cold-start wiring included) in a fresh Node process, wall and CPU',
  unit: 'bundle set',
  sizes: [1],
  quickSizes: [1],
  primary: 'load collect',
  targets: FUNCTION_KINDS.map((k) => ({ label: `load ${k}`, size: 1, maxMedianMs: BUNDLE_TARGETS.maxModuleLoadMs[k] })),
  async run(_size, ctx) {
    const work = mkdtempSync(join(tmpdir(), 'vmaudit-bench-bundles-'));
    try {
      const policyJson = loadStackPolicy({}).json;
      for (const kind of FUNCTION_KINDS) {
        const dir = mkdtempSync(join(work, `${kind}-`));
        const entries = build(kind, dir, policyJson);
        const zipped = zippedBytes(entries);
        ctx.note(`${kind} index.js bytes`, statSync(join(dir, 'index.js')).size);
        ctx.note(`${kind} zipped bytes`, zipped);
        ctx.note(`${kind} zipped target`, zipped <= BUNDLE_TARGETS.maxZippedBytes ? `met (≤ ${BUNDLE_TARGETS.maxZippedBytes})` : `MISSED (> ${BUNDLE_TARGETS.maxZippedBytes})`);
        const env = environment(kind, dir);
        const cpu: number[] = [];
        await ctx.measure(`load ${kind}`, () => {
          const r = loadOnce(join(dir, 'index.js'), env);
          cpu.push(r.cpuMs);
          return r.wallMs;
        }, { timeFromResult: true });
        ctx.note(`${kind} load CPU ms`, round(median(cpu)));
      }
      ctx.note('loadAverage1m', Math.round(loadavg()[0] * 10) / 10);
      // The figures are for this commit's dependency tree.
      ctx.note('esbuild', (require('esbuild/package.json') as { version: string }).version);
      ctx.note('node', process.versions.node);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

export default suite;

if (require.main === module) runStandalone(suite, 1);
