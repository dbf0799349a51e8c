// The valid-word share of generated text: of the words a model wrote (runs of letters, an apostrophe inside
// allowed, lower-cased), the share that occur in the training text's own word list. The seed's words are not
// counted: the model did not write them. A yardstick for "does it write the text's words", beside the loss.

const WORD = /[a-z]+(?:'[a-z]+)*/g;

/** The words of a text, lower-cased, in order. */
export const wordsOf = (text) => text.toLowerCase().match(WORD) ?? [];

/**
 * { share, found, words } over every sample (each the seed followed by what the model wrote); share is null
 * when the samples hold no word.
 */
export function wordShare(samples, seed, corpus) {
  const known = new Set(wordsOf(corpus));
  let found = 0;
  let words = 0;
  for (const sample of samples) {
    const written = sample.startsWith(seed) ? sample.slice(seed.length) : sample;
    // A word the seed ends in the middle of is the seed's and the model's: not counted.
    const cut = /^[A-Za-z']/.test(written) && /[A-Za-z]$/.test(seed) ? written.replace(/^[A-Za-z']+/, '') : written;
    for (const w of wordsOf(cut)) {
      words++;
      if (known.has(w)) found++;
    }
  }
  return { share: words ? found / words : null, found, words };
}
