// Merging rare characters into one "unknown" symbol: a smaller vocabulary, and no output unit spent on a
// character seen twice. The map travels in checkpoints, so a resumed run encodes its text the same way.
import type { CharacterCount } from './histogram';
import { encodeText, vocabularyFromChars, type Vocabulary } from './vocabulary';

export interface CharMap {
  /** What merged characters become: a character the text does not contain. */
  symbol: string;
  /** Characters seen fewer than this many times were merged. */
  below: number;
  /** The merged characters, by code point. */
  merged: string[];
}

/** Candidates for the symbol, in order: the replacement character, then look-alikes, then private use. */
export const UNKNOWN_SYMBOLS = ['\uFFFD', '\u2047', '\u25A1', '\uE000', '\uE001'] as const;

export const RARE_BELOW_LIMITS = [2, 1_000_000] as const;

export function chooseUnknownSymbol(inText: (ch: string) => boolean): string {
  const free = UNKNOWN_SYMBOLS.find((s) => !inText(s));
  if (free) return free;
  for (let cp = 0xe002; cp <= 0xf8ff; cp++) if (!inText(String.fromCodePoint(cp))) return String.fromCodePoint(cp);
  throw new Error('No free symbol for unknown characters.');
}

/** Why this merge cannot be used, or null when it can. */
export function rareMergeProblem(histogram: readonly CharacterCount[], below: number): string | null {
  const [lo, hi] = RARE_BELOW_LIMITS;
  if (!Number.isInteger(below) || below < lo || below > hi)
    return `Rare below must be a whole number from ${lo} to ${hi}.`;
  if (!histogram.some((c) => c.count >= below))
    return `Every character is seen fewer than ${below} times; lower “Rare below”.`;
  return null;
}

/** The merge for a histogram, or null when no character is rare. Check rareMergeProblem first. */
export function planRareMerge(histogram: readonly CharacterCount[], below: number): CharMap | null {
  const merged = histogram.filter((c) => c.count < below).map((c) => c.char);
  if (merged.length === 0) return null;
  const present = new Set(histogram.map((c) => c.char));
  const byCodePoint = (a: string, b: string) => a.codePointAt(0)! - b.codePointAt(0)!;
  return { symbol: chooseUnknownSymbol((ch) => present.has(ch)), below, merged: merged.sort(byCodePoint) };
}

/** A vocabulary from its characters (by id), where the map's symbol stands for everything outside it. */
export function vocabularyWithMap(chars: string[], map: CharMap | null): Vocabulary {
  const vocab = vocabularyFromChars(chars);
  const unknownId = map ? vocab.ids.get(map.symbol) : undefined;
  return unknownId === undefined ? vocab : { ...vocab, unknownId };
}

/** The kept characters and the symbol, sorted by code point like buildVocabulary. */
export function mergedVocabulary(histogram: readonly CharacterCount[], map: CharMap): Vocabulary {
  const merged = new Set(map.merged);
  const cps = histogram.filter((c) => !merged.has(c.char)).map((c) => c.char.codePointAt(0)!);
  cps.push(map.symbol.codePointAt(0)!);
  return vocabularyWithMap(
    cps.sort((a, b) => a - b).map((cp) => String.fromCodePoint(cp)),
    map,
  );
}

/** A stored map, checked against its vocabulary; the message is for the user, null when it is usable. */
export function charMapProblem(map: unknown, vocabulary: readonly string[]): string | null {
  if (typeof map !== 'object' || map === null) return 'the character map is not an object.';
  const { symbol, below, merged } = map as Partial<CharMap>;
  const oneChar = (c: unknown) => typeof c === 'string' && [...c].length === 1;
  if (!oneChar(symbol) || !vocabulary.includes(symbol!)) return "the character map's symbol is not in the vocabulary.";
  if (!Number.isSafeInteger(below) || below! < 0) return "the character map's threshold is not a count.";
  if (!Array.isArray(merged) || !merged.every((c) => oneChar(c) && !vocabulary.includes(c as string))) {
    return 'the character map lists merged characters that are not single characters outside the vocabulary.';
  }
  return null;
}

export interface EncodedText {
  text: string;
  ids: Int32Array;
  vocab: Vocabulary;
  histogram: readonly CharacterCount[];
}

/** A new run's vocabulary and ids: the text's own, or with characters seen fewer than `below` times merged. */
export function encodeForRun(
  t: EncodedText,
  below: number | undefined,
): { ids: Int32Array; vocab: Vocabulary; charMap: CharMap | null } | { problem: string } {
  if (below === undefined || below === 0) return { ids: t.ids, vocab: t.vocab, charMap: null };
  const problem = rareMergeProblem(t.histogram, below);
  if (problem) return { problem };
  const charMap = planRareMerge(t.histogram, below);
  if (!charMap) return { ids: t.ids, vocab: t.vocab, charMap: null };
  const vocab = mergedVocabulary(t.histogram, charMap);
  return { ids: encodeText(t.text, vocab).ids, vocab, charMap };
}
