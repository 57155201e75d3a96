import * as z from 'zod';
import { ec2Arn } from '../../model/arn';
import { defineRule, type RuleResult } from '../../engine/rule';
import { accountRef } from '../../rules/resource-refs';
import type { Isolation } from '../../policy/schema';
import { allowedBetween } from '../allowances';
import type { IsolationAnalysis, ZoneCell } from '../analysis';
import { examplePort, explanationEvidence, type Explanation } from '../explain';
import { pathSummary } from '../flows';
import { UNZONED, zoneLabel } from '../model';
import { formatRange, type Protocol, rangeToSet, type ServiceRange, type ServiceSet } from '../services';
import { isolationSeverity, lower, SENSITIVE_PORTS, sensitivePorts } from '../severity';
import { homeAccount, isolationAnalysis, NETWORK_APIS, zonePathRef, zoneRef } from './shared';

const EXAMPLES = 20;

const ARN_KIND: Record<string, string> = {
  'AWS::EC2::SecurityGroup': 'security-group',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::EC2::RouteTable': 'route-table',
  'AWS::EC2::NetworkAcl': 'network-acl',
  'AWS::EC2::Instance': 'instance',
};

function exampleOf(r: ServiceRange): { protocol: Protocol; port: number } {
  const set = rangeToSet(r);
  for (const protocol of ['tcp', 'udp', 'icmp', 'icmpv6', 'other'] as const) {
    const port = examplePort(set, protocol, SENSITIVE_PORTS);
    if (port !== undefined) return { protocol, port };
  }
  return { protocol: 'tcp', port: 0 };
}

/** "tcp/22", "all traffic (includes tcp/22, tcp/3389, …)". */
export function describeServices(r: ServiceRange, sensitive: readonly string[]): string {
  const text = r.protocol === 'all' ? 'all traffic' : formatRange(r);
  const extra = sensitive.filter((p) => p !== text);
  return extra.length ? `${text} (includes ${extra.slice(0, 4).join(', ')}${extra.length > 4 ? ', …' : ''})` : text;
}

function cellResults(analysis: IsolationAnalysis, iso: Isolation, cell: ZoneCell): RuleResult[] {
  const { services: allowed, reasons } = allowedBetween(iso, cell.sourceZone, cell.destinationZone);
  const sure = cell.reach.sure.subtract(allowed);
  const maybe = cell.reach.possible.subtract(cell.reach.sure).subtract(allowed);
  const unzoned = cell.sourceZone === UNZONED || cell.destinationZone === UNZONED;
  const resource = zonePathRef(cell.accountId, cell.region, cell.sourceZone, cell.destinationZone);
  const from = zoneLabel(cell.sourceZone);
  const to = zoneLabel(cell.destinationZone);
  const out: RuleResult[] = [];
  const emit = (set: ServiceSet, status: 'FAIL' | 'UNKNOWN') => {
    for (const r of set.ranges()) {
      const range = rangeToSet(r);
      const ex = exampleOf(r);
      const w: Explanation | undefined = analysis.witness(cell.contributions, ex.protocol, ex.port, status === 'FAIL' ? 'sure' : 'possible');
      let severity = isolationSeverity(range, 'zone');
      if (unzoned) severity = lower(severity);
      const sensitive = sensitivePorts(range);
      const what = describeServices(r, sensitive);
      const untagged = unzoned ? ` Instances without the ${analysis.model.zoneTag} tag cannot be judged against the policy: tag them.` : '';
      const message =
        status === 'FAIL'
          ? `Zone ${from} can reach zone ${to} on ${what}${w ? `: e.g. ${pathSummary(w)}` : ''}.${untagged}`
          : `Zone ${from} may reach zone ${to} on ${what}: ${w?.decisive?.detail ?? 'part of the path could not be read'}.${untagged}`;
      out.push({
        status,
        resource,
        severity,
        detailKey: `${status === 'UNKNOWN' ? 'unknown:' : ''}${formatRange(r)}`,
        message,
        evidence: {
          sourceZone: from,
          destinationZone: to,
          services: formatRange(r),
          ...(sensitive.length ? { sensitivePorts: sensitive } : {}),
          ...(allowed.isEmpty ? {} : { allowedByPolicy: allowed.describe(), allowReasons: reasons }),
          ...(w ? explanationEvidence(w) : {}),
        },
      });
    }
  };
  emit(sure, 'FAIL');
  emit(maybe, 'UNKNOWN');
  return out;
}

