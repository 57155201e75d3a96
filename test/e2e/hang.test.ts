/**
 * Time-outs that end, against endpoints that accept connections and never answer (support/black-hole.ts):
 * the built CLI must end by itself within its --timeout, saying what it could not read. The child
 * process has a safety net (runCli's killAfterMs) far above the deadline, so a hang fails the test
 * with what was printed instead of blocking the suite; nothing here measures time.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSnapshotFile } from '../../lib/model/snapshot-file';
import { awsEnv, runCli } from './support/cli';
import { blackHole, type BlackHole } from './support/black-hole';
import { CALLER_ACCOUNT, emulatorEndpoint, resetEmulator } from './support/emulator';
import { seedScenario } from './support/scenario';

/** Small enough to keep the suite short, large enough that the emulator answers everything else in time. */
const TIMEOUT = '4s';
const SAFETY_NET_MS = 120_000;

let hole: BlackHole;

beforeAll(async () => {
  await resetEmulator();
  await seedScenario(new Date());
  hole = await blackHole();
});

afterAll(() => hole?.close());

describe('vmaudit scan against endpoints that never answer', () => {
  it('every-endpoint-silent-ends-at-the-deadline-naming-sts-and-the-timeout', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vmaudit-e2e-hang-'));
    const r = await runCli(['scan', '--regions', 'us-east-1', '--timeout', TIMEOUT, '--out', out], { env: awsEnv(hole.endpoint), killAfterMs: SAFETY_NET_MS });
    // Nothing can be read, not even whose account it is, so there is no snapshot to hold a gap:
    // the scan stops with the reason (exit 2) instead of waiting forever.
    expect({ signal: r.signal, code: r.code }).toEqual({ signal: null, code: 2 });
    expect(r.stderr).toMatch(/GetCallerIdentity[\s\S]*did not finish within the --timeout of 4 s/);
    expect(hole.connections()).toBeGreaterThan(0);
  });

  it('sts-answering-and-ec2-silent-ends-with-the-ec2-reads-as-timeout-gaps', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vmaudit-e2e-hang-'));
    const env = awsEnv(emulatorEndpoint(), { AWS_ENDPOINT_URL_EC2: hole.endpoint });
    const r = await runCli(['scan', '--regions', 'us-east-1', '--timeout', TIMEOUT, '--no-events', '--out', out], { env, killAfterMs: SAFETY_NET_MS });
    expect({ signal: r.signal, code: r.code, stderr: r.code === 0 ? '' : r.stderr.slice(-2000) }).toEqual({ signal: null, code: 0, stderr: '' });

    const snapshot = await readSnapshotFile(join(out, 'snapshot.json.gz'));
    expect(snapshot.targets).toEqual([{ accountId: CALLER_ACCOUNT, region: 'us-east-1' }]);
    const gaps = snapshot.coverageGaps.map((g) => `${g.service}:${g.api} ${g.errorCode}`);
    // Every EC2 read of the target was cut off by the deadline and says so; CloudTrail answered.
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.filter((g) => !g.startsWith('ec2:'))).toEqual([]);
    expect([...new Set(snapshot.coverageGaps.map((g) => g.errorCode))]).toEqual(['TargetTimeout']);
    expect(gaps).toEqual(expect.arrayContaining(['ec2:DescribeInstances TargetTimeout', 'ec2:DescribeSecurityGroups TargetTimeout']));
    expect(snapshot.coverageGaps[0].message).toMatch(/did not finish within the --timeout of 4 s/);
    expect(snapshot.trails.map((t) => t.name)).toEqual(['org-audit']);

    // Rules over the EC2 data that could not be read say UNKNOWN, never PASS.
    const findings = (JSON.parse(readFileSync(join(out, 'latest', 'findings.json'), 'utf8')) as { findings: { ruleId: string; status: string }[] }).findings;
    expect([...new Set(findings.filter((f) => f.ruleId === 'ec2-ebs-default-encryption').map((f) => f.status))]).toEqual(['UNKNOWN']);
    expect(findings.filter((f) => f.ruleId.startsWith('ec2-') && f.status === 'PASS')).toEqual([]);
  });
});
