/**
 * Flow intents (DESIGN §4, `flows:`): `deny` = no address in the source may reach any instance
 * address in the destination on the ports; `allow` = the path must exist. An allow flow is
 * satisfied for a destination instance when every listed port is reachable from at least one source
 * (the usual meaning of "the web tier can reach the database"); it is judged instance by instance,
 * so one broken database is named even when its twins are fine.
 *
 * A CIDR source also stands for clients outside the estate: its public part comes in from the
 * internet (public address, IGW route, SG, NACL). A private CIDR with no collected instance in it
 * (on-premises over VPN, another network) cannot be judged and is UNKNOWN: the way in is not modelled.
 */
import type { Flow } from '../policy/schema';
import { parsePortSpec } from '../policy/ports';
import type { IsolationAnalysis } from './analysis';
import type { Explanation } from './explain';
import type { Instance } from '../model/types';
import type { Point } from './model';
import { intersectReach, NO_REACH, portSpecServices, type Protocol, type Reach, ServiceSet, unionReach } from './services';
import { ClassSide, type EqClass, type PointGroup, sgReach, sideReach } from './groups';
import type { PathResult } from './paths';
import { blockingExplanation, clientText, describeSpec, externalAtoms, externalReach, pairContributions, parseSetSpec, setReach, setWitness, sourceGroups, specPoints, type SetSpec, type TargetReach } from './sets';
import { examplePort } from './explain';
import { SENSITIVE_PORTS } from './severity';

export interface FlowTargetOutcome {
  accountId: string;
  region: string;
  status: 'PASS' | 'FAIL' | 'UNKNOWN';
  /** deny: what gets through; allow: what is missing (union over broken instances). */
  services: ServiceSet;
  message: string;
  explanation?: Explanation;
  /** allow: destination instances missing something, with what they miss. */
  broken?: { instanceId: string; missing: string }[];
  /** Destination instances judged in this account/region. */
  destinations: number;
}

export interface FlowOutcome {
  flow: Flow;
  id: string;
  problem?: string;
  targets: FlowTargetOutcome[];
}

export function flowId(f: Flow): string {
  return f.name ?? `${f.action} ${f.source} -> ${f.destination}`;
}

export function flowServices(f: Flow): ServiceSet {
  let s = ServiceSet.EMPTY;
  for (const p of f.ports) {
    const spec = parsePortSpec(p);
    if (typeof spec !== 'string') s = s.union(portSpecServices(spec));
  }
  return s;
}

function firstPort(s: ServiceSet): { protocol: Protocol; port: number } | undefined {
  for (const protocol of ['tcp', 'udp', 'icmp', 'icmpv6', 'other'] as const) {
    const port = examplePort(s, protocol, SENSITIVE_PORTS);
    if (port !== undefined) return { protocol, port };
  }
  return undefined;
}

function byTarget(points: readonly Point[]): Map<string, { accountId: string; region: string; points: Point[] }> {
  const m = new Map<string, { accountId: string; region: string; points: Point[] }>();
  for (const p of points) {
    const k = `${p.ep.accountId}|${p.ep.region}`;
    let t = m.get(k);
    if (!t) m.set(k, (t = { accountId: p.ep.accountId, region: p.ep.region, points: [] }));
    t.points.push(p);
  }
  return m;
}

export function evaluateFlow(analysis: IsolationAnalysis, flow: Flow): FlowOutcome {
  const id = flowId(flow);
  const src = parseSetSpec(flow.source, analysis);
  const dst = parseSetSpec(flow.destination, analysis);
  if (typeof src === 'string') return { flow, id, problem: `source: ${src}`, targets: [] };
  if (typeof dst === 'string') return { flow, id, problem: `destination: ${dst}`, targets: [] };
  const ports = flowServices(flow);
  const srcPoints = specPoints(analysis, src);
  const dstPoints = specPoints(analysis, dst);
  const ext = externalAtoms(analysis, src);
  if (!dstPoints.length) {
    return {
      flow,
      id,
      targets: [
        {
          accountId: firstAccount(analysis),
          region: 'global',
          status: flow.action === 'deny' ? 'PASS' : 'FAIL',
          services: flow.action === 'deny' ? ServiceSet.EMPTY : ports,
          message:
            flow.action === 'deny'
              ? `Flow "${id}": no analysed instance is in ${describeSpec(dst)}, so nothing there can be reached`
              : `Flow "${id}" is broken: no analysed instance is in ${describeSpec(dst)}, so the required path cannot exist`,
          destinations: 0,
        },
      ],
    };
  }
  if (!srcPoints.length && !ext && src.kind === 'cidr') {
    return { flow, id, problem: `source ${src.cidr} holds no collected instance and no internet address: traffic from it would enter over VPN or Direct Connect; flow intents from on-premises ranges are not evaluated (vmaudit reach --from ${src.cidr} answers the question)`, targets: [] };
  }
  return flow.action === 'deny' ? evaluateDeny(analysis, flow, id, src, srcPoints, dstPoints, ports, ext) : evaluateAllow(analysis, flow, id, src, srcPoints, dstPoints, ports, ext);
}

