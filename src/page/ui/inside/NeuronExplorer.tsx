// The neuron and gate explorer: the model reads a text once; the text is then coloured by one unit's
// hidden state h or one of its cell's gates (GRU z, r; LSTM i, f, o, g and c) after each character, the units
// that track simple features of the text
// can be found, and a heat strip shows the top units over the whole text.
import { useId, useMemo, useState } from 'react';
import type { CellSignal } from '../../../shared/cell';
import { rankUnits, topUnits, type FeatureRanking } from '../../../shared/inside/unitRanking';
import type { InsideSource } from '../../../shared/protocol';
import type { ActivationView } from './insideState';
import type { SendRequest } from '../app/useTrainingWorker';
import { ActivationText } from './ActivationText';
import { SIGNAL_NAMES, shownSignal, signalRange, signalValues, unitColumn } from './activationScale';
import { ExploreSource } from './ExploreSource';
import { HeatStrip } from './HeatStrip';
import { InterestingUnits } from './InterestingUnits';

interface Props {
  view: ActivationView | null;
  generated: string;
  trainingLength: number | null;
  hasModel: boolean;
  /** Changes with every notice: a refused or failed read answers with one instead of activations. */
  noticeId: number;
  send: SendRequest;
}

const STRIP_ROWS = 8;

export function NeuronExplorer({ view, generated, trainingLength, hasModel, noticeId, send }: Props) {
  const id = useId();
  const [unit, setUnit] = useState(0);
  const [asked, setSignal] = useState<CellSignal>('h');
  const [layer, setLayer] = useState(0);
  const [ranked, setRanked] = useState<{ key: unknown[]; rankings: FeatureRanking[] } | null>(null);
  const [waiting, setWaiting] = useState(false);
  const [answers, setAnswers] = useState({ view, noticeId });
  if (view !== answers.view || noticeId !== answers.noticeId) {
    setAnswers({ view, noticeId }); // an answer came: stop waiting (React's "adjust state on a prop change")
    setWaiting(false);
  }
  const units = view?.units ?? 0;
  const signal = view ? shownSignal(view, asked) : asked; // a model of another cell may lack the one asked for
  const layers = view?.values.h?.length ?? 0;
  const shownUnit = Math.min(unit, Math.max(0, units - 1));
  const values = useMemo(() => (view ? signalValues(view, signal, layer) : null), [view, signal, layer]);
  const column = useMemo(() => (values ? unitColumn(values, units, shownUnit) : null), [values, units, shownUnit]);
  // Rankings belong to the text, signal and layer they were computed for.
  const rankings = ranked && ranked.key.every((k, i) => k === [view, signal, layer][i]) ? ranked.rankings : null;
  const find = () =>
    view && values && setRanked({ key: [view, signal, layer], rankings: rankUnits(view.characters, values, units) });
  const stripRows = rankings
    ? topUnits(rankings, STRIP_ROWS)
    : Array.from({ length: Math.min(units, STRIP_ROWS) }, (_, i) => i);
  const read = (source: InsideSource) => {
    setWaiting(true);
    send({ type: 'inspect', source });
  };
  const { low, high } = signalRange(signal);
  return (
    <section className="neuron-explorer" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Neuron explorer</h3>
      <p className="hint">
        The model reads a text once; pick a unit of its cell to see its value after each character.
      </p>
      <ExploreSource generated={generated} trainingLength={trainingLength} canRead={hasModel} onRead={read} />
      {waiting && <p role="status">Reading the text with the model…</p>}
      {view && values && column && (
        <>
          {view.unknownCharacters.length > 0 && (
            <p className="warning">
              Left out, not in the model's vocabulary: {view.unknownCharacters.map((c) => JSON.stringify(c)).join(', ')}
            </p>
          )}
          <div className="field-grid explorer-controls">
            <div className="field">
              <label htmlFor={`${id}-unit`}>Unit</label>
              <input
                id={`${id}-unit`}
                type="number"
                min={0}
                max={units - 1}
                step={1}
                value={shownUnit}
                onChange={(e) => setUnit(Math.max(0, Math.floor(Number(e.target.value)) || 0))}
                aria-describedby={`${id}-units`}
              />
              <span id={`${id}-units`} className="hint">
                0 to {units - 1}
              </span>
            </div>
            <div className="field">
              <label htmlFor={`${id}-signal`}>Signal</label>
              <select id={`${id}-signal`} value={signal} onChange={(e) => setSignal(e.target.value as CellSignal)}>
                {view.signals.map((s) => (
                  <option key={s} value={s}>
                    {SIGNAL_NAMES[s]}
                  </option>
                ))}
              </select>
            </div>
            {layers > 1 && (
              <div className="field">
                <label htmlFor={`${id}-layer`}>Layer</label>
                <select id={`${id}-layer`} value={layer} onChange={(e) => setLayer(Number(e.target.value))}>
                  {Array.from({ length: layers }, (_, l) => (
                    <option key={l} value={l}>
                      Layer {l + 1}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </div>
          <div
            className="activation-legend"
            role="img"
            aria-label={`Colour scale: blue for ${low}, white for ${(low + high) / 2}, orange for ${high}`}
          >
            <span>{low}</span>
            <span className="activation-gradient" aria-hidden="true" />
            <span>{high}</span>
          </div>
          <h4 id={`${id}-text`}>
            Text coloured by unit {shownUnit}, {signal}
          </h4>
          <ActivationText view={view} column={column} signal={signal} unit={shownUnit} labelledBy={`${id}-text`} />
          <InterestingUnits rankings={rankings} onFind={find} onPick={setUnit} />
          <HeatStrip values={values} units={units} rows={stripRows} signal={signal} onPick={setUnit} />
        </>
      )}
    </section>
  );
}
