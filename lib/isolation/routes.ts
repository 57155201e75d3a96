/**
 * Route tables with longest-prefix match on address atoms. A route whose destination is a managed
 * prefix list takes part with each CIDR of the list at that CIDR's own length (how AWS matches it);
 * a list that was not collected cannot be matched and is reported as a model problem.
 */
import type { Route, RouteTable } from '../model/types';
import type { AddressSpace } from './addresses';
import { parseCidr } from './addresses';
import type { IntervalSet } from './intervals';

export interface CompiledRoute {
  route: Route;
  /** The CIDR this entry stands for (the route's destination or one CIDR of its prefix list). */
  cidr: string;
  atoms: IntervalSet;
  prefix: number;
}

export class CompiledRouteTable {
  readonly routes: CompiledRoute[] = [];
  readonly problems: string[] = [];
  private readonly memo = new Map<number, CompiledRoute | null>();

  constructor(
    readonly table: RouteTable,
    space: AddressSpace,
    prefixListCidrs: (id: string) => string[] | undefined,
  ) {
    for (const r of table.routes) {
      const cidrs: string[] = [];
      if (r.destination) cidrs.push(r.destination);
      else if (r.destinationPrefixListId) {
        const list = prefixListCidrs(r.destinationPrefixListId);
        if (list) cidrs.push(...list);
        else this.problems.push(`${table.routeTableId}: the route to prefix list ${r.destinationPrefixListId} (target ${r.target.id}) cannot be matched because the prefix list was not collected`);
      }
      for (const cidr of cidrs) {
        const p = parseCidr(cidr);
        const atoms = space.atomsOf(cidr);
        if (!p || !atoms) {
          this.problems.push(`${table.routeTableId}: cannot read route destination ${JSON.stringify(cidr)}; the route is ignored`);
          continue;
        }
        this.routes.push({ route: r, cidr, atoms, prefix: p.prefix });
      }
    }
  }

  get id(): string {
    return this.table.routeTableId;
  }

  /** The route AWS would pick for a destination in `atom`, or undefined when none matches. */
  lookup(atom: number): CompiledRoute | undefined {
    const hit = this.memo.get(atom);
    if (hit !== undefined) return hit ?? undefined;
    let best: CompiledRoute | undefined;
    for (const r of this.routes) {
      if (!r.atoms.has(atom)) continue;
      // On equal prefixes the first listed wins; the local route is listed first by AWS.
      if (!best || r.prefix > best.prefix) best = r;
    }
    this.memo.set(atom, best ?? null);
    return best;
  }

  cuts(): IntervalSet[] {
    return this.routes.map((r) => r.atoms);
  }
}

export function describeRoute(tableId: string, r: CompiledRoute | undefined): Record<string, unknown> {
  if (!r) return { routeTableId: tableId, destination: null, target: null, note: 'no route matches' };
  return {
    routeTableId: tableId,
    destination: r.route.destination ?? `${r.route.destinationPrefixListId} (${r.cidr})`,
    target: r.route.target.id,
    targetKind: r.route.target.kind,
    state: r.route.state,
  };
}
