/**
 * The isolation analysis on a Transit Gateway hub-and-spoke estate (lib/demo/tgw-estate.ts): 200 VPCs
 * around one TGW, segmented in its route tables alone, so every cross-VPC path goes through TGW
 * route-table lookups (attachment → associated table → longest prefix → next attachment). Measures
 * the model, the zone matrix and exposure, and the three isolation rules end to end.
 *
 * Registered in bench/suites/index.ts; also runs alone, without the harness:
 *   npx ts-node --transpile-only bench/suites/isolation-tgw.ts 50000
 */
import { evaluate } from '../../lib/engine/evaluate';
import { InventoryIndex } from '../../lib/engine/inventory-index';
import { IsolationAnalysis } from '../../lib/isolation/analysis';
import { ISOLATION_RULES } from '../../lib/isolation/rules';
import { PolicySchema } from '../../lib/policy/schema';
import { tgwHubEstate } from '../../lib/demo/tgw-estate';
import { NOW } from '../estate';
import type { BenchSuite } from '../suite';
import { runStandalone } from '../standalone';

const VPCS = 200;

/** Zones as the estate tags them; prod and dev may reach shared on 443, which the TGW tables allow. */
const POLICY = PolicySchema.parse({
  frameworks: ['vmaudit'],
  isolation: { zoneTag: 'Environment', zones: ['prod', 'dev', 'shared'], allow: [{ from: '*', to: 'shared', ports: ['tcp/443'] }] },
  flows: [{ action: 'deny', source: 'zone:dev', destination: 'zone:prod' }],
});

const suite: BenchSuite = {
  name: 'isolation-tgw',
  description: `isolation analysis and the three net-* rules on a TGW hub-and-spoke estate (${VPCS} VPCs, segmentation in the TGW route tables)`,
  unit: 'instances',
  sizes: [1000, 10000, 50000],
  quickSizes: [500, 2000],
  primary: 'isolation rules',
  targets: [{ label: 'isolation rules', size: 50000, maxMedianMs: 3000, maxPeakRssMiB: 1024, maxGrowthPerTenfold: 1.2 }],
  async run(size, ctx) {
    const snapshot = await ctx.measure('generate estate', () => tgwHubEstate({ vpcs: VPCS, instances: size }), { runs: 1, warmup: 0 });
    ctx.note('vpcs', snapshot.vpcs.length);
    ctx.note('tgwAttachments', snapshot.transitGatewayAttachments.length);
    const analysis = await ctx.measure('analysis (model, zone matrix, exposure)', () => {
      const a = new IsolationAnalysis(new InventoryIndex(snapshot), { zoneTag: 'Environment' });
      a.cells();
      a.exposures();
      return a;
    });
    ctx.note('endpoints', analysis.model.endpoints.length);
    ctx.note('zoneCells', analysis.cells().length);
    const result = await ctx.measure('isolation rules', () => evaluate(snapshot, POLICY, { rules: ISOLATION_RULES, now: NOW }));
    const count = (rule: string, status: string) => result.findings.filter((f) => f.ruleId === rule && f.status === status).length;
    ctx.note('findings', result.findings.length);
    ctx.note('zoneFail', count('net-zone-isolation', 'FAIL'));
    ctx.note('flowFail', count('net-flow-intent', 'FAIL'));
    ctx.note('unknown', result.findings.filter((f) => f.status === 'UNKNOWN').length);
  },
};

export default suite;

// Inside the harness's esbuild bundle every module is `require.main`: the file name tells them apart.
if (require.main === module && /isolation-tgw\.ts$/.test(process.argv[1] ?? '')) runStandalone(suite, 10000);
