/**
 * vmaudit's reachability against an independent model: Batfish's AWS scenarios
 * (../shared/oracles/batfish-aws, read in place), imported with `vmaudit import aws-cli`, and every
 * outcome Batfish's own Java tests assert that vmaudit can ask: accepted or denied, and the hop where
 * it is denied. Expectations are restated from expected.md (each case cites the Java test method),
 * never from vmaudit's output.
 *
 * Batfish flows built with getAnyFlow carry no IP protocol: only "all traffic" rules match them. In
 * vmaudit terms that is an IP protocol other than TCP/UDP/ICMP (`other`, here protocol 253, reserved
 * for experiments), which is why most instance-to-instance cases are denied by the destination's SG.
 *
 * Batfish hop → vmaudit hop: a drop at the destination instance (DENIED_IN) is the `sg-ingress` hop;
 * NO_ROUTE / NULL_ROUTED at a subnet, VPC or TGW is the `route` hop, whose text names the TGW hop
 * (attachment → route table → route) that dropped it. Batfish's hop list names the TGWs crossed; the
 * route hop's evidence must name the same TGWs in the same order.
 */
import { sharedPath } from '../support/shared-folder';
import { join } from 'node:path';
import { importAwsCli } from '../../lib/collect/aws-cli/import';
import { InventoryIndex } from '../../lib/engine/inventory-index';
import { IsolationAnalysis } from '../../lib/isolation/analysis';
import { explainPair, type Explanation } from '../../lib/isolation/explain';
import { answerReach } from '../../lib/isolation/query';
import type { Point } from '../../lib/isolation/model';
import type { Protocol } from '../../lib/isolation/services';

const SCENARIOS = sharedPath('oracles', 'batfish-aws', 'scenarios');
const AT = new Date('2026-12-01T00:00:00Z');
/** Batfish's "no IP protocol": matched only by all-traffic rules. */
const ANY: { protocol: Protocol; port: number } = { protocol: 'other', port: 253 };

const cache = new Map<string, IsolationAnalysis>();
function scenario(name: string): IsolationAnalysis {
  let a = cache.get(name);
  if (!a) {
    const { snapshot } = importAwsCli(join(SCENARIOS, name), {}, AT);
    cache.set(name, (a = new IsolationAnalysis(new InventoryIndex(snapshot))));
  }
  return a;
}

/**
 * A copy of the scenario with the NACL AWS creates for every VPC (rules 100 allow all, `*` deny, both
 * directions, IPv4) where the dump has none. Registered under its own name for trace().
 */
function withDefaultNacls(name: string): string {
  const key = `${name}+default-nacls`;
  if (!cache.has(key)) {
    const { snapshot } = importAwsCli(join(SCENARIOS, name), {}, AT);
    const rule = (egress: boolean) => ({ ruleNumber: 100, egress, protocol: '-1', ruleAction: 'allow' as const, cidr: '0.0.0.0/0', fromPort: null, toPort: null, icmpType: null, icmpCode: null });
    for (const v of snapshot.vpcs) {
      if (snapshot.networkAcls.some((a) => a.vpcId === v.vpcId)) continue;
      snapshot.networkAcls.push({ accountId: v.accountId, region: v.region, networkAclId: `acl-default-${v.vpcId}`, vpcId: v.vpcId, isDefault: true, entries: [rule(false), rule(true)], associatedSubnetIds: [], tags: {} });
    }
    cache.set(key, new IsolationAnalysis(new InventoryIndex(snapshot)));
  }
  return key;
}

function point(a: IsolationAnalysis, instanceId: string, ip?: string): Point {
  const eps = a.model.instancesById(instanceId).flatMap((e) => e.endpoints);
  const p = eps.flatMap((e) => e.points).find((x) => ip === undefined || x.ip === ip);
  if (!p) throw new Error(`${instanceId} ${ip ?? ''} is not an endpoint of the imported scenario`);
  return p;
}

/** An instance address by IP (Batfish flows name the destination by address). */
function pointAt(a: IsolationAnalysis, ip: string): Point {
  const p = a.model.endpoints.flatMap((e) => e.points).find((x) => x.ip === ip);
  if (!p) throw new Error(`${ip} is no instance address of the imported scenario`);
  return p;
}

