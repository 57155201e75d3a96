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
import { evaluateFlow } from '../../lib/isolation/flows';
import { FlowSchema } from '../../lib/policy/schema';
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

  it('allow-flow-broken-destinations-match-oracle', () => {
    const endpoints = fc.constantFrom('zone:prod', 'zone:dev', 'zone:shared', 'zone:z0', 'zone:z1', '10.0.0.0/16', '10.0.1.0/24', '10.0.0.0/8');
    fc.assert(
      fc.property(estateArb, endpoints, fc.nat(), fc.nat(), ({ snap, probes }, source, pickZone, pick) => {
        const zones = [...new Set(snap.instances.map((i) => i.tags.Environment).filter((z): z is string => !!z))].sort();
        if (!zones.length) return;
        const destination = `zone:${zones[pickZone % zones.length]}`;
        const probe = probes.filter((p) => p.protocol === 'tcp' || p.protocol === 'udp')[pick % probes.filter((p) => p.protocol === 'tcp' || p.protocol === 'udp').length];
        const flow = FlowSchema.parse({ action: 'allow', source, destination, ports: [`${probe.protocol}/${probe.port}`] });
        const a = new IsolationAnalysis(new InventoryIndex(snap), { extraCidrs: source.startsWith('10.') ? [source] : [] });
        const o = new Oracle(snap);
        const outcome = evaluateFlow(a, flow);
        // A private source CIDR holding no instance is judged UNKNOWN (traffic would come from outside the estate).
        if (outcome.problem) return expect(outcome.problem).toContain('holds no collected instance');
        const broken = new Set(outcome.targets.flatMap((t) => (t.status === 'FAIL' ? (t.broken ?? []).map((x) => x.instanceId) : [])));
        expect(outcome.targets.every((t) => t.status !== 'UNKNOWN')).toBe(true);
        const zone = destination.slice(5);
        const srcSpec = parseSetSpec(source, a);
        if (typeof srcSpec === 'string') throw new Error(srcSpec);
        const inSrc = (addr: string) => srcSpec.kind !== 'cidr' || srcSpec.atoms.has(a.model.space.atomOf(addr)!);
        const srcs = snap.instances.filter((i) => srcSpec.kind !== 'zone' || o.zoneOf(i) === srcSpec.zone);
        const dsts = snap.instances.filter((i) => o.zoneOf(i) === zone && o.nics.some((n) => n.instance === i && n.addrs.length));
        if (!dsts.length) return;
        for (const d of dsts) {
          const reached = srcs.some((s) => o.instanceReach(s, d, probe, inSrc));
          if (broken.has(d.instanceId) === reached) throw new Error(`${source} -> ${d.instanceId} ${probe.protocol}/${probe.port}: analysis broken=${broken.has(d.instanceId)}, oracle reached=${reached}`);
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
