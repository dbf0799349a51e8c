// The Run plan panel: before Start, what Start will do; while the device is timed, which network; during and
// after a planned run, what it trains, for how long, and why (shared/plan/planWords.ts).
import { useId } from 'react';
import type { AppState } from '../app/appState';
import { softwareAdapterWords } from '../../../shared/softwareAdapter';
import { runPlanLines, type RunPlanFacts } from './runPlanWords';

type RunPlanState = Omit<RunPlanFacts, 'epochs'> & Pick<AppState, 'form' | 'softwareAdapter'>;

export function RunPlan({ state }: { state: RunPlanState }) {
  const headingId = useId();
  const [first, ...rest] = runPlanLines({ ...state, epochs: state.form.epochs });
  return (
    <section className="panel run-plan" aria-labelledby={headingId}>
      <h2 id={headingId}>Run plan</h2>
      <p aria-live="polite">{first}</p>
      {rest.map((line) => (
        <p key={line} className="hint">
          {line}
        </p>
      ))}
      {state.softwareAdapter && <p className="hint">{softwareAdapterWords(state.softwareAdapter)}</p>}
    </section>
  );
}
