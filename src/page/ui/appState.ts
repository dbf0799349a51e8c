// The page's state: one reducer over worker events and a few page events, tested without React.
import { DEFAULT_PRESET, type ModelConfig, type PresetName, type TrainConfig } from '../../shared/config';
import { assertNever } from '../../shared/errors';
import type { BackendChoice, BackendName, KernelPath } from '../../shared/config';
import type { CheckpointSummary } from '../../shared/checkpoint/summary';
import type { LossHistory, RunState } from '../../shared/training';
import type { NoticeEvent, RunStateEvent, WorkerEvent } from '../../shared/protocol';
import { formFromConfig, formFromPreset, type ConfigForm, type ConfigKey } from './configForm';
import { appendPoints } from './lossSeries';
import { initialInsightState, insightReducer, type InsightAction, type InsightState } from './insightState';
import { decodingReducer, initialDecodingState, type DecodingState } from './decodingState';

export interface TextInfo {
  name: string;
  characters: number;
  distinctCharacters: number;
  preview: string;
}

export type DownloadState =
  | { status: 'downloading'; loaded: number; total: number | null }
  | { status: 'done'; fromCache: boolean; bytes: number }
  | { status: 'failed'; message: string };

export interface ModelInfo {
  runId: string;
  model: ModelConfig;
  train: TrainConfig;
  parameters: number;
  stepsPerEpoch: number;
  source: string;
  textName: string;
}

export interface ProgressInfo {
  epoch: number;
  epochProgress: number;
  trainLoss: number;
  validationLoss: number | null;
  charsPerSec: number;
  etaSeconds: number | null;
  /** Steps skipped because the loss was not finite. */
  skippedSteps: number;
}

export interface GenerationState {
  status: 'idle' | 'running' | 'done';
  text: string;
  unknownCharacters: string[];
  doneReason: 'complete' | 'stopped' | 'error' | null;
  charsPerSec: number | null;
  /** The seed as the worker read it; '' when it started after a line break (scoring then reads one first). */
  seed?: string;
}

export interface Notice {
  id: number;
  level: NoticeEvent['level'];
  message: string;
}

export interface AppState {
  backendChoice: BackendChoice;
  backend: BackendName | null;
  /** GRU code in use, as the worker reports it. */
  kernels: KernelPath | null;
  /** The user's wish for fused kernels (they run on WebGPU only). */
  fusedWanted: boolean;
  fallbackNotes: string[];
  text: TextInfo | null;
  textPending: string | null;
  textError: string | null;
  download: DownloadState | null;
  preset: PresetName;
  form: ConfigForm;
  runState: RunState;
  step: number;
  runMessage: string | null;
  model: ModelInfo | null;
  progress: ProgressInfo | null;
  /** Every loss point of the run; the chart draws a downsampled copy. */
  history: LossHistory;
  /** Samples during training, the dataset advisor and the learning rate (insightState.ts). */
  insight: InsightState;
  generation: GenerationState;
  /** Temperature grid and probability view. */
  decoding: DecodingState;
  checkpoints: CheckpointSummary[];
  checkpointAlert: string | null;
  /** A checkpoint the alert offers to load instead (the previous generation of a damaged one). */
  checkpointOffer: CheckpointSummary | null;
  notices: Notice[];
  nextNoticeId: number;
  workerCrash: string | null;
  /** Short news for the polite live region. */
  announcement: string;
}

/** Events of the page itself, beside the worker's. */
export type PageAction =
  | { type: 'textRequested'; name: string; source: 'download' | 'file' | 'paste' }
  | { type: 'textProblem'; message: string }
  | { type: 'downloadProgress'; loaded: number; total: number | null }
  | { type: 'downloadFinished'; fromCache: boolean; bytes: number }
  | { type: 'downloadFailed'; message: string }
  | { type: 'presetChosen'; preset: PresetName }
  | { type: 'configEdited'; key: ConfigKey; value: string }
  | { type: 'backendChosen'; backend: BackendChoice }
  | { type: 'kernelsChosen'; fused: boolean }
  | { type: 'checkpointsListed'; checkpoints: CheckpointSummary[]; announcement?: string }
  | { type: 'checkpointProblem'; message: string; offer?: CheckpointSummary }
  | { type: 'noticeDismissed'; id: number }
  | { type: 'workerCrashed'; message: string }
  | { type: 'trainerRestarted' }
  | InsightAction;

export type AppAction = WorkerEvent | PageAction;

const MAX_NOTICES = 6;

export const initialAppState: AppState = {
  backendChoice: 'auto',
  backend: null,
  kernels: null,
  fusedWanted: true,
  fallbackNotes: [],
  text: null,
  textPending: null,
  textError: null,
  download: null,
  preset: DEFAULT_PRESET,
  form: formFromPreset(DEFAULT_PRESET),
  runState: 'idle',
  step: 0,
  runMessage: null,
  model: null,
  progress: null,
  history: { train: [], validation: [] },
  insight: initialInsightState,
  generation: { status: 'idle', text: '', unknownCharacters: [], doneReason: null, charsPerSec: null },
  decoding: initialDecodingState,
  checkpoints: [],
  checkpointAlert: null,
  checkpointOffer: null,
  notices: [],
  nextNoticeId: 1,
  workerCrash: null,
  announcement: '',
};

function runAnnouncement(e: RunStateEvent): string {
  const words: Record<RunState, string> = {
    idle: 'Trainer idle',
    training: 'Training',
    paused: 'Training paused',
    stopped: 'Training stopped',
  };
  return `${words[e.state]} at step ${e.step}.${e.message ? ` ${e.message}` : ''}`;
}

