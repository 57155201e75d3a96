/**
 * CloudFormation's intrinsic functions as the template reader resolves them: what a template alone
 * determines is computed the way CloudFormation would; what it does not (an SSM parameter, another
 * stack's export, an attribute AWS assigns) stays Unresolved, which the rules turn into UNKNOWN.
 * Expected values are CloudFormation's documented results (User Guide, intrinsic function reference).
 */
import { isUnresolved, NO_VALUE, Resolver, Unresolved, type ResolverContext } from '../../lib/template/intrinsics';

function resolver(over: Partial<ResolverContext> = {}): Resolver {
  return new Resolver({
    parameters: new Map<string, unknown>([
      ['Env', 'prod'],
      ['Cidr', '10.0.0.0/16'],
      ['Subnets', ['subnet-a', 'subnet-b']],
      ['NoDefault', new Unresolved('parameter NoDefault has no Default')],
    ]),
    pseudo: new Map<string, unknown>([['AWS::Region', 'eu-west-1'], ['AWS::AccountId', '123456789012'], ['AWS::StackName', 'web']]),
    mappings: { RegionMap: { 'eu-west-1': { Ami: 'ami-eu' } } },
    conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] }, Unknowable: { 'Fn::Equals': [{ Ref: 'NoDefault' }, 'x'] }, Loop: { Condition: 'Loop' } },
    refOf: (id) => (id === 'Sg' ? 'Sg' : undefined),
    getAtt: (id, attr) => (id === 'Vpc' && attr === 'CidrBlock' ? '10.9.0.0/16' : new Unresolved(`${id}.${attr} is known only after deploy`)),
    ...over,
  });
}

const cases: [string, unknown, unknown][] = [
  ['ref-to-a-parameter-gives-its-value', { Ref: 'Env' }, 'prod'],
  ['ref-to-a-pseudo-parameter', { Ref: 'AWS::Region' }, 'eu-west-1'],
  ['ref-to-a-resource-gives-its-model-id', { Ref: 'Sg' }, 'Sg'],
  ['getatt-a-known-attribute', { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, '10.9.0.0/16'],
  ['getatt-dotted-string-form', { 'Fn::GetAtt': 'Vpc.CidrBlock' }, '10.9.0.0/16'],
  ['sub-with-parameters-and-pseudo', { 'Fn::Sub': '${AWS::StackName}-${Env}' }, 'web-prod'],
  ['sub-with-its-own-variables', { 'Fn::Sub': ['${A}/${Env}', { A: { Ref: 'Cidr' } }] }, '10.0.0.0/16/prod'],
  ['sub-escaped-literal-stays-literal', { 'Fn::Sub': '${!Literal}-${Env}' }, '${Literal}-prod'],
  ['sub-with-getatt-dotted', { 'Fn::Sub': 'cidr ${Vpc.CidrBlock}' }, 'cidr 10.9.0.0/16'],
  ['select-from-a-list-parameter', { 'Fn::Select': [1, { Ref: 'Subnets' }] }, 'subnet-b'],
  ['select-index-as-a-string', { 'Fn::Select': ['0', { Ref: 'Subnets' }] }, 'subnet-a'],
  ['select-over-split', { 'Fn::Select': [2, { 'Fn::Split': [',', 'a,b,c'] }] }, 'c'],
  ['join', { 'Fn::Join': ['-', ['a', { Ref: 'Env' }]] }, 'a-prod'],
  ['findinmap-with-a-pseudo-key', { 'Fn::FindInMap': ['RegionMap', { Ref: 'AWS::Region' }, 'Ami'] }, 'ami-eu'],
  ['if-true-branch', { 'Fn::If': ['IsProd', 'big', 'small'] }, 'big'],
  ['if-false-branch-through-a-not-condition', { 'Fn::If': ['IsDev', 'small', 'big'] }, 'big'],
  ['cidr-splits-a-block', { 'Fn::Cidr': ['10.0.0.0/16', 3, 8] }, ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']],
  ['cidr-over-a-getatt', { 'Fn::Select': [1, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 2, 12] }] }, '10.9.16.0/20'],
  ['and-or-equals', { 'Fn::Or': [{ 'Fn::And': [true, { 'Fn::Equals': ['a', 'b'] }] }, { Condition: 'IsProd' }] }, true],
  ['base64-keeps-the-text', { 'Fn::Base64': { 'Fn::Sub': '#!/bin/sh ${Env}' } }, '#!/bin/sh prod'],
];

describe('intrinsics: resolved like CloudFormation', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(resolver().resolve(input)).toEqual(expected);
  });

  it('no-value-removes-the-property-and-the-list-item', () => {
    expect(resolver().resolve({ A: { Ref: 'AWS::NoValue' }, B: 1, L: [{ 'Fn::If': ['IsDev', 'x', { Ref: 'AWS::NoValue' }] }, 'y'] })).toEqual({ B: 1, L: ['y'] });
  });

  it('conditions-are-evaluated-once-by-name', () => {
    const r = resolver();
    expect(r.condition('IsProd')).toBe(true);
    expect(r.condition('IsDev')).toBe(false);
  });
});

const unresolved: [string, unknown, RegExp][] = [
  ['parameter-without-default', { Ref: 'NoDefault' }, /NoDefault has no Default/],
  ['sub-over-an-unresolved-parameter', { 'Fn::Sub': 'x-${NoDefault}' }, /NoDefault/],
  ['select-outside-the-list', { 'Fn::Select': [5, { Ref: 'Subnets' }] }, /index 5 is outside a list of 2/],
  ['getatt-only-aws-knows', { 'Fn::GetAtt': ['Sg', 'GroupId2'] }, /known only after deploy/],
  ['ref-to-nothing', { Ref: 'Nope' }, /names no parameter or resource/],
  ['getazs-is-the-accounts', { 'Fn::GetAZs': '' }, /availability zones of the account/],
  ['importvalue-is-another-stacks', { 'Fn::ImportValue': 'shared-vpc' }, /another stack's output/],
  ['if-on-an-unresolvable-condition', { 'Fn::If': ['Unknowable', 'a', 'b'] }, /Fn::If on Unknowable/],
  ['if-on-a-condition-that-refers-to-itself', { 'Fn::If': ['Loop', 'a', 'b'] }, /refers to itself/],
  ['findinmap-missing-key', { 'Fn::FindInMap': ['RegionMap', 'us-east-1', 'Ami'] }, /RegionMap\.us-east-1\.Ami is not defined/],
  ['cidr-asking-for-too-many-blocks', { 'Fn::Cidr': ['10.0.0.0/24', 4, 7] }, /more blocks than/],
];

describe('intrinsics: what a template does not determine stays unresolved, with the reason', () => {
  it.each(unresolved)('%s', (_name, input, reason) => {
    const v = resolver().resolve(input);
    expect(isUnresolved(v)).toBe(true);
    expect((v as Unresolved).reason).toMatch(reason);
  });

  it('an-unresolved-value-is-never-no-value', () => {
    expect(resolver().resolve({ Ref: 'NoDefault' })).not.toBe(NO_VALUE);
  });
});