export default defineRule({
  id: 'net-zone-isolation',
  title: 'Zones are isolated from each other',
  severity: 'high',
  category: 'isolation',
  resourceType: 'vmaudit::Isolation::ZonePath',
  rationale:
    'The isolation policy says which zones (prod, staging, dev, …) may talk to which, on which ports; everything else must be impossible. ' +
    'A dev VM that can open SSH or a database port on a prod VM is a lateral-movement path an attacker uses after the first foothold. ' +
    'Security groups, NACLs, routes and peering together decide it, so judging one rule at a time (as Prowler or AWS Config do) cannot see it.',
  remediation:
    'Follow the path in the evidence: remove or narrow the security-group rule that admits the source (replace a broad CIDR such as 10.0.0.0/8 with the allowed zone\'s groups), ' +
    'add a NACL deny between the zones\' subnets, or remove the peering route. If the path is intended, add it to isolation.allow in the policy with a reason.',
  params: z.strictObject({}),
  enforces: ['isolation'],
  requires: NETWORK_APIS,
  scope: 'estate',
  *evaluate(ctx) {
    const iso = ctx.policy.isolation;
    if (!iso) {
      for (const t of ctx.inv.targets) {
        yield { status: 'NOT_APPLICABLE', resource: accountRef(t.accountId, t.region), message: 'The policy has no isolation section: no zones to keep apart (add isolation.zoneTag and isolation.zones)' };
      }
      return;
    }
    const analysis = isolationAnalysis(ctx);
    const model = analysis.model;
    const home = homeAccount(ctx);
    const counts = analysis.zoneCounts();
    const declared = new Set(iso.zones);

    // A zone may look empty only because instances could not be read: then absence proves nothing.
    const instanceGaps = ctx.inv.targets.flatMap((t) => ctx.inv.gapsFor(t.accountId, t.region, ['ec2:DescribeInstances']));
    for (const zone of iso.zones) {
      if (!counts.has(zone)) {
        if (instanceGaps.length) {
          yield { status: 'UNKNOWN', severity: 'info', resource: zoneRef(home, 'global', zone), detailKey: 'absent', message: `Zone ${zone}: no analysed instance has the tag ${model.zoneTag}=${zone}, but instances could not be read everywhere (${[...new Set(instanceGaps.map((g) => `${g.accountId}/${g.region} ${g.errorCode}`))].slice(0, 3).join('; ')})`, evidence: { zone, zoneTag: model.zoneTag, coverageGaps: instanceGaps.slice(0, 10) } };
          continue;
        }
        yield { status: 'FAIL', severity: 'info', resource: zoneRef(home, 'global', zone), detailKey: 'absent', message: `Zone ${zone} is declared in the policy but no analysed instance has the tag ${model.zoneTag}=${zone} (a typo in the policy or in the tags?)`, evidence: { zone, zoneTag: model.zoneTag } };
      }
    }
    if (declared.size) {
      for (const [zone, n] of counts) {
        if (zone === UNZONED || declared.has(zone)) continue;
        yield { status: 'FAIL', severity: 'info', resource: zoneRef(home, 'global', zone), detailKey: 'undeclared', message: `${n} instance${n === 1 ? ' has' : 's have'} ${model.zoneTag}=${zone}, a zone the policy does not declare; ${n === 1 ? 'it is' : 'they are'} analysed as a zone of ${n === 1 ? 'its' : 'their'} own`, evidence: { zone, instances: n, declaredZones: iso.zones } };
      }
    }

    // Unzoned instances: reported once per account and region, never silently skipped.
    const unzoned = new Map<string, string[]>();
    for (const i of model.instances) {
      if (i.zone !== UNZONED) continue;
      const k = `${i.instance.accountId}|${i.instance.region}`;
      const list = unzoned.get(k);
      if (list) list.push(i.instance.instanceId);
      else unzoned.set(k, [i.instance.instanceId]);
    }
    for (const [k, ids] of unzoned) {
      const [accountId, region] = k.split('|');
      ids.sort();
      yield {
        status: 'FAIL',
        severity: 'low',
        resource: zoneRef(accountId, region, UNZONED),
        detailKey: 'unzoned',
        message: `${ids.length} instance${ids.length === 1 ? ' has' : 's have'} no ${model.zoneTag} tag, so the isolation policy cannot place ${ids.length === 1 ? 'it' : 'them'}; paths from and to ${ids.length === 1 ? 'it' : 'them'} are reported one severity lower as (unzoned)`,
        evidence: { zoneTag: model.zoneTag, instances: ids.length, examples: ids.slice(0, EXAMPLES) },
      };
    }

    // Zone pairs: one finding per (source zone, destination zone, service range) and destination account/region.
    const failing = new Set<string>();
    for (const cell of analysis.cells()) {
      const results = cellResults(analysis, iso, cell);
      if (results.length) failing.add(`${cell.sourceZone}\u0000${cell.destinationZone}\u0000${cell.accountId}\u0000${cell.region}`);
      yield* results;
    }

    // PASS for every zone pair that is isolated, so an auditor sees what was checked.
    const targetsOfZone = new Map<string, Set<string>>();
    for (const i of model.instances) {
      if (!i.endpoints.length) continue;
      const set = targetsOfZone.get(i.zone) ?? new Set<string>();
      set.add(`${i.instance.accountId}\u0000${i.instance.region}`);
      targetsOfZone.set(i.zone, set);
    }
    const zones = [...targetsOfZone.keys()].sort();
    for (const zd of zones) {
      for (const t of [...targetsOfZone.get(zd)!].sort()) {
        const [accountId, region] = t.split('\u0000');
        for (const zs of zones) {
          if (zs === zd || failing.has(`${zs}\u0000${zd}\u0000${accountId}\u0000${region}`)) continue;
          const { services: allowed } = allowedBetween(iso, zs, zd);
          yield {
            status: 'PASS',
            resource: zonePathRef(accountId, region, zs, zd),
            message: `No instance of zone ${zoneLabel(zs)} can reach zone ${zoneLabel(zd)} in ${accountId}/${region}${allowed.isEmpty ? '' : ` beyond what the policy allows (${allowed.describe()})`}`,
            evidence: { sourceZone: zoneLabel(zs), destinationZone: zoneLabel(zd) },
          };
        }
      }
    }

    // Parts of the network that could not be read: the answer above may miss paths through them.
    const seen = new Set<string>();
    for (const p of [...model.problems, ...model.sgProblems.map((g) => ({ ...g, resourceType: 'AWS::EC2::SecurityGroup', resourceId: g.groupId }))]) {
      const k = `${p.accountId}|${p.region}|${p.resourceId}|${p.message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      yield {
        status: 'UNKNOWN',
        resource: { accountId: p.accountId, region: p.region, type: p.resourceType, id: p.resourceId, arn: ec2Arn(p.accountId, p.region, ARN_KIND[p.resourceType] ?? 'resource', p.resourceId) },
        detailKey: `model:${p.message}`,
        message: p.message,
        evidence: { reason: p.message },
      };
    }
  },
});
