import { syntheticSnapshot } from '../../lib/demo/synthetic';
import { evaluate } from '../../lib/engine/evaluate';
import { SnapshotSchema } from '../../lib/model/schema';
import { defaultPolicy } from '../../lib/catalogue/load-policy';
import { CATALOGUE } from '../../lib/rules';
import type { Snapshot } from '../../lib/model/types';

const small = syntheticSnapshot({ instances: 2000, securityGroups: 800, events: 6000, seed: 7 });

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

describe('syntheticSnapshot', () => {
  it('builds-exactly-the-requested-counts', () => {
    expect({ instances: small.instances.length, securityGroups: small.securityGroups.length, events: small.events.length }).toEqual({ instances: 2000, securityGroups: 800, events: 6000 });
  });

  it('defaults-to-40-percent-groups-and-4-events-per-instance', () => {
    const s = syntheticSnapshot({ instances: 1000 });
    expect([s.securityGroups.length, s.events.length]).toEqual([400, 4000]);
  });

  it.each([
    { name: 'nan-size-is-refused', options: { instances: Number('engine') }, message: /instances must be a whole number ≥ 0, got NaN/ },
    { name: 'negative-size-is-refused', options: { instances: -1 }, message: /instances must be a whole number/ },
    { name: 'fractional-events-are-refused', options: { instances: 10, events: 2.5 }, message: /events must be a whole number/ },
    { name: 'bad-date-is-refused', options: { instances: 10, generatedAt: 'soon' }, message: /generatedAt must be an ISO date-time/ },
  ])('$name', ({ options, message }) => {
    expect(() => syntheticSnapshot(options)).toThrow(message);
  });

  it('zero-instances-is-an-empty-but-valid-estate', () => {
    const s = syntheticSnapshot({ instances: 0 });
    expect([s.instances.length, s.targets.length, SnapshotSchema.safeParse(s).success]).toEqual([0, 3, true]);
  });

  it('objects-built-without-zod-are-exactly-what-the-schema-would-produce', () => {
    // Parsing fills defaults and strips unknown keys: equality proves nothing is missing or extra.
    const sample = syntheticSnapshot({ instances: 600, events: 1500, seed: 3 });
    const parsed = SnapshotSchema.safeParse(sample);
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 5)).toEqual([]);
    expect(parsed.data).toEqual(sample);
  });

  it('same-seed-same-estate-other-seed-other-estate', () => {
    const a = syntheticSnapshot({ instances: 500, seed: 11 });
    expect(syntheticSnapshot({ instances: 500, seed: 11 })).toEqual(a);
    expect(syntheticSnapshot({ instances: 500, seed: 12 }).instances.map((i) => i.tags.Name)).not.toEqual(a.instances.map((i) => i.tags.Name));
  });

  it('ids-are-unique', () => {
    const lists: [string, string[]][] = [
      ['instances', small.instances.map((i) => i.instanceId)],
      ['securityGroups', small.securityGroups.map((g) => g.groupId)],
      ['networkInterfaces', small.networkInterfaces.map((n) => n.networkInterfaceId)],
      ['volumes', small.volumes.map((v) => v.volumeId)],
      ['events', small.events.map((e) => e.eventId)],
      ['subnets', small.subnets.map((s) => s.subnetId)],
    ];
    expect(Object.fromEntries(lists.map(([k, ids]) => [k, duplicates(ids)]))).toEqual(Object.fromEntries(lists.map(([k]) => [k, []])));
  });

  it('references-resolve', () => {
    const has = (list: { accountId: string; region: string }[], id: (x: never) => string) => new Set(list.map((x) => `${x.accountId}|${x.region}|${id(x as never)}`));
    const sgs = has(small.securityGroups, (g: Snapshot['securityGroups'][number]) => g.groupId);
    const subnets = has(small.subnets, (s: Snapshot['subnets'][number]) => s.subnetId);
    const images = has(small.images, (i: Snapshot['images'][number]) => i.imageId);
    const bad = small.instances.filter(
      (i) => !i.securityGroupIds.every((g) => sgs.has(`${i.accountId}|${i.region}|${g}`)) || !subnets.has(`${i.accountId}|${i.region}|${i.subnetId}`) || !images.has(`${i.accountId}|${i.region}|${i.imageId}`),
    );
    expect(bad.map((i) => i.instanceId)).toEqual([]);
  });

  it('is-shaped-like-a-real-estate', () => {
    const big = syntheticSnapshot({ instances: 12000, events: 1000, seed: 5 });
    const perInstance = big.instances.reduce((n, i) => n + i.securityGroupIds.length, 0) / big.instances.length;
    const use = new Map<string, number>();
    for (const i of big.instances) for (const g of i.securityGroupIds) use.set(g, (use.get(g) ?? 0) + 1);
    const rules = big.securityGroups.flatMap((g) => g.ingress);
    const kinds = new Set(rules.map((r) => r.peer.kind));
    expect({
      accounts: new Set(big.targets.map((t) => t.accountId)).size,
      regions: new Set(big.targets.map((t) => t.region)).size,
      zones: new Set(big.vpcs.map((v) => v.tags.Environment)),
      groupsPerInstanceBetween2And3: perInstance >= 2 && perInstance <= 3,
      someGroupServesHundreds: Math.max(...use.values()) >= 100,
      someGroupsUnused: big.securityGroups.length - use.size > 0,
      ruleKinds: kinds,
      worldOpenRules: rules.some((r) => r.peer.kind === 'cidr4' && r.peer.cidr === '0.0.0.0/0'),
      volumesPerInstance: Math.round((big.volumes.length / big.instances.length) * 10) / 10,
      unzoned: big.instances.some((i) => !i.tags.Environment),
    }).toEqual({
      accounts: 3,
      regions: 3,
      zones: new Set(['prod', 'staging', 'dev', 'shared']),
      groupsPerInstanceBetween2And3: true,
      someGroupServesHundreds: true,
      someGroupsUnused: true,
      ruleKinds: new Set(['sg', 'cidr4', 'cidr6', 'prefixList']),
      worldOpenRules: true,
      volumesPerInstance: 1.5,
      unzoned: true,
    });
  });

  it('events-fall-in-the-24-hours-before-generatedAt', () => {
    const end = Date.parse(small.generatedAt);
    expect(small.events.filter((e) => Date.parse(e.time) > end || Date.parse(e.time) < end - 86_400_000)).toEqual([]);
  });

  it('the-engine-evaluates-it-without-rule-errors', () => {
    const { findings } = evaluate(small, defaultPolicy(CATALOGUE).policy, { rules: CATALOGUE, now: new Date(small.generatedAt) });
    expect(findings.filter((f) => f.status === 'ERROR').map((f) => f.message)).toEqual([]);
    expect(findings.some((f) => f.status === 'FAIL')).toBe(true);
  });
});
