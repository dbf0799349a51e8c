import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { buildCopyIndex, codePointsOf, findCopiedSpans, lineAndColumn } from './copiedSpans';

function randomText(next: () => number, alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

/** Brute force: a character is copied when some window of n characters around it occurs in the training text. */
function bruteCovered(training: string, generated: string, n: number): Uint8Array {
  const covered = new Uint8Array(generated.length);
  for (let i = 0; i + n <= generated.length; i++)
    if (training.includes(generated.slice(i, i + n))) covered.fill(1, i, i + n);
  return covered;
}

describe('findCopiedSpans', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`agrees with a brute-force search on random texts (seed ${seed})`, () => {
      const { next } = createRng(seed);
      const alphabet = seed % 2 ? 'ab' : 'abc';
      const training = randomText(next, alphabet, 400);
      // Part copied from the training text, part random: copies of every length occur.
      const generated = randomText(next, alphabet, 60) + training.slice(100, 140) + randomText(next, alphabet, 60);
      for (const n of [3, 6, 10, 25]) {
        const report = findCopiedSpans(buildCopyIndex(codePointsOf(training), n), codePointsOf(generated));
        const expected = bruteCovered(training, generated, n);
        expect(Array.from(report.covered)).toEqual(Array.from(expected));
        expect(report.copied).toBe(expected.reduce((a, b) => a + b, 0));
        for (const span of report.spans) {
          expect(span.length).toBeGreaterThanOrEqual(n);
          expect(training.slice(span.offset, span.offset + n)).toBe(generated.slice(span.start, span.start + n));
        }
      }
    });
  }

  it('counts code points, not UTF-16 units', () => {
    const training = 'ab🙂cd🙂ef';
    const report = findCopiedSpans(buildCopyIndex(codePointsOf(training), 3), codePointsOf('x🙂cd🙂y'));
    expect(report.spans).toEqual([{ start: 1, length: 4, offset: 2 }]);
  });

  it('gives the line and column of an offset', () => {
    expect(lineAndColumn(codePointsOf('ab\ncd\nef'), 7)).toEqual({ line: 3, column: 2 });
  });

  const shakespeare = new URL('../../../../shared/data/tinyshakespeare.txt', import.meta.url);
  it.skipIf(!existsSync(shakespeare))(
    'checks 10,000 characters against Tiny Shakespeare in well under a second',
    () => {
      const codes = codePointsOf(readFileSync(shakespeare, 'utf8'));
      const index = buildCopyIndex(codes, 20);
      const generated = codes.slice(500_000, 510_000);
      const started = performance.now();
      const report = findCopiedSpans(index, generated);
      expect(performance.now() - started).toBeLessThan(500);
      expect(report.copied).toBe(10_000);
    },
  );
});
