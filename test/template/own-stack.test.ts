/**
 * `vmaudit template` on vmaudit's own synthesized app (a real cdk.out folder with its manifest): a
 * serverless stack with no VPC, instance, security group or trail. What a reviewer would raise about
 * VMs is nothing, so every verdict must be absent: no FAIL, and no PASS for anything the stack does
 * not define; the account-wide rules do not run on a template alone.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { resolvePolicy } from '../../lib/catalogue/load-policy';
import { VmAuditStack } from '../../lib/stack/vm-audit-stack';
import { checkTemplates } from '../../lib/template/check';
import { readTemplates } from '../../lib/template/read.edge';

const NOW = new Date('2026-12-01T00:00:00Z');

it('vmaudits-own-stack-gives-no-verdict-about-vms-it-does-not-have', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmaudit-own-'));
  const app = new App({ outdir: join(dir, 'cdk.out') });
  new VmAuditStack(app, 'VmAudit', { auditor: { lambdaCode: 'stub' } });
  app.synth();
  const sources = await readTemplates(join(dir, 'cdk.out'), dir);
  expect(sources.map((s) => s.file)).toEqual(['cdk.out/VmAudit.template.json']);
  expect(Object.keys(sources[0]!.template.Resources).length).toBeGreaterThan(20);
  const r = checkTemplates({ sources, policy: resolvePolicy(undefined, FULL_CATALOGUE, { now: NOW }).policy, now: NOW });
  expect(r.findings.filter((f) => f.status === 'FAIL' || f.status === 'PASS' || f.status === 'ERROR').map((f) => `${f.status} ${f.ruleId} ${f.resourceId}`)).toEqual([]);
  expect(r.notModelled).toEqual([]);
  // What remains says why it does not apply (zones the policy declares that this stack does not use).
  expect(r.findings.every((f) => f.status === 'NOT_APPLICABLE')).toBe(true);
});
