// Every message between the page and the training worker. Nothing else declares a message shape.
import type { KernelPath, ModelConfig, TrainConfig } from '../model/config';
import type { CharacterCount } from '../data/histogram';
import type { SamplingFilters } from '../model/decodingConfig';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export type { KernelPath };

/** Model shape as chosen in the UI; the vocabulary size comes from the text. */
export type ModelShape = Omit<ModelConfig, 'vocabSize'>;

export interface LossPoint {
  step: number;
  loss: number;
}

export interface LossHistory {
  train: LossPoint[];
  validation: LossPoint[];
}

/** best: the weights at the run's lowest validation loss so far. */
export type CheckpointReason = 'manual' | 'auto' | 'pause' | 'stop' | 'import' | 'best';

/** A short text written during training, from the run's fixed seed and sampling seed. */
export interface TrainingSample {
  step: number;
  /** The seed text it continues. */
  seed: string;
  /** The continuation, without the seed. */
  text: string;
}

/** What the list shows about a stored checkpoint; kept beside its bytes. */
export interface CheckpointSummary {
  id: string;
  name: string;
  runId: string;
  reason: CheckpointReason;
  step: number;
  trainLoss: number | null;
  validationLoss: number | null;
  createdAt: string; // ISO date
  sizeBytes: number;
  model: ModelConfig;
  textName: string;
  /** The run's most recent sample when the checkpoint was made. */
  sample?: TrainingSample;
}

export type RunState = 'idle' | 'training' | 'paused' | 'stopped';

// ---- page -> worker -------------------------------------------------------------------------

export interface InitRequest {
  type: 'init';
  backend: BackendChoice;
  /** Backends not to try (after a lost GPU, say). */
  exclude?: BackendName[];
  /** Honour debugFault requests; the page sets it only with ?faults in its URL (for tests). */
  allowFaults?: boolean;
}
export type InjectedFault = 'deviceLost' | 'throw' | 'unhandledRejection' | 'hang' | 'unreadable' | 'nanWeights';
/** Test hook: makes the worker fail in a chosen way, to show the page recovers. */
export interface DebugFaultRequest {
  type: 'debugFault';
  fault: InjectedFault;
}
/**
 * Test hook (same switch as debugFault): the live weights and Adam moments read straight from their
 * buffers, bypassing tfjs's read path and its CPU cache, with the validation loss of the live model now.
 */
export interface DebugProbeRequest {
  type: 'debugProbe';
}
export interface SetBackendRequest {
  type: 'setBackend';
  backend: BackendChoice;
}
export interface SetKernelsRequest {
  type: 'setKernels';
  /** False forces the plain-ops path on WebGPU too (for comparison, or as an escape hatch). */
  fused: boolean;
}
export interface LoadTextRequest {
  type: 'loadText';
  name: string;
  bytes: ArrayBuffer; // transferred
}
export interface StartRequest {
  type: 'start';
  model: ModelShape;
  train: TrainConfig;
  /** Merge characters seen fewer than this many times into one unknown symbol; absent or 0: no merging. */
  mergeRareBelow?: number;
}
export interface PauseRequest {
  type: 'pause';
}
export interface ResumeRequest {
  type: 'resume';
  /** Settings the user may change between runs (learning rate, clip, checkpoint interval...). */
  train?: TrainConfig;
}
export interface StopRequest {
  type: 'stop';
}
export interface GenerateRequest {
  type: 'generate';
  seed: string;
  length: number;
  /** 0 means greedy (argmax). */
  temperature: number;
  samplingSeed: number;
  /** Top-k, top-p and repetition penalty; absent: plain temperature sampling (the fast path). */
  filters?: SamplingFilters;
  /** Beam search with this many beams instead of sampling (temperature and filters then do nothing). */
  beamWidth?: number;
}
export interface StopGeneratingRequest {
  type: 'stopGenerating';
}
/** The same seed and sampling seed at several temperatures, side by side, in one batched pass. */
export interface TemperatureGridRequest {
  type: 'temperatureGrid';
  seed: string;
  length: number;
  temperatures: number[];
  samplingSeed: number;
  filters?: SamplingFilters;
}
export type ScoreTarget = 'generated' | 'pasted';
/** Per-character probabilities of a text under the current model. */
export interface ScoreRequest {
  type: 'score';
  target: ScoreTarget;
  text: string;
  /** Read before the text and not scored ('\n': score the first character as if after a line break). */
  context: string;
}
export interface SaveCheckpointRequest {
  type: 'saveCheckpoint';
  reason: CheckpointReason;
}
/** Times a few training steps of a throwaway model of this size, for the dataset advisor. */
export interface EstimateTimeRequest {
  type: 'estimateTime';
  model: ModelShape;
  train: TrainConfig;
  mergeRareBelow?: number;
}
export interface LoadCheckpointRequest {
  type: 'loadCheckpoint';
  name: string;
  bytes: ArrayBuffer;
  /** Continue training right after loading (recovery after a crash). */
  resume?: boolean;
}

