// Simple features of a text, computed from the text alone, one value per character: what a unit of the
// GRU might track. The explorer ranks units by how well their activation follows each feature.

export const TEXT_FEATURES = [
  'inside quotes',
  'inside brackets',
  'position in the line',
  'start of a word',
  'after a newline',
  'uppercase',
  'punctuation',
  'vowel',
] as const;
export type TextFeature = (typeof TEXT_FEATURES)[number];

const LETTER = /\p{L}/u;
const PUNCTUATION = /\p{P}/u;
const VOWELS = new Set('aeiouAEIOU');
const OPENING = new Set('([{');
const CLOSING = new Set(')]}');

/** Per feature, one value per character (code point) of `characters`: 0/1 flags, or a count for the line position. */
export function textFeatures(characters: readonly string[]): Record<TextFeature, Float32Array> {
  const n = characters.length;
  const out = Object.fromEntries(TEXT_FEATURES.map((f) => [f, new Float32Array(n)])) as Record<
    TextFeature,
    Float32Array
  >;
  let quoted = false;
  let depth = 0;
  let column = 0;
  for (let i = 0; i < n; i++) {
    const c = characters[i];
    const previous = i > 0 ? characters[i - 1] : '\n';
    // The marks belong to what they enclose: a quote mark or bracket counts as inside.
    if (c === '"') quoted = !quoted;
    out['inside quotes'][i] = quoted || c === '"' ? 1 : 0;
    if (OPENING.has(c)) depth++;
    out['inside brackets'][i] = depth > 0 ? 1 : 0;
    if (CLOSING.has(c)) depth = Math.max(0, depth - 1);
    out['position in the line'][i] = column;
    column = c === '\n' ? 0 : column + 1;
    out['start of a word'][i] = LETTER.test(c) && !LETTER.test(previous) ? 1 : 0;
    out['after a newline'][i] = previous === '\n' && i > 0 ? 1 : 0;
    out['uppercase'][i] = c !== c.toLowerCase() ? 1 : 0;
    out['punctuation'][i] = PUNCTUATION.test(c) ? 1 : 0;
    out['vowel'][i] = VOWELS.has(c) ? 1 : 0;
  }
  return out;
}
