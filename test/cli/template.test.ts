/**
 * `vmaudit template` from the command line, in process: exit codes as for `evaluate` (0, 1 with
 * --fail-on, 2 for bad input naming the file and the place), the same output files and formats, and
 * the template's own additions (where each finding sits, what a change adds against --baseline).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/program';
import { writeSnapshotFile } from '../../lib/model/snapshot-file';
import { devProdBaseline } from '../template/estate';

const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');
const dir = mkdtempSync(join(tmpdir(), 'vmaudit-template-cli-'));
let n = 0;
const outDir = () => join(dir, `out-${++n}`);
const file = (name: string, body: string) => {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
};
const baseline = join(dir, 'baseline.json.gz');
beforeAll(() => writeSnapshotFile(baseline, devProdBaseline(), { gzip: true }));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await runCli(args, (s) => (err += s));
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
const template = (...args: string[]) => cli(['template', ...args, '--at', '2026-12-01T00:00:00Z', '--no-color']);

describe('vmaudit template: exit codes as for evaluate', () => {
  it('a-template-with-findings-exits-0-without-fail-on-and-lists-where-to-change', async () => {
    const out = outDir();
    const r = await template(join(FIXTURES, 'ssh-open.yaml'), '-o', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/FAIL high ec2-sg-no-public-ssh WebSecurityGroup at .*ssh-open\.yaml:\d+ Resources\.WebSecurityGroup\.Properties\.SecurityGroupIngress\[0\]/);
    expect(readdirSync(join(out, 'latest')).sort()).toEqual(expect.arrayContaining(['findings.json', 'findings.csv', 'report.html']));
  });

  it('fail-on-high-exits-1-on-ssh-open-to-the-world', async () => {
    const r = await template(join(FIXTURES, 'ssh-open.yaml'), '-o', outDir(), '--fail-on', 'high');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/at or above high \(--fail-on high\)/);
  });

  it('fail-on-with-a-baseline-counts-only-what-the-change-adds', async () => {
    const r = await template(join(FIXTURES, 'sg-rule-change.yaml'), '--baseline', baseline, '-o', outDir(), '--fail-on', 'high');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/1 failing finding at or above high added by the template/);
    expect(r.out).toMatch(/this change adds 1 finding and removes 0/);
    expect(r.out).toMatch(/\+ FAIL high net-zone-isolation: this stack adds: Zone dev can reach zone prod on tcp\/5432: .* sg-0prod0db ingress rule allows tcp\/5432 from members of sg-0dev0app/);
  });

  it('output-formats-and-json-are-evaluates', async () => {
    const out = outDir();
    const r = await template(join(FIXTURES, 'peered-dev-prod.yaml'), '-o', out, '--output-formats', 'json', '--json', '--status', 'FAIL');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.kind).toBe('vmaudit-run-summary');
    expect(j.findings.every((f: { status: string }) => f.status === 'FAIL')).toBe(true);
    expect(j.template.locations.find((l: { ruleId: string }) => l.ruleId === 'net-zone-isolation')).toMatchObject({ logicalId: 'ProdDbSg', path: 'Resources.ProdDbSg.Properties.SecurityGroupIngress[0]' });
    expect(readdirSync(join(out, 'latest'))).not.toContain('report.html');
    expect(existsSync(join(out, 'latest', 'findings.json'))).toBe(true);
  });

  it('checks-narrows-the-template-rules', async () => {
    const r = await template(join(FIXTURES, 'ssh-open.yaml'), '-o', outDir(), '--checks', 'ec2-sg-no-public-ssh', '--json');
    expect(JSON.parse(r.out).rulesRun).toEqual(['ec2-sg-no-public-ssh']);
  });

  it('the-baseline-change-list-is-written-beside-the-runs', async () => {
    const out = outDir();
    await template(join(FIXTURES, 'sg-rule-change.yaml'), '--baseline', baseline, '-o', out);
    const changes = JSON.parse(readFileSync(join(out, 'template-changes.json'), 'utf8'));
    expect(changes.adds.map((f: { ruleId: string; resourceId: string }) => `${f.ruleId} ${f.resourceId}`)).toEqual(['net-zone-isolation dev -> prod']);
    expect(changes.removes).toEqual([]);
  });
});

const bad: [string, () => string[], RegExp][] = [
  ['malformed-yaml-names-the-file-and-line', () => [file('bad.yaml', 'Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n   Properties: [\n')], /^TemplateFileError: .*bad\.yaml cannot be read as a CloudFormation template \(\d+ problems?\):\n {2}.*bad\.yaml:\d+/],
  ['malformed-json-names-the-file-and-line', () => [file('bad.json', '{\n  "Resources": {\n    "Sg": { "Type": "AWS::EC2::SecurityGroup", }\n')], /^TemplateFileError: .*bad\.json cannot be read.*\n {2}.*bad\.json:\d+/],
  ['an-unknown-yaml-tag-names-its-line', () => [file('tag.yaml', 'Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: !NotAFunction x\n')], /^TemplateFileError: .*tag\.yaml.*\n {2}.*tag\.yaml:5/],
  ['no-resources-section', () => [file('empty.yaml', 'Description: nothing\n')], /^TemplateFileError: .*empty\.yaml[\s\S]*empty\.yaml:1 Resources: a template needs a Resources map/],
  ['a-file-that-does-not-exist', () => [join(dir, 'nope.yaml')], /^TemplateFileError: .*nope\.yaml cannot be read[\s\S]*no such file or folder \(ENOENT\)[\s\S]*Check the path/],
  ['a-folder-without-a-cloud-assembly', () => [mkdtempSync(join(dir, 'empty-'))], /^TemplateFileError: [\s\S]*holds no stack template[\s\S]*Run `cdk synth` first/],
  ['parameters-not-name-value', () => [join(FIXTURES, 'ssh-open.yaml'), '--parameters', 'SSHLocation'], /^UsageError: --parameters "SSHLocation" is not Name=value/],
  ['parameters-account-not-12-digits', () => [join(FIXTURES, 'ssh-open.yaml'), '--parameters', 'AWS::AccountId=42'], /^UsageError: --parameters AWS::AccountId="42" is not a 12-digit account id/],
  ['parameters-naming-no-parameter-suggests-the-near-one', () => [join(FIXTURES, 'ssh-open.yaml'), '--parameters', 'SSHLocaton=10.0.0.0/8'], /^UsageError: --parameters SSHLocaton=…: the template declares no parameter SSHLocaton \(did you mean SSHLocation\?\); it declares SSHLocation, VpcCidr\./],
  ['parameters-outside-allowed-values', () => [file('allowed.yaml', 'Parameters:\n  Size: { Type: String, AllowedValues: [small, big] }\nResources:\n  T:\n    Type: AWS::SNS::Topic\n'), '--parameters', 'Size=huge'], /^UsageError: --parameters Size="huge" is not one of the parameter's AllowedValues \(small, big\)/],
  ['fail-on-not-a-severity', () => [join(FIXTURES, 'ssh-open.yaml'), '--fail-on', 'urgent'], /^UsageError: --fail-on "urgent" is not a severity/],
];

describe('vmaudit template: bad input exits 2 with the file and the place', () => {
  it.each(bad)('%s', async (_name, args, message) => {
    const r = await template(...args(), '-o', outDir());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
