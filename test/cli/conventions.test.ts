/**
 * The conventions every command shares: rule selection and output flags on `evaluate` (and `scan`,
 * in test/collect/cli-scan.test.ts), colour, one --out default, the same short flags everywhere,
 * shell completion, `rules` parameters, `policy validate` of several files, `report` defaults.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram, runCli } from '../../lib/cli/program';
import { DEFAULT_OUT, SHORT, colorEnabled } from '../../lib/cli/conventions';
import { completionCandidates, COMPLETE_FILES } from '../../lib/cli/completion';
import { writeSnapshotFile } from '../../lib/model/snapshot-file';
import { demoSnapshot } from '../../lib/demo/estate';
import { FULL_CATALOGUE } from '../../lib/catalogue';

const dir = mkdtempSync(join(tmpdir(), 'vmaudit-conventions-'));
const snapshot = join(dir, 'snapshot.json.gz');
let n = 0;
const outDir = () => join(dir, `out-${++n}`);

beforeAll(() => writeSnapshotFile(snapshot, demoSnapshot(), { gzip: true }));

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Ran> {
  let out = '';
  let err = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await runCli(args, (s) => (err += s));
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.env = saved;
  }
}

const evaluate = (...args: string[]) => cli(['evaluate', snapshot, '-o', outDir(), '--at', '2026-11-26T12:00:00Z', ...args], { NO_COLOR: undefined, FORCE_COLOR: undefined });
const rulesOf = (r: Ran) => (JSON.parse(r.out) as { rulesRun: string[] }).rulesRun;
const ANSI = /\u001b\[/;

describe('evaluate: rule selection', () => {
  it('--checks-runs-only-the-named-rules', async () => {
    const r = await evaluate('--checks', 'ec2-imdsv2-required,ec2-volume-encrypted', '--json');
    expect(r.code).toBe(0);
    expect(rulesOf(r)).toEqual(['ec2-volume-encrypted', 'ec2-imdsv2-required']);
  });

  it('-c-is-the-short-form-of---checks', async () => {
    expect(rulesOf(await evaluate('-c', 'ec2-imdsv2-required', '--json'))).toEqual(['ec2-imdsv2-required']);
  });

  it('--excluded-checks-runs-everything-else', async () => {
    const r = await evaluate('--excluded-checks', 'net-zone-isolation', '-q', '--json');
    expect(rulesOf(r)).not.toContain('net-zone-isolation');
    expect(rulesOf(r).length).toBeGreaterThan(30);
  });

  it('--services-keeps-the-rules-that-read-that-service', async () => {
    const ids = rulesOf(await evaluate('--services', 'cloudtrail', '--json'));
    expect(ids.length).toBeGreaterThan(3);
    expect(ids.every((id) => id.startsWith('ct-') || id.startsWith('evt-'))).toBe(true);
  });

  it('--severity-keeps-the-rules-of-those-severities-and-findings-follow', async () => {
    const r = await evaluate('--severity', 'critical', '--json');
    const ids = rulesOf(r);
    expect(ids.every((id) => FULL_CATALOGUE.find((x) => x.id === id)!.severity === 'critical')).toBe(true);
    expect((JSON.parse(r.out).findings as { severity: string }[]).every((f) => f.severity === 'critical')).toBe(true);
  });

  it('--status-lists-findings-of-those-statuses-in-the-text-and-the-json', async () => {
    const text = await evaluate('--checks', 'ec2-imdsv2-required', '--status', 'PASS');
    expect(text.out).toMatch(/Findings with status PASS: \d+/);
    expect(text.out).toMatch(/^ {2}PASS +HIGH +ec2-imdsv2-required +i-/m);
    const json = JSON.parse((await evaluate('--checks', 'ec2-imdsv2-required', '--status', 'fail,unknown', '--json')).out);
    expect(json.statuses).toEqual(['FAIL', 'UNKNOWN']);
    expect(json.findings.length).toBeGreaterThan(0);
    expect(json.findings.every((f: { status: string }) => ['FAIL', 'UNKNOWN'].includes(f.status))).toBe(true);
  });

  it('rules-left-out-keep-their-earlier-failures-open-not-resolved', async () => {
    const out = outDir();
    const base = ['evaluate', snapshot, '-o', out, '--at', '2026-11-26T12:00:00Z', '--json', '-q'];
    const first = JSON.parse((await cli(base)).out);
    const second = JSON.parse((await cli([...base, '--checks', 'ec2-imdsv2-required'])).out);
    // The run id has second resolution; the same command within the same second is a retry of the first run.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(second.lifecycle.resolved).toBe(0);
    expect(second.lifecycle.unverified).toBeGreaterThan(0);
    expect(second.rulesNotSelected).toHaveLength(FULL_CATALOGUE.length - 1);
    // A later full run still sees the others as OPEN, not NEW.
    const third = JSON.parse((await cli(base)).out);
    expect(third.lifecycle.new).toBe(0);
    expect(third.lifecycle.open).toBe(first.summary.byStatus.FAIL);
  });

  it.each([
    ['unknown-check-suggests-the-near-id', ['--checks', 'imdsv2'], /--checks: no rule imdsv2 \(did you mean ec2-imdsv2-required\b[^)]*\?\)/],
    ['unknown-service-lists-the-services', ['--services', 'rds'], /--services rds: not a service the rules read; use cloudtrail, ec2, s3/],
    ['bad-severity', ['--severity', 'urgent'], /--severity urgent: not a severity/],
    ['bad-status', ['--status', 'BROKEN'], /--status BROKEN: not a status/],
    ['empty-list', ['--checks', ','], /--checks is empty/],
    ['a-selection-that-leaves-nothing', ['--checks', 'ec2-imdsv2-required', '--excluded-checks', 'ec2-imdsv2-required'], /leave no rule to run/],
    ['quiet-and-verbose-together', ['-q', '-v'], /cannot be used with option/],
  ])('%s-is-exit-2', async (_name, args, message) => {
    const r = await evaluate(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('evaluate: output flags', () => {
  it('--json-puts-only-the-summary-on-stdout-and-the-text-on-stderr', async () => {
    const r = await evaluate('--json');
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ kind: 'vmaudit-run-summary', schemaVersion: 1, alert: { sent: false } });
    expect(doc.summary.byStatus.FAIL).toBe(doc.findings.length);
    expect(doc.files.report).toMatch(/report\.html$/);
    expect(r.err).toMatch(/^vmaudit run /m);
    expect(r.err).toMatch(/^Lifecycle: /m);
  });

  it('--json-still-prints-the-summary-when---fail-on-trips-and-exits-1', async () => {
    const r = await evaluate('--json', '-q', '--fail-on', 'critical');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).gate).toMatchObject({ failOn: 'critical', passed: false });
  });

  it('--quiet-prints-nothing-but-errors', async () => {
    const r = await evaluate('--quiet');
    expect(r).toMatchObject({ code: 0, out: '', err: '' });
    const bad = await evaluate('-q', '--at', 'yesterday');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--at "yesterday"/);
  });

  it('--verbose-lists-every-failing-finding', async () => {
    const plain = await evaluate();
    const verbose = await evaluate('-v');
    const failing = Number(/\((\d+) failing\)/.exec(plain.out)![1]);
    expect(plain.out).not.toMatch(/Findings with status FAIL/);
    expect(verbose.out).toContain(`Findings with status FAIL: ${failing}`);
    expect(verbose.out.split('\n').filter((l) => l.startsWith('  FAIL '))).toHaveLength(failing);
  });

  it('colour-only-when-asked-or-on-a-terminal-and-never-with-NO_COLOR-or---no-color', async () => {
    expect((await evaluate()).out).not.toMatch(ANSI);
    const forced = await cli(['evaluate', snapshot, '-o', outDir()], { FORCE_COLOR: '1', NO_COLOR: undefined });
    expect(forced.out).toMatch(/\u001b\[31mHIGH\u001b\[39m/);
    expect((await cli(['evaluate', snapshot, '-o', outDir(), '--no-color'], { FORCE_COLOR: '1', NO_COLOR: undefined })).out).not.toMatch(ANSI);
    expect((await cli(['evaluate', snapshot, '-o', outDir()], { FORCE_COLOR: '1', NO_COLOR: '1' })).out).not.toMatch(ANSI);
  });

  it.each([
    ['terminal', {}, { isTTY: true }, true],
    ['pipe', {}, { isTTY: false }, false],
    ['NO_COLOR-on-a-terminal', { NO_COLOR: '1' }, { isTTY: true }, false],
    ['empty-NO_COLOR-is-unset', { NO_COLOR: '' }, { isTTY: true }, true],
    ['dumb-terminal', { TERM: 'dumb' }, { isTTY: true }, false],
    ['FORCE_COLOR-on-a-pipe', { FORCE_COLOR: '1' }, { isTTY: false }, true],
  ])('colour-decision-%s', (_name, env, stream, expected) => {
    expect(colorEnabled({}, stream, env)).toBe(expected);
    expect(colorEnabled({ color: false }, stream, env)).toBe(false);
  });
});

/** Every command, subcommands included, with its options. */
function commands(c: Command = buildProgram(), path = 'vmaudit'): { path: string; cmd: Command }[] {
  return [{ path, cmd: c }, ...c.commands.flatMap((s) => commands(s, `${path} ${s.name()}`))];
}

