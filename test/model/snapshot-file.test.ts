import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SnapshotFileError } from '../../lib/errors';
import { encodeSnapshot, parseSnapshot, readSnapshotFile, writeSnapshotFile } from '../../lib/model/snapshot-file';
import { instance, securityGroup, sgRule, snapshot, trail } from '../../lib/model/builders';

const good = () =>
  snapshot({
    instances: [instance({ instanceId: 'i-1', tags: { Name: '<img src=x onerror=alert(1)>', Environment: 'prod' } })],
    securityGroups: [securityGroup({ ingress: [sgRule({ peer: { kind: 'cidr6', cidr: '::/0' } })] })],
    trails: [trail()],
  });

const goodJson = () => JSON.stringify(good(), null, 2);

function withInstance(patch: Record<string, unknown>): string {
  const doc = JSON.parse(goodJson());
  doc.instances[0] = { ...doc.instances[0], ...patch };
  return JSON.stringify(doc, null, 2);
}

function errorOf(input: string | Uint8Array, name = 'estate.json'): SnapshotFileError {
  try {
    parseSnapshot(input, name);
  } catch (err) {
    if (err instanceof SnapshotFileError) return err;
    throw err;
  }
  throw new Error('expected a SnapshotFileError');
}

const bytes = (...b: number[]) => Uint8Array.from([...b, ...Array(64).fill(0x20)]);

