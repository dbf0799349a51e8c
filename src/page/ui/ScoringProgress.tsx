// How far scoring a text has got: a progress bar with a name, the pieces done in words, and Stop.
import type { ScoringProgress as Progress } from '../../shared/protocol';

interface Props {
  /** Null while the first piece is being read. */
  progress: Progress | null;
  /** The progress bar's accessible name. */
  name?: string;
  /** Absent: no Stop button. */
  onStop?: () => void;
}

export function scoringWords(progress: Progress | null): string {
  if (!progress) return 'Scoring…';
  const pieces = `${progress.done} of ${progress.total} pieces`;
  if (progress.status === 'stopped') return `Scoring stopped after ${pieces}: the rest of the text is not coloured.`;
  return progress.status === 'running' ? `Scoring… ${pieces} (${Math.floor((100 * progress.done) / Math.max(1, progress.total))}%)` : `Scored ${pieces}.`;
}

export function ScoringProgressBar({ progress, name = 'Scoring progress', onStop }: Props) {
  const running = !progress || progress.status === 'running';
  return (
    <div className="row scoring-progress">
      {running && <progress aria-label={name} max={progress?.total ?? undefined} value={progress?.done ?? undefined} />}
      <span role="status">{scoringWords(progress)}</span>
      {running && onStop && <button type="button" onClick={onStop}>Stop scoring</button>}
    </div>
  );
}
