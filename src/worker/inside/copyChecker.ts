// The memorisation meter in the worker: the training text's N-gram index, built once per text and length
// N (the last one kept: the slider moves N now and then, the text rarely), and the check of a generated text.
import {
  buildCopyIndex,
  codePointsOf,
  findCopiedSpans,
  lineAndColumn,
  type CopyIndex,
} from '../../shared/inside/copiedSpans';
import type { CopiedPassage } from '../../shared/inside/activationData';
import type { CopiesEvent, FindCopiesRequest } from '../../shared/protocol';

/** Characters of the training text shown after a copied passage's start, beyond its own length. */
const CONTEXT_AFTER = 40;
export const MIN_COPY_LENGTH = 4;

export class CopyChecker {
  private source: string | null = null;
  private codes: Int32Array = new Int32Array(0);
  private index: CopyIndex | null = null;

  /** The training text as code points (cached: the explorer's training windows read it too). */
  codePoints(text: string): Int32Array {
    if (this.source !== text) {
      this.source = text;
      this.codes = codePointsOf(text);
      this.index = null;
    }
    return this.codes;
  }

  check(trainingText: string, req: FindCopiesRequest): CopiesEvent | string {
    const minLength = Math.floor(req.minLength);
    if (!(minLength >= MIN_COPY_LENGTH))
      return `The minimum copied length must be at least ${MIN_COPY_LENGTH} characters.`;
    const codes = this.codePoints(trainingText);
    if (this.index?.minLength !== minLength) this.index = buildCopyIndex(codes, minLength);
    const generated = codePointsOf(req.text);
    const report = findCopiedSpans(this.index, generated);
    const passages: CopiedPassage[] = report.spans.map((s) => ({
      ...s,
      ...lineAndColumn(codes, s.offset),
      context: String.fromCodePoint(...codes.subarray(s.offset, s.offset + s.length + CONTEXT_AFTER)),
    }));
    return { type: 'copies', text: req.text, minLength, copied: report.copied, total: generated.length, passages };
  }
}
