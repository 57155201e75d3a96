/**
 * The engine over the synthetic estate: every rule of the full catalogue (configuration, isolation
 * once registered there, and the CloudTrail event rules over the estate's events) under the built-in default policy
 * (which declares the isolation zones), as `vmaudit evaluate` runs it once the snapshot is loaded.
 * The default policy rather than `PolicySchema.parse({})`: the latter declares no zones, so the
 * isolation rules would have nothing to do and the figure would flatter the engine.
 * Estate per size: SGs = 40% of instances, 4 events per instance (200,000 at 50,000).
 * `evaluateCompact`, as the run uses it: PASS results stay compact rows, expanded only by the writers.
 */
import { evaluateCompact } from '../../lib/engine/evaluate';
import { defaultPolicy } from '../../lib/catalogue/load-policy';
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { loadedEstate, NOW } from '../estate';
import type { BenchSuite } from '../suite';

const suite: BenchSuite = {
  name: 'engine',
  description: 'evaluate(): every rule of lib/catalogue/index.ts, default policy, synthetic estate (SGs = 0.4 × instances, events = 4 × instances)',
  unit: 'instances',
  sizes: [1000, 10000, 50000],
  quickSizes: [500, 2000],
  primary: 'evaluate',
  targets: [{ label: 'evaluate', size: 50000, maxMedianMs: 4000, maxPeakRssMiB: 900, maxGrowthPerTenfold: 1.2 }],
  async run(size, ctx) {
    const snapshot = await ctx.measure('generate + load estate', () => loadedEstate(size), { runs: 1, warmup: 0 });
    ctx.note('securityGroups', snapshot.securityGroups.length);
    ctx.note('events', snapshot.events.length);
    ctx.note('volumes', snapshot.volumes.length);
    const policy = defaultPolicy(FULL_CATALOGUE).policy;
    const result = await ctx.measure('evaluate', () => evaluateCompact(snapshot, policy, { rules: FULL_CATALOGUE, now: NOW }));
    ctx.note('rules', result.rulesRun.length);
    ctx.note('findings', result.findings.length + result.passes.count);
    ctx.note('passCompact', result.passes.count);
  },
};

export default suite;
