// The popover of the probability view: the model's likeliest characters at one position, each a button
// that branches the text there with that character.
import type { Ref } from 'react';
import { alternativesAt, characterName, formatProbability, type ScoredText } from '../generate/studioState';

/** An invisible character made visible in the list. */
const shownCharacter = (c: string) => (c === '\n' ? '↵' : c === ' ' ? '␣' : c === '\t' ? '⇥' : c);

interface AlternativesProps {
  ref: Ref<HTMLDivElement>;
  scored: ScoredText;
  index: number;
  top: number;
  left: number;
  onClose(): void;
  onBranch?(character: string): void;
}

export function Alternatives({ ref, scored, index, top, left, onClose, onBranch }: AlternativesProps) {
  const actual = scored.characters[index];
  return (
    <div
      ref={ref}
      className="alternatives"
      role="group"
      aria-label={`Alternatives at character ${index + 1}`}
      style={{ top, left }}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <p className="alternatives-title">
        {characterName(actual)}: {formatProbability(scored.probabilities[index])}. The model's {scored.k} likeliest
        here:
      </p>
      <ul>
        {alternativesAt(scored, index).map((a) => (
          <li key={a.character}>
            <button
              type="button"
              disabled={!onBranch}
              className={a.character === actual ? 'is-actual' : undefined}
              onClick={() => onBranch?.(a.character)}
              aria-label={`Continue with ${characterName(a.character)}, ${formatProbability(a.probability)}${a.character === actual ? ' (the one written)' : ''}`}
            >
              <span className="alternative-character">{shownCharacter(a.character)}</span>
              <span className="alternative-probability">{formatProbability(a.probability)}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="alternatives-close" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
