/**
 * The catalogue meta-test (cdk-nag Packs.test / Cloud Custodian PolicyMetaLint): pins the rule list,
 * and sweeps every rule for the metadata, parameters, tests and documentation the product relies on.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { rulePacks, type Rule } from '../../lib/engine/rule';
import { isSeverity } from '../../lib/model/severity';
import { CATALOGUE, findRule } from '../../lib/rules/index';
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { readFileSync } from 'node:fs';

const RULES_DIR = join(__dirname, '..', '..', 'lib', 'rules');
const NOT_RULES = new Set(['index.ts', 'resource-refs.ts']);

const EXPECTED_IDS = [
  'ec2-snapshot-not-public',
  'ec2-snapshot-block-public-access',
  'ec2-snapshot-shared-trusted',
  'ec2-snapshot-encrypted',
  'ec2-volume-encrypted',
  'ec2-volume-all-encrypted',
  'ec2-ebs-default-encryption',
  'ec2-instance-stopped-too-long',
  'ec2-imdsv2-required',
  'ec2-imds-hop-limit',
  'ec2-instance-profile-attached',
  'ec2-instance-no-public-ip',
  'ec2-instance-single-eni',
  'ec2-instance-no-paravirtual',
  'ec2-ami-approved',
  'ec2-launch-template-imdsv2',
  'ec2-launch-template-hop-limit',
  'ec2-launch-template-no-public-ip',
  'ec2-ami-not-public',
  'ec2-image-block-public-access',
  'ec2-ami-shared-trusted',
  'ec2-sg-default-restricts-all',
  'ec2-sg-authorized-ports',
  'ec2-sg-no-high-risk-ports',
  'ec2-sg-no-public-ssh',
  'ec2-sg-no-public-rdp',
  'ec2-nacl-no-public-admin-ports',
  'ec2-nacl-unused',
  'ec2-subnet-no-auto-public-ip',
  'ec2-vpc-flow-logs-enabled',
  'ec2-tgw-no-auto-accept',
  'ct-multi-region-trail',
  'ct-trail-enabled',
  'ct-trail-kms-encryption',
  'ct-log-file-validation',
  'ct-cloudwatch-logs',
  'ct-trail-bucket-not-public',
  'ct-trail-bucket-access-logging',
];

const CATEGORIES = ['encryption', 'instance', 'image', 'network', 'isolation', 'logging', 'event'];
const byId: [string, Rule][] = CATALOGUE.map((r) => [r.id, r]);
/** The isolation (net-*) and CloudTrail event (evt-*) rules: the same sweep, their tests live with their folders. */
const otherRules: [string, Rule][] = FULL_CATALOGUE.filter((r) => !CATALOGUE.includes(r)).map((r) => [r.id, r]);
const TEST_ROOT = join(__dirname, '..');
const testSources = (folder: string) =>
  readdirSync(join(TEST_ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => readFileSync(join(TEST_ROOT, folder, f), 'utf8'))
    .join('\n');

describe('rule catalogue', () => {
  it('holds exactly the catalogue rules in order', () => {
    expect(CATALOGUE.map((r) => r.id)).toEqual(EXPECTED_IDS);
  });

  it('has unique ids', () => {
    expect(new Set(CATALOGUE.map((r) => r.id)).size).toBe(CATALOGUE.length);
  });

  it('lists every rule file in lib/rules, each exporting the rule its name says', () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(CATALOGUE.map((r) => r.id).sort());
    for (const f of files) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(join(RULES_DIR, f)) as { default: Rule };
      expect(mod.default.id).toBe(f.replace(/\.ts$/, ''));
      expect(findRule(mod.default.id)).toBe(mod.default);
    }
  });

  it('finds nothing for an unknown id', () => {
    expect(findRule('ec2-no-such-rule')).toBeUndefined();
  });

  it('covers every rule of the full catalogue, configuration, isolation and events alike', () => {
    expect(byId.length + otherRules.length).toBe(FULL_CATALOGUE.length);
    expect(otherRules.every(([id]) => /^(net|evt)-/.test(id))).toBe(true);
  });

  describe.each([...byId, ...otherRules])('%s', (id, rule) => {
    it('has a kebab-case id with a known prefix', () => {
      expect(id).toMatch(/^(ec2|ct|net|evt)-[a-z0-9]+(-[a-z0-9]+)*$/);
    });

    it('has complete, well-formed metadata', () => {
      expect(rule.title.trim().length).toBeGreaterThan(10);
      expect(rule.rationale.trim().length).toBeGreaterThan(80);
      expect(rule.remediation.trim().length).toBeGreaterThan(30);
      // Remediation is rendered in a Markdown table, where <word> vanishes as an HTML tag: placeholders are CAPITALS.
      expect(rule.remediation).not.toMatch(/</);
      expect(isSeverity(rule.severity)).toBe(true);
      expect(CATEGORIES).toContain(rule.category);
      // Zone paths and flows (net-*) are vmaudit's own resource kinds, not AWS resources.
      expect(rule.resourceType).toMatch(/^(AWS|vmaudit)::[A-Za-z0-9]*::[A-Za-z0-9]+$/);
      if (CATALOGUE.includes(rule)) expect(rule.resourceType).toMatch(/^AWS::/);
      expect(rulePacks(rule).length).toBeGreaterThan(0);
    });

    it('names the APIs it reads as service:Action', () => {
      expect(rule.requires.length).toBeGreaterThan(0);
      for (const api of rule.requires) expect(api).toMatch(/^(ec2|cloudtrail|s3|logs|cloudwatch|ssm|autoscaling):[A-Z][A-Za-z]+$/);
    });

    it('parses {} to complete defaults and rejects unknown parameters', () => {
      const defaults = rule.params.parse({}) as Record<string, unknown>;
      const shape = (rule.params as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
      expect(Object.keys(defaults).sort()).toEqual(Object.keys(shape).sort());
      for (const v of Object.values(defaults)) expect(v).not.toBeUndefined();
      expect(rule.params.safeParse({ notAParameter: 1 }).success).toBe(false);
    });

    it('has a test: a table-driven file of its own, or for net-* and evt-* a test of its folder that names it', () => {
      if (CATALOGUE.includes(rule)) expect(existsSync(join(__dirname, `${id}.test.ts`))).toBe(true);
      else expect(testSources(id.startsWith('net-') ? 'isolation' : 'events')).toContain(`'${id}'`);
    });
  });
});
