/**
 * Generated bad input through the CLI's entry point, in-process: whatever the malformed snapshot,
 * policy, CloudTrail file or flag, the answer is exit 2, a message naming the place, no stack trace,
 * nothing on stdout and nothing written under --out.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/program';
import { encodeSnapshot } from '../../lib/model/snapshot-file';
import { snapshot } from '../../lib/model/builders';

const dir = mkdtempSync(join(tmpdir(), 'vmaudit-property-'));
let n = 0;
const file = (body: string) => {
  const p = join(dir, `input-${++n}.json`);
  writeFileSync(p, body);
  return p;
};
const goodSnapshot = file(encodeSnapshot(snapshot()).toString('utf8'));

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await runCli(args, (s) => (err += s)), out, err };
  } finally {
    spy.mockRestore();
  }
}

function expectRefused(r: { code: number; out: string; err: string }, place: string | RegExp) {
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(r.err).not.toMatch(/internal error/);
  if (typeof place === 'string') expect(r.err).toContain(place);
  else expect(r.err).toMatch(place);
}

const ARRAYS = ['instances', 'securityGroups', 'networkAcls', 'subnets', 'vpcs', 'volumes', 'trails', 'targets'];
/** A value that is not an array of objects. */
const notAnArray = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }));

describe('generated bad input', () => {
  it('a-snapshot-with-a-broken-inventory-array-names-its-json-path-and-writes-nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ARRAYS), notAnArray, async (key, value) => {
        const doc = JSON.parse(encodeSnapshot(snapshot()).toString('utf8'));
        doc[key] = value;
        const out = mkdtempSync(join(dir, 'out-'));
        const r = await cli(['evaluate', file(JSON.stringify(doc)), '--out', out]);
        expectRefused(r, `$.${key}`);
        expect(readdirSync(out).filter((f) => !f.startsWith('.'))).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('a-cloudtrail-file-of-no-records-names-the-file', async () => {
    const noRecords = fc.oneof(
      fc.constant(''),
      fc.jsonValue().filter((v) => v === null || typeof v !== 'object').map((v) => JSON.stringify(v)),
      notAnArray.map((v) => JSON.stringify({ Records: v })),
      fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { minLength: 1, maxLength: 5 }).map((a) => JSON.stringify(a)),
      fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && !/^[\s\d"[{tfn-]/.test(s)),
    );
    await fc.assert(
      fc.asyncProperty(noRecords, async (body) => {
        const f = file(body);
        expectRefused(await cli(['events', f]), f);
      }),
      { numRuns: 60 },
    );
  });

  it('a-policy-that-is-not-a-policy-names-the-file', async () => {
    const badPolicy = fc.oneof(
      fc.dictionary(fc.string({ minLength: 1 }).filter((k) => !['rules', 'frameworks', 'isolation', 'flows', 'access', 'audit', 'response', 'exceptions', 'alerts', 'extends'].includes(k)), fc.jsonValue(), { minKeys: 1, maxKeys: 3 }),
      fc.record({ rules: notAnArray.filter((v) => v !== null && typeof v !== 'object') }),
      fc.record({ exceptions: fc.array(fc.record({ rule: fc.string(), expires: fc.constant('2027-02-30') }), { minLength: 1, maxLength: 2 }) }),
    );
    await fc.assert(
      fc.asyncProperty(badPolicy, async (policy) => {
        const p = file(JSON.stringify(policy));
        expectRefused(await cli(['evaluate', goodSnapshot, '--policy', p, '--out', mkdtempSync(join(dir, 'out-'))]), p);
      }),
      { numRuns: 40 },
    );
  });

  it('a-bad-flag-value-names-the-flag', async () => {
    const junk = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.startsWith('-'));
    const flag = fc.oneof(
      junk.filter((s) => !['critical', 'high', 'medium', 'low', 'info'].includes(s)).map((v) => ['--fail-on', v]),
      junk.filter((s) => !/^\d{12}$/.test(s.trim())).map((v) => ['--account', v]),
      junk.filter((s) => !/^[a-z]{2}(-[a-z0-9]+)+$/.test(s.trim()) || !/\d/.test(s)).map((v) => ['--region', v]),
      junk.filter((s) => Number.isNaN(Date.parse(s)) || !/^\d{4}-/.test(s)).map((v) => ['--at', v]),
      junk.filter((s) => !['critical', 'high', 'medium', 'low', 'info'].includes(s)).map((v) => ['--min-severity', v]),
    );
    const records = file(JSON.stringify({ Records: [{ eventID: 'e1', eventTime: '2026-11-26T10:00:00Z', eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', awsRegion: 'us-east-1', recipientAccountId: '111111111111' }] }));
    await fc.assert(
      fc.asyncProperty(flag, async ([name, value]) => {
        expectRefused(await cli(['events', records, name, value]), name);
      }),
      { numRuns: 60 },
    );
  });
});
