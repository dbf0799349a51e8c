// How far scoring a text has got: a progress bar with a name, the pieces done in words, and Stop.
import type { ScoringProgress as Progress } from '../../../shared/protocol';
import { scoringWords } from './scoringWords';

interface Props {
  /** Null while the first piece is being read. */
  progress: Progress | null;
  /** The progress bar's accessible name. */
  name?: string;
  /** Absent: no Stop button. */
  onStop?: () => void;
}

export function ScoringProgressBar({ progress, name = 'Scoring progress', onStop }: Props) {
  const running = !progress || progress.status === 'running';
  return (
    <div className="row scoring-progress">
      {running && <progress aria-label={name} max={progress?.total ?? undefined} value={progress?.done ?? undefined} />}
      <span role="status">{scoringWords(progress)}</span>
      {running && onStop && (
        <button type="button" onClick={onStop}>
          Stop scoring
        </button>
      )}
    </div>
  );
}
