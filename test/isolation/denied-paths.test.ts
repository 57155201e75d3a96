/**
 * A "not reachable" answer names every setting that blocks the path, not only the first, as AWS's
 * Reachability Analyzer does: a user must know everything that would have to change.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/program';
import { allowAll, b, estate, tcpFrom, vm } from './support/estate';
import { docPage } from '../support/doc-page';

// dev → prod tcp/5432 is stopped three times over: dev's group allows no egress, prod's subnet NACL
// denies the port inbound before its allow-all entry, and prod's group allows 5432 from elsewhere only.
const snap = estate({
  securityGroups: [b.securityGroup({ groupId: 'sg-dev', egress: [] }), b.securityGroup({ groupId: 'sg-prod', ingress: [tcpFrom(5432, '10.9.0.0/16')] })],
  networkAcls: [
    b.networkAcl({ networkAclId: 'acl-dev', isDefault: true, associatedSubnetIds: ['subnet-1'], entries: [allowAll(false), allowAll(true)] }),
    b.networkAcl({
      networkAclId: 'acl-prod',
      isDefault: false,
      associatedSubnetIds: ['subnet-2'],
      entries: [b.naclEntry({ ruleNumber: 50, egress: false, protocol: '6', ruleAction: 'deny', cidr: '10.0.1.0/24', fromPort: 5432, toPort: 5432 }), allowAll(false), allowAll(true)],
    }),
  ],
  instances: [vm('i-0dev', { zone: 'dev', ip: '10.0.1.10', sgs: ['sg-dev'] }), vm('i-0prod', { zone: 'prod', subnet: 'subnet-2', ip: '10.0.2.20', sgs: ['sg-prod'] })],
});
const file = join(mkdtempSync(join(tmpdir(), 'vmaudit-denied-')), 'snapshot.json');
writeFileSync(file, JSON.stringify(snap));

async function reach(...args: string[]): Promise<string> {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  try {
    await runCli(['reach', file, ...args], () => undefined);
    return out;
  } finally {
    spy.mockRestore();
  }
}

describe('denied paths explained in full', () => {
  it('text-lists-every-blocking-setting-in-path-order', async () => {
    const out = await reach('--from', 'i-0dev', '--to', 'i-0prod', '--port', '5432');
    expect(out).toContain('NO — stopped at sg-egress');
    expect(out).toContain('Blocked by 3 settings (each would have to change):');
    expect(out).toMatch(/ {2}1\. sg-egress: .*sg-dev/);
    expect(out).toMatch(/ {2}2\. nacl-inbound: .*acl-prod.*50/);
    expect(out).toMatch(/ {2}3\. sg-ingress: .*sg-prod/);
  });

  it('json-carries-the-blockers-beside-the-decisive-hop', async () => {
    const a = JSON.parse(await reach('--from', 'i-0dev', '--to', 'i-0prod', '--port', '5432', '--json'));
    expect(a.reachable).toBe('no');
    expect(a.blocking.decisive.step).toBe('sg-egress');
    expect(a.blocking.blockers.map((h: { step: string }) => h.step)).toEqual(['sg-egress', 'nacl-inbound', 'sg-ingress']);
  });

  it('a-single-blocker-is-not-repeated-as-a-list', async () => {
    const open = estate({
      securityGroups: [b.securityGroup({ groupId: 'sg-dev', egress: [] }), b.securityGroup({ groupId: 'sg-prod', ingress: [tcpFrom(5432, '10.0.1.0/24')] })],
      instances: [vm('i-0dev', { zone: 'dev', ip: '10.0.1.10', sgs: ['sg-dev'] }), vm('i-0prod', { zone: 'prod', subnet: 'subnet-2', ip: '10.0.2.20', sgs: ['sg-prod'] })],
    });
    writeFileSync(file, JSON.stringify(open));
    const out = await reach('--from', 'i-0dev', '--to', 'i-0prod', '--port', '5432');
    writeFileSync(file, JSON.stringify(snap));
    expect(out).toContain('NO — stopped at sg-egress');
    expect(out).not.toContain('Blocked by');
  });
});

describe('docs/isolation.md', () => {
  it('shows-the-blocked-by-list-exactly-as-vmaudit-reach-prints-it', async () => {
    const out = await reach('--from', 'i-0dev', '--to', 'i-0prod', '--port', '5432');
    const shown = out.split('\n').slice(1, 6).join('\n');
    expect(docPage('isolation.md')).toContain('```text\n' + shown + '\n```');
  });
});
