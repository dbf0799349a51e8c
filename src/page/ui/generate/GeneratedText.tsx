// The generated text: plain while it streams; coloured by probability, with alternatives to branch from,
// when "Show probabilities" is on (the worker scores the finished text in one forward pass).
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { GENERATION_LIMITS } from '../../../shared/generationConfig';
import { countCodePoints } from '../../../shared/data/vocabulary';
import type { GenerationState } from '../app/appState';
import type { ScoredText } from './studioState';
import { formatCount } from '../common/format';
import { ProbabilityView } from './ProbabilityView';
import { TextStatisticsList } from '../text/TextStatistics';
import type { SendRequest } from '../app/useTrainingWorker';

interface Props {
  generation: GenerationState;
  scored: ScoredText | null;
  send: SendRequest;
  /** Absent while a new generation cannot start. */
  onBranch?(seed: string): void;
  /** Counts branches; each moves focus to the new text once it starts. */
  focusRequest?: number;
}

const CHUNK = 4096;

/** Fixed-size pieces, so streaming updates only the last text node rather than one ever-growing node. */
function textChunks(text: string): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + CHUNK, text.length);
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end++; // keep surrogate pairs whole
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

function waitingWords(g: GenerationState, tooLong: boolean): string {
  if (tooLong)
    return `Probabilities are shown for texts of up to ${formatCount(GENERATION_LIMITS.scoreLength)} characters.`;
  if (g.status === 'running') return 'Probabilities appear when the text is finished.';
  return g.text === '' ? 'Generate a text to see its probabilities.' : 'Scoring…';
}

export function GeneratedText({ generation, scored, send, onBranch, focusRequest = 0 }: Props) {
  const [show, setShow] = useState(false);
  const id = useId();
  const requested = useRef<string | null>(null);
  const tooLong = countCodePoints(generation.text) > GENERATION_LIMITS.scoreLength;
  const ready = show && generation.status === 'done' && generation.text !== '' && !tooLong;
  useEffect(() => {
    if (!ready || requested.current === generation.text) return;
    requested.current = generation.text;
    // A generation with an empty seed started after a line break: score from there too.
    send({ type: 'score', target: 'generated', text: generation.text, context: generation.seed === '' ? '\n' : '' });
  }, [ready, generation.text, generation.seed, send]);
  const current = ready && scored?.text === generation.text ? scored : null;
  // After branching, the view branched from unmounts; the plain text takes focus when it is back.
  const plain = useRef<HTMLDivElement | null>(null);
  const focusPending = useRef(false);
  const handled = useRef(focusRequest);
  useEffect(() => {
    if (handled.current !== focusRequest) {
      handled.current = focusRequest;
      focusPending.current = true;
    }
    if (focusPending.current && plain.current && generation.status === 'running') {
      focusPending.current = false;
      plain.current.focus();
    }
  }, [focusRequest, generation.status]);
  const plainRef = useCallback((el: HTMLDivElement | null) => {
    plain.current = el;
    if (el && focusPending.current) {
      focusPending.current = false;
      el.focus();
    }
  }, []);
  const toggle = (on: boolean) => {
    setShow(on);
    if (!on) requested.current = null; // showing again scores again (the model may have trained on)
  };
  return (
    <>
      <div className="row generated-heading">
        <h3 id={`${id}-output`}>Generated text</h3>
        <label className="checkbox">
          <input type="checkbox" checked={show} onChange={(e) => toggle(e.target.checked)} /> Show probabilities
        </label>
      </div>
      {current ? (
        <>
          <TextStatisticsList scored={current} />
          <ProbabilityView
            key={current.text}
            scored={current}
            labelledBy={`${id}-output`}
            onBranch={onBranch}
            onStopScoring={() => send({ type: 'stopScoring' })}
          />
        </>
      ) : (
        <div
          ref={plainRef}
          role="region"
          aria-labelledby={`${id}-output`}
          className="generated-text"
          tabIndex={0}
          data-generation={generation.runs}
        >
          {textChunks(generation.text).map((chunk, i) => (
            <span key={i}>{chunk}</span>
          ))}
        </div>
      )}
      {show && !current && <p className="hint">{waitingWords(generation, tooLong)}</p>}
    </>
  );
}
