/**
 * The `access` policy (seed 4.3, AccessControl(resource, action, user)): on the selected resources,
 * only the listed principals may make the listed EC2 calls. Every other principal's successful call
 * is a finding naming who, what, which resource, when and from where.
 */
import * as z from 'zod';
import { defineRule, type RuleResult } from '../../engine/rule';
import type { AuditEvent, EventReadClass, Tags } from '../../model/types';
import { readClassesOfApi } from '../classes';
import type { AccessPolicy } from '../../policy/schema';
import { matchesAny, wildcard } from '../../util/wildcard';
import { eventIndexOf, keyInterner } from '../event-index';
import { eventEvidence } from '../evidence';
import { ec2ActionClass, iamActionName } from '../ec2-actions';
import { allowListMatcher, principalLabel } from '../principal';
import { eventResourceRef, shortId } from '../resource-ref';
import type { EventResource } from '../resources';
import { inventoryTagsIndex } from '../resource-tags';
import { LOOKUP_EVENTS, targetKey, targetVerdicts } from './verdicts';

interface Compiled {
  index: number;
  allowed: (p: AuditEvent['principal']) => boolean;
  label: string;
  policy: AccessPolicy;
  tag?: { key: string; value: (v: string) => boolean };
  read: boolean;
  write: boolean;
  names: ((action: string) => boolean)[];
}

function compile(p: AccessPolicy, index: number): Compiled {
  const c: Compiled = { index, allowed: allowListMatcher(p.principals), label: p.name ? `"${p.name}"` : `access[${index}]`, policy: p, read: false, write: false, names: [] };
  if (p.resource.tag) {
    const eq = p.resource.tag.indexOf('=');
    c.tag = { key: p.resource.tag.slice(0, eq), value: wildcard(p.resource.tag.slice(eq + 1)) };
  }
  for (const a of p.actions) {
    if (a === 'read') c.read = true;
    else if (a === 'write') c.write = true;
    else {
      // IAM action names are case-insensitive: ec2:stopinstances is ec2:StopInstances.
      const m = wildcard((a.includes(':') ? a : `ec2:${a}`).toLowerCase());
      c.names.push(m);
    }
  }
  return c;
}

/** Tags given at creation (RunInstances, CreateSecurityGroup …) for resources the inventory has not seen yet. */
function launchTags(e: AuditEvent): Tags | undefined {
  const spec = e.requestParameters?.tagSpecificationSet as { items?: { tags?: { key?: unknown; value?: unknown }[] }[] } | undefined;
  if (!spec?.items?.length) return undefined;
  const tags: Tags = {};
  for (const it of spec.items) for (const t of it.tags ?? []) if (typeof t.key === 'string' && typeof t.value === 'string') tags[t.key] = t.value;
  return tags;
}

interface Selected {
  resources: { r: EventResource; tags?: Tags }[];
  unresolved: number;
}

/** The tags of each resource of an event, looked up once however many policies ask. */
function tagsLookup(e: AuditEvent, tagsFor: (e: AuditEvent, r: EventResource) => Tags | undefined): () => (Tags | undefined)[] {
  let tags: (Tags | undefined)[] | undefined;
  return () => (tags ??= e.resources.map((r) => tagsFor(e, r) ?? launchTags(e)));
}

function selectResources(c: Compiled, e: AuditEvent, tagsOf: () => (Tags | undefined)[]): Selected {
  const out: Selected = { resources: [], unresolved: 0 };
  for (let k = 0; k < e.resources.length; k++) {
    const r = e.resources[k];
    const tags = tagsOf()[k];
    if (c.policy.resource.ids?.length && matchesAny(c.policy.resource.ids, r.id)) {
      out.resources.push({ r, tags });
      continue;
    }
    if (!c.tag) continue;
    if (tags) {
      if (Object.prototype.hasOwnProperty.call(tags, c.tag.key) && c.tag.value(tags[c.tag.key])) out.resources.push({ r, tags });
    } else if (!r.type || r.type.startsWith('AWS::EC2::')) {
      // Not in the inventory (never collected, deleted since, or a kind it does not hold): its tag is unknown.
      out.unresolved++;
    }
  }
  return out;
}