function trace(name: string, from: string, toIp: string, flow = ANY): Explanation {
  const a = scenario(name);
  return explainPair(a.model, point(a, from), pointAt(a, toIp), flow.protocol, flow.port);
}

const tgwsIn = (x: Explanation, step: 'route' | 'return-route' = 'route') => [...(x.hops.find((h) => h.step === step)?.detail ?? '').matchAll(/\btgw-[0-9a-f]{8,17}\b(?=:)/g)].map((m) => m[0]);

/** Batfish DENIED_IN at the destination instance: everything on the way passes, its SG stops the packet. */
function expectDeniedAtDestination(x: Explanation): void {
  expect(x.verdict).toBe('blocked');
  expect(x.decisive?.step).toBe('sg-ingress');
  for (const h of x.hops.filter((h) => h.step === 'route' || h.step === 'nacl-outbound' || h.step === 'nacl-inbound')) expect([h.step, h.verdict]).toEqual([h.step, 'pass']);
}

/** Batfish ACCEPTED for a TCP flow: the class-based answer (what findings use) agrees with the trace. */
function expectAccepted(name: string, from: string, toInstance: string, toIp: string, port: number): Explanation {
  const x = trace(name, from, toIp, { protocol: 'tcp', port });
  expect(x.verdict).toBe('open');
  const r = answerReach(scenario(name), { from, to: toInstance, port, protocol: 'tcp' });
  expect(r.ok && r.answer.reachable).toBe('yes');
  return x;
}

describe('Batfish test-subnet (AwsConfigurationSubnetTest)', () => {
  it('testInstanceToInstance-same-subnet-protocol-unset-is-denied-by-the-destination-sg', () => {
    // expected: Batfish AwsConfigurationSubnetTest.testInstanceToInstance — DENIED_IN at i-07519d6ba3f9497e4
    const x = trace('test-subnet', 'i-08ef86e76fceabd8d', '10.10.1.44');
    expect(x.verdict).toBe('blocked');
    expect(x.decisive?.step).toBe('sg-ingress');
    expect(x.hops.find((h) => h.step === 'route')?.verdict).toBe('skip');
  });
});

describe('Batfish test-public-private-subnet (AwsConfigurationPublicPrivateSubnetTest)', () => {
  it('testFromPrivateToPublicSubnet-private-instance-to-10.0.0.47-is-denied-at-the-public-instance', () => {
    // expected: Batfish AwsConfigurationPublicPrivateSubnetTest.testFromPrivateToPublicSubnet (b) — DENIED_IN
    expectDeniedAtDestination(trace('test-public-private-subnet', 'i-099cf38911942421c', '10.0.0.47'));
  });
  it('testFromPublicToPrivateSubnet-is-denied-at-the-private-instance', () => {
    // expected: Batfish AwsConfigurationPublicPrivateSubnetTest.testFromPublicToPrivateSubnet — DENIED_IN
    expectDeniedAtDestination(trace('test-public-private-subnet', 'i-094a9e5b545a4fde4', '10.0.1.204'));
  });
  it('testFromInternet-tcp-is-denied-at-the-public-instance-sg', () => {
    // expected: Batfish AwsConfigurationPublicPrivateSubnetTest.testFromInternet (a) — DENIED_IN at i-094a9e5b545a4fde4 (protocol unset; the SG admits tcp/22 only, so tcp/80 is denied the same way)
    const r = answerReach(scenario('test-public-private-subnet'), { from: '8.8.8.8/32', to: 'i-094a9e5b545a4fde4', port: 80, protocol: 'tcp' });
    expect(r.ok && r.answer.reachable).toBe('no');
    expect(r.ok && r.answer.blocking?.decisive?.step).toBe('sg-ingress');
  });
});

