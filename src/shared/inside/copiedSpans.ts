// The memorisation meter's search: which characters of a generated text lie in a span of at least N
// characters that occurs verbatim in the training text. The training text is indexed once (every N-gram's
// rolling hash -> its first offset, in an open-addressing table of typed arrays: a Map of a million float
// keys took seconds to fill); a check is then one hash lookup per position of the generated text.
// Texts are arrays of code points, so an emoji is one character, as in the vocabulary.

export interface CopyIndex {
  codes: Int32Array;
  minLength: number;
  /** Rolling hashes (two per N-gram) -> offset of its first occurrence; at[slot] = −1 where empty. */
  table: { h1: Int32Array; h2: Int32Array; at: Int32Array; mask: number };
}

export interface CopiedSpan {
  /** Where the span starts in the generated text, and its length (code points). */
  start: number;
  length: number;
  /** Where its first N characters occur in the training text (code points). */
  offset: number;
}

export interface CopyReport {
  /** 1 for each character of the generated text inside a copied span. */
  covered: Uint8Array;
  /** Maximal runs of covered characters. */
  spans: CopiedSpan[];
  copied: number;
}

// Two polynomial hashes mod primes below 2^31 and 2^22 (every product stays exact in a double).
const P1 = 2147483629,
  B1 = 131;
const P2 = 4194301,
  B2 = 257;

export function codePointsOf(text: string): Int32Array {
  const out = new Int32Array(text.length);
  let n = 0;
  // codePointAt by index rather than for…of: several times faster on a megabyte of text.
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    out[n++] = c;
    if (c > 0xffff) i++;
  }
  return out.slice(0, n);
}

/** Calls visit(i, h1, h2) for every window [i, i + n) of codes. */
function eachWindowHash(codes: Int32Array, n: number, visit: (i: number, h1: number, h2: number) => void): void {
  if (n <= 0 || codes.length < n) return;
  let pow1 = 1,
    pow2 = 1; // B^(n−1)
  for (let i = 1; i < n; i++) {
    pow1 = (pow1 * B1) % P1;
    pow2 = (pow2 * B2) % P2;
  }
  let h1 = 0,
    h2 = 0;
  for (let i = 0; i < codes.length; i++) {
    if (i >= n) {
      const old = codes[i - n];
      h1 = (h1 - ((old * pow1) % P1) + P1) % P1;
      h2 = (h2 - (((old % P2) * pow2) % P2) + P2) % P2;
    }
    h1 = (h1 * B1 + codes[i]) % P1;
    h2 = (h2 * B2 + codes[i]) % P2;
    if (i >= n - 1) visit(i - n + 1, h1, h2);
  }
}

/** The slot of (h1, h2) in the table: its own, or the empty one where it would go (linear probing). */
function slotOf(table: CopyIndex['table'], h1: number, h2: number): number {
  let slot = (h1 ^ Math.imul(h2, 0x9e3779b1)) & table.mask;
  while (table.at[slot] !== -1 && (table.h1[slot] !== h1 || table.h2[slot] !== h2)) slot = (slot + 1) & table.mask;
  return slot;
}

export function buildCopyIndex(codes: Int32Array, minLength: number): CopyIndex {
  let size = 1024;
  while (size < 2 * codes.length) size *= 2; // at most half full
  const table = {
    h1: new Int32Array(size),
    h2: new Int32Array(size),
    at: new Int32Array(size).fill(-1),
    mask: size - 1,
  };
  eachWindowHash(codes, minLength, (i, h1, h2) => {
    const slot = slotOf(table, h1, h2);
    if (table.at[slot] !== -1) return; // seen before: keep the first offset
    table.h1[slot] = h1;
    table.h2[slot] = h2;
    table.at[slot] = i;
  });
  return { codes, minLength, table };
}

function sameAt(a: Int32Array, i: number, b: Int32Array, j: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (a[i + k] !== b[j + k]) return false;
  return true;
}

/** The copied characters of `generated` under the index (a hash collision is checked and never counts). */
export function findCopiedSpans(index: CopyIndex, generated: Int32Array): CopyReport {
  const n = index.minLength;
  const covered = new Uint8Array(generated.length);
  const offsets = new Int32Array(generated.length).fill(-1);
  eachWindowHash(generated, n, (i, h1, h2) => {
    const at = index.table.at[slotOf(index.table, h1, h2)];
    if (at === -1 || !sameAt(generated, i, index.codes, at, n)) return;
    offsets[i] = at;
    covered.fill(1, i, i + n);
  });
  const spans: CopiedSpan[] = [];
  let copied = 0;
  for (let i = 0; i < covered.length; i++) {
    if (!covered[i]) continue;
    let end = i;
    while (end < covered.length && covered[end]) end++;
    spans.push({ start: i, length: end - i, offset: offsets[i] });
    copied += end - i;
    i = end - 1;
  }
  return { covered, spans, copied };
}

/** 1-based line and column of a code-point offset in codes. */
export function lineAndColumn(codes: Int32Array, offset: number): { line: number; column: number } {
  let line = 1,
    lineStart = 0;
  for (let i = 0; i < offset && i < codes.length; i++) {
    if (codes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
