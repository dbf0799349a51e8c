// Writing text with the model: seed, length, temperature; the text streams in as it is sampled.
import { useId, useState } from 'react';
import type { GenerationState } from './appState';
import { formatCount } from './format';
import type { SendRequest } from './useTrainingWorker';

interface Props {
  generation: GenerationState;
  canGenerate: boolean;
  canStop: boolean;
  hasModel: boolean;
  send: SendRequest;
}

interface Settings {
  seed: string;
  length: string;
  temperature: string;
  samplingSeed: string;
}

const MAX_LENGTH = 100_000;

/** The request, or the problems that keep it from being sent. */
function toRequest(s: Settings): { length: number; temperature: number; samplingSeed: number } | string[] {
  const length = Number(s.length);
  const temperature = Number(s.temperature);
  const samplingSeed = Number(s.samplingSeed);
  const problems: string[] = [];
  if (s.length.trim() === '' || !Number.isInteger(length) || length < 1 || length > MAX_LENGTH) {
    problems.push(`Length must be a whole number from 1 to ${formatCount(MAX_LENGTH)}.`);
  }
  if (s.temperature.trim() === '' || !Number.isFinite(temperature) || temperature < 0 || temperature > 10) {
    problems.push('Temperature must be a number from 0 to 10.');
  }
  if (s.samplingSeed.trim() === '' || !Number.isInteger(samplingSeed) || samplingSeed < 0 || samplingSeed > 2 ** 31 - 1) {
    problems.push('Sampling seed must be a whole number from 0 to 2147483647.');
  }
  return problems.length > 0 ? problems : { length, temperature, samplingSeed };
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

function doneWords(g: GenerationState): string {
  if (g.status === 'running') return `Generating… ${formatCount(g.text.length)} characters so far.`;
  if (g.status === 'idle') return '';
  const speed = g.charsPerSec ? ` at ${formatCount(g.charsPerSec)} characters/s` : '';
  const how = g.doneReason === 'complete' ? 'Finished' : g.doneReason === 'stopped' ? 'Stopped' : 'Failed';
  return `${how}: ${formatCount(g.text.length)} characters${speed}.`;
}

export function GeneratePanel({ generation, canGenerate, canStop, hasModel, send }: Props) {
  const [settings, setSettings] = useState<Settings>({ seed: 'ROMEO:', length: '1000', temperature: '0.8', samplingSeed: '1' });
  const id = useId();
  const request = toRequest(settings);
  const problems = Array.isArray(request) ? request : [];
  const edit = (key: keyof Settings) => (e: { target: { value: string } }) => setSettings({ ...settings, [key]: e.target.value });
  const generate = () => {
    if (!Array.isArray(request)) send({ type: 'generate', seed: settings.seed, ...request });
  };
  return (
    <section className="panel">
      <h2>Generate</h2>
      <div className="field">
        <label htmlFor={`${id}-seed`}>Seed text</label>
        <textarea id={`${id}-seed`} rows={2} value={settings.seed} onChange={edit('seed')} />
      </div>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={`${id}-length`}>Length</label>
          <input id={`${id}-length`} type="number" min={1} max={MAX_LENGTH} step={1} value={settings.length} onChange={edit('length')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-temperature`}>Temperature</label>
          <input id={`${id}-temperature`} type="number" min={0} max={10} step="any" value={settings.temperature}
            aria-describedby={`${id}-temperature-hint`} onChange={edit('temperature')} />
          <span id={`${id}-temperature-hint`} className="hint">0 means greedy: always the most likely character.</span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-sampling`}>Sampling seed</label>
          <input id={`${id}-sampling`} type="number" min={0} step={1} value={settings.samplingSeed} onChange={edit('samplingSeed')} />
        </div>
      </div>
      {problems.length > 0 && <ul className="problems">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
      <div className="row buttons">
        <button type="button" className="primary" disabled={!canGenerate || problems.length > 0} onClick={generate}>
          Generate
        </button>
        <button type="button" disabled={!canStop} onClick={() => send({ type: 'stopGenerating' })}>
          Stop generating
        </button>
        {!hasModel && <span className="hint">Train a model or load a checkpoint first.</span>}
      </div>
      {generation.unknownCharacters.length > 0 && (
        <p className="warning">Skipped characters not in the vocabulary: {generation.unknownCharacters.map((c) => JSON.stringify(c)).join(', ')}</p>
      )}
      <h3 id={`${id}-output`}>Generated text</h3>
      <div role="region" aria-labelledby={`${id}-output`} className="generated-text" tabIndex={0}>
        {textChunks(generation.text).map((chunk, i) => <span key={i}>{chunk}</span>)}
      </div>
      <p className="hint">{doneWords(generation)}</p>
    </section>
  );
}
