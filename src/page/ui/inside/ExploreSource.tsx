// Which text the neuron explorer reads: the generated text, a pasted one, or a window of the training text.
import { useId, useState } from 'react';
import { INSPECT_MAX_LENGTH } from '../../../shared/inside/activationData';
import type { InsideSource } from '../../../shared/protocol';
import { countCodePoints } from '../../../shared/data/vocabulary';
import { formatCount } from '../common/format';

type SourceKind = 'generated' | 'pasted' | 'training';

interface Props {
  generated: string;
  trainingLength: number | null;
  canRead: boolean;
  onRead(source: InsideSource): void;
}

export function ExploreSource({ generated, trainingLength, canRead, onRead }: Props) {
  const id = useId();
  const [kind, setKind] = useState<SourceKind>('generated');
  const [pasted, setPasted] = useState('');
  const [start, setStart] = useState('0');
  const [length, setLength] = useState('2000');
  const text = kind === 'generated' ? generated : pasted;
  const tooLong = kind !== 'training' && countCodePoints(text) > INSPECT_MAX_LENGTH;
  const empty = kind === 'training' ? trainingLength === null : text === '';
  const read = () =>
    onRead(
      kind === 'training' ? { kind: 'training', start: Number(start), length: Number(length) } : { kind: 'text', text },
    );
  return (
    <div className="explore-source">
      <div className="field">
        <label htmlFor={`${id}-kind`}>Text to explore</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as SourceKind)}>
          <option value="generated">The generated text</option>
          <option value="pasted">A text of my own</option>
          <option value="training">A window of the training text</option>
        </select>
      </div>
      {kind === 'pasted' && (
        <div className="field">
          <label htmlFor={`${id}-pasted`}>Text for the explorer</label>
          <textarea id={`${id}-pasted`} rows={3} value={pasted} onChange={(e) => setPasted(e.target.value)} />
        </div>
      )}
      {kind === 'training' && (
        <div className="field-grid">
          <div className="field">
            <label htmlFor={`${id}-start`}>First character</label>
            <input
              id={`${id}-start`}
              type="number"
              min={0}
              max={trainingLength ?? undefined}
              step={1}
              value={start}
              onChange={(e) => setStart(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-length`}>Characters to read</label>
            <input
              id={`${id}-length`}
              type="number"
              min={1}
              max={INSPECT_MAX_LENGTH}
              step={1}
              value={length}
              onChange={(e) => setLength(e.target.value)}
            />
          </div>
        </div>
      )}
      {tooLong && <p className="error">The explorer reads up to {formatCount(INSPECT_MAX_LENGTH)} characters.</p>}
      {kind === 'generated' && empty && <p className="hint">Generate a text first, or choose another text.</p>}
      <div className="row buttons">
        <button type="button" disabled={!canRead || empty || tooLong} onClick={read}>
          Read with the model
        </button>
      </div>
    </div>
  );
}
