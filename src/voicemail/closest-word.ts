/**
 * The candidates nearest to what was typed, for "did you mean …?": within a small edit distance
 * (Damerau–Levenshtein: a swapped pair of letters counts once), or starting with it. Returns every
 * candidate at the best distance, so a tie is shown as a tie and never decided for the person.
 */
export function closestWords(typed: string, candidates: readonly string[]): string[] {
  const word = typed.toLowerCase();
  if (word.length < 2) return [];
  // Short words are near too many others ("hello" is two edits from "help"): one slip only.
  const allowed = word.length <= 5 ? 1 : word.length <= 8 ? 2 : 3;
  let best = Infinity;
  let found: string[] = [];
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    // A beginning of 3 letters or more ("hist") is as close as a one-letter slip.
    const d = word.length >= 3 && c.startsWith(word) ? 1 : editDistance(word, c);
    if (d > allowed || d > best) continue;
    if (d < best) {
      best = d;
      found = [];
    }
    if (!found.includes(candidate)) found.push(candidate);
  }
  return found;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  // Beyond this the answer is "far" anyway; long inputs must not cost quadratic time.
  if (Math.abs(x.length - y.length) > 3 || x.length > 64 || y.length > 64) return Infinity;
  const width = y.length + 1;
  // Row-major (x.length + 1) × (y.length + 1) table; typed arrays read 0 where nothing was written.
  const d = new Uint8Array((x.length + 1) * width);
  const at = (i: number, j: number) => d[i * width + j] ?? 0;
  for (let i = 0; i <= x.length; i++) d[i * width] = i;
  for (let j = 0; j <= y.length; j++) d[j] = j;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i * width + j] = v;
    }
  }
  return at(x.length, y.length);
}
