/**
 * `vmaudit events … --json | head`: the reader goes away after the first bytes, as `head`, `less` and
 * `grep -m1` do. A closed stdout is a normal end for a CLI: no EPIPE stack trace, no error exit.
 * A real shell pipe into the real binary entry point, because the in-process tests cannot close a pipe.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

it('events-json-piped-into-head-ends-quietly-with-exit-0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmaudit-pipe-'));
  const record = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'cloudtrail', 'stop-logging.json'), 'utf8'));
  // Enough findings that the JSON is far larger than a pipe's buffer (64 KiB on Linux).
  const records = Array.from({ length: 3000 }, (_, i) => ({ ...record, eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
  const input = join(dir, 'records.json');
  writeFileSync(input, JSON.stringify({ Records: records }));
  const cli = `"${process.execPath}" "${require.resolve('ts-node/dist/bin.js')}" --transpile-only bin/vmaudit.ts`;
  const r = spawnSync('bash', ['-c', `${cli} events "${input}" --json --at 2026-11-26T12:00:00Z 2>"${dir}/stderr" | head -c 200 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`], { cwd: root, encoding: 'utf8' });
  expect(r.stdout.trim()).toBe('exit=0');
  expect(readFileSync(join(dir, 'stderr'), 'utf8')).toBe('');
}, 60_000);
