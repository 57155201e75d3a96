/**
 * Organisation mode: the Distributed Map reading targets.json, ListAccounts for the targets Lambda,
 * AssumeRole limited to the member role name, cross-account event forwarding; and the member-account
 * stack, as a StackSet template (parameters) and as a per-account deploy (props).
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { collectorPermissions } from '../../lib/collect/registry';
import { realtimeEventPattern } from '../../lib/events/eventbridge-pattern';
import { MemberRoleStack } from '../../lib/stack/member-role-stack';
import { actionsOf, nagViolations, resourcesOfType, roleStatements, stateMachineDefinition, synth, type Synthesised } from './support';

let s: Synthesised;
let stackSet: Template;
let perAccount: Template;
let memberApp: App;
beforeAll(() => {
  s = synth({ organization: true, organizationId: 'o-a1b2c3d4e5', externalId: 'vmaudit-ext-7' });
  memberApp = new App();
  const set = new MemberRoleStack(memberApp, 'MemberStackSet');
  const one = new MemberRoleStack(memberApp, 'MemberOne', {
    auditorAccountId: '123456789012',
    externalId: 'vmaudit-ext-7',
    forwardEventsTo: 'arn:aws:events:us-east-1:123456789012:event-bus/default',
    forwardPattern: realtimeEventPattern(),
  });
  stackSet = Template.fromStack(set);
  perAccount = Template.fromStack(one);
});

describe('auditor stack in organisation mode', () => {
  it('collect-runs-as-a-distributed-map-over-targets-json-that-tolerates-every-failure', () => {
    const map = stateMachineDefinition(s.json).States.CollectEachTarget;
    expect(map).toMatchObject({
      Type: 'Map',
      MaxConcurrency: 40,
      ToleratedFailurePercentage: 100,
      ItemReader: { Resource: expect.stringContaining(':states:::s3:getObject'), ReaderConfig: { InputType: 'JSON' }, Parameters: { 'Key.$': '$.targetsKey' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
    });
    expect(map.ItemsPath).toBeUndefined();
    const kms = roleStatements(s.json, 'AuditorRunStateMachineRole').find((st) => actionsOf(st).includes('kms:Decrypt'));
    expect(kms && actionsOf(kms).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it('targets-lambda-may-list-the-organization-and-says-distributed', () => {
    expect(roleStatements(s.json, 'AuditorTargetsLambdaRole').find((st) => st.Sid === 'ListOrganizationAccounts')).toMatchObject({ Action: 'organizations:ListAccounts', Resource: '*' });
    s.template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ VMAUDIT_ORGANIZATION: 'true', VMAUDIT_MAP_MODE: 'distributed' }) } });
  });

  it('collector-may-assume-only-the-member-role-name-in-any-account', () => {
    const assume = roleStatements(s.json, 'AuditorCollectLambdaRole').filter((st) => actionsOf(st).includes('sts:AssumeRole'));
    expect(assume).toEqual([expect.objectContaining({ Action: 'sts:AssumeRole', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/vmaudit-member-read']] } })]);
    s.template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ VMAUDIT_EXTERNAL_ID: 'vmaudit-ext-7' }) } });
  });

  it('member-accounts-of-the-organization-may-forward-events-to-the-default-bus', () => {
    s.template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      EventBusName: 'default',
      Statement: { Effect: 'Allow', Action: 'events:PutEvents', Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
    });
  });

  it('aws-solutions-checks-pass-for-both-stacks', () => {
    expect(nagViolations(s.app)).toEqual([]);
    expect(nagViolations(memberApp)).toEqual([]);
  });
});

describe('member role stack', () => {
  it('stackset-template-takes-the-auditor-account-and-external-id-as-parameters', () => {
    const json = stackSet.toJSON() as { Parameters: Record<string, Record<string, unknown>> };
    expect(json.Parameters.AuditorAccountId).toMatchObject({ Type: 'String', AllowedPattern: '^\\d{12}$' });
    expect(json.Parameters.ExternalId).toMatchObject({ Type: 'String', Default: '' });
  });

  it('member-role-policy-is-exactly-the-collectors-declared-actions', () => {
    for (const t of [stackSet, perAccount]) {
      const [[, role]] = resourcesOfType(t.toJSON() as Synthesised['json'], 'AWS::IAM::Role');
      const policies = role.Properties!.Policies as { PolicyDocument: { Statement: { Action: string[]; Resource: string; Sid: string }[] } }[];
      expect(policies).toHaveLength(1);
      expect(policies[0].PolicyDocument.Statement).toEqual([{ Sid: 'VmauditReadInventory', Effect: 'Allow', Action: collectorPermissions(), Resource: '*' }]);
      expect(role.Properties!.RoleName).toBe('vmaudit-member-read');
      expect(role.Properties!.MaxSessionDuration).toBe(3600);
    }
  });

  it('per-account-role-trusts-only-the-collector-role-with-the-external-id', () => {
    perAccount.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] } },
            Condition: {
              ArnEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:role/vmaudit-collector']] } },
              StringEquals: { 'sts:ExternalId': 'vmaudit-ext-7' },
            },
          },
        ],
      },
    });
  });

  it('stackset-role-requires-the-external-id-only-when-the-parameter-is-set', () => {
    const [[, role]] = resourcesOfType(stackSet.toJSON() as Synthesised['json'], 'AWS::IAM::Role');
    const st = (role.Properties!.AssumeRolePolicyDocument as { Statement: { Condition: Record<string, unknown> }[] }).Statement[0];
    expect(st.Condition.StringEquals).toEqual({ 'Fn::If': ['HasExternalId', { 'sts:ExternalId': { Ref: 'ExternalId' } }, { Ref: 'AWS::NoValue' }] });
    expect(st.Condition.ArnEquals).toEqual({ 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AuditorAccountId' }, ':role/vmaudit-collector']] } });
  });

  it('forwarding-rule-sends-the-realtime-pattern-to-the-auditor-bus', () => {
    perAccount.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: realtimeEventPattern(),
      Targets: [Match.objectLike({ Arn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' })],
    });
  });
});
