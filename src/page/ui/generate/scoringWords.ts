// How far scoring a text has got, in words.
import type { ScoringProgress as Progress } from '../../../shared/protocol';

export function scoringWords(progress: Progress | null): string {
  if (!progress) return 'Scoring…';
  const pieces = `${progress.done} of ${progress.total} pieces`;
  if (progress.status === 'stopped') return `Scoring stopped after ${pieces}: the rest of the text is not coloured.`;
  return progress.status === 'running'
    ? `Scoring… ${pieces} (${Math.floor((100 * progress.done) / Math.max(1, progress.total))}%)`
    : `Scored ${pieces}.`;
}