describe('Batfish test-public-subnet (AwsConfigurationPublicSubnetTest)', () => {
  it('testFromInternetToValidPublicIp-tcp-80-is-denied-at-the-instance-sg', () => {
    // expected: Batfish AwsConfigurationPublicSubnetTest.testFromInternetToValidPublicIp — DENIED_IN at i-06669a407b2ef3ae5
    const r = answerReach(scenario('test-public-subnet'), { from: '8.8.8.8/32', to: 'i-06669a407b2ef3ae5', port: 80, protocol: 'tcp' });
    expect(r.ok && r.answer.reachable).toBe('no');
    expect(r.ok && r.answer.blocking?.decisive?.step).toBe('sg-ingress');
    // The packet got past the IGW route and the NACL: the public address, route back and NACL passed.
    expect(r.ok && r.answer.blocking?.hops.filter((h) => h.step !== 'sg-ingress' && h.step !== 'nacl-return').map((h) => h.verdict)).toEqual(['pass', 'pass', 'pass']);
  });
});

describe('Batfish test-vpc-peering (AwsConfigurationVpcPeeringTest)', () => {
  it('testFromAtoB-over-the-peering-is-denied-at-b', () => {
    // expected: Batfish AwsConfigurationVpcPeeringTest.testFromAtoB — DENIED_IN at i-0b14080af811fda3d
    expectDeniedAtDestination(trace('test-vpc-peering', 'i-06ba034d88c84ef07', '192.168.1.106'));
  });
  it('testFromBtoA-over-the-peering-is-denied-at-a', () => {
    // expected: Batfish AwsConfigurationVpcPeeringTest.testFromBtoA — DENIED_IN at i-06ba034d88c84ef07
    expectDeniedAtDestination(trace('test-vpc-peering', 'i-0b14080af811fda3d', '10.10.10.157'));
  });
});

/**
 * The two multi-account scenarios have no NACL files. Batfish then applies no NACL and answers
 * ACCEPTED; vmaudit answers UNKNOWN, because every subnet has a NACL in AWS ("Each subnet in your VPC
 * must be associated with a network ACL", VPC user guide) and one that was not read may deny. With
 * the NACL AWS gives every new VPC (the default, allowing all traffic both ways) added to a copy of
 * the snapshot, vmaudit agrees with Batfish.
 */
describe('Batfish test-vpc-peering-multi-account (AwsConfigurationVpcPeeringCrossAccountTest)', () => {
  const S = 'test-vpc-peering-multi-account';
  it('testFromAtoB-is-unknown-while-the-nacls-are-unread', () => {
    // expected: Batfish AwsConfigurationVpcPeeringCrossAccountTest.testFromAtoB — ACCEPTED (with no NACL modelled)
    const x = trace(S, 'i-07ae69cc808e8804e', '10.2.1.252', { protocol: 'tcp', port: 22 });
    expect(x.verdict).toBe('unknown');
    expect(x.hops.filter((h) => h.verdict === 'unknown').map((h) => h.step).sort()).toEqual(['nacl-inbound', 'nacl-outbound', 'nacl-return']);
  });
  it('testFromAtoB-tcp-22-across-accounts-is-accepted-with-default-nacls', () => {
    // expected: Batfish AwsConfigurationVpcPeeringCrossAccountTest.testFromAtoB — ACCEPTED
    expectAccepted(withDefaultNacls(S), 'i-07ae69cc808e8804e', 'i-066ce0b1efbb5602c', '10.2.1.252', 22);
  });
  it('testFromBtoA-tcp-22-across-accounts-is-accepted-with-default-nacls', () => {
    // expected: Batfish AwsConfigurationVpcPeeringCrossAccountTest.testFromBtoA — ACCEPTED
    expectAccepted(withDefaultNacls(S), 'i-066ce0b1efbb5602c', 'i-07ae69cc808e8804e', '10.1.1.100', 22);
  });
});

