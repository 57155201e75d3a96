/** The three isolation rules through the engine: statuses, severities, policy allowances and evidence. */
import zoneRule from '../../lib/isolation/rules/net-zone-isolation';
import exposureRule from '../../lib/isolation/rules/net-internet-exposure';
import flowRule from '../../lib/isolation/rules/net-flow-intent';
import { ISOLATION_RULES } from '../../lib/isolation/rules';
import { IsolationAnalysis } from '../../lib/isolation/analysis';
import { evaluate } from '../../lib/engine/evaluate';
import { PolicySchema, type PolicyInput } from '../../lib/policy/schema';
import type { Finding } from '../../lib/findings/finding';
import { runRule, NOW } from '../support/run-rule';
import { allEgress, b, estate, fromGroup, tcpFrom, vm } from './support/estate';

const ISO = { zoneTag: 'Environment', zones: ['prod', 'dev', 'shared'] };
const sg = (groupId: string, ingress: ReturnType<typeof tcpFrom>[] = []) => b.securityGroup({ groupId, egress: [allEgress()], ingress });

/** dev (subnet-1) → prod (subnet-2) on tcp/22 and tcp/5432 and tcp/8080; shared (subnet-2) open on tcp/443 to the VPC. */
const snap = () =>
  estate({
    securityGroups: [sg('sg-dev'), sg('sg-prod', [tcpFrom(22, '10.0.1.0/24'), tcpFrom(5432, '10.0.1.0/24'), tcpFrom(8080, '10.0.1.0/24')]), sg('sg-shared', [tcpFrom(443, '10.0.0.0/16')])],
    instances: [
      vm('i-dev', { zone: 'dev', ip: '10.0.1.10', sgs: ['sg-dev'], name: 'dev-box' }),
      vm('i-prod', { zone: 'prod', subnet: 'subnet-2', ip: '10.0.2.20', sgs: ['sg-prod'], name: 'prod-db' }),
      vm('i-shared', { zone: 'shared', subnet: 'subnet-2', ip: '10.0.2.30', sgs: ['sg-shared'] }),
    ],
  });

const fails = (fs: Finding[]) => fs.filter((f) => f.status === 'FAIL');
const byKey = (fs: Finding[]) => Object.fromEntries(fs.map((f) => [`${f.resourceId}#${f.detailKey ?? ''}`, `${f.status}/${f.severity}`]));

