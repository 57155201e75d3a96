import { demoSnapshot, DEMO_NOW } from '../../lib/demo/estate';
import { DEMO_POLICY_SOURCE, DEMO_POLICY_YAML } from '../../lib/demo/demo-policy';
import { HOSTILE_FORMULA, HOSTILE_HTML } from '../../lib/demo/constants';
import { evaluate } from '../../lib/engine/evaluate';
import { SnapshotSchema } from '../../lib/model/schema';
import { encodeSnapshot, parseSnapshot } from '../../lib/model/snapshot-file';
import { loadPolicy } from '../../lib/catalogue/load-policy';
import { FULL_CATALOGUE as CATALOGUE } from '../../lib/catalogue';
import type { Finding } from '../../lib/findings/finding';

const snap = demoSnapshot();
const loaded = loadPolicy(DEMO_POLICY_YAML, DEMO_POLICY_SOURCE, CATALOGUE, { now: DEMO_NOW });
const { findings } = evaluate(snap, loaded.policy, { rules: CATALOGUE, now: DEMO_NOW });

const statusesOf = (ruleId: string) => new Set(findings.filter((f) => f.ruleId === ruleId).map((f) => f.status));
const key = (accountId: string, region: string, id: string) => `${accountId}|${region}|${id}`;

describe('demo estate', () => {
  it('validates-against-the-snapshot-schema', () => {
    expect(SnapshotSchema.safeParse(snap).success).toBe(true);
    expect(SnapshotSchema.parse(snap)).toEqual(snap);
  });

  it('is-deterministic-two-calls-deep-equal-and-byte-identical', () => {
    const again = demoSnapshot();
    expect(again).toEqual(snap);
    expect(encodeSnapshot(again).equals(encodeSnapshot(snap))).toBe(true);
  });

  it('round-trips-through-the-snapshot-file-format', () => {
    expect(parseSnapshot(encodeSnapshot(snap, { gzip: true }), 'demo.json.gz')).toEqual(SnapshotSchema.parse(JSON.parse(JSON.stringify(snap))));
  });

  it('has-the-promised-size-and-shape', () => {
    const zones = new Set(snap.instances.map((i) => i.tags.Environment).filter(Boolean));
    const unzoned = snap.instances.filter((i) => !['prod', 'staging', 'dev', 'shared'].includes(i.tags.Environment ?? ''));
    expect({
      instances: snap.instances.length >= 40,
      regions: new Set(snap.targets.map((t) => t.region)).size >= 2,
      accounts: new Set(snap.targets.map((t) => t.accountId)),
      zones: ['prod', 'staging', 'dev', 'shared'].every((z) => zones.has(z)),
      unzoned: unzoned.length,
      events: snap.events.length >= 200,
      gaps: snap.coverageGaps.length >= 1,
    }).toEqual({ instances: true, regions: true, accounts: new Set(['123456789012', '210987654321']), zones: true, unzoned: 3, events: true, gaps: true });
  });

  it('every-instance-has-name-and-role-tags-except-the-unzoned-ones', () => {
    const zoned = snap.instances.filter((i) => i.tags.Environment && ['prod', 'staging', 'dev', 'shared'].includes(i.tags.Environment));
    expect(zoned.filter((i) => !i.tags.Name || !i.tags.Role).map((i) => i.instanceId)).toEqual([]);
  });

  it('references-only-resources-that-exist', () => {
    const sgs = new Set(snap.securityGroups.map((g) => key(g.accountId, g.region, g.groupId)));
    const subnets = new Set(snap.subnets.map((s) => key(s.accountId, s.region, s.subnetId)));
    const images = new Set(snap.images.map((i) => key(i.accountId, i.region, i.imageId)));
    const enis = new Set(snap.networkInterfaces.map((n) => key(n.accountId, n.region, n.networkInterfaceId)));
    const instances = new Set(snap.instances.map((i) => key(i.accountId, i.region, i.instanceId)));
    const vpcs = new Set(snap.vpcs.map((v) => key(v.accountId, v.region, v.vpcId)));
    const dangling: string[] = [];
    for (const i of snap.instances) {
      for (const g of i.securityGroupIds) if (!sgs.has(key(i.accountId, i.region, g))) dangling.push(`${i.instanceId} → ${g}`);
      for (const n of i.networkInterfaceIds) if (!enis.has(key(i.accountId, i.region, n))) dangling.push(`${i.instanceId} → ${n}`);
      if (!subnets.has(key(i.accountId, i.region, i.subnetId!))) dangling.push(`${i.instanceId} → ${i.subnetId}`);
      if (!images.has(key(i.accountId, i.region, i.imageId!))) dangling.push(`${i.instanceId} → ${i.imageId}`);
    }
    for (const v of snap.volumes) for (const a of v.attachments) if (!instances.has(key(v.accountId, v.region, a.instanceId))) dangling.push(`${v.volumeId} → ${a.instanceId}`);
    for (const g of snap.securityGroups)
      for (const r of [...g.ingress, ...g.egress]) if (r.peer.kind === 'sg' && !snap.securityGroups.some((x) => x.groupId === (r.peer as { groupId: string }).groupId)) dangling.push(`${g.groupId} → ${r.peer.groupId}`);
    for (const s of snap.subnets) if (!vpcs.has(key(s.accountId, s.region, s.vpcId))) dangling.push(`${s.subnetId} → ${s.vpcId}`);
    for (const rt of snap.routeTables) for (const s of rt.associatedSubnetIds) if (!subnets.has(key(rt.accountId, rt.region, s))) dangling.push(`${rt.routeTableId} → ${s}`);
    for (const acl of snap.networkAcls) for (const s of acl.associatedSubnetIds) if (!subnets.has(key(acl.accountId, acl.region, s))) dangling.push(`${acl.networkAclId} → ${s}`);
    expect(dangling).toEqual([]);
  });

  it('every-subnet-has-exactly-one-nacl-and-at-most-one-explicit-route-table', () => {
    const naclCount = new Map<string, number>();
    for (const acl of snap.networkAcls) for (const s of acl.associatedSubnetIds) naclCount.set(s, (naclCount.get(s) ?? 0) + 1);
    expect(snap.subnets.filter((s) => naclCount.get(s.subnetId) !== 1).map((s) => s.tags.Name ?? s.subnetId)).toEqual([]);
    const rtCount = new Map<string, number>();
    for (const rt of snap.routeTables) for (const s of rt.associatedSubnetIds) rtCount.set(s, (rtCount.get(s) ?? 0) + 1);
    expect([...rtCount.values()].every((n) => n === 1)).toBe(true);
  });

  it('events-lie-inside-their-read-windows', () => {
    const outside = snap.events.filter((e) => {
      const w = snap.eventWindows.find((x) => x.accountId === e.accountId && x.region === e.region);
      return !w || e.time < w.from || e.time > w.to;
    });
    expect(outside.map((e) => `${e.name}@${e.region}@${e.time}`)).toEqual([]);
    for (const w of snap.eventWindows) expect(w.eventCount).toBe(snap.events.filter((e) => e.accountId === w.accountId && e.region === w.region).length);
  });

  it('carries-hostile-strings-for-the-reports-to-escape', () => {
    const text = JSON.stringify(snap);
    expect(text).toContain(JSON.stringify(HOSTILE_HTML).slice(1, -1));
    expect(text).toContain(JSON.stringify(HOSTILE_FORMULA).slice(1, -1));
    expect(snap.instances.some((i) => i.tags.Name === HOSTILE_HTML)).toBe(true);
    expect(snap.events.some((e) => e.userAgent === HOSTILE_HTML)).toBe(true);
  });

  it('shows-the-coverage-gap-as-unknown', () => {
    expect(findings.some((f) => f.status === 'UNKNOWN' && f.message.includes('DescribeFlowLogs'))).toBe(true);
  });
});