export type WorkerRequest =
  | InitRequest
  | SetBackendRequest
  | SetKernelsRequest
  | LoadTextRequest
  | StartRequest
  | PauseRequest
  | ResumeRequest
  | StopRequest
  | GenerateRequest
  | StopGeneratingRequest
  | TemperatureGridRequest
  | ScoreRequest
  | SaveCheckpointRequest
  | LoadCheckpointRequest
  | EstimateTimeRequest
  | DebugFaultRequest
  | DebugProbeRequest;

// ---- worker -> page -------------------------------------------------------------------------

export interface ReadyEvent {
  type: 'ready';
  backend: BackendName;
  kernels: KernelPath;
  /** Human-readable note on the backends that were tried and why they were passed over. */
  fallbackNotes: string[];
}
export interface TextLoadedEvent {
  type: 'textLoaded';
  name: string;
  characters: number;
  distinctCharacters: number;
  /** Up to 200 characters of the start of the text, for a preview. */
  preview: string;
  /** Count of every character, most frequent first. */
  histogram?: CharacterCount[];
}
export interface TextRejectedEvent {
  type: 'textRejected';
  name: string;
  message: string;
}
export interface RunStateEvent {
  type: 'runState';
  state: RunState;
  step: number;
  message?: string;
}
export interface ModelReadyEvent {
  type: 'modelReady';
  runId: string;
  model: ModelConfig;
  train: TrainConfig;
  parameters: number;
  step: number;
  history: LossHistory;
  stepsPerEpoch: number;
  /** Where the model came from: a fresh start or a checkpoint's name. */
  source: string;
  /** The text the run was trained on, to offer it again after a reload. */
  textName: string;
  /** Whether the worker holds that text (or one that fits), so Resume can train. */
  hasText: boolean;
}
export interface ProgressEvent {
  type: 'progress';
  step: number;
  epoch: number; // 0-based
  epochProgress: number; // 0..1
  trainLoss: number;
  validationLoss: number | null;
  charsPerSec: number;
  etaSeconds: number | null;
  backend: BackendName;
  kernels: KernelPath;
  /** Points since the previous progress event, so the chart misses none. */
  newTrain: LossPoint[];
  newValidation: LossPoint[];
  /** The scheduled learning rate of the latest step. */
  learningRate?: number;
  /** Steps of this run skipped because the loss or gradient was not finite. */
  skippedSteps: number;
}
export interface TrainingSampleEvent {
  type: 'trainingSample';
  runId: string;
  sample: TrainingSample;
}
export interface TimeEstimate {
  msPerStep: number;
  stepsPerEpoch: number;
  secondsPerEpoch: number;
  backend: BackendName;
  kernels: KernelPath;
  /** What was measured, so the page can tell when the settings changed since. */
  model: ModelConfig;
  batchSize: number;
  windowLength: number;
}
export interface TimeEstimateEvent {
  type: 'timeEstimate';
  /** Null when no estimate could be made; message says why. */
  estimate: TimeEstimate | null;
  message?: string;
}
export interface CheckpointEvent {
  type: 'checkpoint';
  summary: CheckpointSummary;
  bytes: ArrayBuffer; // transferred; a self-describing checkpoint file
}
export interface GenerationStartedEvent {
  type: 'generationStarted';
  seed: string;
  /** Seed characters the model has never seen; they are skipped. */
  unknownCharacters: string[];
}
export interface GeneratedEvent {
  type: 'generated';
  text: string; // characters since the previous event
}
export interface GenerationDoneEvent {
  type: 'generationDone';
  reason: 'complete' | 'stopped' | 'error';
  charsPerSec: number;
}
export interface TemperatureGridEvent {
  type: 'temperatureGrid';
  status: 'running' | 'complete' | 'stopped' | 'error';
  seed: string;
  temperatures: number[];
  /** Each column's text so far, after the seed (whole, not a delta: columns are short). */
  columns: string[];
}
export interface ScoredEvent {
  type: 'scored';
  target: ScoreTarget;
  /** The text as scored: characters outside the vocabulary are left out (and listed). */
  text: string;
  unknownCharacters: string[];
  /** Per character (code point) of text: the probability the model gave it; NaN where unscored. */
  probabilities: Float32Array;
  /** The k likeliest characters at each position, best first, as vocabulary ids [N, k] and probabilities. */
  topIds: Int32Array;
  topProbabilities: Float32Array;
  k: number;
  vocabulary: string[];
  /** Mean −ln p per scored character (nats); null when nothing could be scored. */
  meanLoss: number | null;
}
export interface NoticeEvent {
  type: 'notice';
  level: 'info' | 'warning' | 'error';
  message: string;
}