describe('Batfish test-transit-gateway (AwsConfigurationTransitGatewayTest)', () => {
  const S = 'test-transit-gateway';
  it('testFromAtoB-through-the-tgw-is-denied-at-b', () => {
    // expected: Batfish AwsConfigurationTransitGatewayTest.testFromAtoB — DENIED_IN, hops … vpc-0404e08ceddf7f650, tgw-044be4464fcc69aff, vpc-00a31ce9d0c06675c …
    const x = trace(S, 'i-06ba034d88c84ef07', '192.168.1.106');
    expectDeniedAtDestination(x);
    expect(tgwsIn(x)).toEqual(['tgw-044be4464fcc69aff']);
  });
  it('testFromBtoA-through-the-tgw-is-denied-at-a', () => {
    // expected: Batfish AwsConfigurationTransitGatewayTest.testFromBtoA — DENIED_IN
    const x = trace(S, 'i-0b14080af811fda3d', '10.10.10.157');
    expectDeniedAtDestination(x);
    expect(tgwsIn(x)).toEqual(['tgw-044be4464fcc69aff']);
  });
  it('testFromA2toB-from-an-az-without-an-attachment-subnet-is-dropped-at-the-subnet-route', () => {
    // expected: Batfish AwsConfigurationTransitGatewayTest.testFromA2toB — NULL_ROUTED at subnet-0b5b8ddd5a69fcfcd.
    // AWS agrees: "resources in Availability Zones where there is no transit gateway attachment cannot reach the transit gateway" (Transit Gateway guide, VPC attachments).
    const x = trace(S, 'i-075e846ed41670385', '192.168.1.106');
    expect(x.verdict).toBe('blocked');
    expect(x.decisive?.step).toBe('route');
    expect(x.decisive?.detail).toMatch(/no subnet in us-east-2a/);
  });
  it('testFromBtoA2-towards-that-az-is-delivered-and-denied-at-a2', () => {
    // expected: Batfish AwsConfigurationTransitGatewayTest.testFromBtoA2 — DENIED_IN at i-075e846ed41670385 (the AZ rule only affects traffic leaving A2's subnet)
    const x = trace(S, 'i-0b14080af811fda3d', '10.10.20.154');
    expect(x.hops.find((h) => h.step === 'route')?.verdict).toBe('pass');
    expect(x.hops.find((h) => h.step === 'sg-ingress')?.verdict).toBe('block');
    // The reply from A2 cannot reach the TGW either (vmaudit checks both directions; Batfish's one-way trace does not).
    expect(x.hops.find((h) => h.step === 'return-route')?.verdict).toBe('block');
  });
});

describe('Batfish test-transit-gateway-multi-table (AwsConfigurationTransitGatewayMultiTableTest)', () => {
  const S = 'test-transit-gateway-multi-table';
  it('testFromAtoB-via-the-table-associated-with-a-is-denied-at-b', () => {
    // expected: Batfish AwsConfigurationTransitGatewayMultiTableTest.testFromAtoB — DENIED_IN
    const x = trace(S, 'i-06ba034d88c84ef07', '192.168.1.106');
    expectDeniedAtDestination(x);
    expect(x.hops.find((h) => h.step === 'route')?.detail).toContain('tgw-rtb-0fa40c8df355dce6e');
  });
  it('testFromBtoA-via-the-table-associated-with-b-is-denied-at-a', () => {
    // expected: Batfish AwsConfigurationTransitGatewayMultiTableTest.testFromBtoA — DENIED_IN
    const x = trace(S, 'i-0b14080af811fda3d', '10.10.10.157');
    expectDeniedAtDestination(x);
    expect(x.hops.find((h) => h.step === 'route')?.detail).toContain('tgw-rtb-096a7119299ab1c42');
  });
});

describe('Batfish test-transit-gateway-multi-account (AwsConfigurationTransitGatewayMultiAccountTest)', () => {
  // No NACL files here either: see test-vpc-peering-multi-account above.
  const S = 'test-transit-gateway-multi-account';
  it('testFromAtoB-tcp-22-through-a-shared-tgw-is-accepted', () => {
    // expected: Batfish AwsConfigurationTransitGatewayMultiAccountTest.testFromAtoB — ACCEPTED via tgw-0efdeab79e9a8e490
    const x = expectAccepted(withDefaultNacls(S), 'i-0bdf35d561be3d962', 'i-03df168b3f73cc262', '10.2.1.183', 22);
    expect(tgwsIn(x)).toEqual(['tgw-0efdeab79e9a8e490']);
  });
  it('testFromBtoA-tcp-22-through-a-shared-tgw-is-accepted', () => {
    // expected: Batfish AwsConfigurationTransitGatewayMultiAccountTest.testFromBtoA — ACCEPTED
    const x = expectAccepted(withDefaultNacls(S), 'i-03df168b3f73cc262', 'i-0bdf35d561be3d962', '10.1.1.100', 22);
    expect(tgwsIn(x)).toEqual(['tgw-0efdeab79e9a8e490']);
  });
});

