/**
 * Reading resolved resource properties: every value that could not be resolved is written down on
 * the resource's origin with its path, so a rule that passes over it can be turned into UNKNOWN.
 */
import type { PathSegment } from '../policy/locate';
import { isUnresolved, type Unresolved } from './intrinsics';
import type { Origin } from './origins';

export class Props {
  constructor(
    readonly raw: Record<string, unknown>,
    readonly path: PathSegment[],
    readonly origin: Origin,
  ) {}

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  /** Records that `key` could not be resolved; returns undefined so callers fall back explicitly. */
  private miss(key: PathSegment, u: Unresolved): undefined {
    this.origin.unresolved.push({ path: [...this.path, key], reason: u.reason });
    return undefined;
  }

  pathOf(key: PathSegment): PathSegment[] {
    return [...this.path, key];
  }

  /** The raw resolved value (possibly Unresolved, recorded). */
  value(key: string): unknown {
    const v = this.raw[key];
    if (isUnresolved(v)) this.miss(key, v);
    return v;
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    if (isUnresolved(v)) return this.miss(key, v);
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return undefined;
  }

  /** A string, or the Unresolved value's text (for CIDRs: unreadable, so every rule says UNKNOWN). */
  strOrMarker(key: string): string | undefined {
    const v = this.raw[key];
    if (isUnresolved(v)) {
      this.miss(key, v);
      return v.toString();
    }
    return this.str(key);
  }

  bool(key: string): boolean | undefined {
    const v = this.raw[key];
    if (isUnresolved(v)) return this.miss(key, v);
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    return undefined;
  }

  num(key: string): number | undefined {
    const v = this.raw[key];
    if (isUnresolved(v)) return this.miss(key, v);
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    return Number.isFinite(n) ? n : undefined;
  }

  /** A list of strings (ids); an unresolved list or element is recorded and left out. */
  strings(key: string): string[] {
    const v = this.raw[key];
    if (v === undefined) return [];
    if (isUnresolved(v)) return this.miss(key, v) ?? [];
    const list = Array.isArray(v) ? v : [v];
    const out: string[] = [];
    list.forEach((x, i) => {
      if (isUnresolved(x)) this.origin.unresolved.push({ path: [...this.path, key, i], reason: x.reason });
      else if (typeof x === 'string') out.push(x);
    });
    return out;
  }

  child(key: string): Props | undefined {
    const v = this.raw[key];
    if (isUnresolved(v)) return this.miss(key, v);
    return v && typeof v === 'object' && !Array.isArray(v) ? new Props(v as Record<string, unknown>, this.pathOf(key), this.origin) : undefined;
  }

  children(key: string): Props[] {
    const v = this.raw[key];
    if (isUnresolved(v)) return this.miss(key, v) ?? [];
    if (!Array.isArray(v)) return [];
    const out: Props[] = [];
    v.forEach((x, i) => {
      if (isUnresolved(x)) this.origin.unresolved.push({ path: [...this.path, key, i], reason: x.reason });
      else if (x && typeof x === 'object') out.push(new Props(x as Record<string, unknown>, [...this.path, key, i], this.origin));
    });
    return out;
  }

  /** `Tags: [{ Key, Value }]` (most EC2 types) or `Tags: { k: v }` (EKS, SSM). */
  tags(key = 'Tags'): Record<string, string> {
    const out: Record<string, string> = {};
    const v = this.raw[key];
    if (isUnresolved(v)) {
      this.miss(key, v);
      return out;
    }
    if (Array.isArray(v)) {
      for (const t of this.children(key)) {
        const k = t.str('Key');
        const raw = t.raw.Value;
        if (k !== undefined && isUnresolved(raw)) {
          this.origin.unresolved.push({ path: t.pathOf('Value'), reason: raw.reason, tagKey: k });
          continue;
        }
        const val = t.str('Value');
        if (k !== undefined && val !== undefined) out[k] = val;
      }
    } else if (v && typeof v === 'object') {
      for (const [k, val] of Object.entries(v)) {
        if (isUnresolved(val)) this.origin.unresolved.push({ path: [...this.path, key, k], reason: val.reason, tagKey: k });
        else if (typeof val === 'string') out[k] = val;
      }
    }
    return out;
  }
}
