// Samples written during training, newest first. Each continues the same seed with the same sampling seed,
// so what changes from one to the next is what the model learned.
import { useId } from 'react';
import type { TrainingSample } from '../../../shared/training';
import { formatCount } from '../common/format';
import '../generate/generate.css';

interface Props {
  samples: readonly TrainingSample[];
  /** Steps between samples in the current settings; 0 when samples are off. */
  sampleEvery: number;
}

export function SampleText({ sample }: { sample: TrainingSample }) {
  return (
    <p className="sample-text">
      <span className="sample-seed">{sample.seed}</span>
      {sample.text}
    </p>
  );
}

export function SamplesTimeline({ samples, sampleEvery }: Props) {
  const headingId = useId();
  const newestFirst = [...samples].reverse();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Samples</h2>
      {samples.length === 0 && (
        <p className="hint">
          {sampleEvery > 0
            ? `While training, a short sample appears every ${formatCount(sampleEvery)} steps.`
            : 'Samples during training are off: turn them on under Model → Schedule, samples and early stopping → “Samples during training”.'}
        </p>
      )}
      {samples.length > 0 && <p className="hint">The seed (shaded) is the same each time; newest first.</p>}
      <ol aria-label="Samples" className="samples" tabIndex={samples.length > 0 ? 0 : undefined}>
        {newestFirst.map((s) => (
          <li key={s.step}>
            <p className="sample-step">Step {formatCount(s.step)}</p>
            <SampleText sample={s} />
          </li>
        ))}
      </ol>
    </section>
  );
}
