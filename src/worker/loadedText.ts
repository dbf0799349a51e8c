// The training text as the worker holds it, and whether it suits a restored run's vocabulary.
import { decodeTrainingText, fingerprintText } from '../shared/data/text';
import { buildVocabulary, encodeText, type Vocabulary } from '../shared/data/vocabulary';
import { characterHistogram, type CharacterCount } from '../shared/data/histogram';
import type { Emit, TextLoadedEvent, TextRejectedEvent } from '../shared/protocol';

export interface LoadedText {
  name: string;
  text: string;
  ids: Int32Array;
  vocab: Vocabulary;
  fingerprint: string;
  histogram: CharacterCount[];
}

export type TextOutcome =
  { text: LoadedText; event: TextLoadedEvent; truncated: boolean } | { text: null; event: TextRejectedEvent };

/** Decodes, checks and encodes a file's bytes; the event tells the page what came of it. */
export function loadText(name: string, bytes: Uint8Array): TextOutcome {
  const decoded = decodeTrainingText(bytes);
  if (!decoded.ok) return { text: null, event: { type: 'textRejected', name, message: decoded.message } };
  const vocab = buildVocabulary(decoded.text);
  const { ids } = encodeText(decoded.text, vocab);
  const histogram = characterHistogram(decoded.text);
  const text = { name, text: decoded.text, ids, vocab, fingerprint: fingerprintText(decoded.text), histogram };
  const preview = [...decoded.text.slice(0, 400)].slice(0, 200).join('');
  const event: TextLoadedEvent = {
    type: 'textLoaded',
    name,
    characters: ids.length,
    distinctCharacters: vocab.chars.length,
    preview,
    histogram,
  };
  return { text, event, truncated: decoded.truncated };
}

export type TextFit = { ids: Int32Array; warning?: string } | { problem: string };

/** The text's ids in a run's vocabulary, or why the run cannot train on it. */
export function fitTextToRun(
  text: LoadedText | null,
  run: { vocab: Vocabulary; textName: string; textFingerprint: string },
): TextFit {
  const wanted = run.textName;
  if (!text) return { problem: `Load the training text (“${wanted}”) to resume training this checkpoint.` };
  const same = text.fingerprint === run.textFingerprint;
  const outside = text.vocab.chars.filter((c) => !run.vocab.ids.has(c));
  if (!same && outside.length > 0 && run.vocab.unknownId === undefined) {
    return {
      problem: `“${text.name}” has characters this model has never seen (${outside.slice(0, 10).join(' ')}). Load “${wanted}” to resume.`,
    };
  }
  // Re-encoded with the model's vocabulary: ids differ when the text's own vocabulary is smaller.
  const { ids } = encodeText(text.text, run.vocab);
  return same
    ? { ids }
    : { ids, warning: `Continuing on “${text.name}”, not the text this checkpoint was trained on (“${wanted}”).` };
}

/** A text file arriving from the page: the page is told what came of it; null when it was refused. */
export function receiveText(name: string, bytes: Uint8Array, emit: Emit): LoadedText | null {
  const outcome = loadText(name, bytes);
  emit(outcome.event);
  if (outcome.text && outcome.truncated)
    emit({ type: 'notice', level: 'warning', message: `“${name}” is larger than 50 MB; folio uses its first 50 MB.` });
  return outcome.text;
}
