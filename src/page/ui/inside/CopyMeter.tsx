// The memorisation meter: which spans of the generated text (at least N characters) occur verbatim in the
// training text, and what share of the text they make. Clicking a span tells where it occurs.
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { CopiedPassage } from '../../../shared/inside/activationData';
import { formatCount } from '../common/format';
import type { CopiesResult } from './insideState';
import type { SendRequest } from '../app/useTrainingWorker';
import { shareWords } from './activationScale';

interface Props {
  /** The finished generated text; '' while none (or while one is being written). */
  text: string;
  copies: CopiesResult | null;
  hasText: boolean;
  send: SendRequest;
}

export const DEFAULT_MIN_COPY = 20;

export function CopyMeter({ text, copies, hasText, send }: Props) {
  const id = useId();
  const [on, setOn] = useState(false);
  const [minLength, setMinLength] = useState(String(DEFAULT_MIN_COPY));
  const [chosen, setChosen] = useState<CopiedPassage | null>(null);
  const n = Math.floor(Number(minLength));
  const valid = n >= 4;
  useEffect(() => {
    if (on && valid && hasText && text !== '') send({ type: 'findCopies', text, minLength: n });
  }, [on, valid, hasText, text, n, send]);
  const current = copies && copies.text === text && copies.minLength === n ? copies : null;
  return (
    <section className="copy-meter" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Memorisation meter</h3>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} /> Highlight copied text
        </label>
        <div className="field">
          <label htmlFor={`${id}-min`}>Minimum copied length</label>
          <input
            id={`${id}-min`}
            type="number"
            min={4}
            step={1}
            value={minLength}
            onChange={(e) => setMinLength(e.target.value)}
          />
        </div>
      </div>
      {!valid && <p className="error">The minimum copied length must be at least 4 characters.</p>}
      {on && !hasText && <p className="hint">Load the training text to compare the generated text with it.</p>}
      {on && hasText && text === '' && (
        <p className="hint">Generate a text first; it is checked once it is finished.</p>
      )}
      {on && current && (
        <>
          <p role="status">
            Copied from the training text: {shareWords(current.copied, current.total)} ({formatCount(current.copied)} of{' '}
            {formatCount(current.total)} characters, in {formatCount(current.passages.length)}{' '}
            {current.passages.length === 1 ? 'span' : 'spans'} of at least {current.minLength})
          </p>
          <CopiedText text={text} passages={current.passages} onChoose={setChosen} />
          {chosen && <PassageSource passage={chosen} />}
        </>
      )}
    </section>
  );
}

function CopiedText({
  text,
  passages,
  onChoose,
}: {
  text: string;
  passages: CopiedPassage[];
  onChoose(p: CopiedPassage): void;
}) {
  const characters = [...text];
  const pieces: ReactNode[] = [];
  let at = 0;
  passages.forEach((p, i) => {
    if (p.start > at) pieces.push(characters.slice(at, p.start).join(''));
    pieces.push(
      <button
        key={i}
        type="button"
        className="copied-span"
        onClick={() => onChoose(p)}
        aria-label={`Copied span ${i + 1}: ${formatCount(p.length)} characters, from line ${formatCount(p.line)} of the training text`}
      >
        {characters.slice(p.start, p.start + p.length).join('')}
      </button>,
    );
    at = p.start + p.length;
  });
  if (at < characters.length) pieces.push(characters.slice(at).join(''));
  return (
    <div className="generated-text copied-text" role="region" aria-label="Copied spans highlighted">
      {pieces}
    </div>
  );
}

function PassageSource({ passage }: { passage: CopiedPassage }) {
  return (
    <div className="passage-source" aria-live="polite">
      <p>
        Characters {formatCount(passage.start + 1)}–{formatCount(passage.start + passage.length)} of the generated text
        occur in the training text at character {formatCount(passage.offset + 1)} (line {formatCount(passage.line)},
        column {formatCount(passage.column)}):
      </p>
      <blockquote className="generated-text">{passage.context}…</blockquote>
    </div>
  );
}