describe('parseSnapshot rejects bad files with a message naming the problem', () => {
  const cases: { name: string; input: string | Uint8Array; path: string; message: RegExp }[] = [
    { name: 'empty-file-is-named-empty', input: new Uint8Array(), path: '(file)', message: /the file is empty/ },
    { name: 'whitespace-only-file', input: '  \n\t ', path: '(file)', message: /only white space/ },
    { name: 'pdf-is-named-pdf', input: Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), path: '(file)', message: /this is a PDF document, not JSON/ },
    { name: 'zip-archive-says-unzip', input: bytes(0x50, 0x4b, 0x03, 0x04), path: '(file)', message: /ZIP archive \(unzip it first/ },
    { name: 'utf16-says-save-as-utf8', input: Buffer.from('\ufeff{"a":1}', 'utf16le'), path: '(file)', message: /UTF-16 text \(save it as UTF-8\)/ },
    { name: 'binary-data', input: bytes(0x01, 0x00, 0x02, 0x00), path: '(file)', message: /binary data/ },
    { name: 'truncated-gzip-says-corrupt', input: gzipSync(goodJson()).subarray(0, 30), path: '(file)', message: /starts like gzip \(1f 8b\) but cannot be decompressed/ },
    { name: 'gzipped-pdf-still-sniffed', input: gzipSync('%PDF-1.4 ...'), path: '(file)', message: /PDF document/ },
    { name: 'yaml-is-named-yaml', input: 'schemaVersion: 1\ntargets: []\n', path: '(file)', message: /looks like YAML/ },
    { name: 'html-is-named-html', input: '<!doctype html><html>', path: '(file)', message: /looks like HTML or XML/ },
    { name: 'invalid-utf8', input: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), path: '(file)', message: /not UTF-8 text/ },
    { name: 'trailing-comma-gives-line-and-column', input: '{\n  "schemaVersion": 1,\n  "targets": [],\n}', path: 'line 3, column 16', message: /trailing comma before '}'/ },
    { name: 'missing-comma-gives-line-and-column', input: '{\n  "schemaVersion": 1\n  "targets": []\n}', path: 'line 3, column 3', message: /expected ',' or '}' after a property value, found '"'/ },
    { name: 'unterminated-string-points-at-its-start', input: '{"schemaVersion": 1, "generatedAt": "2026', path: 'line 1, column 37', message: /unterminated string/ },
    { name: 'truncated-json-says-end-of-file', input: '{"schemaVersion": 1, "targets": [', path: 'line 1, column 34', message: /unexpected end of the file/ },
    { name: 'single-quotes-say-double-quotes', input: "{'schemaVersion': 1}", path: 'line 1, column 2', message: /expected a double-quoted property name/ },
    { name: 'top-level-array-is-not-a-snapshot', input: '[1, 2, 3]', path: '$', message: /expected a JSON object .* got an array \(3 items\)/ },
    { name: 'missing-schema-version-says-which-versions', input: '{"targets": []}', path: '$.schemaVersion', message: /missing: this build of vmaudit reads snapshot schemaVersion 1/ },
    { name: 'findings-json-is-recognised', input: '{"run": {}, "findings": [], "summary": {}}', path: '$', message: /this is a findings file/ },
    { name: 'findings-json-with-its-schema-version-is-recognised', input: '{"schemaVersion": 1, "run": {}, "summary": {}, "findings": []}', path: '$', message: /this is a findings file/ },
    { name: 'newer-schema-version-says-upgrade', input: '{"schemaVersion": 2, "targets": []}', path: '$.schemaVersion', message: /2 was written by a newer vmaudit; this build reads schemaVersion 1/ },
    { name: 'string-schema-version-is-unsupported', input: '{"schemaVersion": "1", "targets": []}', path: '$.schemaVersion', message: /unsupported version "1"; this build reads schemaVersion 1/ },
    { name: 'bad-enum-names-path-expected-and-got', input: withInstance({ metadataOptions: { httpTokens: 'maybe' } }), path: '$.instances[0].metadataOptions.httpTokens', message: /^expected one of optional\|required, got "maybe"$/ },
    { name: 'missing-field-says-missing', input: withInstance({ instanceId: undefined }), path: '$.instances[0].instanceId', message: /^missing \(expected string\)$/ },
    { name: 'wrong-type-says-expected-and-got', input: withInstance({ securityGroupIds: 'sg-1' }), path: '$.instances[0].securityGroupIds', message: /^expected array, got "sg-1"$/ },
    { name: 'bad-account-id-says-12-digits', input: withInstance({ accountId: '1234' }), path: '$.instances[0].accountId', message: /^expected a 12-digit AWS account id, got "1234"$/ },
    { name: 'bad-date-says-iso', input: withInstance({ launchTime: 'yesterday' }), path: '$.instances[0].launchTime', message: /^expected an ISO-8601 date-time of a real day and time, got "yesterday"$/ },
    { name: 'a-day-that-does-not-exist-is-refused-not-rolled-over', input: withInstance({ launchTime: '2026-02-30T00:00:00Z' }), path: '$.instances[0].launchTime', message: /real day and time, got "2026-02-30T00:00:00Z"/ },
    { name: 'a-region-that-is-not-a-region-name', input: withInstance({ region: 'nowhere' }), path: '$.instances[0].region', message: /^expected a region name like us-east-1/ },
    { name: 'a-negative-port-is-refused-not-read-as-all', input: goodJson().replace('"fromPort": 443', '"fromPort": -5'), path: '$.securityGroups[0].ingress[0].fromPort', message: /expected a port 0-65535 or -1 \(all\), got -5/ },
    { name: 'a-port-above-65535', input: goodJson().replace('"toPort": 443', '"toPort": 70000'), path: '$.securityGroups[0].ingress[0].toPort', message: /got 70000/ },
    { name: 'a-reversed-port-range-is-refused-not-swapped', input: goodJson().replace('"fromPort": 443', '"fromPort": 8443'), path: '$.securityGroups[0].ingress[0]', message: /port range 8443-443 is reversed/ },
    { name: 'an-invalid-cidr-names-the-field', input: goodJson().replace('"cidr": "::/0"', '"cidr": "::/999"'), path: '$.securityGroups[0].ingress[0].peer.cidr', message: /expected an IPv6 CIDR/ },
    {
      name: 'a-duplicate-resource-id-in-one-target-is-refused',
      input: (() => {
        const doc = JSON.parse(goodJson());
        doc.instances.push({ ...doc.instances[0] });
        return JSON.stringify(doc);
      })(),
      path: '$.instances[1].instanceId',
      message: /duplicate id "i-1" in \d{12}\/[a-z0-9-]+ \(first at \$\.instances\[0\]\)/,
    },
    { name: 'a-huge-tag-value-is-refused-with-its-path', input: withInstance({ tags: { Name: 'x'.repeat(70_000) } }), path: '$.instances[0].tags.Name', message: /a string of 70000 characters, more than the 65536/ },
    {
      name: 'bad-peer-kind-lists-kinds',
      input: goodJson().replace('"kind": "cidr6"', '"kind": "anywhere"'),
      path: '$.securityGroups[0].ingress[0].peer.kind',
      message: /^expected one of cidr4\|cidr6\|prefixList\|sg, got "anywhere"$/,
    },
    { name: 'misspelt-top-level-key-suggests-the-right-one', input: goodJson().replace('"instances"', '"instaces"'), path: '$.instaces', message: /unknown key \(did you mean "instances"\?\)/ },
    { name: 'hostile-value-is-quoted-and-bounded', input: withInstance({ state: `\u001b[31m${'x'.repeat(200)}` }), path: '$.instances[0].state', message: /got "\\u001b\[31mx{55}…"$/ },
  ];

  it.each(cases)('$name', ({ input, path, message }) => {
    const err = errorOf(input);
    expect(err.file).toBe('estate.json');
    const problem = err.problems.find((p) => p.path === path);
    expect({ path: problem?.path, message: problem?.message }).toEqual({ path, message: expect.stringMatching(message) });
    expect(err.message).toContain('estate.json');
    expect(err.exitCode).toBe(2);
  });

  it('syntax-error-shows-the-line-with-a-caret', () => {
    const err = errorOf('{\n  "schemaVersion": 1\n  "targets": []\n}');
    expect(err.message).toContain('  "targets": []\n        ^');
  });

  it('many-problems-are-all-listed-but-the-message-is-capped', () => {
    const doc = JSON.parse(goodJson());
    doc.instances = Array.from({ length: 30 }, (_, i) => ({ ...doc.instances[0], instanceId: `i-${i}`, state: 'melting' }));
    const err = errorOf(JSON.stringify(doc));
    expect(err.problems).toHaveLength(30);
    expect(err.problems[29].path).toBe('$.instances[29].state');
    expect(err.message).toContain('… and 10 more');
  });
});

