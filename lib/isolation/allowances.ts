/**
 * What the policy permits: `isolation.allow` between zones and `isolation.internet.allow` for
 * instances. Zone names and tag values match with `*` wildcards (IAM style).
 */
import type { Instance } from '../model/types';
import { parsePortSpec } from '../policy/ports';
import type { Isolation, PolicyDocument } from '../policy/schema';
import { wildcard } from '../util/wildcard';
import { zoneLabel } from './model';
import { portSpecServices, ServiceSet } from './services';

/** What the policy's `allow` list permits from one zone to another. */
export function allowedBetween(iso: Isolation, sourceZone: string, destinationZone: string): { services: ServiceSet; reasons: string[] } {
  let services = ServiceSet.EMPTY;
  const reasons: string[] = [];
  for (const a of iso.allow) {
    if (!wildcard(a.from)(zoneLabel(sourceZone)) || !wildcard(a.to)(zoneLabel(destinationZone))) continue;
    for (const p of a.ports) {
      const spec = parsePortSpec(p);
      if (typeof spec !== 'string') services = services.union(portSpecServices(spec));
    }
    reasons.push(a.reason ?? `allow ${a.from} → ${a.to} ${a.ports.join(', ')}`);
  }
  return { services, reasons };
}

/** What `isolation.internet.allow` permits for an instance: entries match by zone, tag "K=V" and instance id (all given must match). */
export function internetAllowed(policy: PolicyDocument, instance: Instance, zone: string): { services: ServiceSet; reasons: string[] } {
  let services = ServiceSet.EMPTY;
  const reasons: string[] = [];
  for (const a of policy.isolation?.internet.allow ?? []) {
    if (a.zone !== undefined && !wildcard(a.zone)(zoneLabel(zone))) continue;
    if (a.instance !== undefined && !wildcard(a.instance)(instance.instanceId)) continue;
    if (a.tag !== undefined) {
      const eq = a.tag.indexOf('=');
      const key = a.tag.slice(0, eq);
      const value = a.tag.slice(eq + 1);
      const actual = instance.tags[key];
      if (actual === undefined || !wildcard(value)(actual)) continue;
    }
    for (const p of a.ports) {
      const spec = parsePortSpec(p);
      if (typeof spec !== 'string') services = services.union(portSpecServices(spec));
    }
    reasons.push(a.reason ?? `internet.allow ${[a.zone && `zone ${a.zone}`, a.tag && `tag ${a.tag}`, a.instance && `instance ${a.instance}`].filter(Boolean).join(', ') || 'every instance'} ${a.ports.join(', ')}`);
  }
  return { services, reasons };
}

