/**
 * What passes between the states of the scheduled pipeline. Step Functions payloads stay small
 * (256 KB limit): a run reference, a target, S3 keys; where those keys point is lib/layout.ts.
 */
import { checkRunId } from '../layout';
import { SCANNABLE_REGION } from '../model/formats';
import type { Target } from '../model/types';
import { targetsKey } from '../layout';

const ACCOUNT_ID = /^\d{12}$/;

/** Everything a collect or publish step needs to know about its run. */
export interface RunRef {
  runId: string;
  /** Execution start: the collection time of every target, and the end of the event window. */
  startedAt: string;
  /** The previous published run's start: the event window begins there (minus the overlap). */
  since?: string;
  /** Regions scanned in every account (the trail collector needs them). */
  regions: string[];
}

export interface TargetsOutput {
  run: RunRef;
  targetsKey: string;
  targetCount: number;
  /** The targets inline, for the inline Map (absent when the Distributed Map reads targetsKey). */
  targets?: Target[];
}

export interface CollectInput {
  run: RunRef;
  target: Target;
}

export interface CollectOutput {
  sliceKey: string;
  findingsKey: string;
  findings: number;
  coverageGaps: number;
}

export interface PublishInput {
  run: RunRef;
  targetsKey: string;
}

/** What the state machine writes at `gapKey` when a target failed after its retries. */
export interface GapRecord {
  run?: Partial<RunRef>;
  target?: Partial<Target>;
  failure?: { Error?: string; Cause?: string };
}

export interface LastRun {
  runId: string;
  startedAt: string;
  finishedAt: string;
}

function checkTarget(t: Target): Target {
  if (!ACCOUNT_ID.test(t.accountId) || !SCANNABLE_REGION.test(t.region)) {
    throw new PayloadError(`target ${JSON.stringify(t).slice(0, 120)} is not { accountId: 12 digits, region: like us-east-1 }`);
  }
  return t;
}

/** `2026-11-26T12-00-00Z-3f9c2a1b`: sortable, unique per execution, and the same on every retry of it. */
export function runIdOf(startedAt: string, executionName: string): string {
  const t = Date.parse(startedAt);
  if (Number.isNaN(t)) throw new PayloadError(`startedAt ${JSON.stringify(startedAt)} is not a time`);
  const stamp = new Date(t).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const suffix = executionName.replace(/[^A-Za-z0-9]/g, '').slice(0, 12) || 'run';
  return checkRunId(`${stamp}-${suffix}`);
}

/** The state machine handed a step something it cannot use: a wiring bug, never retried into success. */
export class PayloadError extends Error {
  constructor(message: string) {
    super(`PayloadError: ${message}`);
    this.name = 'PayloadError';
  }
}

type Json = Record<string, unknown>;

function obj(v: unknown, what: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new PayloadError(`${what} must be an object, got ${JSON.stringify(v)?.slice(0, 80)}`);
  return v as Json;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new PayloadError(`${what} must be a non-empty string, got ${JSON.stringify(v)?.slice(0, 80)}`);
  return v;
}

export function parseRunRef(v: unknown): RunRef {
  const o = obj(v, 'run');
  const runId = checkRunId(str(o.runId, 'run.runId'));
  const startedAt = str(o.startedAt, 'run.startedAt');
  if (Number.isNaN(Date.parse(startedAt))) throw new PayloadError(`run.startedAt ${JSON.stringify(startedAt)} is not a time`);
  const since = o.since === undefined || o.since === null ? undefined : str(o.since, 'run.since');
  if (!Array.isArray(o.regions) || !o.regions.every((r) => typeof r === 'string' && SCANNABLE_REGION.test(r))) throw new PayloadError('run.regions must be a list of region names');
  return { runId, startedAt, ...(since ? { since } : {}), regions: o.regions as string[] };
}

export function parseTarget(v: unknown): Target {
  const o = obj(v, 'target');
  return checkTarget({ accountId: str(o.accountId, 'target.accountId'), region: str(o.region, 'target.region') });
}

export function parseCollectInput(v: unknown): CollectInput {
  const o = obj(v, 'collect input');
  return { run: parseRunRef(o.run), target: parseTarget(o.target) };
}

export function parsePublishInput(v: unknown): PublishInput {
  const o = obj(v, 'publish input');
  const run = parseRunRef(o.run);
  const key = str(o.targetsKey, 'targetsKey');
  if (key !== targetsKey(run.runId)) throw new PayloadError(`targetsKey ${JSON.stringify(key)} is not this run's (${targetsKey(run.runId)})`);
  return { run, targetsKey: key };
}

export function parseTargetList(text: string, key: string): Target[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new PayloadError(`${key} is not JSON`);
  }
  if (!Array.isArray(data)) throw new PayloadError(`${key} must hold a JSON array of targets`);
  return data.map(parseTarget);
}
