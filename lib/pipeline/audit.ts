/**
 * One audit of one snapshot: evaluate every selected rule and wrap the findings in the findings.json
 * document. Pure (time and run id come in), shared by the CLI and the Lambdas, so a local
 * `vmaudit evaluate` and the deployed pipeline produce the same findings for the same inventory.
 */
import { createHash } from 'node:crypto';
import { evaluateCompact, withPasses } from '../engine/evaluate';
import type { Rule } from '../engine/rule';
import { findingsDocument, type FindingsDocument } from '../findings/document';
import type { Snapshot } from '../model/types';
import type { PolicyDocument } from '../policy/schema';

export interface AuditOptions {
  rules: readonly Rule[];
  /** The audit's reference time: rule ages and exception expiry are measured against it. */
  now: Date;
  startedAt: Date;
  finishedAt?: Date;
  runId?: string;
  source?: string;
  policySource?: string;
  scopes?: readonly ('target' | 'estate')[];
  /** Catalogue rules a command-line selection left out (recorded so the lifecycle keeps their failures open). */
  rulesNotSelected?: readonly string[];
}

/** `20261126T120000Z-3f9a1c`: sortable by time, unique per snapshot content and policy. */
export function makeRunId(startedAt: Date, salt: string): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${createHash('sha256').update(salt).digest('hex').slice(0, 6)}`;
}

export function auditSnapshot(snapshot: Snapshot, policy: PolicyDocument, o: AuditOptions): FindingsDocument {
  const evaluated = evaluateCompact(snapshot, policy, { rules: o.rules, now: o.now, scopes: o.scopes });
  const { rulesRun } = evaluated;
  const findings = withPasses(evaluated.findings, evaluated.passes);
  const accounts = [...new Set(snapshot.targets.map((t) => t.accountId))].sort();
  const regions = [...new Set(snapshot.targets.map((t) => t.region))].sort();
  // A run of part of the catalogue (--checks …) is another run than the full one of the same second.
  const selection = o.rulesNotSelected?.length ? `|without:${o.rulesNotSelected.join(',')}` : '';
  const runId = o.runId ?? makeRunId(o.startedAt, `${snapshot.generatedAt}|${accounts.join(',')}|${o.source ?? ''}${selection}`);
  return findingsDocument(
    {
      id: runId,
      startedAt: o.startedAt.toISOString(),
      finishedAt: (o.finishedAt ?? o.startedAt).toISOString(),
      accounts,
      regions,
      coverageGaps: snapshot.coverageGaps,
      eventWindows: snapshot.eventWindows,
      source: o.source,
      policy: o.policySource,
      rulesRun,
      ...(o.rulesNotSelected?.length ? { rulesNotSelected: [...o.rulesNotSelected] } : {}),
    },
    findings,
  );
}