/** Sent every second while the worker's event loop runs; silence means it hangs. */
export interface HeartbeatEvent {
  type: 'heartbeat';
}
/** Answer to debugProbe: SHA-256 (hex) of each tensor's float32 bytes, keyed by its checkpoint file name. */
export interface LiveStateEvent {
  type: 'liveState';
  step: number;
  tensors: Record<string, string>;
  /** Mean loss over the validation batches now; null without a text that has a validation part. */
  validationLoss: number | null;
}
/** The WebGPU device is gone; the page restarts the trainer on another backend. */
export interface DeviceLostEvent {
  type: 'deviceLost';
  message: string;
  /** Training was running (or had just failed on the dying device): the recovery trains again. */
  wasTraining: boolean;
}
/** The worker hit an error it cannot recover from (an unhandled rejection, say). */
export interface CrashedEvent {
  type: 'crashed';
  message: string;
}

export type WorkerEvent =
  | ReadyEvent
  | TextLoadedEvent
  | TextRejectedEvent
  | RunStateEvent
  | ModelReadyEvent
  | ProgressEvent
  | CheckpointEvent
  | GenerationStartedEvent
  | GeneratedEvent
  | GenerationDoneEvent
  | TemperatureGridEvent
  | ScoredEvent
  | NoticeEvent
  | TrainingSampleEvent
  | TimeEstimateEvent
  | HeartbeatEvent
  | DeviceLostEvent
  | CrashedEvent
  | LiveStateEvent;

// Every event type, checked by the compiler against the union: the page refuses anything else.
const WORKER_EVENT_TYPES: Record<WorkerEvent['type'], true> = {
  ready: true,
  textLoaded: true,
  textRejected: true,
  runState: true,
  modelReady: true,
  progress: true,
  checkpoint: true,
  generationStarted: true,
  generated: true,
  generationDone: true,
  temperatureGrid: true,
  scored: true,
  notice: true,
  trainingSample: true,
  timeEstimate: true,
  heartbeat: true,
  deviceLost: true,
  crashed: true,
  liveState: true,
};

/** True for a message shaped like a WorkerEvent (an object with a known literal type). */
export function isWorkerEvent(value: unknown): value is WorkerEvent {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(WORKER_EVENT_TYPES, type);
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(value)}`);
}
