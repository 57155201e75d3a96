/**
 * What `evaluate`, `scan` and `demo` share between their flags and the evaluation: the rule selection
 * (--checks, --excluded-checks, --services, --severity), the listing (--status, --verbose), where text
 * goes (--json, --quiet, colour) and the JSON summary printed with --json.
 */
import type { Command } from 'commander';
import { FULL_CATALOGUE } from '../catalogue';
import { ruleSetting } from '../engine/selection';
import { GateFailedError } from '../errors';
import type { FindingStatus } from '../findings/finding';
import type { LoadedPolicy } from '../catalogue/load-policy';
import type { RunEvaluationInput, RunEvaluationResult } from '../pipeline/run-evaluation';
import { outputOptions, selectionOptions, selectRules, terminalFor, type OutputFlags, type RuleSelection, type SelectionFlags, type Streams, type Terminal } from './conventions';

export type AuditFlags = SelectionFlags & OutputFlags;

export const RUN_SUMMARY_KIND = 'vmaudit-run-summary';

/** Adds the selection and output flags of `scan` and `evaluate`. */
export function auditOptions(cmd: Command): Command {
  return outputOptions(selectionOptions(cmd));
}

export interface AuditSetup {
  terminal: Terminal;
  selection: RuleSelection;
  /** The part of RunEvaluationInput the flags decide. */
  input: Pick<RunEvaluationInput, 'rules' | 'rulesNotSelected' | 'listStatuses' | 'colors' | 'stdout'>;
}

/** Flags → the rules to run and where each kind of output goes. Throws a UsageError for a bad list. */
export function auditSetup(flags: AuditFlags, policy: LoadedPolicy, streams?: Streams): AuditSetup {
  const terminal = terminalFor(flags, streams);
  // --severity selects by the severity the policy gives a rule, which is the one its findings carry.
  const selection = selectRules(FULL_CATALOGUE, flags, (r) => ruleSetting(policy.policy, r.id).severity ?? r.severity);
  const listStatuses: FindingStatus[] | undefined = selection.statuses ?? (flags.verbose ? ['FAIL'] : undefined);
  return {
    terminal,
    selection,
    input: {
      rules: selection.rules,
      rulesNotSelected: selection.notSelected,
      listStatuses,
      colors: terminal.colors,
      stdout: terminal.info,
    },
  };
}

/** The --json summary: counts, lifecycle, files, alert and the findings of the --status statuses (default FAIL). */
export function runSummaryJson(result: RunEvaluationResult, selection: RuleSelection, gate?: { failOn?: string }): Record<string, unknown> {
  const doc = result.published.document;
  const statuses = selection.statuses ?? ['FAIL'];
  return {
    kind: RUN_SUMMARY_KIND,
    schemaVersion: 1,
    runId: doc.run.id,
    source: doc.run.source,
    policy: doc.run.policy,
    accounts: doc.run.accounts,
    regions: doc.run.regions,
    rulesRun: doc.run.rulesRun ?? [],
    rulesNotSelected: selection.notSelected,
    summary: doc.summary,
    lifecycle: result.published.changes,
    coverageGaps: doc.run.coverageGaps.length,
    alert: { status: result.published.alertStatus, file: result.alertFile ?? null, findings: result.published.alert?.findingIds.length ?? 0, sent: false },
    gate: gate?.failOn ? { failOn: gate.failOn, failing: result.gateCount, passed: result.gateCount === 0 } : null,
    files: result.files,
    statuses,
    findings: doc.findings
      .filter((f) => (statuses as readonly string[]).includes(f.status))
      .map((f) => ({ id: f.id, ruleId: f.ruleId, status: f.status, severity: f.severity, lifecycle: f.lifecycle, accountId: f.accountId, region: f.region, resourceType: f.resourceType, resourceId: f.resourceId, title: f.title, message: f.message })),
  };
}

/**
 * Runs the evaluation and prints the --json summary, also when --fail-on trips (the reports are
 * written first, so the summary is complete); the gate's exit 1 still follows.
 */
export async function runAudited(setup: AuditSetup, run: () => Promise<RunEvaluationResult>, failOn?: string): Promise<RunEvaluationResult> {
  try {
    const result = await run();
    if (setup.terminal.flags.json) setup.terminal.json(runSummaryJson(result, setup.selection, { failOn }));
    return result;
  } catch (err) {
    if (setup.terminal.flags.json && err instanceof GateFailedError && err.result) setup.terminal.json(runSummaryJson(err.result as RunEvaluationResult, setup.selection, { failOn }));
    throw err;
  }
}
