/**
 * Resolves CloudFormation intrinsic functions as far as a template alone allows: parameters (the
 * value given with --parameters, else the Default), pseudo parameters, Ref / Fn::GetAtt between the
 * template's resources, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::Cidr, Fn::FindInMap, Fn::If and the
 * condition functions. What depends on the deployed world (an SSM parameter, Fn::ImportValue, an
 * attribute only AWS knows) becomes an `Unresolved` value that says why; callers turn it into
 * UNKNOWN, never into a default that would pass.
 */

/** A value the template does not determine. */
export class Unresolved {
  constructor(readonly reason: string) {}
  toString(): string {
    return `(unresolved: ${this.reason})`;
  }
}

export function isUnresolved(v: unknown): v is Unresolved {
  return v instanceof Unresolved;
}

/** `Ref: AWS::NoValue` and a false `Fn::If` branch holding it: the property is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export type Value = unknown;

export interface ResolverContext {
  /** Parameter values after --parameters and defaults; a list parameter holds a string[]. */
  parameters: ReadonlyMap<string, Value>;
  pseudo: ReadonlyMap<string, Value>;
  mappings: Record<string, Record<string, Record<string, unknown>>>;
  conditions: Record<string, unknown>;
  /** The model id `Ref` of a template resource stands for; undefined when the id is not one. */
  refOf(logicalId: string): Value | undefined;
  getAtt(logicalId: string, attribute: string): Value;
}

const CONDITION_FNS = new Set(['Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Condition']);

export class Resolver {
  private readonly conditionMemo = new Map<string, boolean | Unresolved>();
  private readonly evaluating = new Set<string>();

  constructor(private readonly ctx: ResolverContext) {}

  /** A condition by name: true, false, or Unresolved. */
  condition(name: string): boolean | Unresolved {
    const hit = this.conditionMemo.get(name);
    if (hit !== undefined) return hit;
    if (!(name in this.ctx.conditions)) return new Unresolved(`condition ${name} is not defined in Conditions`);
    if (this.evaluating.has(name)) return new Unresolved(`condition ${name} refers to itself`);
    this.evaluating.add(name);
    // A condition may be another condition by name (`Condition: Other`), as inside Fn::And/Or/Not.
    const v = this.conditionArg(this.ctx.conditions[name]);
    this.evaluating.delete(name);
    const out = typeof v === 'boolean' ? v : isUnresolved(v) ? v : new Unresolved(`condition ${name} is not a boolean`);
    this.conditionMemo.set(name, out);
    return out;
  }

