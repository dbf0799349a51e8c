// The memorisation meter's search: which characters of a generated text lie in a span of at least N
// characters that occurs verbatim in the training text. The training text is indexed once (every N-gram's
// rolling hash -> its first offset); a check is then one hash lookup per position of the generated text.
// Texts are arrays of code points, so an emoji is one character, as in the vocabulary.

export interface CopyIndex {
  codes: Int32Array;
  minLength: number;
  /** Rolling hash of an N-gram -> offset of its first occurrence. */
  firstAt: Map<number, number>;
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

// Two polynomial hashes mod primes, packed into one integer below 2^53 (every product stays exact in a double).
const P1 = 2147483629, B1 = 131;
const P2 = 4194301, B2 = 257;

export function codePointsOf(text: string): Int32Array {
  const out = new Int32Array(text.length);
  let n = 0;
  for (const ch of text) out[n++] = ch.codePointAt(0)!;
  return out.slice(0, n);
}

/** Calls visit(i, hash) for every window [i, i + n) of codes. */
function eachWindowHash(codes: Int32Array, n: number, visit: (i: number, hash: number) => void): void {
  if (n <= 0 || codes.length < n) return;
  let pow1 = 1, pow2 = 1; // B^(n−1)
  for (let i = 1; i < n; i++) {
    pow1 = (pow1 * B1) % P1;
    pow2 = (pow2 * B2) % P2;
  }
  let h1 = 0, h2 = 0;
  for (let i = 0; i < codes.length; i++) {
    if (i >= n) {
      const old = codes[i - n];
      h1 = (h1 - ((old * pow1) % P1) + P1) % P1;
      h2 = (h2 - ((old % P2) * pow2) % P2 + P2) % P2;
    }
    h1 = (h1 * B1 + codes[i]) % P1;
    h2 = (h2 * B2 + codes[i]) % P2;
    if (i >= n - 1) visit(i - n + 1, h1 * 4194304 + h2);
  }
}

export function buildCopyIndex(codes: Int32Array, minLength: number): CopyIndex {
  const firstAt = new Map<number, number>();
  eachWindowHash(codes, minLength, (i, hash) => {
    if (!firstAt.has(hash)) firstAt.set(hash, i);
  });
  return { codes, minLength, firstAt };
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
  eachWindowHash(generated, n, (i, hash) => {
    const at = index.firstAt.get(hash);
    if (at === undefined || !sameAt(generated, i, index.codes, at, n)) return;
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
  let line = 1, lineStart = 0;
  for (let i = 0; i < offset && i < codes.length; i++) {
    if (codes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
