/**
 * "Did you mean …?" for misspelt rule ids, keys and enum values. Damerau-Levenshtein (optimal string
 * alignment) so a swapped pair of letters, the commonest typo, costs one edit, not two.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate nearest to `word`, when it is near enough to be a typo: at most a third of the word's
 * length in edits (minimum 2), case ignored, or the only candidate that starts with it. Ties go to the
 * earlier candidate, so the answer is stable.
 */
export function closest(word: string, candidateList: Iterable<string>): string | undefined {
  const candidates = [...candidateList];
  const w = word.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const dist = editDistance(w, c.toLowerCase());
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  if (bestDistance <= limit) return best;
  // "cis" for "cis-3.0": a unique candidate the word starts is meant too.
  const prefixed = candidates.filter((c) => w.length >= 3 && c.toLowerCase().startsWith(w));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** `; did you mean "x"?` or the empty string. */
export function didYouMean(word: string, candidateList: Iterable<string>): string {
  const candidates = [...candidateList];
  const c = closest(word, candidates);
  if (c !== undefined) return `; did you mean "${c}"?`;
  // "cis" when both "cis-3.0" and "cis-5.0" exist: name them all rather than guess one.
  const w = word.toLowerCase();
  const prefixed = w.length >= 3 ? candidates.filter((x) => x.toLowerCase().startsWith(w)) : [];
  return prefixed.length > 1 && prefixed.length <= 4 ? `; did you mean one of ${prefixed.map((x) => `"${x}"`).join(', ')}?` : '';
}
