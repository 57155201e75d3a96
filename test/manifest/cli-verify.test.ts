import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/program';
import { chainOf, runFolder } from './chain-fixture';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string) => {
    out += s;
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await runCli(args, (s) => (err += s));
    return { code, out, err };
  } finally {
    process.stdout.write = write;
  }
}

describe('vmaudit verify', () => {
  it('intact-store-exits-0', async () => {
    const { dir } = await chainOf([1, 2]);
    const r = await cli(['verify', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/OK: .* is intact/);
  });

  it('tampered-store-exits-1-and-names-the-file', async () => {
    const { dir } = await chainOf([1, 2]);
    appendFileSync(join(dir, runFolder(1), 'findings.json'), ' ');
    const r = await cli(['verify', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`TAMPERED altered: ${runFolder(1)}findings.json was altered`);
  });

  it.each([
    ['empty-folder', () => [mkdtempSync(join(tmpdir(), 'vmaudit-none-'))], /No runs found/],
    ['bad-s3-uri', () => ['s3://Bad_Bucket'], /not an S3 location/],
    ['bad-expected-head', () => ['.', '--expect-head', 'abc'], /--expect-head must be a SHA-256/],
  ])('%s-exits-2', async (_n, args, message) => {
    const r = await cli(['verify', ...args()]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('json-output-is-the-full-result', async () => {
    const { dir } = await chainOf([1]);
    const r = await cli(['verify', dir, '--json']);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, chainLength: 1 });
  });
});