describe('demo estate against the catalogue', () => {
  // Detections (events) and path analysis (isolation) report what is wrong; configuration rules
  // also report what is right, so the demo must show both for them.
  const mustPass = (r: (typeof CATALOGUE)[number]) => r.category !== 'event' && r.category !== 'isolation';

  it.each(CATALOGUE.map((r) => [r.id, r] as const))('%s-finds-non-compliant-resources', (_id, rule) => {
    expect([...statusesOf(rule.id)]).toContain('FAIL');
  });

  it.each(CATALOGUE.filter(mustPass).map((r) => [r.id] as const))('%s-finds-compliant-resources', (id) => {
    expect([...statusesOf(id)]).toContain('PASS');
  });

  it('no-rule-errors-on-the-demo', () => {
    expect(findings.filter((f: Finding) => f.status === 'ERROR').map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });
});

describe('demo policy', () => {
  it('loads-against-the-catalogue-warning-only-about-the-expired-exception', () => {
    expect(loaded.warnings.map((w) => w.path)).toEqual(['exceptions[1].expires']);
  });
  it('active-exception-suppresses-and-expired-one-does-not', () => {
    expect(findings.filter((f) => f.status === 'SUPPRESSED').map((f) => f.ruleId)).toContain('ec2-instance-no-public-ip');
    const expired = findings.filter((f) => f.expiredException);
    expect(expired.map((f) => [f.ruleId, f.status])).toEqual([['ec2-sg-no-public-ssh', 'FAIL']]);
  });
});
