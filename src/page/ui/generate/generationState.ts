// Slice: the text being generated, as it streams in.
import type { AppAction } from '../app/actions';

export interface GenerationState {
  status: 'idle' | 'running' | 'done';
  text: string;
  unknownCharacters: string[];
  doneReason: 'complete' | 'stopped' | 'error' | null;
  charsPerSec: number | null;
  /** The seed as the worker read it; '' when it started after a line break (scoring then reads one first). */
  seed?: string;
  /** Generations started so far: the text region carries it, so a reader can tell a new text from the last one. */
  runs: number;
}

export const initialGenerationState: GenerationState = {
  status: 'idle',
  text: '',
  unknownCharacters: [],
  doneReason: null,
  charsPerSec: null,
  runs: 0,
};

export function generationReducer(s: GenerationState, a: AppAction): GenerationState {
  switch (a.type) {
    case 'generationStarted':
      return {
        status: 'running',
        text: '',
        unknownCharacters: a.unknownCharacters,
        doneReason: null,
        charsPerSec: null,
        seed: a.seed,
        runs: s.runs + 1,
      };
    case 'generated':
      return { ...s, text: s.text + a.text };
    case 'generationDone':
      return { ...s, status: 'done', doneReason: a.reason, charsPerSec: a.charsPerSec };
    default:
      return s;
  }
}
