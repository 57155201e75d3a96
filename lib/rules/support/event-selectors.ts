/**
 * Whether a trail's event selectors record every management event, read and write, from every event
 * source (CIS 3.1 / CloudTrail.1). A trail uses basic or advanced selectors, never both.
 *
 * Selectors are OR-ed: an event is logged when any selector matches it. So read events are fully
 * logged when the read-capable management selectors together leave no source out: the intersection
 * of their excluded sources is empty. Advanced selectors AND their field conditions; an advanced
 * management selector may restrict `readOnly` and exclude sources with `eventSource` NotEquals. Any
 * other restriction (an eventSource allow-list, an eventName or identity filter) records only part
 * of the events and cannot on its own satisfy the control.
 */
import type { AdvancedEventSelector, BasicEventSelector, Trail } from '../../model/types';
import { listText } from './labels';

type AdvancedField = AdvancedEventSelector['fieldSelectors'][number];

/** One selector reduced to what matters for management events. */
interface MgmtSelector {
  read: boolean;
  write: boolean;
  /** Sources it leaves out; null when it is restricted in some other way (records only a subset). */
  excluded: string[] | null;
  restriction?: string;
}

export interface ManagementCoverage {
  /** Every read and every write management event from every source is logged. */
  complete: boolean;
  read: boolean;
  write: boolean;
  /** Sources left out of read or write management events (KMS, RDS Data API…). */
  excludedSources: string[];
  /** Why coverage is incomplete, in words. */
  problems: string[];
}

function fromBasic(s: BasicEventSelector): MgmtSelector | null {
  if (!s.includeManagementEvents) return null;
  return { read: s.readWriteType !== 'WriteOnly', write: s.readWriteType !== 'ReadOnly', excluded: [...s.excludeManagementEventSources] };
}

/** AdvancedFieldSelector semantics: every operator present must hold. */
export function fieldAccepts(f: AdvancedField, value: string): boolean {
  if (f.equals && !f.equals.includes(value)) return false;
  if (f.notEquals && f.notEquals.includes(value)) return false;
  if (f.startsWith && !f.startsWith.some((p) => value.startsWith(p))) return false;
  if (f.notStartsWith && f.notStartsWith.some((p) => value.startsWith(p))) return false;
  if (f.endsWith && !f.endsWith.some((p) => value.endsWith(p))) return false;
  if (f.notEndsWith && f.notEndsWith.some((p) => value.endsWith(p))) return false;
  return true;
}

function fromAdvanced(s: AdvancedEventSelector): MgmtSelector | null {
  const fields = s.fieldSelectors;
  const category = fields.filter((f) => f.field === 'eventCategory');
  if (category.length === 0 || !category.every((f) => fieldAccepts(f, 'Management'))) return null;
  const readOnly = fields.filter((f) => f.field === 'readOnly');
  const read = readOnly.every((f) => fieldAccepts(f, 'true'));
  const write = readOnly.every((f) => fieldAccepts(f, 'false'));
  if (!read && !write) return null;
  const excluded: string[] = [];
  let restriction: string | undefined;
  for (const f of fields) {
    if (f.field === 'eventCategory' || f.field === 'readOnly') continue;
    const onlyNotEquals = f.field === 'eventSource' && !f.equals && !f.startsWith && !f.endsWith && !f.notStartsWith && !f.notEndsWith;
    if (onlyNotEquals) excluded.push(...(f.notEquals ?? []));
    else restriction ??= `selector${s.name ? ` "${s.name}"` : ''} filters on ${f.field}`;
  }
  return restriction ? { read, write, excluded: null, restriction } : { read, write, excluded };
}

function intersection(sets: string[][]): string[] {
  if (sets.length === 0) return [];
  return sets.reduce((acc, s) => acc.filter((x) => s.includes(x))).sort();
}

export function managementCoverage(selectors: NonNullable<Trail['selectors']>): ManagementCoverage {
  const reduced: MgmtSelector[] = [];
  if (selectors.advanced?.length) for (const s of selectors.advanced) {
    const m = fromAdvanced(s);
    if (m) reduced.push(m);
  }
  else for (const s of selectors.basic ?? []) {
    const m = fromBasic(s);
    if (m) reduced.push(m);
  }
  const problems: string[] = [];
  const side = (kind: 'read' | 'write'): { ok: boolean; excluded: string[] } => {
    const capable = reduced.filter((m) => m[kind]);
    const whole = capable.filter((m) => m.excluded !== null).map((m) => m.excluded!);
    if (whole.length === 0) {
      const partial = capable.find((m) => m.restriction)?.restriction;
      problems.push(partial ? `${kind} management events are only partly logged (${partial})` : `${kind} management events are not logged`);
      return { ok: false, excluded: [] };
    }
    const excluded = intersection(whole);
    if (excluded.length) problems.push(`${kind} management events from ${listText(excluded)} are excluded`);
    return { ok: excluded.length === 0, excluded };
  };
  const r = side('read');
  const w = side('write');
  const excludedSources = [...new Set([...r.excluded, ...w.excluded])].sort();
  return { complete: r.ok && w.ok, read: r.ok, write: w.ok, excludedSources, problems };
}