describe('one set of conventions for every command', () => {
  it('every-folder-default-is-the-same-vmaudit-out', () => {
    const defaults = commands().flatMap(({ path, cmd }) => cmd.options.filter((o) => o.long === '--out' || o.long === '--history').map((o) => [path, o.long, o.defaultValue]));
    expect(defaults).toEqual(
      expect.arrayContaining([
        ['vmaudit evaluate', '--out', DEFAULT_OUT],
        ['vmaudit demo', '--out', DEFAULT_OUT],
        ['vmaudit scan', '--out', DEFAULT_OUT],
        ['vmaudit report', '--history', DEFAULT_OUT],
        ['vmaudit import aws-cli', '--out', join(DEFAULT_OUT, 'snapshot.json.gz')],
      ]),
    );
    for (const [path, long, value] of defaults) {
      // report --out defaults to a folder inside --history, which is documented in its help.
      if (!(path === 'vmaudit report' && long === '--out')) expect(String(value).startsWith(DEFAULT_OUT)).toBe(true);
    }
  });

  it('a-short-flag-means-the-same-long-flag-on-every-command-and-the-shared-ones-always-have-it', () => {
    const meaning = new Map<string, string>();
    const longToShort = Object.fromEntries(Object.entries(SHORT).map(([k, v]) => [`--${k.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)}`, v]));
    for (const { path, cmd } of commands()) {
      for (const o of cmd.options) {
        if (o.short) {
          const seen = meaning.get(o.short);
          expect({ path, short: o.short, long: seen ?? o.long }).toEqual({ path, short: o.short, long: o.long });
          meaning.set(o.short, o.long!);
        }
        if (o.long && longToShort[o.long] && path !== 'vmaudit report') expect({ path, long: o.long, short: o.short }).toEqual({ path, long: o.long, short: longToShort[o.long] });
      }
    }
  });

  it('scan-and-evaluate-have-every-selection-and-output-flag', () => {
    const flags = ['--checks', '--excluded-checks', '--services', '--severity', '--status', '--json', '--quiet', '--verbose', '--no-color'];
    for (const { path, cmd } of commands().filter((c) => c.path === 'vmaudit scan' || c.path === 'vmaudit evaluate')) {
      expect({ path, flags: flags.filter((f) => cmd.options.some((o) => o.long === f)) }).toEqual({ path, flags });
    }
  });
});

