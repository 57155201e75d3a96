import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from '../../lib/cli/program';
import { FIXTURES } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'vmaudit-events-'));
const fixture = (name: string) => readFileSync(join(FIXTURES, `${name}.json`), 'utf8');

// A CloudTrail log file as delivered to S3 (gzip, {"Records": [...]}).
const logFile = join(dir, '123456789012_CloudTrail_us-west-2_20190101T0000Z_x.json.gz');
writeFileSync(logFile, gzipSync(JSON.stringify({ Records: [JSON.parse(fixture('stop-logging')), JSON.parse(fixture('create-route')), JSON.parse(fixture('create-route-failed'))] })));
// JSON Lines of EventBridge events, one of them broken.
const jsonl = join(dir, 'events.jsonl');
writeFileSync(jsonl, [JSON.stringify(JSON.parse(fixture('eventbridge-root-create-bucket-console'))), '{"detail-type": "AWS API Call via CloudTrail", "detail": {"eventID": "x"', ''].join('\n'));
const badPolicy = join(dir, 'bad.yaml');
writeFileSync(badPolicy, 'response:\n  - event: console-login-faild\n');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    const code = await runCli(['events', ...args, '--at', '2026-11-26T12:00:00Z'], (s) => (err += s));
    return { code, out, err };
  } finally {
    spy.mockRestore();
  }
}

describe('vmaudit events', () => {
  it('reads-a-gzipped-log-file-and-json-lines-and-lists-what-failed', async () => {
    const r = await cli([logFile, jsonl]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Read 5 records from 2 files: 4 events in 2 account\/regions, 1 unparsed\.$/m);
    expect(r.out).toMatch(/unparsed: .*events\.jsonl:2: not valid JSON/);
    for (const rule of ['evt-cloudtrail-change', 'evt-route-table-change', 'evt-root-account-usage']) expect(r.out).toContain(rule);
    expect(r.out).toMatch(/Failing: 1 critical, 1 high, 2 medium, 0 low, 0 info\./);
  });

  it('json-output-is-a-findings-document-with-the-windows', async () => {
    const r = await cli([logFile, '--json']);
    const doc = JSON.parse(r.out);
    expect(doc.schemaVersion).toBe(2);
    expect(doc.run.eventWindows).toEqual([expect.objectContaining({ accountId: '123456789012', region: 'us-west-2', eventCount: 3, unparsed: 0 })]);
    expect(doc.findings.filter((f: { status: string }) => f.status === 'FAIL').map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(['evt-cloudtrail-change', 'evt-route-table-change']);
  });

  it('fail-on-gates-with-exit-1', async () => {
    const r = await cli([logFile, '--fail-on', 'critical']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/1 failing event finding at or above critical \(worst: evt-cloudtrail-change\)/);
  });

  it('a-misspelt-response-event-is-a-policy-error-naming-the-path', async () => {
    const r = await cli([logFile, '--policy', badPolicy]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/response\[0\]\.event: expected a named event class .* \(did you mean "console-login-failed"\?\)/);
  });

  it('a-missing-file-is-a-usage-error', async () => {
    const r = await cli([join(dir, 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read .*nope\.json: ENOENT/);
  });
});
