// The explored text, each character coloured by one unit's value after reading it. Keyboard as in the
// probability view: one character is in the tab order (roving tabindex), arrow keys, Home and End move;
// hovering or focusing a character tells its value and what the model expects next.
import { memo, useRef, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import type { CellSignal } from '../../../shared/cell';
import { characterName, formatProbability } from '../generate/studioState';
import type { ActivationView } from './insideState';
import { activationColour, nextCharacters, textColourOn } from './activationScale';

interface Props {
  view: ActivationView;
  /** The chosen unit's value after each character. */
  column: Float32Array;
  signal: CellSignal;
  unit: number;
  labelledBy: string;
}

function indexOf(target: EventTarget): number | null {
  const el = target instanceof HTMLElement ? target.closest<HTMLElement>('[data-index]') : null;
  return el ? Number(el.dataset.index) : null;
}

const Characters = memo(function Characters({
  characters,
  column,
  signal,
  focusable,
}: {
  characters: string[];
  column: Float32Array;
  signal: CellSignal;
  focusable: number;
}) {
  return characters.map((c, i) => (
    <span
      key={i}
      data-index={i}
      role="button"
      tabIndex={i === focusable ? 0 : -1}
      aria-label={`Character ${i + 1}, ${characterName(c)}, ${signal} ${column[i].toFixed(2)}`}
      className={`pchar${c === '\n' ? ' newline' : ''}`}
      style={{ background: activationColour(column[i], signal), color: textColourOn(column[i], signal) }}
    >
      {c}
    </span>
  ));
});

export function ActivationText({ view, column, signal, unit, labelledBy }: Props) {
  const [focusable, setFocusable] = useState(0);
  const [shown, setShown] = useState<number | null>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const last = view.characters.length - 1;
  const onKeyDown = (e: KeyboardEvent) => {
    const i = indexOf(e.target);
    if (i === null) return;
    const moves: Record<string, number> = {
      ArrowRight: Math.min(last, i + 1),
      ArrowLeft: Math.max(0, i - 1),
      Home: 0,
      End: last,
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    textRef.current?.querySelector<HTMLElement>(`[data-index="${moves[e.key]}"]`)?.focus();
  };
  const show = (e: SyntheticEvent) => {
    const i = indexOf(e.target);
    if (i === null) return;
    setFocusable(i);
    setShown(i);
  };
  return (
    <>
      <div
        ref={textRef}
        role="region"
        aria-labelledby={labelledBy}
        className="generated-text activation-text"
        onMouseOver={(e) => setShown(indexOf(e.target) ?? shown)}
        onFocus={show}
        onClick={show}
        onKeyDown={onKeyDown}
      >
        <Characters characters={view.characters} column={column} signal={signal} focusable={focusable} />
      </div>
      <p className="activation-detail" aria-live="polite">
        {shown === null || shown > last
          ? 'Hover or focus a character (arrow keys move) to see its value and what the model expects next.'
          : detailWords(view, column, signal, unit, shown)}
      </p>
    </>
  );
}

function detailWords(view: ActivationView, column: Float32Array, signal: CellSignal, unit: number, i: number): string {
  const next = nextCharacters(view, i)
    .map((a) => `${characterName(a.character)} ${formatProbability(a.probability)}`)
    .join(', ');
  return `Character ${i + 1}, ${characterName(view.characters[i])}: unit ${unit} ${signal} = ${column[i].toFixed(3)}. Next, the model expects ${next}.`;
}
