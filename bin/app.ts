#!/usr/bin/env node
/**
 * The CDK app: `npx cdk deploy VmAudit -c alertEmails=secops@example.com`. Settings come from context
 * (cdk.json or -c key=value, see docs/deploying.md); a bad setting or policy file stops synth with
 * one message naming it. cdk-nag's AwsSolutions checks run on every synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { VmauditError } from '../lib/errors';
import { propsFromContext } from '../lib/stack/config';
import { MemberRoleStack } from '../lib/stack/member-role-stack';
import { VmAuditStack } from '../lib/stack/vm-audit-stack';

function main(): void {
  const app = new App();
  const read = (key: string): unknown => app.node.tryGetContext(key);
  const auditor = propsFromContext(read, Object.keys(app.node.getAllContext() as Record<string, unknown>));
  const stackName = (read('stackName') as string | undefined) ?? 'VmAudit';
  const stack = new VmAuditStack(app, stackName, { auditor, configSource: 'vmaudit context (cdk.json "context" or -c key=value)' });
  // The member-account template, for StackSets or per-account deploys (parameters: AuditorAccountId, ExternalId).
  new MemberRoleStack(app, (read('memberStackName') as string | undefined) ?? 'VmAuditMemberRole', {
    roleName: stack.auditor.config.memberRoleName,
    collectorRoleName: stack.auditor.config.collectorRoleName,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  app.synth();
}

try {
  main();
} catch (err) {
  if (err instanceof VmauditError) {
    // One clear message, no stack trace: the configuration, not the code, is wrong.
    process.stderr.write(`\n${err.message}\n\n`);
    process.exit(1);
  }
  throw err;
}