describe('net-zone-isolation', () => {
  it('no-isolation-section-is-not-applicable', () => {
    const fs = runRule(zoneRule, snap());
    expect(fs.map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
  });

  it('one-finding-per-zone-pair-and-port-range-with-severity-from-the-ports', () => {
    const fs = runRule(zoneRule, snap(), {}, { isolation: ISO });
    expect(byKey(fails(fs))).toEqual({
      'dev -> prod#tcp/22': 'FAIL/high',
      'dev -> prod#tcp/5432': 'FAIL/high',
      'dev -> prod#tcp/8080': 'FAIL/medium',
      'dev -> shared#tcp/443': 'FAIL/medium',
      'prod -> shared#tcp/443': 'FAIL/medium',
    });
  });

  it('evidence-names-instances-sg-rule-nacl-entries-and-route', () => {
    const f = runRule(zoneRule, snap(), {}, { isolation: ISO }).find((x) => x.detailKey === 'tcp/22')!;
    expect(f.resourceType).toBe('vmaudit::Isolation::ZonePath');
    expect(f.message).toBe('Zone dev can reach zone prod on tcp/22: e.g. i-dev (dev-box) → i-prod (prod-db) on tcp/22, sg-prod ingress rule allows tcp/22 from 10.0.1.0/24.');
    expect(f.evidence).toMatchObject({
      sourceZone: 'dev',
      destinationZone: 'prod',
      services: 'tcp/22',
      source: { instanceId: 'i-dev', name: 'dev-box', address: '10.0.1.10' },
      destination: { instanceId: 'i-prod', name: 'prod-db', address: '10.0.2.20' },
      securityGroupIngress: { groupId: 'sg-prod', direction: 'ingress', ports: 'tcp/22', peer: '10.0.1.0/24' },
      securityGroupEgress: { groupId: 'sg-dev', direction: 'egress', peer: '0.0.0.0/0' },
      naclOutbound: { networkAclId: 'acl-default', direction: 'outbound', ruleNumber: 100, action: 'allow' },
      naclInbound: { networkAclId: 'acl-default', direction: 'inbound', ruleNumber: 100, action: 'allow' },
      route: { routeTableId: 'rtb-main', destination: '10.0.0.0/16', target: 'local' },
      naclReturn: { outbound: { ruleNumber: 100 }, inbound: { ruleNumber: 100 } },
    });
  });

  it('allowed-by-policy-cross-zone-path-has-no-finding', () => {
    const fs = runRule(zoneRule, snap(), {}, { isolation: { ...ISO, allow: [{ from: '*', to: 'shared', ports: ['tcp/443'] }] } });
    expect(fails(fs).filter((f) => f.resourceId.endsWith('shared'))).toEqual([]);
    expect(fs.find((f) => f.resourceId === 'dev -> shared')?.status).toBe('PASS');
  });

  it('partially-allowed-range-leaves-the-rest-as-a-finding', () => {
    const s = estate({ securityGroups: [sg('sg-dev'), sg('sg-prod', [tcpFrom([8000, 8999], '10.0.0.0/16')])], instances: [vm('i-dev', { zone: 'dev', sgs: ['sg-dev'], ip: '10.0.1.10' }), vm('i-prod', { zone: 'prod', subnet: 'subnet-2', ip: '10.0.2.20', sgs: ['sg-prod'] })] });
    const fs = runRule(zoneRule, s, {}, { isolation: { ...ISO, zones: ['dev', 'prod'], allow: [{ from: 'dev', to: 'prod', ports: ['tcp/8000-8099'] }] } });
    expect(byKey(fails(fs))).toEqual({ 'dev -> prod#tcp/8100-8999': 'FAIL/medium' });
  });

  it('unzoned-instances-are-reported-and-their-paths-are-one-severity-lower', () => {
    const s = estate({ securityGroups: [sg('sg-x'), sg('sg-prod', [tcpFrom(22, '10.0.0.0/16')])], instances: [vm('i-x', { ip: '10.0.1.10', sgs: ['sg-x'] }), vm('i-prod', { zone: 'prod', subnet: 'subnet-2', ip: '10.0.2.20', sgs: ['sg-prod'] })] });
    const fs = runRule(zoneRule, s, {}, { isolation: ISO });
    expect(byKey(fails(fs).filter((f) => f.severity !== 'info'))).toEqual({ '(unzoned)#unzoned': 'FAIL/low', '(unzoned) -> prod#tcp/22': 'FAIL/medium' });
    expect(fs.find((f) => f.detailKey === 'unzoned')!.evidence).toMatchObject({ instances: 1, examples: ['i-x'] });
  });

  it('zones-declared-but-absent-from-the-estate-are-reported-as-info', () => {
    const fs = runRule(zoneRule, snap(), {}, { isolation: { ...ISO, zones: [...ISO.zones, 'staging'] } });
    const f = fs.find((x) => x.resourceId === 'staging')!;
    expect([f.status, f.severity, f.detailKey]).toEqual(['FAIL', 'info', 'absent']);
  });

  it('absent-zone-is-unknown-when-instances-could-not-be-read-somewhere', () => {
    const s = snap();
    const gapped = { ...s, coverageGaps: [{ accountId: s.targets[0].accountId, region: s.targets[0].region, service: 'ec2', api: 'DescribeInstances', errorCode: 'AccessDenied', message: 'denied' }] };
    const fs = runRule(zoneRule, gapped, {}, { isolation: { ...ISO, zones: [...ISO.zones, 'staging'] } });
    const f = fs.find((x) => x.resourceId === 'staging' && x.detailKey === 'absent')!;
    expect(f.status).toBe('UNKNOWN');
    expect(f.message).toContain('AccessDenied');
  });

  it('zones-present-but-not-declared-are-reported-as-info-and-still-analysed', () => {
    const fs = runRule(zoneRule, snap(), {}, { isolation: { ...ISO, zones: ['prod', 'dev'] } });
    expect(fs.find((x) => x.resourceId === 'shared' && x.detailKey === 'undeclared')?.severity).toBe('info');
    expect(fs.find((x) => x.resourceId === 'dev -> shared' && x.status === 'FAIL')).toBeDefined();
  });

  it('reference-to-an-uncollected-group-is-unknown-with-the-reason', () => {
    const s = estate({ securityGroups: [sg('sg-dev'), sg('sg-prod', [fromGroup('tcp', 22, 22, 'sg-elsewhere', '999999999999')])], instances: [vm('i-dev', { zone: 'dev', sgs: ['sg-dev'], ip: '10.0.1.10' }), vm('i-prod', { zone: 'prod', subnet: 'subnet-2', ip: '10.0.2.20', sgs: ['sg-prod'] })] });
    const u = runRule(zoneRule, s, {}, { isolation: ISO }).filter((f) => f.status === 'UNKNOWN');
    expect(u.map((f) => [f.resourceId, f.resourceType])).toEqual([['sg-prod', 'AWS::EC2::SecurityGroup']]);
    expect(u[0].message).toContain('sg-elsewhere in account 999999999999, which was not collected');
  });

  it('coverage-gap-on-security-groups-turns-pass-into-unknown', () => {
    const s = { ...snap(), coverageGaps: [b.coverageGap({ api: 'DescribeSecurityGroups' })] };
    const fs = runRule(zoneRule, s, {}, { isolation: { ...ISO, allow: [{ from: '*', to: '*', ports: ['all'] }] } });
    expect(fs.some((f) => f.status === 'PASS')).toBe(false);
    expect(fs.some((f) => f.status === 'UNKNOWN' && f.message.includes('ec2:DescribeSecurityGroups failed'))).toBe(true);
  });

  it('finding-ids-are-stable-across-runs', () => {
    const ids = () => runRule(zoneRule, snap(), {}, { isolation: ISO }).map((f) => f.id);
    expect(ids()).toEqual(ids());
  });
});

describe('net-internet-exposure', () => {
  const web = (o: Parameters<typeof vm>[1] = {}) => vm('i-web', { zone: 'prod', ip: '10.0.1.10', publicIp: '54.1.2.3', sgs: ['sg-web'], tags: { Role: 'web' }, ...o });
  const s = () => estate({ securityGroups: [sg('sg-web', [tcpFrom(22, '0.0.0.0/0'), tcpFrom(443, '0.0.0.0/0')])], instances: [web(), vm('i-private', { zone: 'prod', ip: '10.0.1.11', sgs: ['sg-web'] })] });

  it('exposed-admin-port-is-critical-and-others-medium', () => {
    expect(byKey(runRule(exposureRule, s()))).toEqual({ 'i-web#tcp/22': 'FAIL/critical', 'i-web#tcp/443': 'FAIL/medium', 'i-private#': 'PASS/high' });
  });

  it('evidence-has-public-address-sg-rule-route-and-both-nacl-directions', () => {
    const f = runRule(exposureRule, s()).find((x) => x.detailKey === 'tcp/22')!;
    expect(f.message).toContain('54.1.2.3');
    expect(f.evidence).toMatchObject({
      publicAddresses: ['54.1.2.3'],
      securityGroupIngress: { groupId: 'sg-web', peer: '0.0.0.0/0' },
      returnRoute: { routeTableId: 'rtb-main', destination: '0.0.0.0/0', target: 'igw-1' },
      naclInbound: { ruleNumber: 100, action: 'allow' },
      naclReturn: { outbound: { ruleNumber: 100, action: 'allow' } },
      relatedControls: { fsbp: ['EC2.18', 'EC2.19'] },
    });
  });

  it.each([
    ['internet-allow-by-tag-permits-the-port', { zone: undefined, tag: 'Role=web', instance: undefined }],
    ['internet-allow-by-zone-permits-the-port', { zone: 'prod', tag: undefined, instance: undefined }],
    ['internet-allow-by-instance-permits-the-port', { zone: undefined, tag: undefined, instance: 'i-web' }],
  ])('%s', (_name, sel) => {
    const allow = [{ ...Object.fromEntries(Object.entries(sel).filter(([, v]) => v !== undefined)), ports: ['tcp/443'], reason: 'public web site' }];
    const fs = runRule(exposureRule, s(), {}, { isolation: { ...ISO, internet: { allow } } });
    expect(byKey(fs)).toEqual({ 'i-web#tcp/22': 'FAIL/critical', 'i-private#': 'PASS/high' });
  });

  it('internet-allow-for-another-tag-permits-nothing', () => {
    const fs = runRule(exposureRule, s(), {}, { isolation: { ...ISO, internet: { allow: [{ tag: 'Role=api', ports: ['tcp/443'] }] } } });
    expect(fs.find((f) => f.detailKey === 'tcp/443')?.status).toBe('FAIL');
  });

  it('fully-allowed-exposure-passes-and-says-why', () => {
    const fs = runRule(exposureRule, s(), {}, { isolation: { ...ISO, internet: { allow: [{ tag: 'Role=web', ports: ['tcp/22', 'tcp/443'], reason: 'bastion and site' }] } } });
    const f = fs.find((x) => x.resourceId === 'i-web')!;
    expect(f.status).toBe('PASS');
    expect(f.message).toContain('bastion and site');
  });

  it('runs-without-an-isolation-section', () => {
    expect(fails(runRule(exposureRule, s())).length).toBe(2);
  });

  it('public-ip-without-an-internet-gateway-route-passes-and-names-the-route', () => {
    const x = estate({ routeTables: [b.routeTable({ routeTableId: 'rtb-main', routes: [{ destination: '10.0.0.0/16', target: { kind: 'local', id: 'local' } }, { destination: '0.0.0.0/0', target: { kind: 'nat', id: 'nat-1' } }] })], securityGroups: [sg('sg-web', [tcpFrom(22, '0.0.0.0/0')])], instances: [web()] });
    const f = runRule(exposureRule, x)[0];
    expect(f.status).toBe('PASS');
    expect(f.message).toContain('nat-1');
  });
});

describe('net-flow-intent', () => {
  const flows = (f: PolicyInput['flows']) => runRule(flowRule, snap(), {}, { isolation: ISO, flows: f });

  it('violated-deny-flow-fails-with-the-path', () => {
    const [f] = flows([{ action: 'deny', source: '10.0.1.0/24', destination: '10.0.2.0/24' }]);
    expect([f.status, f.severity]).toEqual(['FAIL', 'high']);
    expect(f.evidence).toMatchObject({ reachable: 'tcp/22, tcp/443, tcp/5432, tcp/8080', securityGroupIngress: { groupId: 'sg-prod' } });
  });

  it('deny-flow-on-closed-ports-passes', () => {
    expect(flows([{ action: 'deny', source: 'zone:dev', destination: 'zone:prod', ports: ['udp/53', 'tcp/3389'] }]).map((f) => f.status)).toEqual(['PASS']);
  });

  it('allow-flow-that-holds-passes', () => {
    expect(flows([{ action: 'allow', source: 'zone:dev', destination: 'zone:prod', ports: ['tcp/5432'] }]).map((f) => f.status)).toEqual(['PASS']);
  });

  it('broken-allow-flow-fails-and-names-the-blocking-hop', () => {
    const [f] = flows([{ action: 'allow', source: 'zone:prod', destination: 'zone:dev', ports: ['tcp/22'] }]);
    expect(f.status).toBe('FAIL');
    expect(f.message).toContain('no ingress rule of sg-dev allows tcp/22');
    expect(f.evidence).toMatchObject({ missing: 'tcp/22', brokenDestinations: [{ instanceId: 'i-dev', missing: 'tcp/22' }] });
  });

  it('unreadable-endpoint-is-unknown', () => {
    expect(flows([{ action: 'deny', source: 'web servers', destination: 'zone:prod' }]).map((f) => [f.status, f.message.includes('expected "zone:<name>"')])).toEqual([['UNKNOWN', true]]);
  });

  it('private-source-outside-the-estate-is-unknown', () => {
    const [f] = flows([{ action: 'deny', source: '192.168.1.0/24', destination: 'zone:prod' }]);
    expect(f.status).toBe('UNKNOWN');
    expect(f.message).toContain('VPN');
  });

  it('public-source-cidr-comes-in-from-the-internet', () => {
    const s = estate({ securityGroups: [sg('sg-web', [tcpFrom(443, '203.0.113.0/24')])], instances: [vm('i-web', { zone: 'prod', ip: '10.0.1.10', publicIp: '54.1.2.3', sgs: ['sg-web'] })] });
    const deny = runRule(flowRule, s, {}, { flows: [{ action: 'deny', source: '203.0.113.0/24', destination: 'zone:prod' }] });
    expect(deny.map((f) => [f.status, f.evidence.reachable])).toEqual([['FAIL', 'tcp/443']]);
    const other = runRule(flowRule, s, {}, { flows: [{ action: 'deny', source: '198.51.100.0/24', destination: 'zone:prod' }] });
    expect(other.map((f) => f.status)).toEqual(['PASS']);
  });

  it('allow-flow-inside-one-subnet-holds-even-with-a-closed-nacl', () => {
    const s = estate({
      networkAcls: [b.networkAcl({ networkAclId: 'acl-closed', isDefault: true, associatedSubnetIds: ['subnet-1', 'subnet-2'], entries: [] })],
      securityGroups: [sg('sg-dev'), sg('sg-prod', [tcpFrom(22, '10.0.0.0/16')])],
      instances: [vm('i-dev', { zone: 'dev', ip: '10.0.1.10', sgs: ['sg-dev'] }), vm('i-prod', { zone: 'prod', ip: '10.0.1.20', sgs: ['sg-prod'] }), vm('i-prod2', { zone: 'prod', subnet: 'subnet-2', ip: '10.0.2.20', sgs: ['sg-prod'] })],
    });
    const [f] = runRule(flowRule, s, {}, { flows: [{ action: 'allow', source: 'zone:dev', destination: 'zone:prod', ports: ['tcp/22'] }] });
    expect(f.status).toBe('FAIL');
    expect(f.evidence.brokenDestinations).toEqual([{ instanceId: 'i-prod2', missing: 'tcp/22' }]);
    expect(f.message).toContain('acl-closed');
  });

  it('no-flows-no-findings', () => {
    expect(flows([])).toEqual([]);
  });
});

describe('isolation rules together', () => {
  it('share-one-analysis-per-run', () => {
    const policy = PolicySchema.parse({ isolation: ISO, flows: [{ action: 'deny', source: 'zone:dev', destination: 'zone:prod' }] });
    const spy = jest.spyOn(IsolationAnalysis, 'forPolicy');
    const { findings, rulesRun } = evaluate(snap(), policy, { rules: ISOLATION_RULES, now: NOW });
    expect(rulesRun).toEqual(['net-zone-isolation', 'net-internet-exposure', 'net-flow-intent']);
    expect(findings.some((f) => f.ruleId === 'net-flow-intent' && f.status === 'FAIL')).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('metadata-is-complete', () => {
    for (const r of ISOLATION_RULES) {
      expect(r.id).toMatch(/^net-[a-z-]+$/);
      expect(r.rationale.length).toBeGreaterThan(80);
      expect(r.remediation.length).toBeGreaterThan(40);
      expect(r.scope).toBe('estate');
      expect(r.requires).toContain('ec2:DescribeSecurityGroups');
    }
  });
});

