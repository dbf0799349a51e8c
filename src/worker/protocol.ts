// Every message between the page and the training worker. Nothing else declares a message shape.
import type { KernelPath, ModelConfig, TrainConfig } from '../model/config';

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

export type CheckpointReason = 'manual' | 'auto' | 'pause' | 'stop' | 'import';

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
}

export type RunState = 'idle' | 'training' | 'paused' | 'stopped';

// ---- page -> worker -------------------------------------------------------------------------

export interface InitRequest {
  type: 'init';
  backend: BackendChoice;
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
}
export interface StopGeneratingRequest {
  type: 'stopGenerating';
}
export interface SaveCheckpointRequest {
  type: 'saveCheckpoint';
  reason: CheckpointReason;
}
export interface LoadCheckpointRequest {
  type: 'loadCheckpoint';
  name: string;
  bytes: ArrayBuffer;
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
  | SaveCheckpointRequest
  | LoadCheckpointRequest;

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
export interface NoticeEvent {
  type: 'notice';
  level: 'info' | 'warning' | 'error';
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
  | NoticeEvent;

export function assertNever(value: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(value)}`);
}
