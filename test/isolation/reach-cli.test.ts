/** `vmaudit reach`: the answer, the path or the blocking hop, as text and as JSON. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/program';
import { allEgress, b, estate, tcpFrom, vm } from './support/estate';

const dir = mkdtempSync(join(tmpdir(), 'vmaudit-reach-'));
const file = join(dir, 'snapshot.json');
writeFileSync(
  file,
  JSON.stringify(
    estate({
      securityGroups: [
        b.securityGroup({ groupId: 'sg-dev', egress: [allEgress()] }),
        b.securityGroup({ groupId: 'sg-prod', egress: [allEgress()], ingress: [tcpFrom(5432, '10.0.1.0/24'), tcpFrom(443, '0.0.0.0/0')] }),
      ],
      instances: [
        vm('i-0dev', { zone: 'dev', ip: '10.0.1.10', sgs: ['sg-dev'], name: 'dev\u001b[31mbox' }),
        vm('i-0prod', { zone: 'prod', subnet: 'subnet-2', ip: '10.0.2.20', sgs: ['sg-prod'], publicIp: '54.1.2.3', name: 'prod-db' }),
      ],
    }),
  ),
);

// The same estate with its network ACLs unread: a path through them is possible, not proven.
const unreadNacls = join(dir, 'snapshot-no-nacls.json');
writeFileSync(unreadNacls, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), networkAcls: [] }));

async function reach(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return reachIn(file, ...args);
}

async function reachIn(snapshot: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  try {
    const code = await runCli(['reach', snapshot, ...args], (s) => (err += s));
    return { code, out, err };
  } finally {
    spy.mockRestore();
  }
}

describe('vmaudit reach', () => {
  it('reachable-zone-pair-prints-yes-and-the-explained-path', async () => {
    const r = await reach('--from', 'dev', '--to', 'prod');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Can zone dev reach zone prod on any port?');
    expect(r.out).toContain('YES — reachable on tcp/443, tcp/5432');
    expect(r.out).toMatch(/ok +sg-ingress +sg-prod ingress rule allows tcp\/5432 from 10\.0\.1\.0\/24/);
    expect(r.out).toMatch(/ok +route +rtb-main: 10\.0\.0\.0\/16 is local to vpc-1/);
    expect(r.out).toContain('Against the policy: tcp/443, tcp/5432 is not allowed between these zones.');
  });

  it('blocked-port-prints-no-and-the-blocking-hop', async () => {
    const r = await reach('--from', 'i-0dev', '--to', 'i-0prod', '--port', '22');
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out).toContain('NO — stopped at sg-ingress: no ingress rule of sg-prod allows tcp/22 from 10.0.1.10 (i-0dev)');
    expect(r.out).toMatch(/BLOCK sg-ingress/);
  });

  it('exit-code-is-the-answer-0-yes-1-no-4-unknown-also-with-json', async () => {
    expect((await reach('--from', 'dev', '--to', 'prod', '--port', '5432')).code).toBe(0);
    expect((await reach('--from', 'dev', '--to', 'prod', '--port', '22', '--json')).code).toBe(1);
    const unknown = await reachIn(unreadNacls, '--from', 'dev', '--to', 'prod', '--port', '5432');
    expect(unknown.out).toMatch(/^UNKNOWN/m);
    expect(unknown.code).toBe(4);
    expect((await reachIn(unreadNacls, '--from', 'dev', '--to', 'prod', '--port', '5432', '--json')).code).toBe(4);
  });

  it('json-output-carries-the-verdict-and-the-hops', async () => {
    const r = await reach('--from', 'zone:dev', '--to', 'zone:prod', '--port', '5432', '--json');
    const a = JSON.parse(r.out);
    expect(a.reachable).toBe('yes');
    expect(a.services.sure).toBe('tcp/5432');
    expect(a.paths[0].hops.map((h: { step: string }) => h.step)).toEqual(['sg-egress', 'route', 'nacl-outbound', 'nacl-inbound', 'sg-ingress', 'return-route', 'nacl-return']);
    expect(a.paths[0].source).toMatchObject({ instanceId: 'i-0dev', address: '10.0.1.10' });
  });

  it('internet-source-comes-in-through-the-internet-gateway', async () => {
    const r = await reach('--from', 'internet', '--to', 'prod');
    expect(r.out).toContain('YES — reachable on tcp/443');
    expect(r.out).toMatch(/ok +return-route +rtb-main routes 0\.0\.0\.0\/0 to internet gateway igw-1/);
  });

  it('control-characters-from-tags-are-neutralised-in-text-output', async () => {
    const r = await reach('--from', 'dev', '--to', 'prod');
    expect(r.out).not.toContain('\u001b');
  });

  it.each([
    ['unknown-instance-is-a-usage-error', ['--from', 'i-0nope', '--to', 'prod'], 'instance i-0nope is not in the snapshot'],
    ['unknown-zone-lists-the-zones-present', ['--from', 'qa', '--to', 'prod'], 'zones in the snapshot: dev, prod'],
    ['bad-port-is-a-usage-error', ['--from', 'dev', '--to', 'prod', '--port', 'ssh'], '--port "ssh" is not a port'],
    ['bad-protocol-is-a-usage-error', ['--from', 'dev', '--to', 'prod', '--protocol', 'sctp'], '--protocol "sctp" is not one of tcp, udp, icmp, icmpv6'],
  ])('%s', async (_name, args, message) => {
    const r = await reach(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});
