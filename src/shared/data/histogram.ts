// How often each character (code point) occurs in a text, for the dataset advisor.

export interface CharacterCount {
  /** One Unicode code point. */
  char: string;
  count: number;
}

/** Counts per character, most frequent first; ties by code point, so the order is stable. */
export function characterHistogram(text: string): CharacterCount[] {
  const counts = new Map<number, number>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    counts.set(cp, (counts.get(cp) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([cp, count]) => ({ char: String.fromCodePoint(cp), count }));
}

/** Characters seen fewer than `below` times, rarest last (the histogram's order). */
export function rareCharacters(histogram: readonly CharacterCount[], below: number): CharacterCount[] {
  return histogram.filter((c) => c.count < below);
}

/** Total characters the histogram counts. */
export function histogramTotal(histogram: readonly CharacterCount[]): number {
  return histogram.reduce((sum, c) => sum + c.count, 0);
}
