// A scored text, each character coloured by the probability the model gave it. Hovering or focusing a
// character shows the model's five likeliest characters there; choosing one branches the text.
// Keyboard: one character is in the tab order (roving tabindex); arrow keys move, Enter or ↓ goes to the
// alternatives, Escape closes them.
import {
  memo,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type SyntheticEvent,
} from 'react';
import { Alternatives } from '../advisor/Alternatives';
import { characterName, formatProbability, probabilityBand, PROBABILITY_BANDS, type ScoredText } from './studioState';
import './studio.css';
import { ScoringProgressBar } from './ScoringProgress';

interface Props {
  scored: ScoredText;
  /** Id of the heading that names the text's region. */
  labelledBy: string;
  /** Continues from the text up to a character with another character instead; absent: no branching. */
  onBranch?(seed: string): void;
  /** Stops the scoring while partial scores are shown; absent: no Stop button. */
  onStopScoring?(): void;
}

const POPOVER_WIDTH = 272; // px: .alternatives is 17rem wide

function indexOf(target: EventTarget): number | null {
  const el = target instanceof HTMLElement ? target.closest<HTMLElement>('[data-index]') : null;
  return el ? Number(el.dataset.index) : null;
}

export function ProbabilityLegend() {
  return (
    <ul className="probability-legend" aria-label="Probability legend">
      {PROBABILITY_BANDS.map((b, i) => (
        <li key={b.label}>
          <span className={`swatch band-${i}`} aria-hidden="true" />
          {b.label}
        </li>
      ))}
    </ul>
  );
}

/** The characters; memoised so hovering (which only moves the popover) does not re-render thousands of spans. */
const Characters = memo(function Characters({ scored, focusable }: { scored: ScoredText; focusable: number }) {
  return scored.characters.map((c, i) => {
    const band = probabilityBand(scored.probabilities[i]);
    if (band === null)
      return (
        <span key={i} className="pchar unscored">
          {c}
        </span>
      );
    const label = `${characterName(c)}, ${formatProbability(scored.probabilities[i])}`;
    return (
      <span
        key={i}
        data-index={i}
        role="button"
        tabIndex={i === focusable ? 0 : -1}
        aria-label={label}
        className={`pchar band-${band}${c === '\n' ? ' newline' : ''}`}
      >
        {c}
      </span>
    );
  });
});

export function ProbabilityView({ scored, labelledBy, onBranch, onStopScoring }: Props) {
  const scoredIndices = useMemo(
    () => scored.characters.flatMap((_, i) => (Number.isNaN(scored.probabilities[i]) ? [] : [i])),
    [scored],
  );
  const [focusable, setFocusable] = useState(scoredIndices[0] ?? -1);
  const [pinned, setPinned] = useState<number | null>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const [scrolled, setScrolled] = useState(0);
  const textRef = useRef<HTMLDivElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const shown = pinned ?? hovered;
  const charAt = (i: number) => textRef.current?.querySelector<HTMLElement>(`[data-index="${i}"]`) ?? null;

  useLayoutEffect(() => {
    const span = shown === null ? null : charAt(shown);
    const wrap = wrapRef.current;
    if (!span || !wrap) return setPosition(null);
    const s = span.getBoundingClientRect();
    const w = wrap.getBoundingClientRect();
    setPosition({ top: s.bottom - w.top + 4, left: Math.max(0, Math.min(s.left - w.left, w.width - POPOVER_WIDTH)) });
  }, [shown, scrolled]);

  const move = (from: number, key: string): number | null => {
    const at = scoredIndices.indexOf(from);
    if (key === 'ArrowRight') return scoredIndices[at + 1] ?? null;
    if (key === 'ArrowLeft') return at > 0 ? scoredIndices[at - 1] : null;
    if (key === 'Home') return scoredIndices[0] ?? null;
    if (key === 'End') return scoredIndices[scoredIndices.length - 1] ?? null;
    return null;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const i = indexOf(e.target);
    if (i === null) return;
    const next = move(i, e.key);
    if (next !== null) {
      e.preventDefault();
      charAt(next)?.focus();
    } else if (e.key === 'Enter' || e.key === ' ' || e.key === 'ArrowDown') {
      e.preventDefault();
      setPinned(i);
      popoverRef.current?.querySelector('button')?.focus();
    } else if (e.key === 'Escape') {
      setPinned(null);
    }
  };
  const pin = (e: SyntheticEvent) => {
    const i = indexOf(e.target);
    if (i === null) return;
    setFocusable(i);
    setPinned(i);
  };
  // Focus moving out of the text and its alternatives (or to nothing: a click elsewhere) closes the list.
  const closeWhenFocusLeaves = (e: FocusEvent) => {
    if (!(e.relatedTarget instanceof Node && wrapRef.current?.contains(e.relatedTarget))) setPinned(null);
  };
  const close = () => {
    const back = pinned;
    setPinned(null);
    setHovered(null);
    if (back !== null) charAt(back)?.focus({ preventScroll: true });
  };

  return (
    <div className="probability-view">
      {scored.progress && scored.progress.status !== 'complete' && (
        <ScoringProgressBar progress={scored.progress} onStop={onStopScoring} />
      )}
      <ProbabilityLegend />
      <p className="hint">
        Hover or focus a character (arrow keys move) to see the model's five likeliest characters there;
        {onBranch
          ? ' choose one to continue the text from that point with it.'
          : ' generation must finish before you can branch.'}
      </p>
      <div
        className="probability-wrap"
        ref={wrapRef}
        onMouseLeave={() => setHovered(null)}
        onBlur={closeWhenFocusLeaves}
      >
        <div
          ref={textRef}
          role="region"
          aria-labelledby={labelledBy}
          className="generated-text probability-text"
          onMouseOver={(e) => setHovered(indexOf(e.target))}
          onFocus={pin}
          onClick={pin}
          onKeyDown={onKeyDown}
          onScroll={() => setScrolled((n) => n + 1)}
        >
          <Characters scored={scored} focusable={focusable} />
        </div>
        {shown !== null && position && (
          <Alternatives
            ref={popoverRef}
            scored={scored}
            index={shown}
            top={position.top}
            left={position.left}
            onClose={close}
            onBranch={onBranch && ((c) => onBranch(scored.characters.slice(0, shown).join('') + c))}
          />
        )}
      </div>
    </div>
  );
}
