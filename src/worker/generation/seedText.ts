// Turning the seed a person typed into ids the model can read.
import { encodeText, type Vocabulary } from '../../shared/data/vocabulary';

/** The seed as ids (unknown characters skipped) and as shown; with nothing usable, start after a line break. */
export function seedIdsFor(
  seed: string,
  vocab: Vocabulary,
): { seedIds: number[]; shownSeed: string; unknown: string[] } {
  const { ids, unknown } = encodeText(seed, vocab);
  if (ids.length > 0)
    return { seedIds: Array.from(ids), shownSeed: Array.from(ids, (i) => vocab.chars[i]).join(''), unknown };
  // Nothing usable in the seed: start after a line break if the text has one, else the first character.
  const start = vocab.ids.get('\n') ?? 0;
  return { seedIds: [start], shownSeed: vocab.chars[start] === '\n' ? '' : vocab.chars[start], unknown };
}
