import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../lib/cli/program';
import { DEFAULT_POLICY_YAML } from '../../lib/policy/default-policy';
import { FULL_CATALOGUE as CATALOGUE } from '../../lib/catalogue';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vmaudit-policy-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Runs the CLI capturing what it prints; the error paragraph of runCli is part of stderr. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const so = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const se = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await runCli(argv, (s) => (err += s));
    return { code, out, err };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}

const RULE = CATALOGUE[0].id;

describe('vmaudit policy validate', () => {
  test('valid-file-prints-ok-with-counts-and-exits-0', async () => {
    const f = file('ok.yaml', `frameworks: [fsbp]\nrules:\n  ${RULE}: { severity: critical }\nexceptions:\n  - { rule: ${RULE}, resource: "i-0abc*", reason: legacy app, owner: platform, expires: 2999-12-31 }\n`);
    const r = await run('policy', 'validate', f);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^OK: ${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ of ${CATALOGUE.length} rules enabled, frameworks fsbp, 1 exception, 4 zones by tag Environment, `));
    expect(r.err).toBe('');
  });

  test('isolation-and-event-rule-settings-are-known-rules', async () => {
    const f = file('all-packs.yaml', 'rules:\n  net-zone-isolation: { severity: critical }\n  evt-unauthorized-api-calls: { count: 3 }\n');
    const r = await run('policy', 'validate', f);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  test('invalid-file-prints-every-problem-with-file-line-and-exits-2', async () => {
    const f = file('bad.yaml', `frameworks: [fsbp]\nrules:\n  ${RULE.slice(0, -1)}: false\nalerts: { minSeverity: hgh }\n`);
    const r = await run('policy', 'validate', f);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`PolicyFileError: ${f} has 2 problems:`);
    expect(r.err).toContain(`${f}:3 rules.${RULE.slice(0, -1)}: expected a rule id (see "vmaudit rules"), got unknown rule "${RULE.slice(0, -1)}"; did you mean "${RULE}"?`);
    expect(r.err).toContain(`${f}:4 alerts.minSeverity: expected one of critical, high, medium, low, info, got "hgh"; did you mean "high"?`);
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });

  test('yaml-syntax-error-exits-2-with-line-and-column', async () => {
    const f = file('syntax.yaml', 'rules:\n\tx: 1\n');
    const r = await run('policy', 'validate', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:2:1 YAML syntax: Tabs are not allowed as indentation`);
  });

  test('missing-file-exits-2-naming-the-file', async () => {
    const f = join(dir, 'nope.yaml');
    const r = await run('policy', 'validate', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f} (top level): expected a readable YAML policy file, got no such file; check the path`);
  });

  test('expired-exception-is-valid-but-warned-about', async () => {
    const f = file('expired.yaml', `exceptions:\n  - { rule: ${RULE}, reason: r, owner: o, expires: 2020-01-31 }\n`);
    const r = await run('policy', 'validate', f);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK: /);
    expect(r.err).toBe(`warning: ${f}:2 exceptions[0].expires: expired on 2020-01-31: it no longer suppresses, and the findings it covered fail again; renew or remove it\n`);
  });

  test('empty-file-is-the-default-policy', async () => {
    const r = await run('policy', 'validate', file('empty.yaml', ''));
    expect(r.code).toBe(0);
    expect(r.out).toContain(`(${CATALOGUE.length} of ${CATALOGUE.length} rules enabled, frameworks fsbp, cis-3.0, cis-5.0, pci-dss-4.0, nist-800-53-r5, vmaudit, 0 exceptions, 4 zones by tag Environment`);
  });

  test('without-a-file-argument-exits-2-with-usage', async () => {
    const r = await run('policy', 'validate');
    expect(r.code).toBe(2);
    expect(r.err).toContain("missing required argument 'files'");
  });

  test('help-exits-0-and-describes-the-command', async () => {
    const r = await run('policy', 'validate', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: vmaudit policy validate [options] <files...>');
  });
});

describe('vmaudit policy show', () => {
  test('without-a-file-prints-the-default-policy-verbatim-then-the-rules-that-run-as-comments', async () => {
    const r = await run('policy', 'show');
    expect(r.code).toBe(0);
    expect(r.out.startsWith(DEFAULT_POLICY_YAML)).toBe(true);
    const listing = r.out.slice(DEFAULT_POLICY_YAML.length);
    expect(listing).toContain(`# Rules that will run (${CATALOGUE.length}):`);
    expect(listing).toContain('# Rules that will not run: none');
    expect(listing.trim().split('\n').every((l) => l.startsWith('#'))).toBe(true);
  });

  test('validate-lists-rules-that-will-not-run-with-the-line-that-disabled-them', async () => {
    const f = file('off.yaml', `frameworks: [fsbp, cis-3.0]\nrules:\n  ec2-nacl-unused: false\n`);
    const r = await run('policy', 'validate', f);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Rules that will run (${CATALOGUE.length - 1}):`);
    expect(r.out).toMatch(/Rules that will not run \(1\):\n {2}ec2-nacl-unused +disabled by rules\.ec2-nacl-unused \(line 3\)\n/);
    expect(r.out).toMatch(/ {2}ec2-ami-not-public +on \(not disabled by name\)\n/);
    expect(r.out).toMatch(/ {2}net-zone-isolation +enforces the isolation section\n/);
  });

  test('validate-refuses-to-disable-a-rule-a-declared-section-needs', async () => {
    const f = file('need.yaml', `rules:\n  net-zone-isolation: false\nisolation:\n  zones: [prod, dev]\n`);
    const r = await run('policy', 'validate', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:2 rules.net-zone-isolation: expected net-zone-isolation to stay enabled: it is the rule that checks the isolation (line 3) declared in this file`);
  });

  test('with-a-file-prints-the-effective-policy-as-yaml', async () => {
    const f = file('show.yaml', 'alerts: { minSeverity: critical }\n');
    const r = await run('policy', 'show', f);
    expect(r.code).toBe(0);
    const doc = parse(r.out);
    expect(doc.alerts).toEqual({ minSeverity: 'critical', digestSeverity: 'medium' });
    expect(doc.isolation.zones).toEqual(['prod', 'staging', 'dev', 'shared']);
  });

  test('json-option-prints-json', async () => {
    const r = await run('policy', 'show', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).frameworks).toEqual(['fsbp', 'cis-3.0', 'cis-5.0', 'pci-dss-4.0', 'nist-800-53-r5', 'vmaudit']);
  });
});
