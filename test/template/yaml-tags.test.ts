/**
 * The YAML short forms CloudFormation accepts (`!Ref`, `!GetAtt`, `!Sub`, …; User Guide, intrinsic
 * function reference) read as the long forms its JSON uses, so a YAML template and its JSON twin are
 * the same data; and lines survive inside tagged nodes, so findings can name them.
 */
import { parseTemplate } from '../../lib/template/read.edge';

const res = (yaml: string) => parseTemplate(`Resources:\n  R:\n    Type: X\n    Properties:\n${yaml.replace(/^/gm, '      ')}\n`, 't.yaml');
const props = (yaml: string) => res(yaml).template.Resources.R!.Properties;

const cases: [string, string, unknown][] = [
  ['ref', 'A: !Ref Vpc', { A: { Ref: 'Vpc' } }],
  ['getatt-splits-at-the-first-dot-only', 'A: !GetAtt Lb.SourceSecurityGroup.GroupName', { A: { 'Fn::GetAtt': ['Lb', 'SourceSecurityGroup.GroupName'] } }],
  ['getatt-sequence-form', 'A: !GetAtt [Vpc, CidrBlock]', { A: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] } }],
  ['sub-scalar', 'A: !Sub "${AWS::StackName}-x"', { A: { 'Fn::Sub': '${AWS::StackName}-x' } }],
  ['sub-with-variables', 'A: !Sub\n  - "${X}"\n  - { X: !Ref Y }', { A: { 'Fn::Sub': ['${X}', { X: { Ref: 'Y' } }] } }],
  ['select-over-getazs', "A: !Select [0, !GetAZs '']", { A: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } }],
  ['if-with-novalue', 'A: !If [C, 1, !Ref AWS::NoValue]', { A: { 'Fn::If': ['C', 1, { Ref: 'AWS::NoValue' }] } }],
  ['condition-functions', 'A: !And [!Equals [a, b], !Not [!Condition C], !Or [true, false]]', { A: { 'Fn::And': [{ 'Fn::Equals': ['a', 'b'] }, { 'Fn::Not': [{ Condition: 'C' }] }, { 'Fn::Or': [true, false] }] } }],
  ['cidr', 'A: !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]', { A: { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 4, 8] } }],
  ['join-split-findinmap', 'A: !Join [",", !Split ["|", !FindInMap [M, K, V]]]', { A: { 'Fn::Join': [',', { 'Fn::Split': ['|', { 'Fn::FindInMap': ['M', 'K', 'V'] }] }] } }],
  ['base64-of-a-long-form-sub', 'A: !Base64 { "Fn::Sub": "#!/bin/sh" }', { A: { 'Fn::Base64': { 'Fn::Sub': '#!/bin/sh' } } }],
  ['importvalue-length-tojsonstring', 'A: [!ImportValue x, !Length [1, 2], !ToJsonString { a: 1 }]', { A: [{ 'Fn::ImportValue': 'x' }, { 'Fn::Length': [1, 2] }, { 'Fn::ToJsonString': { a: 1 } }] }],
  ['transform-map', 'A: !Transform { Name: AWS::Include, Parameters: { Location: s3://b/k } }', { A: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } } }],
];

describe('yaml short forms read as the long forms', () => {
  it.each(cases)('%s', (_name, yaml, expected) => {
    expect(props(yaml)).toEqual(expected);
  });

  it('lines-survive-inside-a-tagged-sequence', () => {
    const t = res('A: !If\n  - C\n  - CidrIp: 0.0.0.0/0\n  - CidrIp: 10.0.0.0/8');
    // Resources on line 1, Properties on 4, A on 5; the tagged items follow.
    expect(t.lineOf(['Resources', 'R', 'Properties', 'A', 'Fn::If', 2, 'CidrIp'])).toBe(8);
  });

  it('two-short-forms-on-one-node-are-an-error-as-in-cloudformation', () => {
    // The User Guide (Fn::Base64): a short form followed at once by another needs the full name for one of them.
    expect(() => res('A: !Base64 !Sub "#!/bin/sh"')).toThrow(/t\.yaml:5:\d+ YAML syntax: A node can have at most one tag/);
  });

  it('an-unknown-tag-is-an-error-with-its-line-not-a-silent-string', () => {
    expect(() => res('A: !Reff Vpc')).toThrow(/t\.yaml:5/);
  });
});