function firstAccount(analysis: IsolationAnalysis): string {
  return analysis.model.inv.accounts[0] ?? '000000000000';
}

function evaluateDeny(analysis: IsolationAnalysis, flow: Flow, id: string, src: SetSpec, srcPoints: Point[], dstPoints: Point[], ports: ServiceSet, ext: ReturnType<typeof externalAtoms>): FlowOutcome {
  const reached = setReach(analysis, srcPoints, dstPoints, ext);
  const targets: FlowTargetOutcome[] = [];
  for (const t of byTarget(dstPoints).values()) {
    const r: TargetReach | undefined = reached.get(`${t.accountId}|${t.region}`);
    const destinations = new Set(t.points.map((p) => p.ep.instance)).size;
    const sure = (r?.reach.sure ?? ServiceSet.EMPTY).intersect(ports);
    const possible = (r?.reach.possible ?? ServiceSet.EMPTY).intersect(ports);
    const head = `Flow "${id}" (deny ${describeSpec(src)} → ${flow.destination})`;
    if (!possible.isEmpty && r) {
      const bad = sure.isEmpty ? possible : sure;
      const ex = firstPort(bad)!;
      const explanation = setWitness(analysis, r, ex.protocol, ex.port, sure.isEmpty ? 'possible' : 'sure', clientText(src), ext);
      targets.push({
        accountId: t.accountId,
        region: t.region,
        status: sure.isEmpty ? 'UNKNOWN' : 'FAIL',
        services: bad,
        message: sure.isEmpty
          ? `${head} may be violated on ${bad.describe()}: ${explanation?.decisive?.detail ?? 'part of the path could not be read'}`
          : `${head} is violated: ${bad.describe()} get${bad.ranges().length === 1 ? 's' : ''} through${explanation ? ` (e.g. ${pathSummary(explanation)})` : ''}`,
        explanation,
        destinations,
      });
    } else {
      targets.push({ accountId: t.accountId, region: t.region, status: 'PASS', services: ServiceSet.EMPTY, message: `${head} holds for ${destinations} destination instance${destinations === 1 ? '' : 's'}`, destinations });
    }
  }
  return { flow, id, targets };
}