describe('vmaudit completion', () => {
  it.each(['bash', 'zsh', 'fish'])('%s-script-calls-the-completion-server', async (shell) => {
    const r = await cli(['completion', shell]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('vmaudit completion-server');
    expect(r.out).toContain('###-begin-vmaudit-completion-###');
  });

  it('an-unknown-shell-is-exit-2', async () => {
    const r = await cli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/give one of bash, zsh, fish/);
  });

  it.each([
    ['commands-after-the-program-name', 'vmaudit ', ['evaluate', 'demo', 'scan', 'completion']],
    ['flags-of-the-command', 'vmaudit evaluate x.json --se', ['--severity', '--services']],
    ['severities-after---fail-on', 'vmaudit scan --fail-on ', ['critical', 'high', 'medium', 'low', 'info']],
    ['rule-ids-after---checks', 'vmaudit evaluate s.json --checks ', ['ec2-imdsv2-required']],
    ['subcommands-of-policy', 'vmaudit policy ', ['validate', 'show']],
  ])('%s', (_name, line, expected) => {
    const names = completionCandidates(buildProgram(), line);
    expect(names).not.toBe('files');
    expect((names as { name: string }[]).map((c) => c.name)).toEqual(expect.arrayContaining(expected));
    expect((names as { name: string }[]).map((c) => c.name)).not.toContain('completion-server');
  });

  it('files-where-a-file-is-expected', () => {
    expect(completionCandidates(buildProgram(), 'vmaudit evaluate ')).toBe('files');
    expect(completionCandidates(buildProgram(), 'vmaudit evaluate s.json --policy ')).toBe('files');
  });

  it('the-server-answers-the-shell-from-COMP_LINE', async () => {
    const line = 'vmaudit evaluate s.json --exc';
    const r = await cli(['completion-server', '--', ...line.split(' ')], { COMP_CWORD: '3', COMP_LINE: line, COMP_POINT: String(line.length), SHELL: 'bash' });
    expect(r.out.trim()).toBe('--excluded-checks');
    const files = await cli(['completion-server', '--', 'vmaudit', 'reach'], { COMP_CWORD: '2', COMP_LINE: 'vmaudit reach ', COMP_POINT: '14', SHELL: 'fish' });
    expect(files.out.trim()).toBe(COMPLETE_FILES);
  });
});

