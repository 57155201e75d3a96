/**
 * The conventions every command shares, in one place so they cannot drift apart: the default output
 * folder, the short flags, the output flags (--json, --quiet, --verbose, --no-color) and the rule
 * selection flags of `scan` and `evaluate` (--checks, --excluded-checks, --services, --severity,
 * --status), named as Prowler names them.
 *
 * Streams: with --json stdout carries the JSON summary only; everything else a person reads (progress,
 * file list, lifecycle line) goes to stderr, so `vmaudit evaluate s.json --json | jq` works.
 * Colour: only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color; FORCE_COLOR
 * turns it on for a pipe.
 */
import { Option, type Command } from 'commander';
import { createColors } from 'picocolors';
import type { Colors } from 'picocolors/types';
import type { Rule } from '../engine/rule';
import { isSeverity, SEVERITIES, type Severity } from '../model/severity';
import { UsageError } from '../errors';
import { FINDING_STATUSES, type FindingStatus } from '../findings/finding';
import { err, errColoured, out, outColoured } from './terminal';

/** One default output folder for every command that writes or reads runs (demo, evaluate, scan, report). */
export const DEFAULT_OUT = 'vmaudit-out';

/** The short flags, one meaning each, on every command that has the long flag. */
export const SHORT = { policy: '-p', out: '-o', quiet: '-q', verbose: '-v', checks: '-c', excludedChecks: '-e', services: '-s' } as const;

export function outOption(cmd: Command, description: string): Command {
  return cmd.option(`${SHORT.out}, --out <dir>`, description, DEFAULT_OUT);
}

export function policyOption(cmd: Command, description = 'policy file (YAML); default: the built-in policy'): Command {
  return cmd.option(`${SHORT.policy}, --policy <file>`, description);
}

export interface OutputFlags {
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  /** false with --no-color (commander's negated flag). */
  color?: boolean;
}

export function outputOptions(cmd: Command, json = 'print a JSON summary on stdout (progress and file list go to stderr)'): Command {
  return cmd
    .option('--json', json)
    .addOption(new Option(`${SHORT.quiet}, --quiet`, 'print nothing but errors (and the JSON with --json)').conflicts('verbose'))
    .option(`${SHORT.verbose}, --verbose`, 'print more: every failing finding, and info-level progress')
    .option('--no-color', 'no colour (also: the NO_COLOR environment variable); colour is used only on a terminal');
}

/** `writeColoured`: the writer that lets colour codes through (the plain one escapes them, like any control). */
export interface OutStream {
  write(s: string): unknown;
  writeColoured?(s: string): unknown;
  isTTY?: boolean;
}

export interface Streams {
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
}

/** The process's streams, through lib/cli/terminal.ts (estate text made inert, a closed pipe a normal end). */
export const processStreams = (): Streams => ({
  stdout: { write: out, writeColoured: outColoured, isTTY: process.stdout.isTTY === true },
  stderr: { write: err, writeColoured: errColoured, isTTY: process.stderr.isTTY === true },
  env: process.env,
});

/** Where a command's output goes, given its flags. */
export interface Terminal {
  /** What a person reads: stdout normally, stderr with --json, nowhere with --quiet. */
  info(s: string): void;
  /** Extra detail, only with --verbose (same stream as info). */
  detail(s: string): void;
  /** The machine-readable result: stdout, only with --json. */
  json(value: unknown): void;
  /** Colours for `info` text (identity functions when colour is off). */
  colors: Colors;
  flags: OutputFlags;
}