function evaluateAllow(analysis: IsolationAnalysis, flow: Flow, id: string, src: SetSpec, srcPoints: Point[], dstPoints: Point[], ports: ServiceSet, ext: ReturnType<typeof externalAtoms>): FlowOutcome {
  const srcInstances = new Set(srcPoints.map((p) => p.ep.instance));
  const shared = sourceGroups(analysis, srcPoints);
  // Destination instances with the same subnets, groups and address atoms are reached alike: compute once.
  const byInstance = new Map<Instance, Point[]>();
  for (const p of dstPoints) {
    const list = byInstance.get(p.ep.instance);
    if (list) list.push(p);
    else byInstance.set(p.ep.instance, [p]);
  }
  // Per destination address: the sources' groups with an open path to its context, then its own
  // class against each. Memoised by (groups, context, atom) and (groups, subnet, atom): instances
  // that share them are reached alike.
  const openFrom = new Map<string, { g: PointGroup; path: PathResult }[]>();
  const opens = (p: Point) => {
    const k = `${p.ep.net.id}|${p.atom}`;
    let list = openFrom.get(k);
    if (!list) {
      list = [];
      for (const g of shared.main) {
        const path = analysis.paths.get(g.net, g.atom, p.ep.net, p.atom, false);
        if (path.verdict !== 'blocked' && !path.reach.possible.isEmpty) list.push({ g, path });
      }
      openFrom.set(k, list);
    }
    return list;
  };
  const classes = new Map<string, EqClass>();
  const classOf = (p: Point) => {
    let c = classes.get(p.ep.sgKey);
    if (!c) classes.set(p.ep.sgKey, (c = { sgKey: p.ep.sgKey, sgIds: p.ep.sgIds, groups: analysis.model.groupsOf(p.ep), points: [p] }));
    return new ClassSide(c, p.atom, p.ep.net);
  };
  const mainMemo = new Map<string, Reach>();
  const suppMemo = new Map<string, Reach>();
  const pointReach = (p: Point): Reach => {
    const mk = `${p.ep.sgKey}|${p.ep.net.id}|${p.atom}`;
    let main = mainMemo.get(mk);
    if (!main) {
      main = NO_REACH;
      const side = classOf(p);
      // No ingress rule of the class names a required port: no source can help, skip them all.
      const admits = analysis.model.groupsOf(p.ep).some((g) => g.ingress.some((r) => r.svc.overlaps(ports)));
      for (const { g, path } of admits ? opens(p) : []) {
        if (!path.reach.possible.overlaps(ports)) continue;
        const sg = sgReach(g, side);
        if (!sg.possible.isEmpty) main = unionReach(main, intersectReach(sg, path.reach));
        // Only whether the required ports are covered matters: stop as soon as they are.
        if (main.sure.covers(ports)) break;
      }
      mainMemo.set(mk, main);
    }
    const subnet = `${p.ep.accountId}|${p.ep.region}|${p.ep.subnetId}`;
    const sk = `${p.ep.sgKey}|${subnet}|${p.atom}`;
    let supp = suppMemo.get(sk);
    if (!supp) {
      supp = NO_REACH;
      const side = classOf(p);
      for (const g of shared.bySubnet.get(subnet) ?? []) supp = unionReach(supp, sideReach(analysis.paths, g, side, true));
      suppMemo.set(sk, supp);
    }
    return unionReach(main, supp);
  };
  const reachOf = (inst: Instance, pts: Point[]): Reach => {
    let r: Reach = NO_REACH;
    if (srcInstances.has(inst)) {
      // A destination that is also a source: every source but itself.
      for (const c of pairContributions(analysis, sourceGroups(analysis, srcPoints.filter((p) => p.ep.instance !== inst)), pts)) r = unionReach(r, c.reach);
    } else for (const p of pts) r = unionReach(r, pointReach(p));
    if (ext)
      for (const ep of new Set(pts.map((p) => p.ep)))
        for (const family of [4, 6] as const) {
          if (family === 4 ? !ep.publicIpv4 : ep.globalIpv6.length === 0) continue;
          r = unionReach(r, externalReach(analysis, ep, family, ext));
        }
    return r;
  };
  const targets: FlowTargetOutcome[] = [];
  for (const t of byTarget(dstPoints).values()) {
    const broken: { instanceId: string; missing: string; pts: Point[]; miss: ServiceSet }[] = [];
    const unsure: { instanceId: string; missing: string }[] = [];
    const insts = new Map<Instance, Point[]>();
    for (const p of t.points) insts.set(p.ep.instance, byInstance.get(p.ep.instance)!);
    let missingAll = ServiceSet.EMPTY;
    for (const [inst, pts] of insts) {
      const r = reachOf(inst, pts);
      const miss = ports.subtract(r.sure);
      if (miss.isEmpty) continue;
      if (ports.subtract(r.possible).isEmpty) unsure.push({ instanceId: inst.instanceId, missing: miss.describe() });
      else {
        const hard = ports.subtract(r.possible);
        broken.push({ instanceId: inst.instanceId, missing: hard.describe(), pts, miss: hard });
        missingAll = missingAll.union(hard);
      }
    }
    const head = `Flow "${id}" (allow ${describeSpec(src)} → ${flow.destination})`;
    if (broken.length) {
      const first = broken[0];
      const ex = firstPort(first.miss)!;
      const explanation = blockingExplanation(analysis, srcPoints.filter((p) => p.ep.instance !== first.pts[0].ep.instance), first.pts, ex.protocol, ex.port, ext ? { atoms: ext, cidr: clientText(src)! } : undefined);
      targets.push({
        accountId: t.accountId,
        region: t.region,
        status: 'FAIL',
        services: missingAll,
        message: `${head} is broken for ${broken.length} of ${insts.size} destination instance${insts.size === 1 ? '' : 's'}: ${first.instanceId} cannot be reached on ${first.missing}${explanation?.decisive ? ` (${explanation.decisive.detail})` : ''}`,
        explanation,
        broken: broken.map(({ instanceId, missing }) => ({ instanceId, missing })),
        destinations: insts.size,
      });
    } else if (unsure.length) {
      targets.push({ accountId: t.accountId, region: t.region, status: 'UNKNOWN', services: ServiceSet.EMPTY, message: `${head}: ${unsure.length} destination instance${unsure.length === 1 ? '' : 's'} may not be reachable on ${unsure[0].missing}; part of the path could not be read`, broken: unsure, destinations: insts.size });
    } else {
      targets.push({ accountId: t.accountId, region: t.region, status: 'PASS', services: ServiceSet.EMPTY, message: `${head} holds: all ${insts.size} destination instance${insts.size === 1 ? '' : 's'} can be reached on ${ports.describe()}`, destinations: insts.size });
    }
  }
  return { flow, id, targets };
}

/** "i-a → i-b via sg-x ingress rule …" in a few words. */
export function pathSummary(x: Explanation): string {
  const named = (r: { instanceId: string; name?: string }) => (r.name ? `${r.instanceId} (${r.name})` : r.instanceId);
  const src = 'instanceId' in x.source ? named(x.source) : x.source.cidr;
  const via = x.hops.filter((h) => h.step === 'sg-ingress' && h.verdict === 'pass').map((h) => h.detail)[0];
  return `${src} → ${named(x.destination)} on ${x.protocol === 'tcp' || x.protocol === 'udp' ? `${x.protocol}/${x.port}` : x.protocol}${via ? `, ${via}` : ''}`;
}
