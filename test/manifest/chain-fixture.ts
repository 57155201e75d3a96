/** A local store with three published runs (days 1-3), for the verify and storage tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRunStore } from '../../lib/storage/local-store';
import { publishRun } from '../../lib/pipeline/publish-run';
import { PolicySchema } from '../../lib/policy/schema';
import type { Finding } from '../../lib/findings/finding';
import { finding, findingsDoc } from '../support/findings';

export const POLICY = PolicySchema.parse({});

export function runDoc(day: number, findings: Finding[] = [finding({ resourceId: `i-${day}` }), finding({ resourceId: 'i-common' })]) {
  const d = `2026-11-${String(day).padStart(2, '0')}`;
  return findingsDoc(findings, { id: `run-${day}`, startedAt: `${d}T12:00:00.000Z`, finishedAt: `${d}T12:00:05.000Z` });
}

export function runFolder(day: number): string {
  return `runs/2026/11/${String(day).padStart(2, '0')}/run-${day}/`;
}

export async function chainOf(days: number[]): Promise<{ dir: string; store: LocalRunStore }> {
  const dir = mkdtempSync(join(tmpdir(), 'vmaudit-chain-'));
  const store = new LocalRunStore(dir);
  for (const day of days) await publishRun({ document: runDoc(day), policy: POLICY, store });
  return { dir, store };
}
