/**
 * The class-based analysis must give exactly the brute-force answer: on random small estates, for
 * every zone pair, every instance's internet exposure and every flow, and at every probe port.
 * Zones are sometimes one per instance, which makes the zone matrix an instance-pair matrix.
 */
import fc from 'fast-check';
import { InventoryIndex } from '../../lib/engine/inventory-index';
import { IsolationAnalysis } from '../../lib/isolation/analysis';
import { setReach, specPoints, parseSetSpec, externalAtoms } from '../../lib/isolation/sets';
import { ServiceSet } from '../../lib/isolation/services';
import { Oracle, type Probe } from './support/oracle';
import { CIDR4, CLIENTS4, CLIENTS6, estateArb } from './support/random-estate';

const RUNS = Number(process.env.ISOLATION_PROPERTY_RUNS ?? 150);

function has(s: ServiceSet, p: Probe): boolean {
  return s.has(p.protocol, p.port);
}

describe('class-based analysis equals brute force', () => {
  it('zone-matrix-matches-pairwise-oracle', () => {
    fc.assert(
      fc.property(estateArb, ({ snap, probes }) => {
        const a = new IsolationAnalysis(new InventoryIndex(snap));
        const o = new Oracle(snap);
        const zones = [...new Set(o.nics.map((n) => o.zoneOf(n.instance)))];
        for (const zs of zones)
          for (const zd of zones) {
            if (zs === zd) continue;
            let got = ServiceSet.EMPTY;
            let possible = ServiceSet.EMPTY;
            for (const c of a.cells()) if (c.sourceZone === zs && c.destinationZone === zd) (got = got.union(c.reach.sure), (possible = possible.union(c.reach.possible)));
            expect(possible.equals(got)).toBe(true);
            const srcs = snap.instances.filter((i) => o.zoneOf(i) === zs);
            const dsts = snap.instances.filter((i) => o.zoneOf(i) === zd);
            for (const p of probes) {
              const want = srcs.some((s) => dsts.some((d) => o.instanceReach(s, d, p)));
              if (has(got, p) !== want) throw new Error(`${zs || '(unzoned)'} -> ${zd || '(unzoned)'} ${p.protocol}/${p.port}: analysis ${has(got, p)}, oracle ${want}`);
            }
          }
      }),
      { numRuns: RUNS },
    );
  });

  it('internet-exposure-matches-per-instance-oracle', () => {
    fc.assert(
      fc.property(estateArb, ({ snap, probes }) => {
        const a = new IsolationAnalysis(new InventoryIndex(snap));
        const o = new Oracle(snap);
        for (const x of a.exposures()) {
          const inst = snap.instances.find((i) => i.instanceId === x.instanceId && i.accountId === x.accountId)!;
          for (const p of probes) {
            const want = o.exposed(inst, p, CLIENTS4, CLIENTS6);
            if (has(x.reach.sure, p) !== want) throw new Error(`${x.instanceId} ${p.protocol}/${p.port}: analysis ${has(x.reach.sure, p)}, oracle ${want}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('cidr-to-zone-set-reach-matches-oracle-and-never-counts-self-traffic', () => {
    fc.assert(
      fc.property(estateArb, fc.constantFrom(...CIDR4.filter((c) => c.startsWith('10.'))), fc.constantFrom('prod', 'dev', 'shared', 'z0', 'z1'), ({ snap, probes }, cidr, zone) => {
        const a = new IsolationAnalysis(new InventoryIndex(snap), { extraCidrs: [cidr] });
        const o = new Oracle(snap);
        const src = parseSetSpec(cidr, a);
        const dst = parseSetSpec(`zone:${zone}`, a);
        if (typeof src === 'string' || typeof dst === 'string') throw new Error('spec');
        let got = ServiceSet.EMPTY;
        for (const t of setReach(a, specPoints(a, src), specPoints(a, dst), externalAtoms(a, src)).values()) got = got.union(t.reach.sure);
        const inCidr = (addr: string) => src.kind === 'cidr' && a.model.space.atomOf(addr) !== undefined && src.atoms.has(a.model.space.atomOf(addr)!);
        const dsts = snap.instances.filter((i) => o.zoneOf(i) === zone);
        for (const p of probes) {
          const want = snap.instances.some((s) => dsts.some((d) => o.instanceReach(s, d, p, inCidr)));
          if (has(got, p) !== want) throw new Error(`${cidr} -> zone ${zone} ${p.protocol}/${p.port}: analysis ${has(got, p)}, oracle ${want}`);
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
