import * as z from 'zod';
import { defineRule, type RuleResult } from '../../engine/rule';
import type { PolicyDocument } from '../../policy/schema';
import { instanceRef } from '../../rules/resource-refs';
import { internetAllowed } from '../allowances';
import type { InstanceExposure, IsolationAnalysis } from '../analysis';
import { examplePort, explanationEvidence } from '../explain';
import { zoneLabel } from '../model';
import { formatRange, type Protocol, rangeToSet, type ServiceRange } from '../services';
import { isolationSeverity, SENSITIVE_PORTS, sensitivePorts } from '../severity';
import { isolationAnalysis, NETWORK_APIS } from './shared';
import { describeServices } from './net-zone-isolation';

function example(r: ServiceRange): { protocol: Protocol; port: number } {
  const set = rangeToSet(r);
  for (const protocol of ['tcp', 'udp', 'icmp', 'icmpv6', 'other'] as const) {
    const port = examplePort(set, protocol, SENSITIVE_PORTS);
    if (port !== undefined) return { protocol, port };
  }
  return { protocol: 'tcp', port: 0 };
}

function addresses(x: InstanceExposure): string[] {
  const out: string[] = [];
  for (const e of x.endpoints) {
    if (e.family === 4 && e.ep.publicIpv4) out.push(e.ep.publicIpv4);
    if (e.family === 6) out.push(...e.ep.globalIpv6);
  }
  return [...new Set(out)];
}

function* instanceResults(analysis: IsolationAnalysis, policy: PolicyDocument, x: InstanceExposure): Iterable<RuleResult> {
  const entry = analysis.model.instance(x.accountId, x.region, x.instanceId)!;
  const inst = entry.instance;
  const resource = instanceRef(inst);
  const name = inst.tags.Name;
  const label = name ? `${inst.instanceId} (${name})` : inst.instanceId;
  if (!entry.endpoints.length) {
    yield { status: 'UNKNOWN', resource, message: `${label} cannot be analysed: the snapshot holds no subnet or VPC for it`, evidence: { zone: zoneLabel(x.zone) } };
    return;
  }
  const { services: allowed, reasons } = internetAllowed(policy, inst, x.zone);
  const sure = x.reach.sure.subtract(allowed);
  const maybe = x.reach.possible.subtract(x.reach.sure).subtract(allowed);
  const pub = addresses(x);
  const stopped = inst.state === 'stopped' || inst.state === 'stopping' ? ' (stopped now; exposed as soon as it starts)' : '';
  for (const [set, status] of [
    [sure, 'FAIL'],
    [maybe, 'UNKNOWN'],
  ] as const) {
    for (const r of set.ranges()) {
      const range = rangeToSet(r);
      const ex = example(r);
      const w = analysis.internetWitness(x, ex.protocol, ex.port, status === 'FAIL' ? 'sure' : 'possible');
      const sensitive = sensitivePorts(range);
      const sg = w?.hops.find((h) => h.step === 'sg-ingress' && h.verdict === 'pass')?.detail;
      const route = w?.hops.find((h) => h.step === 'return-route' && h.verdict === 'pass')?.detail;
      yield {
        status,
        resource,
        severity: isolationSeverity(range, 'internet'),
        detailKey: `${status === 'UNKNOWN' ? 'unknown:' : ''}${formatRange(r)}`,
        message:
          status === 'FAIL'
            ? `${label} is reachable from the internet on ${describeServices(r, sensitive)} at ${pub.join(', ')}${stopped}${sg ? `: ${sg}` : ''}${route ? `; ${route}` : ''}`
            : `${label} may be reachable from the internet on ${describeServices(r, sensitive)} at ${pub.join(', ')}: ${w?.decisive?.detail ?? 'part of the path could not be read'}`,
        evidence: {
          zone: zoneLabel(x.zone),
          publicAddresses: pub,
          services: formatRange(r),
          ...(sensitive.length ? { sensitivePorts: sensitive } : {}),
          ...(allowed.isEmpty ? {} : { allowedByPolicy: allowed.describe(), allowReasons: reasons }),
          relatedControls: { fsbp: ['EC2.18', 'EC2.19'] },
          ...(w ? explanationEvidence(w) : {}),
        },
      };
    }
  }
  if (sure.isEmpty && maybe.isEmpty) {
    const permitted = x.reach.sure.intersect(allowed);
    let why: string;
    if (!pub.length) why = 'it has no public IPv4 address (or Elastic IP) and no global IPv6 address';
    else if (!permitted.isEmpty) why = `it is reachable only on ${permitted.describe()}, which the policy allows (${reasons.join('; ')})`;
    else {
      const w = analysis.internetWitness(x, 'tcp', 22, 'possible');
      why = `it has a public address (${pub.join(', ')}) but no path from the internet${w?.decisive ? `: ${w.decisive.detail}` : ''}`;
    }
    yield { status: 'PASS', resource, message: `${label} is not exposed to the internet: ${why}`, evidence: { zone: zoneLabel(x.zone), publicAddresses: pub, ...(permitted.isEmpty ? {} : { allowedByPolicy: permitted.describe(), allowReasons: reasons }) } };
  }
}

export default defineRule({
  id: 'net-internet-exposure',
  title: 'Instances are not reachable from the internet except where the policy allows',
  severity: 'high',
  category: 'isolation',
  resourceType: 'AWS::EC2::Instance',
  rationale:
    'An instance is reachable from the internet only when everything lines up: a public IPv4 address or Elastic IP (or a global IPv6 address), a route to an internet gateway, ' +
    'a security group open to 0.0.0.0/0 or ::/0 on the port, and a NACL that lets the request in and the reply out. Checking one of these alone (FSBP EC2.18/EC2.19 look at the security group) ' +
    'reports groups nobody uses and misses why an instance really is open; this rule follows the whole path and names the port. Exposed administration and database ports are critical.',
  remediation:
    'Break the path named in the evidence at the cheapest hop: remove the 0.0.0.0/0 or ::/0 ingress rule (use a load balancer, AWS Systems Manager Session Manager or a VPN for administration), ' +
    'release the Elastic IP or disable auto-assigned public IPs, or move the instance to a private subnet. If the exposure is intended, add it to isolation.internet.allow with a reason.',
  params: z.strictObject({}),
  enforces: ['isolation'],
  requires: NETWORK_APIS,
  scope: 'estate',
  *evaluate(ctx) {
    const analysis = isolationAnalysis(ctx);
    for (const x of analysis.exposures()) yield* instanceResults(analysis, ctx.policy, x);
  },
});
