/**
 * The one synth with real esbuild bundling (local, no Docker): every Lambda gets an index.js, the
 * pipeline Lambdas a policy.json equal to the policy validated at synth, and each bundle loads as a
 * CommonJS module exporting `handler` with the environment the stack sets. The zipped size of each
 * package is checked against DESIGN §8 here (deterministic for a lock file); the load time is
 * measured by the `bundles` benchmark, never in a test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { VmAuditStack } from '../../lib/stack/vm-audit-stack';
import { resourcesOfType, type Synthesised } from './support';
import { BUNDLE_TARGETS } from '../../lib/stack/lambda-bundling';
import { zippedBytes } from '../../bench/zip-size';

let outdir: string;
let json: Synthesised['json'];
let stack: VmAuditStack;

beforeAll(() => {
  const app = new App();
  stack = new VmAuditStack(app, 'VmAudit', { auditor: { minAlertSeverity: 'critical', policyFile: 'examples/policy.yaml' } });
  json = Template.fromStack(stack).toJSON() as Synthesised['json'];
  outdir = app.outdir;
}, 300_000);

function assetDirOf(description: RegExp): string {
  const [, fn] = resourcesOfType(json, 'AWS::Lambda::Function').find(([, f]) => description.test(String(f.Properties!.Description)))!;
  const key = String((fn.Properties!.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '');
  return join(outdir, `asset.${key}`);
}

const PIPELINE = [/plan a run/, /collect one account/, /estate rules/, /periodic compliance/];

describe('lambda bundles', () => {
  it('every-lambda-is-one-commonjs-file-with-the-sdk-inside-and-no-source-map', () => {
    for (const d of [...PIPELINE, /real-time/]) {
      const code = readFileSync(join(assetDirOf(d), 'index.js'), 'utf8');
      expect(code).not.toMatch(/sourceMappingURL|require\("@aws-sdk\/client-/);
      expect(code).toMatch(/module\.exports|__export\(/);
    }
  });

  it('every-deployment-package-is-at-most-450-kb-zipped', () => {
    for (const d of [...PIPELINE, /real-time/]) {
      const dir = assetDirOf(d);
      const bytes = zippedBytes(readdirSync(dir).map((name) => ({ name, data: readFileSync(join(dir, name)) })));
      expect([String(d), bytes <= BUNDLE_TARGETS.maxZippedBytes, bytes]).toEqual([String(d), true, bytes]);
    }
  });

  it('no-bundle-carries-the-yaml-parser-or-zods-locales', () => {
    for (const d of [...PIPELINE, /real-time/]) {
      const code = readFileSync(join(assetDirOf(d), 'index.js'), 'utf8');
      // A message of the yaml package's parser, and one of zod's German locale.
      expect([String(d), code.includes('Implicit keys need to be on a single line'), code.includes('Ungültige Eingabe')]).toEqual([String(d), false, false]);
    }
  });

  it('pipeline-bundles-carry-the-policy-validated-at-synth', () => {
    const effective = stack.auditor.policy.json;
    expect(JSON.parse(effective).alerts.minSeverity).toBe('critical');
    for (const d of [/collect one account/, /estate rules/, /periodic compliance/]) expect(readFileSync(join(assetDirOf(d), 'policy.json'), 'utf8')).toBe(effective);
    expect(existsSync(join(assetDirOf(/plan a run/), 'policy.json'))).toBe(false);
  });

  it('collect-bundle-loads-its-policy-from-the-task-root-and-exports-the-handler', () => {
    const dir = assetDirOf(/collect one account/);
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      LAMBDA_TASK_ROOT: dir,
      VMAUDIT_BUCKET: 'b',
      VMAUDIT_AUDITOR_ACCOUNT: '111111111111',
      VMAUDIT_POLICY_FILE: 'policy.json',
      VMAUDIT_POLICY_SOURCE: 'examples/policy.yaml',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    try {
      const mod = require(join(dir, 'index.js')) as { handler: unknown };
      expect(typeof mod.handler).toBe('function');
    } finally {
      process.env = saved;
    }
  });
});
