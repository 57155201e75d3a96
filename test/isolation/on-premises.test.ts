/**
 * On-premises as an endpoint, like the internet: clients behind a VPN gateway or a transit gateway's
 * VPN attachment, with the addresses the destination's own route table sends there.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/program';
import { tgwHubEstate } from '../../lib/demo/tgw-estate';
import type { Snapshot } from '../../lib/model/types';
import { allEgress, b, estate, localRoutes, tcpFrom, vm } from './support/estate';

const dir = mkdtempSync(join(tmpdir(), 'vmaudit-onprem-'));
const save = (name: string, snap: Snapshot) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(snap));
  return p;
};

async function reach(file: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  try {
    return { code: await runCli(['reach', file, ...args], (s) => (err += s)), out, err };
  } finally {
    spy.mockRestore();
  }
}

// A VPC with a virtual private gateway: 172.16.0.0/12 is on-premises; prod admits 5432 from it.
const vgw = save(
  'vgw.json',
  estate({
    routeTables: [b.routeTable({ routeTableId: 'rtb-main', routes: [...localRoutes(), { destination: '172.16.0.0/12', target: { kind: 'vgw', id: 'vgw-0office' } }, { destination: '0.0.0.0/0', target: { kind: 'igw', id: 'igw-1' } }] })],
    securityGroups: [b.securityGroup({ groupId: 'sg-prod', egress: [allEgress()], ingress: [tcpFrom(5432, '172.16.0.0/12'), tcpFrom(22, '10.0.0.0/16')] })],
    instances: [vm('i-0prod', { zone: 'prod', subnet: 'subnet-2', ip: '10.0.2.20', sgs: ['sg-prod'] })],
  }),
);

describe('reach --from on-premises', () => {
  it('through-a-virtual-private-gateway-the-path-names-the-gateway-both-ways', async () => {
    const r = await reach(vgw, '--from', 'on-premises', '--to', 'i-0prod');
    expect(r.out).toContain('Can on-premises networks reach i-0prod on any port?');
    expect(r.out).toContain('YES — reachable on tcp/5432');
    expect(r.out).toMatch(/on-premises client 172\.16\.0\.0 \(from on-premises\)/);
    expect(r.out).toMatch(/ok +route +vgw-0office delivers traffic from on-premises into vpc-1/);
    expect(r.out).toMatch(/ok +sg-ingress +sg-prod ingress rule allows tcp\/5432 from 172\.16\.0\.0\/12/);
    expect(r.out).toMatch(/ok +return-route +reply: rtb-main routes 172\.16\.0\.0\/12 to virtual private gateway vgw-0office \(on-premises\)/);
    expect(r.out).toContain("What the on-premises network itself sends or filters is not in AWS's inventory.");
  });

  it('a-private-cidr-without-instances-is-read-as-on-premises-within-it', async () => {
    const r = await reach(vgw, '--from', '172.16.5.0/24', '--to', 'i-0prod', '--port', '5432');
    expect(r.code).toBe(0);
    expect(r.out).toContain('YES — reachable on tcp/5432');
    expect(r.out).toMatch(/on-premises client 172\.16\.5\.0 \(from 172\.16\.5\.0\/24\)/);
  });

  it('a-range-the-route-table-does-not-send-on-premises-is-not-reachable-and-says-why', async () => {
    const r = await reach(vgw, '--from', '192.168.0.0/16', '--to', 'i-0prod', '--port', '5432');
    expect(r.out).toContain('NO — stopped at route');
    expect(r.out).toMatch(/192\.168\.0\.0 is not on-premises as rtb-main sees it: rtb-main routes 0\.0\.0\.0\/0 to igw igw-1, not on-premises/);
  });

  it('a-port-the-security-group-admits-only-from-the-vpc-is-blocked-at-sg-ingress', async () => {
    const r = await reach(vgw, '--from', 'on-premises', '--to', 'i-0prod', '--port', '22');
    expect(r.out).toMatch(/NO — stopped at sg-ingress: no ingress rule of sg-prod allows tcp\/22 from 172\.16\.0\.0 \(on-premises\)/);
  });
});

describe('on-premises through a transit gateway VPN attachment', () => {
  // The hub: every TGW table sends 192.168.0.0/16 to the VPN attachment, which is associated with
  // tgw-rtb-shared (every VPC's routes). Security groups admit 443 from 10.0.0.0/8 only.
  const hub = tgwHubEstate({ vpcs: 3, instances: 6 });

  it('the-vpn-side-reaches-nothing-while-the-groups-admit-only-10-8', async () => {
    const r = await reach(save('hub.json', hub), '--from', 'on-premises', '--to', 'i-00000000000000001', '--port', '443');
    expect(r.out).toMatch(/NO — stopped at sg-ingress: no ingress rule of sg-00000000000000001 allows tcp\/443 from 192\.168\.0\.0 \(on-premises\)/);
  });

  it('a-group-open-to-the-office-range-is-reached-and-every-tgw-hop-is-named', async () => {
    const open = structuredClone(hub);
    open.securityGroups[1].ingress.push({ protocol: 'tcp', fromPort: 22, toPort: 22, peer: { kind: 'cidr4', cidr: '192.168.0.0/16' } });
    const r = await reach(save('hub-open.json', open), '--from', 'on-premises', '--to', 'i-00000000000000001');
    expect(r.out).toContain('YES — reachable on tcp/22');
    expect(r.out).toContain('tgw-0hub: from tgw-attach-0vpn (vpn vpn-0onprem) → tgw-rtb-shared: 10.1.0.0/16 (propagated) → tgw-attach-00000000000000001 (vpc vpc-00000000000000001)');
    expect(r.out).toMatch(/return-route +reply: rtb-00000000000000001 routes 192\.168\.0\.0\/16 to transit gateway tgw-0hub; tgw-0hub: from tgw-attach-00000000000000001 .* → tgw-rtb-prod: 192\.168\.0\.0\/16 \(static\) → tgw-attach-0vpn \(vpn vpn-0onprem\) \(on-premises\)/);
  });

  it('json-marks-the-source-as-on-premises', async () => {
    const open = structuredClone(hub);
    open.securityGroups[1].ingress.push({ protocol: 'tcp', fromPort: 22, toPort: 22, peer: { kind: 'cidr4', cidr: '192.168.0.0/16' } });
    const a = JSON.parse((await reach(save('hub-open2.json', open), '--from', 'on-prem', '--to', 'i-00000000000000001', '--port', '22', '--json')).out);
    expect(a.reachable).toBe('yes');
    expect(a.from.kind).toBe('on-premises');
    expect(a.paths[0].source).toMatchObject({ origin: 'on-premises', address: '192.168.0.0' });
  });
});
