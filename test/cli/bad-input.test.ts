/**
 * Every mistake an ordinary user can make gets exit 2 and one paragraph naming the place (file, JSON
 * path or flag) and the fix; nothing hangs, nothing is half-written, no stack trace. In-process.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from '../../lib/cli/program';
import { encodeSnapshot } from '../../lib/model/snapshot-file';
import { instance, snapshot } from '../../lib/model/builders';
import { closeSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';

const dir = mkdtempSync(join(tmpdir(), 'vmaudit-bad-input-'));
const file = (name: string, body: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
};
const snap = file('snap.json', encodeSnapshot(snapshot()));
const aFile = file('a-file', 'not a folder');
const record = readFileSync(join(__dirname, '..', 'fixtures', 'cloudtrail', 'stop-logging.json'), 'utf8');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    const code = await runCli(args, (s) => (err += s));
    return { code, out, err };
  } finally {
    spy.mockRestore();
  }
}

const cases: [string, () => string[], RegExp][] = [
  ['out-under-proc-fails-fast-instead-of-looping', () => ['evaluate', snap, '--out', '/proc/vmaudit-x'], /^OutputLocationError: --out \/proc\/vmaudit-x: cannot mkdir/],
  ['out-that-is-a-file-on-evaluate', () => ['evaluate', snap, '--out', aFile], /^OutputLocationError: --out .*a-file: .*not a folder \(ENOTDIR\)/],
  ['out-that-is-a-file-on-demo', () => ['demo', '--out', aFile], /^OutputLocationError: --out .*a-file: .*not a folder/],
  ['out-below-a-file', () => ['evaluate', snap, '--out', join(aFile, 'sub')], /^OutputLocationError: --out .*a-file\/sub: /],
  ['at-a-day-that-does-not-exist', () => ['evaluate', snap, '--at', '2026-02-30'], /^UsageError: --at "2026-02-30" is not a real date-time/],
  // Found by the property suite (seed 1061311506): Date.parse reads "0 " as the year 2000.
  ['at-a-bare-number-is-not-a-date', () => ['evaluate', snap, '--at', '0 '], /^UsageError: --at "0 " is not a real date-time/],
  ['fail-on-not-a-severity', () => ['evaluate', snap, '--fail-on', 'urgent'], /^UsageError: --fail-on "urgent" is not a severity/],
  ['events-empty-file', () => ['events', file('empty.json', '')], /^InputFileError: .*empty\.json: the file is empty\. vmaudit events reads/],
  ['events-not-json', () => ['events', file('text.json', 'hello\nworld\n')], /^InputFileError: .*text\.json line 1, column 1: not JSON/],
  ['events-records-not-an-array', () => ['events', file('nope.json', '{"Records":"nope"}')], /^InputFileError: .*nope\.json \$\.Records: expected an array of records, got "nope"/],
  ['events-unknown-root-key', () => ['events', file('root.json', '{"Items":[1]}')], /^InputFileError: .*root\.json \$: unknown root key "Items"/],
  ['events-100k-deep-array', () => ['events', file('deep.json', '['.repeat(100_000) + ']'.repeat(100_000))], /^InputFileError: .*deep\.json item 1: no CloudTrail record in it/],
  ['events-truncated-gzip', () => ['events', file('cut.json.gz', gzipSync(record).subarray(0, 40))], /^InputFileError: .*cut\.json\.gz starts like gzip .* cannot be decompressed.*truncated or corrupt/],
  ['events-account-not-an-account-id', () => ['events', file('ok1.json', record), '--account', '12345'], /^UsageError: --account "12345" is not an AWS account id: expected a 12-digit/],
  ['events-region-not-a-region-name', () => ['events', file('ok2.json', record), '--region', 'nowhere'], /^UsageError: --region "nowhere" is not a region name/],
  ['events-min-severity-is-named-as-min-severity', () => ['events', file('ok3.json', record), '--min-severity', 'bogus'], /^UsageError: --min-severity "bogus" is not a severity/],
  ['policy-file-beyond-the-size-limit', () => ['evaluate', snap, '--policy', file('big.yaml', `# ${'x'.repeat(1_100_000)}\n`)], /^PolicyFileError: .*big\.yaml has 1 problem:\n.*more than the 1048576 a policy file may have/],
  ['deeply-nested-yaml-policy', () => ['evaluate', snap, '--policy', file('deep.yaml', `rules: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`)], /^PolicyFileError: .*deep\.yaml/],
  ['output-formats-unknown-name', () => ['evaluate', snap, '--output-formats', 'json,pdf'], /^UsageError: --output-formats "json,pdf": "pdf" is not an output format\. Use a comma-separated list of json, csv, html, asff, ocsf/],
  ['output-formats-empty-on-demo', () => ['demo', '--output-formats', ' , '], /^UsageError: --output-formats " , ": names no output format/],
  ['output-formats-on-scan-before-any-call', () => ['scan', '--output-formats', 'xml', '--out', join(dir, 'scan-out')], /^UsageError: --output-formats "xml": "xml" is not an output format/],
  ['report-history-typo', () => ['report', '--period', 'weekly', '--history', join(dir, 'no-such-history')], /^UsageError: --history .*no-such-history does not exist/],
];

describe('bad input: exit 2, one paragraph naming the place, nothing written', () => {
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await cli(args());
    expect(r.err).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(r.out).toBe('');
  });

  it('report-history-typo-creates-no-folder', async () => {
    await cli(['report', '--period', 'weekly', '--history', join(dir, 'typo')]);
    expect(existsSync(join(dir, 'typo'))).toBe(false);
  });

  it('s3-out-without-credentials-is-exit-2-before-the-audit', async () => {
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    Object.assign(process.env, { AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_REGION: 'us-east-1' });
    try {
      const r = await cli(['evaluate', snap, '--out', 's3://vmaudit-test-bucket/runs']);
      expect(r.err).toMatch(/^OutputLocationError: --out s3:\/\/vmaudit-test-bucket\/runs: no AWS credentials to write to S3/);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
    } finally {
      process.env = saved;
    }
  });
});

describe('records that cannot be read are counted and reported, never fine', () => {
  it('no-readable-record-still-shows-the-window-the-unparsed-count-and-the-coverage-finding', async () => {
    const r = await cli(['events', file('broken-records.json', '{"Records":[{"eventName":"StopLogging"}]}'), '--json', '--account', '111111111111', '--region', 'us-east-1', '--at', '2026-11-26T12:00:00Z']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.run.eventWindows).toEqual([expect.objectContaining({ accountId: '111111111111', region: 'us-east-1', eventCount: 0, unparsed: 1 })]);
    expect(doc.findings).toContainEqual(expect.objectContaining({ ruleId: 'evt-event-coverage', status: 'FAIL' }));
  });

  it('without-account-or-region-the-unreadable-record-is-in-an-unknown-window', async () => {
    const r = await cli(['events', file('broken-records2.json', '[{"eventName":"StopLogging"}]'), '--json', '--at', '2026-11-26T12:00:00Z']);
    const doc = JSON.parse(r.out);
    expect(doc.run.eventWindows).toEqual([expect.objectContaining({ accountId: 'unknown', region: 'unknown', unparsed: 1 })]);
    expect(doc.findings).toContainEqual(expect.objectContaining({ ruleId: 'evt-event-coverage', status: 'FAIL' }));
  });

  it('a-record-without-event-id-is-evaluated-and-the-summary-says-so', async () => {
    const rec = JSON.parse(record);
    delete rec.eventID;
    const r = await cli(['events', file('no-id.json', JSON.stringify({ Records: [rec] })), '--at', '2026-11-26T12:00:00Z']);
    expect(r.out).toMatch(/1 record has no eventID: evaluated under an id derived from the record's content/);
    expect(r.out).toContain('evt-cloudtrail-change');
  });
});

describe('strings beyond what vmaudit reads or writes', () => {
  it('a-200-mb-tag-value-is-exit-2-naming-the-field-not-an-invalid-string-length', async () => {
    // Written in pieces: the file is never one string in the test either.
    const text = encodeSnapshot(snapshot({ instances: [instance({ tags: { Name: 'HUGE' } })] }));
    const at = text.indexOf('"HUGE"') + 1;
    const p = join(dir, 'huge-tag.json');
    const fd = openSync(p, 'w');
    writeSync(fd, text.slice(0, at));
    const mib = 'x'.repeat(1 << 20);
    for (let i = 0; i < 200; i++) writeSync(fd, mib);
    writeSync(fd, text.slice(at + 'HUGE'.length));
    closeSync(fd);
    const r = await cli(['evaluate', p, '--out', join(dir, 'huge-out')]);
    expect(r.err).toMatch(/^SnapshotFileError: .*huge-tag\.json is not a valid vmaudit snapshot \(1 problem\):\n {2}\$\.instances\[0\]\.tags\.Name: a string of 209715200 characters, more than the 65536 vmaudit reads/);
    expect(r.code).toBe(2);
    // --out is checked (and made) first, so a bad folder fails before a long read; nothing is written in it.
    expect(readdirSync(join(dir, 'huge-out'))).toEqual([]);
  }, 120_000);

  it('a-long-tag-within-the-snapshot-limit-is-cut-visibly-in-every-finding', async () => {
    const name = 'n'.repeat(60_000);
    const p = file('long-tag.json', encodeSnapshot(snapshot({ instances: [instance({ tags: { Name: name }, metadataOptions: { httpTokens: 'optional' } })] })));
    const out = join(dir, 'long-tag-out');
    const r = await cli(['evaluate', p, '--out', out]);
    expect(r.code).toBe(0);
    const findingsFile = findFile(out, 'findings.json');
    const doc = readFileSync(findingsFile, 'utf8');
    expect(doc).toContain(`…(truncated, 60000 bytes)`);
    expect(doc).not.toContain('n'.repeat(8193));
    expect(statSync(findingsFile).size).toBeLessThan(2_000_000);
  }, 60_000);
});

function findFile(root: string, name: string): string {
  for (const e of readdirSync(root, { withFileTypes: true, recursive: true })) if (e.isFile() && e.name === name) return join(e.parentPath, e.name);
  throw new Error(`no ${name} under ${root}`);
}
