/**
 * The event audit at scale: N CloudTrail events (synthetic: 75% EC2 reads, EC2 writes on instances,
 * console sign-ins with failures, AccessDenied calls, CIS 4.x changes) through every event rule and
 * the access / audit / response policies, in one evaluate() as the scheduled run does it.
 *
 * Registered in bench/suites/index.ts; also runs alone, without the harness:
 *   node --expose-gc -r ts-node/register/transpile-only bench/suites/events.ts 1000000
 */
import { evaluate } from '../../lib/engine/evaluate';
import { syntheticSnapshot } from '../../lib/demo/synthetic';
import { NOW } from '../estate';
import { EVENT_RULES } from '../../lib/events/rules';
import { PolicySchema } from '../../lib/policy/schema';
import type { BenchSuite } from '../suite';
import { runStandalone } from '../standalone';

/** A policy that exercises every event policy kind, including an API-name response (a full scan). */
export const BENCH_POLICY = PolicySchema.parse({
  access: [
    { name: 'prod change control', resource: { tag: 'Environment=prod' }, actions: ['write'], principals: ['arn:aws:iam::*:role/Admin', 'arn:aws:iam::*:role/terraform'] },
    { name: 'no terminations but by Admin', resource: { ids: ['i-*'] }, actions: ['ec2:TerminateInstances', 'ec2:StopInstances'], principals: ['arn:aws:iam::*:role/Admin'] },
  ],
  audit: [{ event: 'console-login', allow: ['arn:aws:iam::*:role/Admin', 'arn:aws:iam::*:user/alice'] }],
  response: [
    { event: 'console-login-failed', threshold: { count: 5, withinMinutes: 10 } },
    { event: 'unauthorized-api-call', threshold: { count: 20, withinMinutes: 5 }, groupBy: 'principal' },
    { event: 'ec2:Terminate*', threshold: { count: 10, withinMinutes: 10 }, groupBy: 'principal' },
  ],
});

export function benchEvents(size: number) {
  return syntheticSnapshot({ instances: Math.min(10_000, Math.ceil(size / 20)), events: size, seed: 7 });
}

const suite: BenchSuite = {
  name: 'events',
  description: 'evaluate(): every event rule (CIS 4.1–4.14, coverage) and access/audit/response policies over N synthetic CloudTrail events',
  unit: 'events',
  sizes: [200_000, 1_000_000],
  quickSizes: [20_000],
  primary: 'evaluate event rules',
  targets: [
    // DESIGN §8 budgets 200,000 events inside the 5 s of a whole evaluation; the events alone must fit.
    { label: 'evaluate event rules', size: 200_000, maxMedianMs: 5000 },
    { label: 'evaluate event rules', size: 1_000_000, maxPeakRssMiB: 1536, maxGrowthPerTenfold: 1.2 },
  ],
  async run(size, ctx) {
    const snapshot = await ctx.measure('generate events', () => benchEvents(size), { runs: 1, warmup: 0 });
    ctx.note('instances', snapshot.instances.length);
    ctx.note('targets', snapshot.targets.length);
    const result = await ctx.measure('evaluate event rules', () => evaluate(snapshot, BENCH_POLICY, { rules: EVENT_RULES, now: NOW }), { runs: 3, warmup: 1 });
    ctx.note('rules', result.rulesRun.length);
    ctx.note('findings', result.findings.length);
    ctx.note('fail', result.findings.filter((f) => f.status === 'FAIL').length);
  },
};

export default suite;

if (require.main === module) runStandalone(suite, 1_000_000);
