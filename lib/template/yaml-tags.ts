/**
 * CloudFormation's short-form intrinsics (`!Ref`, `!GetAtt`, `!Sub`, `!If`, …) as `yaml` custom tags.
 *
 * Why not a CloudFormation YAML schema library: the npm ones are built on js-yaml, which keeps no
 * source positions (findings name the line), and none is kept up: yaml-cfn lists the functions of
 * 2017 (no !Cidr, !Length, !ToJsonString), cloudformation-js-yaml-schema and js-yaml-schema-cfn sit
 * on js-yaml 3, @aws-cdk/yaml-cfn is deprecated with CDK v1. The `yaml` package is maintained, already
 * a dependency, and its customTags are its documented way to add tags; this list is the User Guide's.
 * test/template/yaml-tags.test.ts pins every short form against its long form.
 * Each tag becomes the long form CloudFormation itself expands it to (`{ "Fn::Sub": … }`), as a YAML
 * map node for a tagged sequence or map (so line numbers survive inside it) and as a plain value for
 * a tagged scalar, so the parsed template is the same for YAML and JSON.
 */
import { Pair, Scalar, YAMLMap, type Tags } from 'yaml';

/** The `Fn::` functions with a `!` short form (AWS CloudFormation User Guide, intrinsic function reference). */
const FUNCTIONS = ['And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAZs', 'GetAtt', 'If', 'ImportValue', 'Join', 'Length', 'Not', 'Or', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform'];

function longForm(key: string, value: unknown): YAMLMap {
  const m = new YAMLMap();
  m.items.push(new Pair(new Scalar(key), value));
  return m;
}

/** `!GetAtt Res.Attr.Sub` is `Fn::GetAtt: [Res, Attr.Sub]`: only the first dot separates. */
function getAttScalar(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text, ''] : [text.slice(0, dot), text.slice(dot + 1)];
}

function build(): Tags {
  const tags: Tags = [];
  for (const name of FUNCTIONS) {
    const key = `Fn::${name}`;
    // A scalar tag's result is kept as a plain value (yaml wraps a returned node in a Scalar).
    tags.push({ tag: `!${name}`, resolve: (s: string) => ({ [key]: name === 'GetAtt' ? getAttScalar(s) : s }) });
    for (const collection of ['seq', 'map'] as const) tags.push({ tag: `!${name}`, collection, resolve: (v: unknown) => longForm(key, v) } as Tags[number]);
  }
  tags.push({ tag: '!Ref', resolve: (s: string) => ({ Ref: s }) });
  tags.push({ tag: '!Condition', resolve: (s: string) => ({ Condition: s }) });
  return tags;
}

export const CFN_TAGS: Tags = build();
