// Writing text with the model: seed, length, temperature and decoding (top-k, top-p, repetition penalty,
// beam search); the text streams in as it is sampled. Below it: the probability view with branching, the
// temperature grid and scoring any text.
import { useId, useState } from 'react';
import { ActionButton } from '../common/ActionButton';
import { Disclosure } from '../common/Disclosure';
import './generate.css';
import type { GenerationState } from '../app/appState';
import type { StudioState } from './studioState';
import { DecodingControls } from './GenerationControls';
import { formatCount } from '../common/format';
import { GeneratedText } from './GeneratedText';
import {
  MAX_LENGTH,
  freshSamplingSeed,
  generateRequest,
  gridRequest,
  usesSamplingSeed,
  type GenerationField,
  type GenerationSettings,
} from './generationSettings';
import { ScoreText } from './ScoreText';
import { TemperatureGrid } from './TemperatureGrid';
import type { SendRequest } from '../app/useTrainingWorker';

interface Props {
  generation: GenerationState;
  studio: StudioState;
  canGenerate: boolean;
  canStop: boolean;
  hasModel: boolean;
  /** The model's vocabulary size, to check top-k against. */
  vocabSize?: number;
  /** The fields as typed; the page holds them, so a shared link can fill them and carry them. */
  settings: GenerationSettings;
  onSettings: (settings: GenerationSettings) => void;
  send: SendRequest;
}

function doneWords(g: GenerationState): string {
  if (g.status === 'running') return `Generating… ${formatCount(g.text.length)} characters so far.`;
  if (g.status === 'idle') return '';
  const speed = g.charsPerSec ? ` at ${formatCount(g.charsPerSec)} characters/s` : '';
  const how = g.doneReason === 'complete' ? 'Finished' : g.doneReason === 'stopped' ? 'Stopped' : 'Failed';
  return `${how}: ${formatCount(g.text.length)} characters${speed}.`;
}

function generateReason(hasModel: boolean, g: GenerationState, problems: string[]): string {
  if (!hasModel) return 'Train a model or load a checkpoint first.';
  if (g.status === 'running') return 'A text is being generated.';
  return problems.join(' ');
}

export function GeneratePanel({
  generation,
  studio,
  canGenerate,
  canStop,
  hasModel,
  vocabSize,
  settings,
  onSettings: setSettings,
  send,
}: Props) {
  const id = useId();
  const request = generateRequest(settings, vocabSize);
  const problems = Array.isArray(request) ? request : [];
  const grid = gridRequest(settings, vocabSize);
  const gridProblems = Array.isArray(grid) ? grid.filter((p) => !problems.includes(p)) : [];
  const edit = (key: GenerationField) => (e: { target: { value: string } }) =>
    setSettings({ ...settings, [key]: e.target.value });
  // A fresh sampling seed per press unless it is kept; the field shows the seed used, so a text can be repeated.
  const [usedSeed, setUsedSeed] = useState<number | null>(null);
  const generate = () => {
    if (Array.isArray(request)) return;
    const samplingSeed = settings.pinSeed ? request.samplingSeed : freshSamplingSeed();
    if (samplingSeed !== request.samplingSeed) setSettings({ ...settings, samplingSeed: String(samplingSeed) });
    setUsedSeed(usesSamplingSeed(settings) ? samplingSeed : null);
    send({ ...request, samplingSeed });
  };
  // Branching: the same settings, from the text up to a character with another character in its place.
  // Focus then moves to the new text, since the view branched from goes away.
  const [branches, setBranches] = useState(0);
  const branch = (seed: string) => {
    const req = generateRequest(settings, vocabSize, seed);
    if (Array.isArray(req)) return;
    send(req);
    setBranches((n) => n + 1);
  };
  const gridRunning = studio.grid?.status === 'running';
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Generate</h2>
      <div className="field">
        <label htmlFor={`${id}-seed`}>Seed text</label>
        <textarea id={`${id}-seed`} rows={2} value={settings.seed} onChange={edit('seed')} />
      </div>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={`${id}-length`}>Length</label>
          <input
            id={`${id}-length`}
            type="number"
            min={1}
            max={MAX_LENGTH}
            step={1}
            value={settings.length}
            onChange={edit('length')}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-temperature`}>Temperature</label>
          <input
            id={`${id}-temperature`}
            type="number"
            min={0}
            max={10}
            step="any"
            value={settings.temperature}
            aria-describedby={`${id}-temperature-hint`}
            onChange={edit('temperature')}
          />
          <span id={`${id}-temperature-hint`} className="hint">
            0 means greedy: always the most likely character.
          </span>
        </div>
      </div>
      <Disclosure summary="Decoding settings">
        <div className="field">
          <label htmlFor={`${id}-sampling`}>Sampling seed</label>
          <input
            id={`${id}-sampling`}
            type="number"
            min={0}
            step={1}
            value={settings.samplingSeed}
            aria-describedby={`${id}-sampling-hint`}
            onChange={(e) => setSettings({ ...settings, samplingSeed: e.target.value, pinSeed: true })}
          />
          <span id={`${id}-sampling-hint`} className="hint">
            Typing a seed keeps it: the same seed and settings write the same text.
          </span>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={settings.pinSeed}
            onChange={(e) => setSettings({ ...settings, pinSeed: e.target.checked })}
          />
          Same seed each time
        </label>
        <DecodingControls settings={settings} edit={edit} />
      </Disclosure>
      {problems.length > 0 && (
        <ul className="problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="row buttons generate-actions">
        <ActionButton
          className="primary"
          disabled={!canGenerate || problems.length > 0}
          reason={generateReason(hasModel, generation, problems)}
          onClick={generate}
        >
          Generate
        </ActionButton>
        <ActionButton
          disabled={!canStop && !gridRunning}
          reason="Nothing is being generated."
          onClick={() => send({ type: 'stopGenerating' })}
        >
          Stop generating
        </ActionButton>
        {!hasModel && <span className="hint">Train a model or load a checkpoint first.</span>}
      </div>
      {generation.unknownCharacters.length > 0 && (
        <p className="warning">
          Skipped characters not in the vocabulary:{' '}
          {generation.unknownCharacters.map((c) => JSON.stringify(c)).join(', ')}
        </p>
      )}
      <GeneratedText
        generation={generation}
        scored={studio.scored.generated}
        send={send}
        onBranch={canGenerate ? branch : undefined}
        focusRequest={branches}
      />
      <p className="hint">
        {doneWords(generation)}
        {usedSeed !== null && generation.status !== 'idle' && (
          <>
            {' '}
            Sampling seed {usedSeed}
            {settings.pinSeed && Number(settings.samplingSeed) === usedSeed
              ? ', kept for the next Generate.'
              : '.'}{' '}
            {!(settings.pinSeed && Number(settings.samplingSeed) === usedSeed) && (
              <button
                type="button"
                onClick={() => setSettings({ ...settings, samplingSeed: String(usedSeed), pinSeed: true })}
              >
                Keep this sampling seed
              </button>
            )}
          </>
        )}
      </p>
      <TemperatureGrid
        grid={studio.grid}
        temperatures={settings.gridTemperatures}
        onTemperatures={(v) => edit('gridTemperatures')({ target: { value: v } })}
        problems={gridProblems}
        canRun={hasModel}
        onRun={() => !Array.isArray(grid) && send(grid)}
      />
      <ScoreText
        scored={studio.scored.pasted}
        hasModel={hasModel}
        send={send}
        onBranch={canGenerate ? branch : undefined}
      />
    </section>
  );
}
