import { describe, expect, it } from 'vitest';
import { wordShare, wordsOf } from '../bench/wordShare.mjs';

const CORPUS = "First Citizen:\nBefore we proceed any further, hear me speak.\nYou're all resolved rather to die.";

describe('wordShare', () => {
  it('splits words on letters, keeping an apostrophe inside, lower-cased', () => {
    expect(wordsOf("You're ALL-resolved, 'tis")).toEqual(["you're", 'all', 'resolved', 'tis']);
  });

  it("counts the written words found in the corpus's word list, not the seed's", () => {
    const r = wordShare(['ROMEO: hear me speak, zorblat further'], 'ROMEO:', CORPUS);
    expect(r).toEqual({ share: 4 / 5, found: 4, words: 5 });
  });

  it('leaves out a word the seed began, and sums over samples', () => {
    const r = wordShare(['Befo re qqq', 'Befoxx speak'], 'Befo', CORPUS);
    // First sample: a space follows the seed, so "re" and "qqq" are the model's. Second: "xx" ends the seed's word.
    expect(r).toEqual({ share: 1 / 3, found: 1, words: 3 });
  });

  it('gives no share for samples without words', () => {
    expect(wordShare(['ROMEO: ...'], 'ROMEO:', CORPUS).share).toBeNull();
  });
});
