// The page: wires the reducer, the worker, the checkpoint library and the text sources to the panels.
//
// App
// ├── Notices
// ├── TextPanel, ModelPanel, TrainingControls       (left column: set up)
// └── TrainingStatus, LossChart, GeneratePanel, CheckpointList   (right column: watch and use)
import { useMemo, useReducer } from 'react';
import { appReducer, initialAppState } from './appState';
import { availability } from './availability';
import { CheckpointList } from './CheckpointList';
import { GeneratePanel } from './GeneratePanel';
import { LossChart } from './LossChart';
import { ModelPanel } from './ModelPanel';
import { Notices } from './Notices';
import { TextPanel } from './TextPanel';
import { TrainingControls } from './TrainingControls';
import { TrainingStatus } from './TrainingStatus';
import { useCheckpointLibrary } from './useCheckpointLibrary';
import { useFileDrop } from './useFileDrop';
import { useTextSources } from './useTextSources';
import { useTrainingWorker } from './useTrainingWorker';

export function App() {
  const [state, dispatch] = useReducer(appReducer, initialAppState);
  const library = useCheckpointLibrary(dispatch);
  const send = useTrainingWorker(dispatch, library.saveFromWorker);
  const texts = useTextSources(dispatch, send);
  const dragging = useFileDrop(texts.loadFile);
  const available = useMemo(() => availability(state), [state]);

  return (
    <>
      <header className="app-header">
        <h1>folio</h1>
        <p>Train a character-level GRU language model in your browser, watch its loss fall, and let it write.</p>
      </header>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>Drop the text file to train on it</p>
        </div>
      )}
      <Notices state={state} dispatch={dispatch} />
      <main className="layout">
        <div className="column">
          <TextPanel state={state} plan={available.plan} texts={texts} />
          <ModelPanel state={state} problems={available.configProblems} dispatch={dispatch} />
          <TrainingControls state={state} available={available} dispatch={dispatch} send={send} />
        </div>
        <div className="column">
          <TrainingStatus state={state} />
          <LossChart history={state.history} />
          <GeneratePanel
            generation={state.generation}
            canGenerate={available.canGenerate}
            canStop={available.canStopGenerating}
            hasModel={state.model !== null}
            send={send}
          />
          <CheckpointList
            checkpoints={state.checkpoints}
            alert={state.checkpointAlert}
            canSave={available.canSave}
            onSave={() => send({ type: 'saveCheckpoint', reason: 'manual' })}
            onLoad={(summary) => library.load(summary, send)}
            onDelete={library.remove}
            onExport={library.exportFile}
            onImport={library.importFile}
          />
        </div>
      </main>
    </>
  );
}
