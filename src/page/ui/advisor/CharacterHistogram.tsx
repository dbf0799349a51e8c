// Each character of the text with its count, most frequent first, as a bar list. Rare characters are
// marked in words ("rare"), not by colour alone; invisible ones are shown as ↵, ␣ and the like.
// The list grows with "Show all" instead of scrolling inside a box (histogram.css).
import { useId, useState } from 'react';
import './histogram.css';
import type { CharacterCount } from '../../../shared/data/histogram';
import { characterLabel } from '../common/characterLabel';
import { formatCount } from '../common/format';

interface Props {
  histogram: readonly CharacterCount[];
  /** Characters seen fewer times are rare; null: no threshold to mark. */
  rareBelow: number | null;
}

/** Characters shown before "Show all". */
export const HISTOGRAM_SHOWN = 40;

function Glyph({ char }: { char: string }) {
  const { glyph, name } = characterLabel(char);
  return (
    <span className="hist-char" title={name ?? undefined}>
      {glyph}
      {name && <span className="visually-hidden"> ({name})</span>}
    </span>
  );
}

export function CharacterHistogram({ histogram, rareBelow }: Props) {
  const [showAll, setShowAll] = useState(false);
  const listId = useId();
  const max = Math.max(1, histogram[0]?.count ?? 1);
  const shown = showAll ? histogram : histogram.slice(0, HISTOGRAM_SHOWN);
  const isRare = (c: CharacterCount) => rareBelow !== null && c.count < rareBelow;
  return (
    <>
      <ol id={listId} aria-label="Character histogram" className="histogram">
        {shown.map((c) => (
          <li key={c.char} className={isRare(c) ? 'rare' : undefined}>
            <Glyph char={c.char} />
            <span className="hist-bar" aria-hidden="true">
              <span style={{ width: `${Math.max(1, (100 * c.count) / max)}%` }} />
            </span>
            <span className="hist-count">{formatCount(c.count)}</span>
            {isRare(c) && <span className="rare-marker">rare</span>}
          </li>
        ))}
      </ol>
      {histogram.length > HISTOGRAM_SHOWN && (
        <button type="button" aria-expanded={showAll} aria-controls={listId} onClick={() => setShowAll(!showAll)}>
          {showAll
            ? `Show the ${HISTOGRAM_SHOWN} most frequent`
            : `Show all ${formatCount(histogram.length)} characters`}
        </button>
      )}
    </>
  );
}

/** The rare characters in one line of text, for when they are past the shown part of the list. */
export function RareList({ rare }: { rare: readonly CharacterCount[] }) {
  const first = rare.slice(0, 60);
  return (
    <p className="rare-list">
      <span className="rare-list-label">Rare characters (count):</span>{' '}
      {first.map((c, i) => (
        <span key={c.char}>
          {i > 0 && ' '}
          <Glyph char={c.char} /> ×{formatCount(c.count)}
        </span>
      ))}
      {rare.length > first.length && ` and ${formatCount(rare.length - first.length)} more`}
    </p>
  );
}