describe('vmaudit rules', () => {
  it('shows-each-parameter-with-its-default', async () => {
    const r = await cli(['rules']);
    expect(r.out).toContain('parameters (default)');
    expect(r.out).toMatch(/ec2-instance-stopped-too-long .*days=30/);
    expect(r.out).toMatch(/tcpPorts=\[80, 443\]/);
  });
});

describe('vmaudit policy validate', () => {
  const good = join(dir, 'good.yaml');
  const bad = join(dir, 'bad.yaml');
  const worse = join(dir, 'worse.yaml');
  beforeAll(() => {
    writeFileSync(good, 'rules:\n  ec2-instance-stopped-too-long: { days: 14 }\n');
    writeFileSync(bad, 'rules:\n  no-such-rule: {}\n');
    writeFileSync(worse, 'rules:\n  ec2-instance-stopped-too-long: { days: -1 }\n');
  });

  it('checks-every-file-and-says-OK-for-each-good-one', async () => {
    const r = await cli(['policy', 'validate', good, good]);
    expect(r.code).toBe(0);
    expect(r.out.match(/^OK: /gm)).toHaveLength(2);
  });

  it('lists-the-problems-of-every-bad-file-then-exits-2', async () => {
    const r = await cli(['policy', 'validate', bad, good, worse]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`OK: ${good}`);
    expect(r.err).toContain(`${bad}:2 rules.no-such-rule`);
    expect(r.err).toContain(`${worse}:2 rules.ec2-instance-stopped-too-long.days`);
    expect(r.err).toContain(`2 of 3 policy files have problems: ${bad}, ${worse}.`);
  });
});

describe('defaults that work right after the demo', () => {
  it('report-with-no-period-or-date-reports-the-demo-run', async () => {
    const out = outDir();
    expect((await cli(['demo', '-o', out, '-q'])).code).toBe(0);
    const r = await cli(['report', '--history', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Weekly report /);
    expect(r.out).toMatch(/figures from run \S+ \(1 run\(s\) in the period\)/);
    expect(r.out).not.toContain('NO RUN');
    // Every FSBP control of the demo has a failing resource or is unknown: the score says so.
    expect(r.out).toMatch(/AWS Foundational Security Best Practices[^:]*: 0\.0 % of controls passing \(0 of \d+;/);
    expect(readFileSync(join(out, 'demo-policy.yaml'), 'utf8')).toContain('isolation:');
  }, 120_000);
});
