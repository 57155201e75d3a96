/**
 * The isolation analysis on the synthetic estate (SGs = 0.4 × instances, so 20,000 groups at 50,000
 * instances): the network model, the zone × zone reachability on equivalence classes, internet
 * exposure, and the three isolation rules end to end (witness search and explained evidence for
 * every finding, PASS results for every isolated zone pair and every unexposed instance) under the
 * built-in default policy, which declares the zones and one allowance of each kind.
 *
 * Registered in bench/suites/index.ts; also runs alone, without the harness:
 *   npx ts-node --transpile-only bench/suites/isolation.ts 50000
 */
import { evaluate } from '../../lib/engine/evaluate';
import { InventoryIndex } from '../../lib/engine/inventory-index';
import { IsolationAnalysis } from '../../lib/isolation/analysis';
import { groupPoints } from '../../lib/isolation/groups';
import { ISOLATION_RULES } from '../../lib/isolation/rules';
import { PolicySchema } from '../../lib/policy/schema';
import { loadedEstate, NOW } from '../estate';
import type { BenchSuite } from '../suite';
import { runStandalone } from '../standalone';

/** The default policy's isolation section (kept here so the suite does not depend on the policy loader). */
const POLICY = PolicySchema.parse({
  frameworks: ['vmaudit'],
  isolation: {
    zoneTag: 'Environment',
    zones: ['prod', 'staging', 'dev', 'shared'],
    allow: [{ from: '*', to: 'shared', ports: ['tcp/443', 'udp/53'] }],
    internet: { allow: [{ zone: 'prod', tag: 'Role=web', ports: ['tcp/443'] }] },
  },
  flows: [
    { action: 'deny', source: 'zone:dev', destination: 'zone:prod' },
    { action: 'allow', source: 'zone:prod', destination: 'zone:shared', ports: ['tcp/443'] },
  ],
});

const suite: BenchSuite = {
  name: 'isolation',
  description: 'isolation analysis and the three net-* rules, default zones + two flows, synthetic estate (SGs = 0.4 × instances)',
  unit: 'instances',
  sizes: [1000, 10000, 50000],
  quickSizes: [500, 2000],
  primary: 'isolation rules',
  targets: [{ label: 'isolation rules', size: 50000, maxMedianMs: 3000, maxPeakRssMiB: 1024, maxGrowthPerTenfold: 1.2 }],
  async run(size, ctx) {
    const snapshot = await ctx.measure('generate + load estate', () => loadedEstate(size, 0 /* events: the isolation rules read none */), { runs: 1, warmup: 0 });
    ctx.note('securityGroups', snapshot.securityGroups.length);
    ctx.note('subnets', snapshot.subnets.length);
    const analysis = await ctx.measure('analysis (model, zone matrix, exposure)', () => {
      const a = new IsolationAnalysis(new InventoryIndex(snapshot), { zoneTag: 'Environment' });
      a.cells();
      a.exposures();
      return a;
    });
    const points = analysis.model.endpoints.flatMap((e) => e.points);
    const groups = groupPoints(analysis.model, points, (p) => p.ep.zone);
    ctx.note('endpoints', analysis.model.endpoints.length);
    ctx.note('atoms', analysis.model.space.size);
    ctx.note('pointGroups', groups.length);
    ctx.note('classes', groups.reduce((n, g) => n + g.classes.size, 0));
    ctx.note('zoneCells', analysis.cells().length);
    const result = await ctx.measure('isolation rules', () => evaluate(snapshot, POLICY, { rules: ISOLATION_RULES, now: NOW }));
    const count = (rule: string, status: string) => result.findings.filter((f) => f.ruleId === rule && f.status === status).length;
    ctx.note('findings', result.findings.length);
    ctx.note('zoneFail', count('net-zone-isolation', 'FAIL'));
    ctx.note('exposureFail', count('net-internet-exposure', 'FAIL'));
    ctx.note('flowFail', count('net-flow-intent', 'FAIL'));
  },
};

export default suite;

// Inside the harness's esbuild bundle every module is `require.main`: the file name tells them apart.
if (require.main === module && /isolation\.ts$/.test(process.argv[1] ?? '')) runStandalone(suite, 10000);
