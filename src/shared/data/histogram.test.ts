import { describe, expect, it } from 'vitest';
import { characterHistogram, histogramTotal, rareCharacters } from './histogram';
import { charMapProblem, mergedVocabulary, planRareMerge, rareMergeProblem, vocabularyWithMap } from './rareCharacters';
import { decodeIds, encodeText } from './vocabulary';

describe('characterHistogram', () => {
  it('counts code points, most frequent first, ties by code point', () => {
    expect(characterHistogram('abcab😀\n\n')).toEqual([
      { char: '\n', count: 2 },
      { char: 'a', count: 2 },
      { char: 'b', count: 2 },
      { char: 'c', count: 1 },
      { char: '😀', count: 1 },
    ]);
  });

  it('sums to the text length in code points and is empty for an empty text', () => {
    const text = 'the cat 😀 sat\n'.repeat(5);
    expect(histogramTotal(characterHistogram(text))).toBe([...text].length);
    expect(characterHistogram('')).toEqual([]);
  });

  it('lists characters below a count as rare', () => {
    const h = characterHistogram('aaaabbbcc d');
    expect(rareCharacters(h, 2).map((c) => c.char)).toEqual([' ', 'd']);
    expect(rareCharacters(h, 3).map((c) => c.char)).toEqual(['c', ' ', 'd']); // histogram order: count, then code point
  });
});

describe('rare-character merging', () => {
  const text = 'aaaa bbbb aaaa bbbb x 😀 q';
  const h = characterHistogram(text);

  it('maps rare characters to one symbol not in the text', () => {
    const map = planRareMerge(h, 2)!;
    expect(map).toEqual({ symbol: '\uFFFD', below: 2, merged: ['q', 'x', '😀'] });
    const vocab = mergedVocabulary(h, map);
    expect(vocab.chars).toEqual([' ', 'a', 'b', '\uFFFD']);
    const { ids, unknown } = encodeText(text, vocab);
    expect(unknown).toEqual([]);
    expect(decodeIds(ids, vocab)).toBe('aaaa bbbb aaaa bbbb \uFFFD \uFFFD \uFFFD');
  });

  it('picks another symbol when the text already holds U+FFFD', () => {
    const withReplacement = characterHistogram('aaa bbb \uFFFD\uFFFD\uFFFD z');
    expect(planRareMerge(withReplacement, 2)?.symbol).toBe('\u2047');
  });

  it('merges nothing when no character is rare, and refuses to merge everything', () => {
    expect(planRareMerge(characterHistogram('abab'), 2)).toBeNull();
    expect(rareMergeProblem(characterHistogram('abab'), 3)).toMatch(/Every character/);
    expect(rareMergeProblem(h, 1)).toMatch(/whole number/);
    expect(rareMergeProblem(h, 2)).toBeNull();
  });

  it('round-trips through a stored vocabulary: the same text encodes to the same ids', () => {
    const map = planRareMerge(h, 2)!;
    const vocab = mergedVocabulary(h, map);
    const stored = JSON.parse(JSON.stringify({ chars: vocab.chars, map })) as { chars: string[]; map: typeof map };
    expect(charMapProblem(stored.map, stored.chars)).toBeNull();
    const restored = vocabularyWithMap(stored.chars, stored.map);
    expect(Array.from(encodeText(text, restored).ids)).toEqual(Array.from(encodeText(text, vocab).ids));
    // A character the run never saw encodes as the symbol too.
    expect(decodeIds(encodeText('aZ', restored).ids, restored)).toBe('a\uFFFD');
  });

  it('rejects a stored map that does not fit its vocabulary', () => {
    expect(charMapProblem({ symbol: '?', below: 2, merged: [] }, ['a', 'b'])).toMatch(/symbol/);
    expect(charMapProblem({ symbol: 'b', below: 2, merged: ['a'] }, ['a', 'b'])).toMatch(/merged/);
    expect(charMapProblem(null, ['a'])).toMatch(/not an object/);
  });
});
