/**
 * The demo's alert as a person reads it on a phone: the first finding on the first screen, one
 * paragraph per line, fixes with the real ids, each event once, and the report named after "and N more".
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/program';
import { demoSnapshot } from '../../lib/demo/estate';

let dir: string;
let alert: string;
let stdout: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vmaudit-demo-alert-'));
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string) => (chunks.push(String(s)), true)) as typeof process.stdout.write;
  try {
    expect(await runCli(['demo', '--out', dir])).toBe(0);
  } finally {
    process.stdout.write = write;
  }
  stdout = chunks.join('');
  alert = await readFile(join(dir, 'latest', 'alert.txt'), 'utf8');
}, 120_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

const lines = () => alert.split('\n');
const entries = () => alert.split('\n\n').filter((p) => /^\d+\. \[/.test(p));

describe('the demo alert', () => {
  it('shows-the-first-finding-within-the-first-8-lines', () => {
    const first = lines().findIndex((l) => /^1\. \[(CRITICAL|HIGH)\] /.test(l));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(8);
  });

  it('is-not-hard-wrapped-every-line-of-an-entry-starts-with-its-label', () => {
    for (const e of entries()) {
      const [head, ...rest] = e.split('\n');
      expect(head).toMatch(/^\d+\. \[[A-Z]+\] \S/);
      for (const l of rest) expect(l).toMatch(/^(Resource|Problem|Fix|Rule|Same event also flagged by): \S/);
    }
    expect(lines().some((l) => /^\s+\S/.test(l))).toBe(false);
  });

  it('names-the-report-file-after-and-n-more-and-the-file-exists', async () => {
    const more = lines().find((l) => l.startsWith('... and '));
    expect(more).toMatch(/^\.\.\. and \d+ more in the report: .+report\.html$/);
    const path = more!.replace(/^.* in the report: /, '');
    expect((await stat(path)).isFile()).toBe(true);
  });

  it('security-group-fixes-carry-the-group-id-and-its-real-rule-ids', () => {
    const snapshot = demoSnapshot();
    const sgFixes = entries().filter((e) => e.includes('(AWS::EC2::SecurityGroup)') && e.includes('revoke-security-group-ingress'));
    expect(sgFixes.length).toBeGreaterThan(3);
    for (const e of sgFixes) {
      const groupId = /Resource: (sg-[0-9a-f]+)/.exec(e)![1];
      const fix = e.split('\n').find((l) => l.startsWith('Fix: '))!;
      expect(fix).toContain(`--group-id ${groupId} --security-group-rule-ids sgr-`);
      expect(fix).not.toMatch(/\bSG_ID\b|\bSGR_ID\b/);
      const group = snapshot.securityGroups.find((g) => g.groupId === groupId)!;
      const ids = fix.match(/sgr-[0-9a-f]+/g)!;
      for (const id of ids) expect(group.ingress.map((r) => r.ruleId)).toContain(id);
    }
  });

  it('instance-snapshot-and-image-fixes-carry-their-resource-id', () => {
    for (const e of entries()) {
      const id = /Resource: ((i|snap|ami)-[0-9a-f]+) /.exec(e)?.[1];
      const fix = e.split('\n').find((l) => l.startsWith('Fix: '))!;
      if (id && !fix.startsWith('Fix: as for ')) expect(fix).not.toMatch(/\b(INSTANCE_ID|SNAPSHOT_ID|AMI_ID)\b/);
    }
  });

  it('lists-each-cloudtrail-event-once', () => {
    // The demo's StopLogging call is flagged by two rules; it is one entry that names both.
    expect(alert.match(/called cloudtrail:StopLogging on tools-trail/g)).toHaveLength(1);
    expect(alert).toContain('Same event also flagged by: evt-response-policy');
    expect(entries().filter((e) => e.includes('StopLogging'))).toHaveLength(1);
  });

  it('the-cli-says-where-it-wrote-the-alert-and-not-that-it-sent-it', () => {
    expect(stdout).toMatch(/^Alert: written to .+\.txt \(\d+ findings\); not sent/m);
    expect(stdout).not.toMatch(/Alert: sent/);
  });
});