describe('parseSnapshot accepts good files', () => {
  it('plain-json-parses-with-defaults-filled', () => {
    const s = parseSnapshot('{"schemaVersion":1,"generatedAt":"2026-11-26T12:00:00Z","targets":[{"accountId":"123456789012","region":"us-east-1"}]}', 'min.json');
    expect(s.instances).toEqual([]);
    expect(s.source).toEqual({ kind: 'file' });
  });
  it('gzip-is-detected-by-magic-bytes-not-by-name', () => {
    expect(parseSnapshot(gzipSync(goodJson()), 'estate.json')).toEqual(good());
  });
  it('utf8-byte-order-mark-is-ignored', () => {
    expect(parseSnapshot(Buffer.from(`\ufeff${goodJson()}`, 'utf8'), 'bom.json')).toEqual(good());
  });
  it('hostile-tag-values-are-kept-verbatim', () => {
    expect(parseSnapshot(goodJson(), 'x.json').instances[0].tags.Name).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('files on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmaudit-snap-'));

  it('missing-file-says-no-such-file', async () => {
    await expect(readSnapshotFile(join(dir, 'nope.json'))).rejects.toThrow(/nope\.json is not a valid vmaudit snapshot[\s\S]*no such file[\s\S]*Check the path/);
  });
  it('directory-says-is-a-directory', async () => {
    await expect(readSnapshotFile(dir)).rejects.toThrow(/is a directory/);
  });

  it.each([
    { name: 'gzip-round-trip', file: 'estate.json.gz', gzipped: true },
    { name: 'plain-round-trip', file: 'estate.json', gzipped: false },
  ])('$name', async ({ file, gzipped }) => {
    const path = join(dir, 'sub', file);
    const written = await writeSnapshotFile(path, good());
    const raw = readFileSync(path);
    expect(raw.length).toBe(written);
    expect(raw[0] === 0x1f && raw[1] === 0x8b).toBe(gzipped);
    expect(await readSnapshotFile(path)).toEqual(good());
    expect(readdirSync(join(dir, 'sub')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('explicit-gzip-option-wins-over-the-name', async () => {
    const path = join(dir, 'forced.json');
    await writeSnapshotFile(path, good(), { gzip: true });
    expect(readFileSync(path).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(await readSnapshotFile(path)).toEqual(good());
  });

  it('invalid-snapshot-is-not-written', async () => {
    const bad = { ...good(), instances: [{ ...good().instances[0], state: 'melting' }] } as unknown as ReturnType<typeof good>;
    const path = join(dir, 'bad.json');
    await expect(writeSnapshotFile(path, bad)).rejects.toThrow(/\$\.instances\[0\]\.state: expected one of pending\|running/);
    expect(readdirSync(dir)).not.toContain('bad.json');
  });

  it('a-corrupt-file-on-disk-names-the-path', async () => {
    const path = join(dir, 'corrupt.json');
    writeFileSync(path, '{"schemaVersion": 1,,}');
    await expect(readSnapshotFile(path)).rejects.toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[\\s\\S]*line 1, column 21`));
  });
});

describe('encodeSnapshot is deterministic', () => {
  it.each([true, false])('same-snapshot-same-bytes (gzip=%s)', (gzip) => {
    expect(encodeSnapshot(good(), { gzip }).equals(encodeSnapshot(good(), { gzip }))).toBe(true);
  });
  it('key-order-of-the-input-does-not-matter', () => {
    const a = good();
    const reversed = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).reverse()) as T;
    const b = { ...reversed(a), instances: a.instances.map((i) => ({ ...reversed(i), tags: reversed(i.tags) })) };
    expect(Object.keys(b)[0]).not.toBe('schemaVersion');
    expect(encodeSnapshot(b).toString()).toBe(encodeSnapshot(a).toString());
  });
  it('schema-version-comes-first', () => {
    expect(encodeSnapshot(good()).toString().startsWith('{\n  "schemaVersion": 1,\n  "generatedAt"')).toBe(true);
  });
});