export default defineRule({
  id: 'evt-access-policy',
  title: 'Only allowed principals act on protected resources',
  severity: 'high',
  category: 'event',
  resourceType: 'AWS::EC2::Instance',
  rationale:
    'The access policy states who may change (or read) the resources that matter, e.g. only the Admin role may write to instances tagged Environment=prod. Any other principal doing so is either a gap in IAM or someone using access they should not have.',
  remediation:
    'Investigate: the principal, the call and the resource named in the finding, and whether a change request explains it. If not: revoke the principal\'s sessions or keys, undo the change, and narrow the IAM policies (or add an SCP / permissions boundary) so that only the listed principals hold these EC2 permissions on the tagged resources (aws:ResourceTag condition). If the principal should be allowed, add it to the policy\'s principals.',
  params: z.strictObject({}),
  enforces: ['access'],
  requires: [LOOKUP_EVENTS],
  events: (policy) => {
    const out = new Set<EventReadClass>();
    for (const p of policy.access) {
      for (const a of p.actions) {
        if (a === 'write') out.add('write');
        else if (a === 'read') out.add('read-only');
        else for (const c of readClassesOfApi(a.includes(':') ? a : `ec2:${a}`)) out.add(c);
      }
    }
    return [...out];
  },
  *evaluate(ctx): Iterable<RuleResult> {
    if (ctx.policy.access.length === 0) return;
    const idx = eventIndexOf(ctx);
    const compiled = ctx.policy.access.map(compile);
    const lists = [idx.byClass('ec2-write'), ...(compiled.some((c) => c.read || c.names.length) ? [idx.byClass('ec2-read')] : [])];
    // Interned per (source, name) and (account, region): a million events share a few hundred of each.
    const actions = keyInterner();
    const named = new Map<string, [string, string]>();
    const names = (source: string, name: string): [string, string] => {
      const k = actions(source, name);
      let v = named.get(k);
      if (!v) {
        const action = iamActionName(source, name);
        named.set(k, (v = [action, action.toLowerCase()]));
      }
      return v;
    };
    const actionOf = (source: string, name: string) => names(source, name)[0];
    const lowerActionOf = (source: string, name: string) => names(source, name)[1];
    const targets = keyInterner();
    const targetOf = (accountId: string, region: string) => targets(accountId, region);
    const tagsFor = ctx.memo('events:inventory-tags', () => inventoryTagsIndex(ctx.inv));
    const reported = compiled.map(() => new Set<string>());
    const unresolved = compiled.map(() => new Map<string, number>());
    for (const list of lists) {
      for (let k = 0; k < list.length; k++) {
        const e = idx.events[list[k]];
        if (e.carried || e.errorCode !== undefined) continue;
        const cls = ec2ActionClass(e.name);
        const action = actionOf(e.source, e.name);
        const lower = lowerActionOf(e.source, e.name);
        const tk = targetOf(e.accountId, e.region);
        const tagsOf = tagsLookup(e, tagsFor);
        for (const c of compiled) {
          if (!((cls === 'read' && c.read) || (cls === 'write' && c.write) || c.names.some((m) => m(lower)))) continue;
          if (c.allowed(e.principal)) continue;
          if (e.resources.length === 0) {
            // A write whose record names no resource: which resource it touched, and so whether the policy covers it, is unknown.
            if (cls === 'write') unresolved[c.index].set(tk, (unresolved[c.index].get(tk) ?? 0) + 1);
            continue;
          }
          const sel = selectResources(c, e, tagsOf);
          if (sel.unresolved) unresolved[c.index].set(tk, (unresolved[c.index].get(tk) ?? 0) + sel.unresolved);
          if (!sel.resources.length) continue;
          reported[c.index].add(tk);
          const first = sel.resources[0];
          const selector = c.policy.resource.tag ? ` [${c.policy.resource.tag}]` : '';
          const others = sel.resources.length > 1 ? ` and ${sel.resources.length - 1} more` : '';
          yield {
            status: 'FAIL',
            resource: eventResourceRef(e, first.r, first.tags),
            message: `${principalLabel(e.principal, e.accountId)} called ${action} (${cls}) on ${shortId(first.r.type, first.r.id)}${selector}${others} at ${e.time}${e.sourceIp ? ` from ${e.sourceIp}` : ''}; access policy ${c.label} allows only ${c.policy.principals.join(', ')}`,
            evidence: {
              ...eventEvidence(e),
              accessClass: cls,
              matchedResources: sel.resources.map((s) => s.r.id),
              policy: { index: c.index, ...(c.policy.name ? { name: c.policy.name } : {}), resource: c.policy.resource, actions: c.policy.actions, principals: c.policy.principals },
            },
            detailKey: `access[${c.index}]:${e.eventId}`,
            severity: c.policy.severity,
          };
        }
      }
    }
    for (const c of compiled) {
      const target = c.policy.resource.tag ? `resources tagged ${c.policy.resource.tag}` : `resources ${c.policy.resource.ids!.join(', ')}`;
      yield* targetVerdicts(idx, ctx.inv, {
        what: `${c.policy.actions.join('/')} calls on ${target} by principals outside access policy ${c.label}`,
        reported: reported[c.index],
        detailKey: `access[${c.index}]`,
        undecided: (t) => {
          const n = unresolved[c.index].get(targetKey(t.accountId, t.region));
          return n ? `${n} call${n === 1 ? '' : 's'} on resources that are not in the inventory (not collected, or deleted since) or that the record does not name could not be checked against ${c.policy.resource.tag ? `the tag ${c.policy.resource.tag}` : 'the listed ids'}` : undefined;
        },
        evidence: (t) => ({ unresolved: unresolved[c.index].get(targetKey(t.accountId, t.region)) ?? 0 }),
      });
    }
  },
});
