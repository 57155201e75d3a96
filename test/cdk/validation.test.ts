/**
 * vmaudit inside `cdk synth` (examples/cdk-validation): the policy-validation plugin fails the synth
 * on a zone violation and the report names the construct path; the Aspect puts the same finding as an
 * error annotation on that construct; a stack without the violation synthesizes.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { exampleApp } from '../../examples/cdk-validation/app';
import { PLUGIN_NAME, VmauditValidation } from '../../lib/cdk';

const outdir = () => mkdtempSync(join(tmpdir(), 'vmaudit-cdk-'));

function synthCapturing(run: () => unknown): { error?: Error; printed: string } {
  let printed = '';
  const spies = [jest.spyOn(console, 'error'), jest.spyOn(console, 'log'), jest.spyOn(console, 'warn')].map((s) => s.mockImplementation((...a: unknown[]) => void (printed += `${a.join(' ')}\n`)));
  try {
    run();
    return { printed };
  } catch (e) {
    return { error: e as Error, printed };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

describe('the policy-validation plugin (policyValidationBeta1)', () => {
  it('fails-the-synth-on-dev-reaching-prod-and-names-the-construct-path', () => {
    const dir = outdir();
    const { app } = exampleApp('plugin', { outdir: dir });
    const r = synthCapturing(() => app.synth());
    expect(r.error).toBeDefined();
    const text = `${r.error!.message}\n${r.printed}`;
    expect(text).toMatch(/Zones are isolated from each other: PeeredStack\/ProdDbSg: Zone dev can reach zone prod on tcp\/5432/);
    expect(text).toMatch(/^ +PeeredStack\/ProdDbSg \(ProdDbSg\) aws-cdk-lib\.aws_ec2\.CfnSecurityGroup$/m);
    expect(text).toContain(`Acknowledge with '${PLUGIN_NAME}::net-zone-isolation'`);
    // The JSON copy of the report keeps the property to change.
    const report = readFileSync(join(dir, 'validation-report.json'), 'utf8');
    expect(report).toContain('Properties/SecurityGroupIngress/0');
  });

  it('the-report-holds-the-logical-id-the-template-and-the-property', () => {
    const validate = (devReadsProdDb: boolean) => {
      const dir = outdir();
      // Synthesized without a check, then validated as the CDK would call the plugin.
      const { app, stack } = exampleApp('none', { outdir: dir, devReadsProdDb });
      app.synth();
      return { dir, report: new VmauditValidation().validate({ templatePaths: [join(dir, stack.templateFile)], appConstruct: app }) };
    };
    expect(validate(false).report).toMatchObject({ success: true, violations: [] });
    const { dir, report } = validate(true);
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => `${v.ruleName} ${v.severity}`)).toEqual(['net-zone-isolation high']);
    expect(report.violations[0]!.violatingResources).toEqual([{ resourceLogicalId: 'ProdDbSg', templatePath: join(dir, 'PeeredStack.template.json'), locations: ['Properties/SecurityGroupIngress/0'] }]);
    expect(report.violations[0]!.description).toContain('PeeredStack/ProdDbSg: Zone dev can reach zone prod on tcp/5432');
  });

  it('the-same-plugin-works-through-validations-of-the-newer-api', () => {
    const { app } = exampleApp('none', { outdir: outdir() });
    Validations.of(app).addPlugins(new VmauditValidation());
    const r = synthCapturing(() => app.synth());
    expect(`${r.error?.message}\n${r.printed}`).toMatch(/PeeredStack\/ProdDbSg: Zone dev can reach zone prod on tcp\/5432/);
  });

  it('a-stack-without-the-violation-synthesizes', () => {
    const { app } = exampleApp('plugin', { outdir: outdir(), devReadsProdDb: false });
    const r = synthCapturing(() => app.synth());
    expect(r.error).toBeUndefined();
  });
});

describe('the Aspect (cdk-nag style)', () => {
  it('puts-an-error-on-the-construct-that-admits-dev', () => {
    const { stack } = exampleApp('aspect', { outdir: outdir() });
    const annotations = Annotations.fromStack(stack);
    annotations.hasError('/PeeredStack/ProdDbSg', Match.stringLikeRegexp('^vmaudit net-zone-isolation \\(high\\): Zone dev can reach zone prod on tcp/5432.* at Properties/SecurityGroupIngress/0\\. Fix: '));
    expect(annotations.findError('*', Match.anyValue())).toHaveLength(1);
  });

  it('no-error-without-the-violation', () => {
    const { stack } = exampleApp('aspect', { outdir: outdir(), devReadsProdDb: false });
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });
});