  /** Resolves every intrinsic inside `v`; properties resolving to AWS::NoValue are dropped. */
  resolve(v: Value): Value {
    if (Array.isArray(v)) return v.map((x) => this.resolve(x)).filter((x) => x !== NO_VALUE);
    if (v === null || typeof v !== 'object' || isUnresolved(v)) return v;
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition')) {
      const arg = (v as Record<string, unknown>)[keys[0]];
      // `Condition` is a function only where a condition is expected (inside Fn::And/Or/Not); a
      // property named Condition is plain data, which CONDITION_FNS callers handle.
      if (keys[0] !== 'Condition') return this.call(keys[0], arg);
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const r = this.resolve((v as Record<string, unknown>)[k]);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  private conditionArg(a: unknown): boolean | Unresolved {
    if (a && typeof a === 'object' && !Array.isArray(a) && Object.keys(a).length === 1 && 'Condition' in a) {
      const name = (a as { Condition: unknown }).Condition;
      return typeof name === 'string' ? this.condition(name) : new Unresolved('Condition needs a condition name');
    }
    const r = this.resolve(a);
    return typeof r === 'boolean' ? r : isUnresolved(r) ? r : new Unresolved(`expected a condition, got ${short(r)}`);
  }

  private call(fn: string, arg: unknown): Value {
    switch (fn) {
      case 'Ref':
        return this.ref(arg);
      case 'Fn::GetAtt': {
        const parts = Array.isArray(arg) ? arg.map((x) => this.resolve(x)) : typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : [];
        if (parts.length !== 2 || typeof parts[0] !== 'string' || typeof parts[1] !== 'string') return new Unresolved(`Fn::GetAtt ${short(arg)} is not [resource, attribute]`);
        return this.ctx.getAtt(parts[0], parts[1]);
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Join': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved('Fn::Join needs [delimiter, list]');
        const sep = this.resolve(arg[0]);
        const list = this.resolve(arg[1]);
        if (isUnresolved(sep)) return sep;
        if (isUnresolved(list)) return list;
        if (typeof sep !== 'string' || !Array.isArray(list)) return new Unresolved('Fn::Join needs a string delimiter and a list');
        const bad = list.find((x) => isUnresolved(x));
        if (bad) return bad;
        return list.map((x) => String(x)).join(sep);
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved('Fn::Select needs [index, list]');
        const idx = this.resolve(arg[0]);
        const list = this.resolve(arg[1]);
        if (isUnresolved(idx)) return idx;
        if (isUnresolved(list)) return list;
        const i = typeof idx === 'number' ? idx : Number(idx);
        if (!Array.isArray(list) || !Number.isInteger(i)) return new Unresolved('Fn::Select needs an integer index and a list');
        if (i < 0 || i >= list.length) return new Unresolved(`Fn::Select index ${i} is outside a list of ${list.length}`);
        return list[i];
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved('Fn::Split needs [delimiter, string]');
        const sep = this.resolve(arg[0]);
        const s = this.resolve(arg[1]);
        if (isUnresolved(s)) return s;
        if (typeof sep !== 'string' || typeof s !== 'string') return new Unresolved('Fn::Split needs a delimiter and a string');
        return s.split(sep);
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(arg) || arg.length < 3) return new Unresolved('Fn::FindInMap needs [map, key, key]');
        const [m, k1, k2] = arg.slice(0, 3).map((x) => this.resolve(x));
        for (const x of [m, k1, k2]) if (isUnresolved(x)) return x;
        const hit = this.ctx.mappings[String(m)]?.[String(k1)]?.[String(k2)];
        if (hit === undefined) return new Unresolved(`Mappings.${String(m)}.${String(k1)}.${String(k2)} is not defined`);
        return this.resolve(hit);
      }
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return new Unresolved('Fn::If needs [condition, then, else]');
        const c = this.condition(arg[0]);
        if (isUnresolved(c)) return new Unresolved(`Fn::If on ${arg[0]}: ${c.reason}`);
        return this.resolve(c ? arg[1] : arg[2]);
      }
      case 'Fn::Equals': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved('Fn::Equals needs two values');
        const [a, b] = arg.map((x) => this.resolve(x));
        if (isUnresolved(a)) return a;
        if (isUnresolved(b)) return b;
        return JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(arg)) return new Unresolved(`${fn} needs a list of conditions`);
        const vals = arg.map((a) => this.conditionArg(a));
        const decisive = fn === 'Fn::And' ? false : true;
        if (vals.includes(decisive)) return decisive;
        const u = vals.find((x) => isUnresolved(x));
        return u ?? !decisive;
      }
      case 'Fn::Not': {
        const c = this.conditionArg(Array.isArray(arg) ? arg[0] : arg);
        return isUnresolved(c) ? c : !c;
      }
      case 'Fn::Cidr':
        return this.cidr(arg);
      case 'Fn::Base64':
        return this.resolve(arg);
      case 'Fn::GetAZs':
        return new Unresolved('Fn::GetAZs lists the availability zones of the account at deploy time');
      case 'Fn::ImportValue':
        return new Unresolved(`Fn::ImportValue ${short(this.resolve(arg))} is another stack's output`);
      default:
        if (CONDITION_FNS.has(fn)) return new Unresolved(`${fn} is not allowed here`);
        return new Unresolved(`${fn} is not evaluated before deploy`);
    }
  }

  /** `Fn::Cidr [ipBlock, count, cidrBits]`: the first `count` blocks of /(32 - cidrBits) inside ipBlock (IPv4). */
  private cidr(arg: unknown): Value {
    if (!Array.isArray(arg) || arg.length !== 3) return new Unresolved('Fn::Cidr needs [ipBlock, count, cidrBits]');
    const [block, countV, bitsV] = arg.map((x) => this.resolve(x));
    for (const x of [block, countV, bitsV]) if (isUnresolved(x)) return x;
    const m = typeof block === 'string' ? /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(block) : null;
    const count = Number(countV);
    const bits = Number(bitsV);
    if (!m) return new Unresolved(`Fn::Cidr ${short(block)} is not an IPv4 CIDR block`);
    const octets = m.slice(1, 5).map(Number);
    const len = Number(m[5]);
    const newLen = 32 - bits;
    if (octets.some((o) => o > 255) || len > 32 || !Number.isInteger(count) || count < 1 || count > 256 || !Number.isInteger(bits) || bits < 0 || newLen < len) {
      return new Unresolved(`Fn::Cidr ${short(arg)} asks for blocks that do not fit`);
    }
    if (count > 2 ** (newLen - len)) return new Unresolved(`Fn::Cidr ${short(arg)} asks for more blocks than ${block} holds`);
    const base = (((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!) & (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
    const size = 2 ** bits;
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const n = (base >>> 0) + i * size;
      out.push(`${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')}/${newLen}`);
    }
    return out;
  }

  private ref(arg: unknown): Value {
    if (typeof arg !== 'string') return new Unresolved(`Ref ${short(arg)} is not a name`);
    if (arg === 'AWS::NoValue') return NO_VALUE;
    if (this.ctx.pseudo.has(arg)) return this.ctx.pseudo.get(arg);
    if (this.ctx.parameters.has(arg)) return this.ctx.parameters.get(arg);
    const r = this.ctx.refOf(arg);
    return r ?? new Unresolved(`Ref ${arg} names no parameter or resource of the template`);
  }

  private sub(arg: unknown): Value {
    let text: unknown = arg;
    let vars: Record<string, unknown> = {};
    if (Array.isArray(arg)) {
      text = arg[0];
      vars = (arg[1] && typeof arg[1] === 'object' ? arg[1] : {}) as Record<string, unknown>;
    }
    if (typeof text !== 'string') return new Unresolved('Fn::Sub needs a string');
    let unresolved: Unresolved | undefined;
    const out = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      // `${!Literal}` is an escaped literal `${Literal}`.
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      let v: Value;
      if (name in vars) v = this.resolve(vars[name]);
      else if (name.includes('.') && !name.startsWith('AWS::')) v = this.ctx.getAtt(name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1));
      else v = this.ref(name);
      if (isUnresolved(v)) unresolved ??= v;
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
      else unresolved ??= new Unresolved(`Fn::Sub ${whole} is not a string`);
      return whole;
    });
    return unresolved ?? out;
  }
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
