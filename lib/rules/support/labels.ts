/**
 * How rule messages name resources: `sg-0abc (web)`, `i-0123 (api-1)`. Names and descriptions come
 * from the estate (hostile strings): bounded here, escaped by every output.
 */
import type { Tags } from '../../model/types';

const NAME_MAX = 64;

/** Bounds a hostile string and folds control characters, so one message stays one line. */
export function bounded(text: string, max = NAME_MAX): string {
  // eslint-disable-next-line no-control-regex
  const one = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** `id (name)`, or the id alone when there is no name. */
export function label(id: string, name: string | undefined): string {
  const n = name === undefined ? '' : bounded(name);
  return n && n !== id ? `${id} (${n})` : id;
}

export function nameTag(tags: Tags | undefined): string | undefined {
  return tags?.Name;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `a, b and c`, at most `max` items then `and N more`. */
export function listText(items: readonly string[], max = 5): string {
  if (items.length <= 1) return items.join('');
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

const DAY_MS = 86_400_000;

/** Whole days between an ISO time and now (floor); undefined for an unparsable time. */
export function daysSince(iso: string | undefined, now: Date): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : Math.floor((now.getTime() - t) / DAY_MS);
}
