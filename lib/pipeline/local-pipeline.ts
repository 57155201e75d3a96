/**
 * The scheduled pipeline run in one process, as the state machine runs it: BuildTargets → each target
 * through CollectTarget (a failure after the retries leaves a gap record, as the state machine's catch
 * does) → Publish. `npm run invoke -- pipeline` uses it against an AWS endpoint or emulator; the
 * pipeline tests use it with mocked clients.
 */
import { mapLimit } from '../collect/concurrency';
import type { Target } from '../model/types';
import type { RunStore } from '../storage/store';
import type { TargetsEvent } from './build-targets';
import type { PublishOutput } from './publish-step';
import { parseTargetList, type CollectOutput, type GapRecord, type TargetsOutput } from './run-context';
import { gapKey } from '../layout';

export interface PipelineHandlers {
  targets(event: TargetsEvent): Promise<TargetsOutput>;
  collect(event: unknown): Promise<CollectOutput>;
  publish(event: unknown): Promise<PublishOutput>;
}

export interface PipelineOptions {
  event: TargetsEvent;
  /** Where the state machine would write gap records (the report bucket). */
  store: RunStore;
  /** Collect attempts per target (the state machine retries task failures twice). */
  attempts?: number;
  concurrency?: number;
}

export interface PipelineResult {
  targets: TargetsOutput;
  collected: { target: Target; output?: CollectOutput; failure?: { Error: string; Cause: string } }[];
  published: PublishOutput;
}

export async function runPipeline(h: PipelineHandlers, o: PipelineOptions): Promise<PipelineResult> {
  const planned = await h.targets(o.event);
  const targets = planned.targets ?? parseTargetList(Buffer.from((await o.store.read(planned.targetsKey)) ?? '[]').toString('utf8'), planned.targetsKey);
  const attempts = Math.max(1, o.attempts ?? 3);
  const collected = await mapLimit(targets, o.concurrency ?? 4, async (target) => {
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
      try {
        return { target, output: await h.collect({ run: planned.run, target }) };
      } catch (err) {
        last = err;
      }
    }
    const e = last as Error;
    const failure = { Error: e?.name ?? 'Error', Cause: JSON.stringify({ errorType: e?.name, errorMessage: e?.message }) };
    const record: GapRecord = { run: planned.run, target, failure };
    await o.store.put(gapKey(planned.run.runId, target), JSON.stringify(record));
    return { target, failure };
  });
  const published = await h.publish({ run: planned.run, targetsKey: planned.targetsKey });
  return { targets: planned, collected, published };
}
