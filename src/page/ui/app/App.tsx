// The page: wires the reducer, the worker, the checkpoint library and the text sources to the panels.
//
// App: a skip link, the header, then the workspace (<main>)
// ├── Notices, StorageBanner                                        (across the top)
// ├── TextPanel, ModelPanel                                         (set up: text, preset)
// ├── RunBar (sticky), RunPlan, LossChart, CoachNote, TrainingStatus, SamplesTimeline, GeneratePanel, InsidePanel,
// │   CheckpointList, CompareRuns (run, watch, use, look inside, compare)
// └── DatasetAdvisor, SharePanel  (under the set-up on a wide screen, after the run on a narrow one: workspace.css)
import { lazy, Suspense, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { SpeedTable } from '../../../shared/plan/planner';
import { appReducer } from './appState';
import { availability } from '../run/availability';
import { CheckpointList } from '../checkpoints/CheckpointList';
import { GeneratePanel } from '../generate/GeneratePanel';
import { LossChart } from '../run/LossChart';
import { ModelPanel } from '../model/ModelPanel';
import { Notices } from '../common/Notices';
import { StorageBanner } from '../checkpoints/StorageBanner';
import { TextPanel } from '../text/TextPanel';
import { RunBar } from '../run/RunBar';
import { RunPlan } from '../run/RunPlan';
import { SpeedStore } from '../../storage/speedStore';
import { TrainingStatus } from '../run/TrainingStatus';
import { useCheckpointLibrary } from '../checkpoints/useCheckpointLibrary';
import { useFileDrop } from '../text/useFileDrop';
import { useTextSources } from '../text/useTextSources';
import { useTrainingWorker } from './useTrainingWorker';
import { useRecovery, type Recover } from './useRecovery';
import { deliverLiveState, useFaultHook } from './useFaultHook';
import { useCachedCorpusForCheckpoint } from '../text/useCachedCorpusForCheckpoint';
import { DatasetAdvisor } from '../advisor/DatasetAdvisor';
import { CoachNote } from '../run/CoachNote';
import { readLink, shareableLink, stateFromLink, useSetupInUrl } from '../share/linkSetup';
import { SharePanel } from '../share/SharePanel';
import { SamplesTimeline } from '../run/SamplesTimeline';
import { bestCheckpoints, chartSchedule, sampleInterval } from '../run/runView';
import './workspace.css';
import '../advisor/advisor.css'; // for DatasetAdvisor and CharacterHistogram
import '../checkpoints/checkpoints.css'; // for CheckpointList

// Panels far down the page, each with code of its own (the explorer, the comparison chart): loaded after the first
// paint, so the page a person opens is smaller (the service worker precaches them for offline use). Made once, here:
// a lazy() inside App would be a new component type on every render, and React would remount both panels (losing the
// runs ticked in Compare and the explorer's unit) on every training step.
const InsidePanel = lazy(() => import('../inside/InsidePanel').then((m) => ({ default: m.InsidePanel })));
const CompareRuns = lazy(() => import('../compare/CompareRuns').then((m) => ({ default: m.CompareRuns })));

export function App() {
  // A shared link fills the settings once, as the page opens; from then on the address follows the settings.
  const [link] = useState(readLink);

  const [openedWith] = useState(() => (link.shared ? shareableLink(link) : null));
  const [state, dispatch] = useReducer(appReducer, link, stateFromLink);
  const [generationSettings, setGenerationSettings] = useState(link.generation);
  const setup = useMemo(
    () => ({ preset: state.preset, form: state.form, generation: generationSettings }),
    [state.preset, state.form, generationSettings],
  );
  useSetupInUrl(setup);
  const library = useCheckpointLibrary(dispatch);
  const speeds = useMemo(() => new SpeedStore(), []);
  // The supervisor and the recovery need each other: a lost GPU restarts the trainer.
  const recoverRef = useRef<Recover>(() => undefined);
  const callbacks = useMemo(
    () => ({
      onCheckpoint: library.saveFromWorker,
      onDeviceLost: (_: string, wasTraining: boolean) =>
        recoverRef.current('The GPU was lost.', ['webgpu'], wasTraining),
      onLiveState: deliverLiveState,
      onPlanned: (deviceKey: string, measured: SpeedTable) => void speeds.add(deviceKey, measured),
    }),
    [library.saveFromWorker, speeds],
  );
  const trainer = useTrainingWorker(dispatch, callbacks);
  const send = trainer.send;
  const texts = useTextSources(dispatch, send);
  const recover = useRecovery(state, dispatch, () => trainer, texts, library);
  useEffect(() => {
    recoverRef.current = recover;
  }, [recover]);
  useFaultHook(send);
  useCachedCorpusForCheckpoint(state, texts);
  const dragging = useFileDrop(texts.loadFile);
  const available = useMemo(() => availability(state), [state]);
  const schedule = useMemo(() => chartSchedule(state.model), [state.model]);
  const best = useMemo(
    () => bestCheckpoints(state.checkpoints, state.model?.runId),
    [state.checkpoints, state.model?.runId],
  );

  return (
    <>
      <a className="skip-link" href="#training-controls">
        Skip to training controls
      </a>
      <header className="app-header">
        <h1>folio</h1>
        <p>
          Train a character-level language model (a GRU, LSTM or plain RNN) in your browser, watch its loss fall, and
          let it write.
        </p>
      </header>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>Drop the text file to train on it</p>
        </div>
      )}
      <main className="workspace">
        <div className="workspace-top">
          <Notices state={state} dispatch={dispatch} onRestart={() => recover('The trainer stopped unexpectedly.')} />
          <StorageBanner durable={library.durable} />
        </div>
        <div className="column setup">
          <TextPanel state={state} plan={available.plan} texts={texts} />
          <ModelPanel
            state={state}
            problems={available.configProblems}
            canChangeBackend={available.canChangeBackend}
            dispatch={dispatch}
            send={send}
          />
        </div>
        <div className="column live">
          <RunBar state={state} available={available} send={send} dispatch={dispatch} speeds={speeds} />
          <RunPlan state={state} />
          <LossChart history={state.history} schedule={schedule} />
          <CoachNote state={state} />
          <TrainingStatus state={state} />
          <SamplesTimeline samples={state.trainingInfo.samples} sampleEvery={sampleInterval(state)} />
          <GeneratePanel
            generation={state.generation}
            studio={state.studio}
            vocabSize={state.model?.model.vocabSize}
            canGenerate={available.canGenerate}
            canStop={available.canStopGenerating}
            hasModel={state.model !== null}
            settings={generationSettings}
            onSettings={setGenerationSettings}
            send={send}
          />
          <Suspense fallback={null}>
            <InsidePanel state={state} send={send} />
          </Suspense>
          <CheckpointList
            checkpoints={state.checkpoints}
            alert={state.checkpointAlert}
            offer={state.checkpointOffer}
            canSave={available.canSave}
            onSave={() => send({ type: 'saveCheckpoint', reason: 'manual' })}
            onLoad={(summary) => library.load(summary, send)}
            onDelete={library.remove}
            onExport={library.exportFile}
            onRename={library.rename}
            onImport={library.importFile}
            bestIds={best.ids}
            restoreBest={best.restore}
          />
          <Suspense fallback={null}>
            <CompareRuns
              model={state.model}
              history={state.history}
              checkpoints={state.checkpoints}
              readContent={library.readContent}
            />
          </Suspense>
        </div>
        {/* Under the set-up on a wide screen; after the run on a narrow one, so the chart comes soon after Start. */}
        <div className="column details">
          <DatasetAdvisor state={state} plan={available.plan} dispatch={dispatch} send={send} />
          <SharePanel setup={setup} linkProblems={link.problems} openedWith={openedWith} />
        </div>
      </main>
    </>
  );
}
