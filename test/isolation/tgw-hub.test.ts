/**
 * Hub-and-spoke through one transit gateway, segmented in its route tables alone (lib/demo/tgw-estate.ts,
 * also the isolation benchmark's TGW estate): prod and dev cannot reach each other, both reach shared,
 * and the explained path names every TGW hop (attachment → route table → route) in `vmaudit reach`
 * and in the report's evidence.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/program';
import { tgwHubEstate } from '../../lib/demo/tgw-estate';
import { analyse, zoneReach } from './support/estate';

const dir = mkdtempSync(join(tmpdir(), 'vmaudit-tgw-hub-'));
// Instance n lives in VPC n % 5: VPC 0 shared, 1 and 3 prod, 2 and 4 dev; n ≥ 5 are in the second subnets.
const hub = tgwHubEstate({ vpcs: 5, instances: 20 });
const file = join(dir, 'hub.json');
writeFileSync(file, JSON.stringify(hub));

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  try {
    return { code: await runCli(args, () => undefined), out };
  } finally {
    spy.mockRestore();
  }
}

describe('transit gateway hub and spoke', () => {
  it.each([
    ['prod', 'dev', 'nothing'],
    ['dev', 'prod', 'nothing'],
    ['prod', 'shared', 'tcp/443'],
    ['dev', 'shared', 'tcp/443'],
    ['shared', 'prod', 'tcp/443'],
    ['shared', 'dev', 'tcp/443'],
  ])('zone-%s-reaches-zone-%s-on-%s', (from, to, reach) => {
    const a = analyse(hub);
    expect(zoneReach(a, from, to, 'sure')).toBe(reach);
    expect(zoneReach(a, from, to, 'possible')).toBe(reach);
  });

  it('reach-names-the-attachment-the-tgw-route-table-and-the-route-both-ways', async () => {
    const r = await cli(['reach', file, '--from', 'i-00000000000000001', '--to', 'i-00000000000000000', '--port', '443']);
    expect(r.out).toContain('YES — reachable on tcp/443');
    expect(r.out).toContain('from tgw-attach-00000000000000001 (vpc vpc-00000000000000001) → tgw-rtb-prod: 10.0.0.0/16 (propagated) → tgw-attach-00000000000000000 (vpc vpc-00000000000000000)');
    expect(r.out).toContain('from tgw-attach-00000000000000000 (vpc vpc-00000000000000000) → tgw-rtb-shared: 10.1.0.0/16 (propagated) → tgw-attach-00000000000000001 (vpc vpc-00000000000000001)');
  });

  it('prod-to-dev-is-stopped-in-the-tgw-route-table-of-the-prod-attachment', async () => {
    const r = await cli(['reach', file, '--from', 'i-00000000000000001', '--to', 'i-00000000000000002', '--port', '443', '--json']);
    const a = JSON.parse(r.out);
    expect(a.reachable).toBe('no');
    expect(a.blocking.decisive.step).toBe('route');
    expect(a.blocking.decisive.detail).toMatch(/tgw-rtb-prod/);
  });

  it('an-availability-zone-without-an-attachment-subnet-cannot-use-the-tgw', async () => {
    const oneAz = join(dir, 'one-az.json');
    writeFileSync(oneAz, JSON.stringify(tgwHubEstate({ vpcs: 5, instances: 20, oneAzAttachment: true })));
    const r = await cli(['reach', oneAz, '--from', 'i-00000000000000006', '--to', 'i-00000000000000000', '--port', '443']);
    expect(r.out).toContain('has no subnet in us-east-1b (only us-east-1a), so traffic from that Availability Zone cannot reach tgw-0hub');
  });

  it('the-report-explains-a-zone-violation-through-the-tgw-hop-by-hop', async () => {
    const policy = join(dir, 'policy.yaml');
    writeFileSync(policy, 'isolation:\n  zoneTag: Environment\n  zones: [prod, dev, shared]\n');
    const out = join(dir, 'out');
    await cli(['evaluate', file, '--policy', policy, '--out', out]);
    const html = readFileSync(join(out, 'latest', 'report.html'), 'utf8');
    const findings = JSON.parse(readFileSync(join(out, 'latest', 'findings.json'), 'utf8')).findings as { ruleId: string; status: string; evidence: { path?: string[] } }[];
    const zone = findings.filter((f) => f.ruleId === 'net-zone-isolation' && f.status === 'FAIL');
    expect(zone.length).toBeGreaterThan(0);
    expect(zone.some((f) => f.evidence.path?.some((h) => /→ tgw-rtb-(prod|dev|shared): 10\.\d+\.0\.0\/16 \(propagated\) →/.test(h)))).toBe(true);
    expect(html).toMatch(/→ tgw-rtb-(prod|dev|shared): 10\.\d+\.0\.0\/16 \(propagated\) →/);
  });
});
