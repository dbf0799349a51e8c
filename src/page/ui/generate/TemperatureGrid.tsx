// The same seed and sampling seed at several temperatures, side by side: one batched pass in the worker.
import { useId } from 'react';
import type { TemperatureGridState } from './studioState';

interface Props {
  grid: TemperatureGridState | null;
  temperatures: string;
  onTemperatures(value: string): void;
  problems: string[];
  canRun: boolean;
  onRun(): void;
}

function statusWords(grid: TemperatureGridState): string {
  const chars = grid.columns[0]?.length ?? 0;
  if (grid.status === 'running') return `Writing… ${chars} characters per column so far.`;
  return grid.status === 'complete'
    ? `Finished: ${chars} characters per column.`
    : grid.status === 'stopped'
      ? 'Stopped.'
      : 'Failed.';
}

export function TemperatureGrid({ grid, temperatures, onTemperatures, problems, canRun, onRun }: Props) {
  const id = useId();
  return (
    <div className="temperature-grid-panel">
      <h3 id={`${id}-title`}>Temperature grid</h3>
      <div className="row">
        <div className="field inline">
          <label htmlFor={`${id}-list`}>Grid temperatures</label>
          <input
            id={`${id}-list`}
            type="text"
            value={temperatures}
            aria-describedby={`${id}-hint`}
            onChange={(e) => onTemperatures(e.target.value)}
          />
        </div>
        <button type="button" disabled={!canRun || problems.length > 0 || grid?.status === 'running'} onClick={onRun}>
          Temperature grid
        </button>
      </div>
      <span id={`${id}-hint`} className="hint">
        2 to 8 temperatures, separated by commas. Uses the seed text, length (at most 2,000), sampling seed and filters
        above.
      </span>
      {problems.length > 0 && (
        <ul className="problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {grid && (
        <>
          <div role="region" aria-labelledby={`${id}-title`} className="temperature-grid">
            {grid.temperatures.map((t, i) => (
              <div key={i} role="group" aria-labelledby={`${id}-t${i}`} className="grid-column">
                <h4 id={`${id}-t${i}`}>Temperature {t}</h4>
                <div className="generated-text grid-text">
                  <span className="grid-seed">{grid.seed}</span>
                  <span className="grid-continuation">{grid.columns[i]}</span>
                </div>
              </div>
            ))}
          </div>
          <p className="hint">{statusWords(grid)}</p>
        </>
      )}
    </div>
  );
}
