// The dataset advisor's two judgements: model size against data size, and the measured time per epoch.
import { CELL_LABELS, cellOf } from '../../../shared/cell';
import type { Dispatch } from 'react';
import { sizeAdvice } from '../../../shared/data/advisor';
import type { CorpusPlan } from '../../../shared/data/corpusPlan';
import type { TimeEstimate } from '../../../shared/training';
import type { AppAction, AppState } from '../app/appState';
import { formProblems, parseForm } from '../model/configForm';
import { formatCount, formatDuration } from '../common/format';
import { mergeRareBelow } from '../run/trainingInfoState';
import type { SendRequest } from '../app/useTrainingWorker';

const ratioWords = (r: number) => (r >= 10 ? `${formatCount(r)}×` : `${r.toPrecision(2)}×`);
const epochWords = (seconds: number) => (seconds < 1 ? `${Math.round(seconds * 1000)} ms` : formatDuration(seconds));

export function SizeAdviceText({
  state,
  plan,
  vocabSize,
}: {
  state: AppState;
  plan: CorpusPlan | null;
  vocabSize: number;
}) {
  if (!plan || vocabSize < 2) return null;
  const model = parseForm(state.form).model;
  const a = sizeAdvice({ vocabSize, ...model }, plan.trainCharacters);
  const units = `${CELL_LABELS[cellOf(model)]} units`; // the suggested width is of the cell chosen
  const facts = `${formatCount(a.parameters)} parameters for ${formatCount(a.characters)} training characters (${ratioWords(a.ratio)}).`;
  if (a.verdict === 'tooShort') {
    return (
      <p className="warning">
        Warning: the text is too short to learn from. {facts} Even the smallest sensible model (
        {formatCount(a.suggestedUnits)} {units}) would memorise it. Use a longer text: a few thousand characters at
        least.
      </p>
    );
  }
  if (a.verdict === 'tooBig') {
    return (
      <p className="warning">
        Warning: the model is far larger than the data. {facts} char-rnn’s rule of thumb is about as many parameters as
        characters; a model this large will likely memorise the text and overfit. Try a smaller model (about{' '}
        {formatCount(a.suggestedUnits)} {units}) or use more text.
      </p>
    );
  }
  if (a.verdict === 'tooSmall') {
    return (
      <p className="warning">
        Note: the model is far smaller than the data. {facts} It can likely learn more from this text: try a bigger
        model (up to about {formatCount(a.suggestedUnits)} {units}), if your machine is fast enough.
      </p>
    );
  }
  return <p>{facts} About the same order, as char-rnn recommends.</p>;
}

/** What stacking and dropout do, in two plain sentences each, with the form's values. */
export function DepthAdviceText({ state }: { state: AppState }) {
  const { layers = 1, dropout = 0 } = parseForm(state.form).model;
  return (
    <>
      <p>
        Layers ({Number.isFinite(layers) ? layers : '—'}): each extra layer reads the outputs of the layer below, so the
        model can build longer patterns out of shorter ones. It adds about as many parameters as a layer’s units squared
        times six, and time to every step.
      </p>
      <p>
        Dropout ({Number.isFinite(dropout) ? dropout : '—'}): while training, that share of the values passed from one
        layer to the next is set to zero at random, so the model cannot lean on single units and overfits less. It is
        off when validating and writing text, and does nothing with one layer.
      </p>
    </>
  );
}

/** Whether an estimate was measured for other settings than the form's now. */
function outdated(e: TimeEstimate, state: AppState, vocabSize: number): boolean {
  const { model, train } = parseForm(state.form);
  return (
    cellOf(e.model) !== cellOf(model) ||
    e.model.units !== model.units ||
    (e.model.layers ?? 1) !== model.layers ||
    e.model.embeddingDim !== model.embeddingDim ||
    e.model.vocabSize !== vocabSize ||
    e.batchSize !== train.batchSize ||
    e.windowLength !== train.windowLength ||
    e.backend !== state.backend
  );
}

interface TimeProps {
  state: AppState;
  dispatch: Dispatch<AppAction>;
  send: SendRequest;
  vocabSize: number;
}

export function TimeEstimateView({ state, dispatch, send, vocabSize }: TimeProps) {
  const { estimate, estimateMessage, estimating } = state.trainingInfo;
  const training = state.runState === 'training';
  const blocked = formProblems(state.form).length > 0 || training || estimating || state.workerCrash !== null;
  const estimateTime = () => {
    dispatch({ type: 'estimateRequested' });
    send({ type: 'estimateTime', ...parseForm(state.form), mergeRareBelow: mergeRareBelow(state.trainingInfo) });
  };
  return (
    <>
      <div className="row">
        <button type="button" disabled={blocked} onClick={estimateTime}>
          Estimate time
        </button>
        <span className="hint">
          {training ? 'Pause training to measure.' : 'Times a few training steps of a throwaway model of this size.'}
        </span>
      </div>
      <p role="status" className="estimate">
        {estimating && 'Measuring…'}
        {!estimating && estimateMessage}
        {!estimating && !estimateMessage && estimate && (
          <>
            Estimated time per epoch: <strong>{epochWords(estimate.secondsPerEpoch)}</strong> (
            {estimate.msPerStep.toFixed(1)} ms per step × {formatCount(estimate.stepsPerEpoch)} steps, measured on{' '}
            {estimate.backend}
            {estimate.kernels === 'fused' ? ' with fused kernels' : ''}).
            {outdated(estimate, state, vocabSize) && ' The settings have changed since: estimate again.'}
          </>
        )}
      </p>
    </>
  );
}
