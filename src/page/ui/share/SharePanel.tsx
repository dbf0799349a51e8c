// "Share settings": copies a link that opens the page with these model, training and decoding settings (never
// the text or the weights), and says what a link opened with could not apply.
import { useId, useState } from 'react';
import { shareableLink } from './linkSetup';
import type { SharedSetup } from './shareUrl';

interface Props {
  setup: SharedSetup;
  /** What the link the page was opened with asked for that could not be applied. */
  linkProblems: readonly string[];
  /** The settings the page was opened with, as a link, when its address held any; null for a plain visit. */
  openedWith: string | null;
}

/** What the last click did, and for which link: a change of settings since makes it old news. */
type Copy = { state: 'idle' } | { state: 'copied' | 'shown'; link: string };

export function SharePanel({ setup, linkProblems, openedWith }: Props) {
  const id = useId();
  const [copy, setCopy] = useState<Copy>({ state: 'idle' });
  const current = shareableLink(setup);
  const said = copy.state === 'idle' || copy.link !== current ? 'idle' : copy.state;
  const copyLink = async () => {
    const link = current;
    try {
      // Missing outside secure contexts, refused without permission or focus: the field below is the fallback.
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      setCopy({ state: 'copied', link });
    } catch {
      setCopy({ state: 'shown', link });
    }
  };
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Share settings</h2>
      {linkProblems.length > 0 && (
        <div role="alert" className="warning">
          <p>Some settings in the link you opened were not applied; the others were:</p>
          <ul>
            {linkProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {openedWith === current && linkProblems.length === 0 && (
        <p className="hint">The settings come from the link this page was opened with.</p>
      )}
      <div className="row buttons">
        <button type="button" onClick={() => void copyLink()}>
          Copy link to these settings
        </button>
        <span role="status">
          {said === 'copied'
            ? 'Link copied to the clipboard.'
            : said === 'shown'
              ? 'The clipboard is not available: copy the link below.'
              : ''}
        </span>
      </div>
      {copy.state === 'shown' && ( // once shown, the field stays and follows the settings
        <div className="field">
          <label htmlFor={`${id}-link`}>Link to these settings</label>
          <input
            id={`${id}-link`}
            type="text"
            readOnly
            value={current}
            onFocus={(e) => e.currentTarget.select()}
            autoFocus
          />
        </div>
      )}
      <p className="hint">The link holds the model, training and decoding settings, not the text or the weights.</p>
    </section>
  );
}