describe('Batfish test-transit-gateway-asymmetric-paths (AwsConfigurationTransitGatewayAsymmetricPathsTest)', () => {
  const S = 'test-transit-gateway-asymmetric-paths';
  it('testBatToFish-goes-through-tgwBat-and-is-denied-at-fish', () => {
    // expected: Batfish AwsConfigurationTransitGatewayAsymmetricPathsTest.testBatToFish — DENIED_IN via tgw-01e19888e3ba041ac
    const x = trace(S, 'i-04bbbcaefdd1937f9', '10.2.1.100');
    expectDeniedAtDestination(x);
    expect(tgwsIn(x)).toEqual(['tgw-01e19888e3ba041ac']);
    // The reply takes the other TGW.
    expect(tgwsIn(x, 'return-route')).toEqual(['tgw-0a33c739a4f8978a8']);
  });
  it('testFishToBat-goes-through-tgwFish-and-is-denied-at-bat', () => {
    // expected: Batfish AwsConfigurationTransitGatewayAsymmetricPathsTest.testFishToBat — DENIED_IN via tgw-0a33c739a4f8978a8
    const x = trace(S, 'i-0973ce90749865a7f', '10.1.1.100');
    expectDeniedAtDestination(x);
    expect(tgwsIn(x)).toEqual(['tgw-0a33c739a4f8978a8']);
  });
});

describe('Batfish test-transit-gateway-peering (AwsConfigurationTransitGatewayPeeringTest)', () => {
  const S = 'test-transit-gateway-peering';
  it('testBatToFish-has-no-route-in-tgwBat', () => {
    // expected: Batfish AwsConfigurationTransitGatewayPeeringTest.testBatToFish — NO_ROUTE at tgw-0e20010ebf43d07a2
    const x = trace(S, 'i-08f3abb6471637c66', '192.168.1.100');
    expect(x.decisive?.step).toBe('route');
    expect(x.decisive?.detail).toMatch(/tgw-0e20010ebf43d07a2: from \S+ \(vpc vpc-065ea457071dd67bb\) → tgw-rtb-05d2952671d1f460a: no route to 192\.168\.\d+\.\d+–192\.168\./);
  });
  it('testBat2ToFish-crosses-the-inter-region-peering-and-is-denied-at-fish', () => {
    // expected: Batfish AwsConfigurationTransitGatewayPeeringTest.testBat2ToFish — DENIED_IN, hops … tgw-0e20010ebf43d07a2, tgw-03201f1960ddb0c25, vpc-0ecbcbd110fd839d1 …
    const x = trace(S, 'i-05e25e43074216229', '192.168.1.100');
    expect(x.hops.find((h) => h.step === 'route')?.verdict).toBe('pass');
    expect(tgwsIn(x)).toEqual(['tgw-0e20010ebf43d07a2', 'tgw-03201f1960ddb0c25']);
    expect(x.hops.find((h) => h.step === 'sg-ingress')?.verdict).toBe('block');
  });
  it('testFishToBat-has-no-route-in-tgwFish', () => {
    // expected: Batfish AwsConfigurationTransitGatewayPeeringTest.testFishToBat — NO_ROUTE at tgw-03201f1960ddb0c25
    const x = trace(S, 'i-0afb0a59f6bf36397', '10.10.1.100');
    expect(x.decisive?.step).toBe('route');
    expect(x.decisive?.detail).toMatch(/tgw-03201f1960ddb0c25: from \S+ \(vpc vpc-0ecbcbd110fd839d1\) → tgw-rtb-00be87593fb2cd0ae: no route to 10\.10\.\d+\.\d+–10\.10\./);
  });
  it('testFishToBat2-crosses-the-peering-then-has-no-route-in-tgwBat', () => {
    // expected: Batfish AwsConfigurationTransitGatewayPeeringTest.testFishToBat2 — NO_ROUTE at tgw-0e20010ebf43d07a2 after tgw-03201f1960ddb0c25
    const x = trace(S, 'i-0afb0a59f6bf36397', '10.20.1.100');
    expect(x.decisive?.step).toBe('route');
    expect(x.decisive?.detail).toMatch(/tgw-0e20010ebf43d07a2: from tgw-attach-012e5d602f859dd80 \(peering tgw-03201f1960ddb0c25\) → tgw-rtb-05d2952671d1f460a: no route to 10\.20\.\d+\.\d+–10\.20\./);
  });
});