function addNotice(state: AppState, level: Notice['level'], message: string): AppState {
  const notice: Notice = { id: state.nextNoticeId, level, message };
  const notices = [...state.notices, notice].slice(-MAX_NOTICES);
  // Errors are announced by their role="alert"; the rest through the polite live region.
  const announcement = level === 'error' ? state.announcement : message;
  return { ...state, notices, nextNoticeId: state.nextNoticeId + 1, announcement };
}

function workerReducer(state: AppState, e: WorkerEvent): AppState {
  switch (e.type) {
    case 'ready':
      return { ...state, backend: e.backend, kernels: e.kernels, fallbackNotes: e.fallbackNotes, announcement: `Trainer ready on ${e.backend}.` };
    case 'textLoaded': {
      const { name, characters, distinctCharacters, preview } = e;
      const text = { name, characters, distinctCharacters, preview };
      return { ...state, text, textPending: null, textError: null, announcement: `Loaded ${name}.` };
    }
    case 'textRejected':
      return { ...state, textPending: null, textError: e.message };
    case 'runState':
      return { ...state, runState: e.state, step: e.step, runMessage: e.message ?? null, announcement: runAnnouncement(e) };
    case 'modelReady': {
      const { runId, model, train, parameters, stepsPerEpoch, source, textName } = e;
      const history = { train: e.history.train.slice(), validation: e.history.validation.slice() };
      const form = formFromConfig({ embeddingDim: model.embeddingDim, units: model.units }, train);
      return { ...state, model: { runId, model, train, parameters, stepsPerEpoch, source, textName }, history, step: e.step, progress: null, form };
    }
    case 'progress': {
      const { epoch, epochProgress, trainLoss, validationLoss, charsPerSec, etaSeconds } = e;
      const history = {
        train: appendPoints(state.history.train, e.newTrain),
        validation: appendPoints(state.history.validation, e.newValidation),
      };
      const progress = { epoch, epochProgress, trainLoss, validationLoss, charsPerSec, etaSeconds, skippedSteps: e.skippedSteps };
      return { ...state, step: e.step, backend: e.backend, kernels: e.kernels, progress, history };
    }
    case 'checkpoint':
      return state; // the page stores the bytes, then lists (checkpointsListed)
    case 'generationStarted':
      return {
        ...state,
        generation: { status: 'running', text: '', unknownCharacters: e.unknownCharacters, doneReason: null, charsPerSec: null, seed: e.seed },
      };
    case 'generated':
      return { ...state, generation: { ...state.generation, text: state.generation.text + e.text } };
    case 'generationDone':
      return {
        ...state,
        generation: { ...state.generation, status: 'done', doneReason: e.reason, charsPerSec: e.charsPerSec },
        announcement: e.reason === 'complete' ? 'Generation finished.' : `Generation ${e.reason === 'stopped' ? 'stopped' : 'failed'}.`,
      };
    case 'temperatureGrid':
    case 'scored':
      return { ...state, decoding: decodingReducer(state.decoding, e) };
    case 'trainingSample':
    case 'timeEstimate':
      return state; // insightReducer keeps these (see withInsight)
    case 'notice':
      return addNotice(state, e.level, e.message);
    case 'heartbeat':
    case 'liveState': // a test hook's answer (useFaultHook)
    case 'crashed': // the supervisor turns it into workerCrashed
      return state;
    case 'deviceLost':
      // The run state stays as it was: the recovery reads it to know whether to train again.
      return addNotice(state, 'warning', `The GPU stopped working (${e.message}). folio is restarting the trainer on another backend.`);
    default:
      return assertNever(e);
  }
}

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'textRequested':
      return {
        ...state,
        textPending: action.name,
        textError: null,
        download: action.source === 'download' ? state.download : null,
      };
    case 'textProblem':
      return { ...state, textPending: null, textError: action.message };
    case 'downloadProgress':
      return { ...state, textError: null, download: { status: 'downloading', loaded: action.loaded, total: action.total } };
    case 'downloadFinished':
      return { ...state, download: { status: 'done', fromCache: action.fromCache, bytes: action.bytes } };
    case 'downloadFailed':
      return { ...state, download: { status: 'failed', message: action.message } };
    case 'presetChosen':
      return { ...state, preset: action.preset, form: formFromPreset(action.preset) };
    case 'configEdited':
      return { ...state, form: { ...state.form, [action.key]: action.value } };
    case 'backendChosen':
      return { ...state, backendChoice: action.backend };
    case 'kernelsChosen':
      return { ...state, fusedWanted: action.fused };
    case 'checkpointsListed':
      return { ...state, checkpoints: action.checkpoints, checkpointAlert: null, checkpointOffer: null, announcement: action.announcement ?? state.announcement };
    case 'checkpointProblem':
      return { ...state, checkpointAlert: action.message, checkpointOffer: action.offer ?? null };
    case 'noticeDismissed':
      return { ...state, notices: state.notices.filter((n) => n.id !== action.id) };
    case 'workerCrashed':
      return { ...state, workerCrash: action.message };
    case 'trainerRestarted':
      // A fresh worker has no model until a checkpoint is loaded into it.
      return { ...state, workerCrash: null, runState: 'idle', model: null, progress: null, backend: null, kernels: null };
    case 'mergeRareChosen':
    case 'rareBelowEdited':
    case 'estimateRequested':
      return withInsight(state, action);
    default:
      return withInsight(workerReducer(state, action), action);
  }
}

/** Lets the insight reducer see the action too; the state keeps its identity when nothing there changed. */
function withInsight(state: AppState, action: InsightAction | WorkerEvent): AppState {
  const insight = insightReducer(state.insight, action);
  return insight === state.insight ? state : { ...state, insight };
}
