// The coach under the loss chart: a sentence or two from the run's own numbers (shared/coach.ts), read
// again only when an evaluation arrives or a step is skipped, so the live region does not chatter each step.
import { useId, useMemo } from 'react';
import { CELL_LABELS, cellOf } from '../../../shared/cell';
import { coachAdvice } from '../../../shared/coach';
import type { AppState } from '../app/appState';

/** What the coach reads: the run's losses and progress, the model, and how the run ended. */
type CoachState = Pick<AppState, 'history' | 'progress' | 'model' | 'runEnding'>;

export function CoachNote({ state }: { state: CoachState }) {
  const headingId = useId();
  const { history, progress } = state;
  const evaluations = history.validation.length;
  const skippedSteps = progress?.skippedSteps ?? 0;
  const latestTrainLoss = progress?.trainLoss;
  const finite = latestTrainLoss === undefined || Number.isFinite(latestTrainLoss);
  const vocabSize = state.model?.model.vocabSize;
  const ending = state.runEnding;
  const plan = state.model?.train.plan;
  const longerRunHelps = plan?.chosenNetwork === true && plan.limit === 'time';
  const cellLabel = state.model ? CELL_LABELS[cellOf(state.model.model)] : undefined;
  const advice = useMemo(
    () =>
      coachAdvice(history, {
        skippedSteps,
        latestTrainLoss: finite ? undefined : latestTrainLoss,
        vocabSize,
        ending,
        longerRunHelps,
        cellLabel,
      }),
    // Not `history`: it grows every step, and the advice only changes with an evaluation (or a skipped step).
    [evaluations, skippedSteps, finite, vocabSize, state.model?.runId, ending, longerRunHelps, cellLabel],
  );
  return (
    <section className="panel coach" aria-labelledby={headingId}>
      <h2 id={headingId}>Coach</h2>
      <p role="status" data-verdict={advice.verdict}>
        {advice.text}
      </p>
    </section>
  );
}
