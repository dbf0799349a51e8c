// "Inside the model": the neuron and gate explorer and the memorisation meter, in one panel.
import type { AppState } from '../app/appState';
import type { SendRequest } from '../app/useTrainingWorker';
import { CopyMeter } from './CopyMeter';
import { NeuronExplorer } from './NeuronExplorer';
import './inside.css';

interface Props {
  state: Pick<AppState, 'generation' | 'inside' | 'model' | 'nextNoticeId' | 'text'>;
  send: SendRequest;
}

export function InsidePanel({ state, send }: Props) {
  const generation = state.generation;
  const finished = generation.status === 'done' ? generation.text : '';
  return (
    <section className="panel inside-panel" aria-label="Inside the model">
      <h2>Inside the model</h2>
      <NeuronExplorer
        view={state.inside.activations}
        generated={finished}
        trainingLength={state.text?.characters ?? null}
        hasModel={state.model !== null}
        noticeId={state.nextNoticeId}
        send={send}
      />
      <CopyMeter text={finished} copies={state.inside.copies} hasText={state.text !== null} send={send} />
    </section>
  );
}
