// Character vocabulary by Unicode code point: an emoji is one character, never two UTF-16 halves.

export interface Vocabulary {
  /** id -> character, sorted by code point. */
  chars: string[];
  /** character -> id. */
  ids: Map<string, number>;
  /** Id of the symbol that rare characters were merged into (data/rareCharacters.ts); when set, every
   *  character outside the vocabulary encodes as it. */
  unknownId?: number;
}

export function buildVocabulary(text: string): Vocabulary {
  const seen = new Set<number>();
  for (const ch of text) seen.add(ch.codePointAt(0)!);
  const chars = [...seen].sort((a, b) => a - b).map((cp) => String.fromCodePoint(cp));
  return vocabularyFromChars(chars);
}

export function vocabularyFromChars(chars: string[]): Vocabulary {
  return { chars, ids: new Map(chars.map((c, i) => [c, i])) };
}

/** Ids of every character of text; characters outside the vocabulary are reported, not encoded. */
export function encodeText(text: string, vocab: Vocabulary): { ids: Int32Array; unknown: string[] } {
  const out = new Int32Array(countCodePoints(text));
  const unknown = new Set<string>();
  let n = 0;
  for (const ch of text) {
    const id = vocab.ids.get(ch) ?? vocab.unknownId;
    if (id === undefined) unknown.add(ch);
    else out[n++] = id;
  }
  return { ids: n === out.length ? out : out.slice(0, n), unknown: [...unknown] };
}

export function decodeIds(ids: ArrayLike<number>, vocab: Vocabulary): string {
  let s = '';
  for (let i = 0; i < ids.length; i++) s += vocab.chars[ids[i]] ?? '';
  return s;
}

export function countCodePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
