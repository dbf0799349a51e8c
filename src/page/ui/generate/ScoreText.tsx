// Any text, scored by the model: per-character probabilities, loss, perplexity and bits per character.
import { useEffect, useId, useState } from 'react';
import { GENERATION_LIMITS } from '../../../shared/generationConfig';
import { countCodePoints } from '../../../shared/data/vocabulary';
import type { ScoredText } from './studioState';
import { formatCount } from '../common/format';
import { ProbabilityView } from './ProbabilityView';
import { ScoringProgressBar } from './ScoringProgress';
import { TextStatisticsList } from '../text/TextStatistics';
import type { SendRequest } from '../app/useTrainingWorker';

interface Props {
  scored: ScoredText | null;
  hasModel: boolean;
  send: SendRequest;
  /** Absent while a new generation cannot start. */
  onBranch?(seed: string): void;
}

export function ScoreText({ scored, hasModel, send, onBranch }: Props) {
  const [text, setText] = useState('');
  const id = useId();
  const tooLong = countCodePoints(text) > GENERATION_LIMITS.scoreLength;
  // Asked, and no answer yet: the first piece is being read.
  const [waiting, setWaiting] = useState(false);
  useEffect(() => setWaiting(false), [scored]);
  const score = () => {
    setWaiting(true);
    send({ type: 'score', target: 'pasted', text, context: '\n' });
  };
  const stop = () => send({ type: 'stopScoring' });
  return (
    <div className="score-text">
      <h3>Score a text</h3>
      <div className="field">
        <label htmlFor={`${id}-text`}>Text to score</label>
        <textarea
          id={`${id}-text`}
          rows={3}
          value={text}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setText(e.target.value)}
        />
        <span id={`${id}-hint`} className="hint">
          Paste any text to see how likely the model finds each character (up to{' '}
          {formatCount(GENERATION_LIMITS.scoreLength)} characters).
        </span>
      </div>
      {tooLong && (
        <p className="error">The text is longer than {formatCount(GENERATION_LIMITS.scoreLength)} characters.</p>
      )}
      <div className="row buttons">
        <button type="button" disabled={!hasModel || text === '' || tooLong} onClick={score}>
          Score text
        </button>
      </div>
      {waiting && <ScoringProgressBar progress={null} onStop={stop} />}
      {scored && (
        <>
          <h4 id={`${id}-scored`}>Scored text</h4>
          {scored.unknownCharacters.length > 0 && (
            <p className="warning">
              Left out, not in the vocabulary: {scored.unknownCharacters.map((c) => JSON.stringify(c)).join(', ')}
            </p>
          )}
          <TextStatisticsList scored={scored} />
          <ProbabilityView
            key={scored.text}
            scored={scored}
            labelledBy={`${id}-scored`}
            onBranch={onBranch}
            onStopScoring={stop}
          />
        </>
      )}
    </div>
  );
}
