import { describe, expect, it } from 'vitest';
import { buildVocabulary, countCodePoints, decodeIds, encodeText } from './vocabulary';
import { decodeTrainingText } from './text';

describe('vocabulary by code point', () => {
  const text = 'Hi 😀 there, 👩‍💻 é e\u0301 漢字\nend';

  it('round-trips text with emoji, ZWJ sequences, combining marks and CJK', () => {
    const vocab = buildVocabulary(text);
    const { ids, unknown } = encodeText(text, vocab);
    expect(unknown).toEqual([]);
    expect(decodeIds(ids, vocab)).toBe(text);
    expect(decodeIds(ids, vocab).isWellFormed()).toBe(true);
  });
  it('counts an emoji as one character, never two halves', () => {
    const vocab = buildVocabulary('😀😀a');
    expect(vocab.chars).toEqual(['a', '😀']);
    expect(countCodePoints('😀😀a')).toBe(3);
    expect(vocab.chars.every((c) => c.isWellFormed())).toBe(true);
  });
  it('sorts characters by code point and maps both ways', () => {
    const vocab = buildVocabulary('cabca');
    expect(vocab.chars).toEqual(['a', 'b', 'c']);
    expect(vocab.ids.get('c')).toBe(2);
  });
  it('reports characters outside the vocabulary and skips them', () => {
    const vocab = buildVocabulary('abc');
    const { ids, unknown } = encodeText('aXbY', vocab);
    expect(Array.from(ids)).toEqual([0, 1]);
    expect(unknown).toEqual(['X', 'Y']);
  });
  it('has no BOM and no CR after decoding a Windows file', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('one\r\ntwo\r\n')]);
    const r = decodeTrainingText(bytes);
    if (!r.ok) throw new Error(r.message);
    const vocab = buildVocabulary(r.text);
    expect(vocab.chars).not.toContain('\uFEFF');
    expect(vocab.chars).not.toContain('\r');
  });
});