export function colorEnabled(flags: OutputFlags, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (flags.color === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function terminalFor(flags: OutputFlags, streams: Streams = processStreams()): Terminal {
  const human = flags.json ? streams.stderr : streams.stdout;
  const coloured = colorEnabled(flags, human, streams.env);
  const emit = coloured && human.writeColoured ? human.writeColoured.bind(human) : human.write.bind(human);
  const write = flags.quiet ? () => undefined : (s: string) => void emit(s);
  return {
    info: write,
    detail: flags.verbose ? write : () => undefined,
    json: (value) => {
      if (flags.json) streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    colors: createColors(coloured),
    flags,
  };
}

// --- rule selection ---------------------------------------------------------------------------

export interface SelectionFlags {
  checks?: string;
  excludedChecks?: string;
  services?: string;
  severity?: string;
  status?: string;
}

export function selectionOptions(cmd: Command): Command {
  return cmd
    .option(`${SHORT.checks}, --checks <ids>`, 'run only these rules (comma-separated rule ids; `vmaudit rules` lists them)')
    .option(`${SHORT.excludedChecks}, --excluded-checks <ids>`, 'run every selected rule but these (comma-separated rule ids)')
    .option(`${SHORT.services}, --services <names>`, 'run only the rules that read these services (comma-separated: ec2, cloudtrail)')
    .option('--severity <levels>', `run only the rules of these severities (comma-separated: ${SEVERITIES.join(', ')})`)
    .option('--status <statuses>', `list only findings with these statuses in the printed summary and --json (comma-separated: ${FINDING_STATUSES.join(', ')}); the files keep every result`);
}

/** `a, b,,c` → ['a', 'b', 'c']; an empty list is a mistake. */
export function parseList(flag: string, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new UsageError(`UsageError: ${flag} is empty: give a comma-separated list.`);
  return [...new Set(items)];
}

/** The AWS services a rule reads, from the APIs it requires (`ec2:DescribeInstances` → ec2). */
export function ruleServices(rule: Rule): string[] {
  return [...new Set(rule.requires.map((a) => a.split(':')[0]))].sort();
}

function unknownIds(flag: string, ids: string[], known: readonly string[]): void {
  const bad = ids.filter((id) => !known.includes(id));
  if (!bad.length) return;
  const hints = bad.map((b) => {
    const near = known.filter((k) => k.includes(b) || b.includes(k)).slice(0, 3);
    return near.length ? `${b} (did you mean ${near.join(', ')}?)` : b;
  });
  throw new UsageError(`UsageError: ${flag}: no rule ${hints.join(', ')}. \`vmaudit rules\` lists the ${known.length} rule ids.`);
}

export interface RuleSelection {
  rules: readonly Rule[];
  /** Rules of the catalogue the command line left out: their earlier findings stay open, unverified. */
  notSelected: string[];
  /** Findings statuses the printed summary lists (undefined: the default view). */
  statuses?: FindingStatus[];
}

/** Applies --checks, --excluded-checks, --services and --severity to the catalogue; validates --status. */
export function selectRules(catalogue: readonly Rule[], flags: SelectionFlags, severityOf: (rule: Rule) => Severity = (r) => r.severity): RuleSelection {
  const ids = catalogue.map((r) => r.id);
  const checks = parseList('--checks', flags.checks);
  const excluded = parseList('--excluded-checks', flags.excludedChecks);
  const services = parseList('--services', flags.services)?.map((s) => s.toLowerCase());
  const severities = parseList('--severity', flags.severity)?.map((s) => s.toLowerCase());
  const statuses = parseList('--status', flags.status)?.map((s) => s.toUpperCase());
  if (checks) unknownIds('--checks', checks, ids);
  if (excluded) unknownIds('--excluded-checks', excluded, ids);
  const knownServices = [...new Set(catalogue.flatMap(ruleServices))].sort();
  const badService = services?.filter((s) => !knownServices.includes(s)) ?? [];
  if (badService.length) throw new UsageError(`UsageError: --services ${badService.join(', ')}: not a service the rules read; use ${knownServices.join(', ')}.`);
  const badSeverity = severities?.filter((s) => !isSeverity(s)) ?? [];
  if (badSeverity.length) throw new UsageError(`UsageError: --severity ${badSeverity.join(', ')}: not a severity; use ${SEVERITIES.join(', ')}.`);
  const badStatus = statuses?.filter((s) => !(FINDING_STATUSES as readonly string[]).includes(s)) ?? [];
  if (badStatus.length) throw new UsageError(`UsageError: --status ${badStatus.join(', ')}: not a status; use ${FINDING_STATUSES.join(', ')}.`);

  const rules = catalogue.filter(
    (r) =>
      (!checks || checks.includes(r.id)) &&
      !(excluded ?? []).includes(r.id) &&
      (!services || ruleServices(r).some((s) => services.includes(s))) &&
      (!severities || severities.includes(severityOf(r))),
  );
  if (!rules.length) throw new UsageError('UsageError: --checks, --excluded-checks, --services and --severity together leave no rule to run.');
  const kept = new Set(rules.map((r) => r.id));
  return { rules, notSelected: ids.filter((id) => !kept.has(id)), ...(statuses ? { statuses: statuses as FindingStatus[] } : {}) };
}