/**
 * What vmaudit does not ask, and why. None of these may get a confident answer: vmaudit's questions
 * end at an instance address (or start from the internet or an instance), so a destination that is
 * no instance is refused, never answered.
 */
const NOT_MODELLED: { scenario: string; assertion: string; why: string }[] = [
  { scenario: 'test-subnet', assertion: 'testInstanceToOutsideSubnet, testOutsideSubnetToInstance', why: 'destination 10.10.0.1 is no instance / the flow starts at the VPC router; vmaudit has no router-originated flows' },
  { scenario: 'test-public-subnet', assertion: 'testFromInternetToInvalidPublicIp, testFromInternetToPrivateIp, testToInternet, testToInternetInvalidPrivateIp', why: 'destinations that are no instance (the internet, unknown public IPs) and flows starting at a subnet; vmaudit analyses traffic reaching instances' },
  { scenario: 'test-public-private-subnet', assertion: 'testFromPrivateToPublicSubnet (a), testToInternet, testToSite, testFromVgw', why: 'traffic to public IPs of other instances (hairpin through the IGW), to the internet and to the VPN site, and flows starting at the VGW' },
  { scenario: 'test-nat-gateway', assertion: 'all', why: 'NAT gateway sessions and protocol checks are not modelled (the NAT is not an instance)' },
  { scenario: 'test-vpc-peering', assertion: 'testFromAtoUnusedSubnet, testFromBtoUnusedSubnet, testFromBtoUnusedIp', why: 'destinations with no instance (NO_ROUTE / NULL_ROUTED / NEIGHBOR_UNREACHABLE)' },
  { scenario: 'test-vpn-gateway', assertion: 'all', why: 'the on-premises router configuration (Cisco IOS) is not read' },
  { scenario: 'test-vpc-endpoint-gateway, test-vpc-endpoint-interface', assertion: 'all', why: 'VPC endpoints and AWS service prefixes are not endpoints of vmaudit' },
  { scenario: 'test-load-balancer', assertion: 'all', why: 'load balancers and their listeners are not modelled' },
  { scenario: 'test-direct-connect-gateway, test-direct-connect-gateway-multi-region, test-direct-connect-private-vif', assertion: 'all', why: 'Direct Connect gateways and virtual interfaces are not read (their files are not describe-* output vmaudit maps)' },
  { scenario: 'test-multi-account', assertion: 'all', why: 'its assertions are on VPC structure (no traceroute vmaudit can ask)' },
  { scenario: 'test', assertion: 'all', why: 'its assertions are on the ES/RDS security-group model, not on instances' },
];

describe('Batfish assertions vmaudit does not model', () => {
  it.each(NOT_MODELLED.map((n) => [n.scenario, n] as const))('%s-is-listed-with-its-reason', (_s, n) => {
    expect(n.why.length).toBeGreaterThan(20);
  });

  it('a-destination-that-is-no-instance-is-refused-not-answered', () => {
    // expected: Batfish AwsConfigurationVpcPeeringTest.testFromBtoUnusedIp is NEIGHBOR_UNREACHABLE; vmaudit cannot say, so it must not answer yes or no.
    const { snapshot } = importAwsCli(join(SCENARIOS, 'test-vpc-peering'), {}, AT);
    const a = new IsolationAnalysis(new InventoryIndex(snapshot), { extraCidrs: ['10.10.10.11/32'] });
    const r = answerReach(a, { from: 'i-0b14080af811fda3d', to: '10.10.10.11/32' });
    expect(r.ok).toBe(false);
  });
});
