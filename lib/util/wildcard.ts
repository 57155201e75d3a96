/**
 * IAM-style wildcards for ids, ARNs and principals: `*` matches any run of characters (slashes included,
 * as in IAM ARN matching), `?` matches one. File-path globs (picomatch) would stop `*` at '/', which is
 * wrong for `arn:aws:iam::*:role/team/*`.
 */
const cache = new Map<string, (s: string) => boolean>();

export function wildcard(pattern: string): (s: string) => boolean {
  let m = cache.get(pattern);
  if (m) return m;
  if (!/[*?]/.test(pattern)) m = (s) => s === pattern;
  else {
    const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 's');
    m = (s) => re.test(s);
  }
  cache.set(pattern, m);
  return m;
}

export function matchesAny(patterns: readonly string[], value: string): boolean {
  return patterns.some((p) => wildcard(p)(value));
}
