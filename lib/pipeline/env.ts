/**
 * Lambda configuration from environment variables, read once at cold start (STYLE §6). The stack sets
 * every variable; `npm run invoke` sets the same ones. A missing or malformed value stops the cold
 * start with a ConfigError that names the variable and what it should hold, before any AWS call.
 */
import { ConfigError } from '../errors';
import { SCANNABLE_REGION } from '../model/formats';

export type Env = Readonly<Record<string, string | undefined>>;

const ACCOUNT_ID = /^\d{12}$/;

/** Reads variables and collects problems, so one ConfigError lists them all. */
export class EnvReader {
  private readonly problems: { key: string; message: string }[] = [];

  constructor(private readonly env: Env, private readonly what = 'Lambda environment') {}

  require(name: string, hint: string): string {
    const v = this.env[name]?.trim();
    if (!v) {
      this.problems.push({ key: name, message: `is not set; expected ${hint}` });
      return '';
    }
    return v;
  }

  optional(name: string): string | undefined {
    const v = this.env[name]?.trim();
    return v ? v : undefined;
  }

  /** Comma-separated list; empty or unset is []. */
  list(name: string): string[] {
    return (this.env[name] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  flag(name: string): boolean {
    const v = this.optional(name)?.toLowerCase();
    if (v === undefined || v === 'false' || v === '0') return false;
    if (v === 'true' || v === '1') return true;
    this.problems.push({ key: name, message: `expected true or false, got ${JSON.stringify(v)}` });
    return false;
  }

  accounts(name: string): string[] {
    const ids = this.list(name);
    for (const id of ids) if (!ACCOUNT_ID.test(id)) this.problems.push({ key: name, message: `expected 12-digit account ids, got ${JSON.stringify(id)}` });
    return ids;
  }

  account(name: string): string {
    const id = this.require(name, 'the 12-digit id of the account the stack is deployed in');
    if (id && !ACCOUNT_ID.test(id)) this.problems.push({ key: name, message: `expected a 12-digit account id, got ${JSON.stringify(id)}` });
    return id;
  }

  regions(name: string): string[] {
    const names = this.list(name);
    for (const r of names) if (!SCANNABLE_REGION.test(r)) this.problems.push({ key: name, message: `expected region names like us-east-1, got ${JSON.stringify(r)}` });
    return names;
  }

  /** Records a problem with `name` unless `ok`. */
  check(ok: boolean, name: string, message: string): void {
    if (!ok) this.problems.push({ key: name, message });
  }

  /** Throws the collected problems, if any. */
  done(): void {
    if (this.problems.length) throw new ConfigError(this.problems, this.what);
  }
}

/** Fails fast when one variable is missing (for the simplest handlers). */
export function requireEnv(env: Env, name: string, hint: string): string {
  const r = new EnvReader(env);
  const v = r.require(name, hint);
  r.done();
  return v;
}

/** The partition of a region: arn:aws-cn:… in China, arn:aws-us-gov:… in GovCloud. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}
