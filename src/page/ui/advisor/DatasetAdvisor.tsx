// Before training: the text's characters, an option to merge rare ones, how it splits into windows, whether
// the model's size suits it (char-rnn's rule of thumb), and a measured estimate of the time per epoch.
import { useId, type Dispatch } from 'react';
import { rareCharacters, histogramTotal } from '../../../shared/data/histogram';
import { planRareMerge, rareMergeProblem, RARE_BELOW_LIMITS } from '../../../shared/data/rareCharacters';
import type { CorpusPlan } from '../../../shared/data/corpusPlan';
import type { AppAction, AppState } from '../app/appState';
import { Disclosure } from '../common/Disclosure';
import { CharacterHistogram, HISTOGRAM_SHOWN, RareList } from './CharacterHistogram';
import { characterLabel } from '../common/characterLabel';
import { formatCount } from '../common/format';
import { mergeRareBelow } from '../run/trainingInfoState';
import { DepthAdviceText, SizeAdviceText, TimeEstimateView } from './AdvisorFacts';
import type { SendRequest } from '../app/useTrainingWorker';

interface Props {
  state: AppState;
  plan: CorpusPlan | null;
  dispatch: Dispatch<AppAction>;
  send: SendRequest;
}

/** The vocabulary a new run would have: the text's own, or smaller after merging. */
export function runVocabularySize(state: AppState): number {
  const { histogram } = state.trainingInfo;
  const below = mergeRareBelow(state.trainingInfo);
  if (below === undefined || rareMergeProblem(histogram, below)) return histogram.length;
  const map = planRareMerge(histogram, below);
  return map ? histogram.length - map.merged.length + 1 : histogram.length;
}

function RareMerge({ state, dispatch }: Omit<Props, 'plan' | 'send'>) {
  const id = useId();
  const { histogram, mergeRare, rareBelow } = state.trainingInfo;
  const below = Number(rareBelow);
  const problem = rareBelow.trim() === '' ? 'Rare below needs a number.' : rareMergeProblem(histogram, below);
  const map = problem ? null : planRareMerge(histogram, below);
  const merged = map ? histogramTotal(rareCharacters(histogram, below)) : 0;
  return (
    <div className="advisor-merge">
      <div className="field">
        <label htmlFor={`${id}-below`}>Rare below</label>
        <input
          id={`${id}-below`}
          type="number"
          min={RARE_BELOW_LIMITS[0]}
          max={RARE_BELOW_LIMITS[1]}
          step={1}
          value={rareBelow}
          aria-describedby={`${id}-hint`}
          onChange={(e) => dispatch({ type: 'rareBelowEdited', value: e.target.value })}
        />
        <span id={`${id}-hint`} className="hint">
          occurrences; characters seen fewer times are marked rare
        </span>
      </div>
      <div className="field checkbox">
        <label>
          <input
            type="checkbox"
            checked={mergeRare}
            onChange={(e) => dispatch({ type: 'mergeRareChosen', merge: e.target.checked })}
          />{' '}
          Merge rare characters
        </label>
      </div>
      {mergeRare && problem && <p className="error">{problem}</p>}
      {mergeRare && !problem && (
        <p className="hint">
          {map
            ? `${formatCount(map.merged.length)} character(s), ${formatCount(merged)} occurrence(s) in all, become one unknown symbol “${characterLabel(map.symbol).glyph}” when a new run starts: a vocabulary of ${formatCount(histogram.length - map.merged.length + 1)} instead of ${formatCount(histogram.length)}.`
            : 'No character is that rare: nothing to merge.'}
        </p>
      )}
    </div>
  );
}

export function DatasetAdvisor({ state, plan, dispatch, send }: Props) {
  const headingId = useId();
  const { text } = state;
  const { histogram, rareBelow } = state.trainingInfo;
  const below = Number(rareBelow);
  const threshold = rareBelow.trim() !== '' && Number.isFinite(below) ? below : null;
  const rare = threshold === null ? [] : rareCharacters(histogram, threshold);
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Dataset advisor</h2>
      {!text && (
        <p className="hint">
          Load a text to see its characters, how it splits into windows, and whether the model suits it.
        </p>
      )}
      {text && (
        <>
          <h3>Characters</h3>
          <p>
            {formatCount(histogram.length)} distinct characters; {formatCount(rare.length)} seen fewer than{' '}
            {threshold ?? '—'} times (marked “rare”).
          </p>
          {/* Folded: a text's histogram is dozens of rows, and on a phone it would push the run below the fold. */}
          <Disclosure summary="Character histogram and rare characters">
            <CharacterHistogram histogram={histogram} rareBelow={threshold} />
            {rare.length > 0 && histogram.length > HISTOGRAM_SHOWN && <RareList rare={rare} />}
            <RareMerge state={state} dispatch={dispatch} />
          </Disclosure>
          <h3>Size</h3>
          {plan ? (
            <dl className="stats">
              <div>
                <dt>Windows per epoch:</dt> <dd>{formatCount(plan.windowsPerEpoch)}</dd>
              </div>
              <div>
                <dt>Steps per epoch:</dt> <dd>{formatCount(plan.stepsPerEpoch)}</dd>
              </div>
            </dl>
          ) : (
            <p className="hint">Fix the settings to see how the text splits.</p>
          )}
          <SizeAdviceText state={state} plan={plan} vocabSize={runVocabularySize(state)} />
          <DepthAdviceText state={state} />
          <Disclosure summary="Time estimate">
            <TimeEstimateView state={state} dispatch={dispatch} send={send} vocabSize={runVocabularySize(state)} />
          </Disclosure>
        </>
      )}
    </section>
  );
}
