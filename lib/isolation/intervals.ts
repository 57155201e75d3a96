/**
 * Sets of integers as sorted, disjoint, non-adjacent closed intervals. The isolation analysis
 * reasons on these instead of single ports or addresses: a rule "tcp/0-65535 from 10.0.0.0/8" is two
 * intervals, not 65,536 ports times 16 million addresses. Values are immutable; every operation is
 * linear in the number of intervals.
 */
export class IntervalSet {
  static readonly EMPTY = new IntervalSet([]);

  /** Flat bounds [lo0, hi0, lo1, hi1, …], sorted, disjoint and never adjacent (hi_i + 1 < lo_{i+1}). */
  private constructor(private readonly b: readonly number[]) {}

  static range(lo: number, hi: number): IntervalSet {
    return lo > hi ? IntervalSet.EMPTY : new IntervalSet([lo, hi]);
  }

  static point(x: number): IntervalSet {
    return new IntervalSet([x, x]);
  }

  /** Any list of [lo, hi] pairs, in any order, overlapping or not. */
  static of(pairs: Iterable<readonly [number, number]>): IntervalSet {
    const list = [...pairs].filter(([lo, hi]) => lo <= hi).sort((x, y) => x[0] - y[0]);
    const out: number[] = [];
    for (const [lo, hi] of list) {
      const n = out.length;
      if (n && lo <= out[n - 1] + 1) out[n - 1] = Math.max(out[n - 1], hi);
      else out.push(lo, hi);
    }
    return out.length ? new IntervalSet(out) : IntervalSet.EMPTY;
  }

  get isEmpty(): boolean {
    return this.b.length === 0;
  }

  /** Number of integers in the set. */
  get size(): number {
    let n = 0;
    for (let i = 0; i < this.b.length; i += 2) n += this.b[i + 1] - this.b[i] + 1;
    return n;
  }

  get min(): number | undefined {
    return this.b[0];
  }

  get max(): number | undefined {
    return this.b.length ? this.b[this.b.length - 1] : undefined;
  }

  has(x: number): boolean {
    // Binary search over interval starts: sets can hold thousands of address atoms.
    let lo = 0;
    let hi = this.b.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (x < this.b[2 * mid]) hi = mid - 1;
      else if (x > this.b[2 * mid + 1]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  ranges(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.b.length; i += 2) out.push([this.b[i], this.b[i + 1]]);
    return out;
  }

  union(o: IntervalSet): IntervalSet {
    if (o.isEmpty || o === this) return this;
    if (this.isEmpty) return o;
    const a = this.b;
    const c = o.b;
    const out: number[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < c.length) {
      let lo: number;
      let hi: number;
      if (j >= c.length || (i < a.length && a[i] <= c[j])) {
        lo = a[i];
        hi = a[i + 1];
        i += 2;
      } else {
        lo = c[j];
        hi = c[j + 1];
        j += 2;
      }
      const n = out.length;
      if (n && lo <= out[n - 1] + 1) out[n - 1] = Math.max(out[n - 1], hi);
      else out.push(lo, hi);
    }
    return new IntervalSet(out);
  }

  intersect(o: IntervalSet): IntervalSet {
    if (this.isEmpty || o.isEmpty) return IntervalSet.EMPTY;
    if (o === this) return this;
    const a = this.b;
    const c = o.b;
    const out: number[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < c.length) {
      const lo = Math.max(a[i], c[j]);
      const hi = Math.min(a[i + 1], c[j + 1]);
      if (lo <= hi) out.push(lo, hi);
      if (a[i + 1] < c[j + 1]) i += 2;
      else j += 2;
    }
    return out.length ? new IntervalSet(out) : IntervalSet.EMPTY;
  }

  subtract(o: IntervalSet): IntervalSet {
    if (this.isEmpty || o.isEmpty) return this;
    const a = this.b;
    const c = o.b;
    const out: number[] = [];
    let j = 0;
    for (let i = 0; i < a.length; i += 2) {
      let lo = a[i];
      const hi = a[i + 1];
      while (j < c.length && c[j + 1] < lo) j += 2;
      let k = j;
      while (k < c.length && c[k] <= hi) {
        if (c[k] > lo) out.push(lo, c[k] - 1);
        lo = Math.max(lo, c[k + 1] + 1);
        if (lo > hi) break;
        k += 2;
      }
      if (lo <= hi) out.push(lo, hi);
    }
    return out.length ? new IntervalSet(out) : IntervalSet.EMPTY;
  }

  overlaps(o: IntervalSet): boolean {
    const a = this.b;
    const c = o.b;
    let i = 0;
    let j = 0;
    while (i < a.length && j < c.length) {
      if (Math.max(a[i], c[j]) <= Math.min(a[i + 1], c[j + 1])) return true;
      if (a[i + 1] < c[j + 1]) i += 2;
      else j += 2;
    }
    return false;
  }

  /** True when every member of `o` is in this set. */
  covers(o: IntervalSet): boolean {
    return o.subtract(this).isEmpty;
  }

  equals(o: IntervalSet): boolean {
    if (o === this) return true;
    if (o.b.length !== this.b.length) return false;
    for (let i = 0; i < this.b.length; i++) if (o.b[i] !== this.b[i]) return false;
    return true;
  }

  /** A compact, canonical text form, usable as a map key: "1-5,9". */
  key(): string {
    const parts: string[] = [];
    for (let i = 0; i < this.b.length; i += 2) parts.push(this.b[i] === this.b[i + 1] ? `${this.b[i]}` : `${this.b[i]}-${this.b[i + 1]}`);
    return parts.join(',');
  }
}
