/** Synthesis helpers for the stack tests: one synth per file, stub Lambda code unless bundling is the point. */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { VmAuditorProps } from '../../lib/stack/config';
import { VmAuditStack } from '../../lib/stack/vm-audit-stack';

export interface Synthesised {
  app: App;
  stack: VmAuditStack;
  template: Template;
  json: Record<string, { Resources: Record<string, Resource> }>[string];
}

export interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: unknown;
  Metadata?: unknown;
}

export function synth(auditor: VmAuditorProps = {}): Synthesised {
  const app = new App();
  const stack = new VmAuditStack(app, 'VmAudit', { auditor: { lambdaCode: 'stub', ...auditor } });
  const template = Template.fromStack(stack);
  return { app, stack, template, json: template.toJSON() as Synthesised['json'] };
}

export function resourcesOfType(json: Synthesised['json'], type: string): [string, Resource][] {
  return Object.entries(json.Resources).filter(([, r]) => r.Type === type);
}

/** Unresolved tokens in a Fn::Join become `${Ref}` / `${Logical.Attr}` placeholders. */
function joinToString(v: unknown): string {
  if (typeof v === 'string') return v;
  const o = v as Record<string, unknown>;
  if (o && 'Fn::Join' in o) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(joinToString).join(sep);
  }
  if (o && 'Ref' in o) return `\${${String(o.Ref)}}`;
  if (o && 'Fn::GetAtt' in o) return `\${${(o['Fn::GetAtt'] as string[]).join('.')}}`;
  return JSON.stringify(v);
}

export interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; JitterStrategy?: string }[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string | null }[];
  MaxConcurrency?: number;
  ItemsPath?: string;
  ItemReader?: Record<string, unknown>;
  ItemSelector?: Record<string, unknown>;
  ItemProcessor?: { ProcessorConfig?: Record<string, unknown>; StartAt: string; States: Record<string, AslState> };
  ResultPath?: string | null;
  Parameters?: Record<string, unknown>;
  Resource?: string;
  ToleratedFailurePercentage?: number;
}

export function stateMachineDefinition(json: Synthesised['json']): { StartAt: string; States: Record<string, AslState>; TimeoutSeconds?: number } {
  const [[, sm]] = resourcesOfType(json, 'AWS::StepFunctions::StateMachine');
  return JSON.parse(joinToString(sm.Properties!.DefinitionString));
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOf = (s: Statement): unknown[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** Statements of the IAM::Policy resources attached to the role whose logical id starts with `rolePrefix`. */
export function roleStatements(json: Synthesised['json'], rolePrefix: string): Statement[] {
  return resourcesOfType(json, 'AWS::IAM::Policy')
    .filter(([, p]) => ((p.Properties!.Roles as { Ref: string }[]) ?? []).some((r) => r.Ref.startsWith(rolePrefix)))
    .flatMap(([, p]) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
}

/**
 * The template for the one snapshot: asset hashes and CDK metadata replaced, and the parts other
 * modules own (the collectors' action list, the event rules' pattern, the policy subset) stubbed;
 * the tests above assert those exactly, so the snapshot churns only when the stack itself changes.
 */
export function normalised(json: unknown, collectorActions: readonly string[]): unknown {
  const text = JSON.stringify(json, (key, value: unknown) => {
    if (key === 'EventPattern') return '[realtimeEventPattern(policy)]';
    if (key === 'Action' && Array.isArray(value) && value.length === collectorActions.length && value.every((a, i) => a === collectorActions[i])) return '[collectorPermissions()]';
    return value;
  })
    .replace(/[0-9a-f]{64}(\.zip|\.json)?/g, '[HASH]$1')
    .replace(/"Analytics":"[^"]*"/g, '"Analytics":"[CDK]"');
  return JSON.parse(text);
}

export function nagViolations(app: App) {
  return new AwsSolutionsChecks(app, { verbose: true }).validateScope(app).violations;
}
