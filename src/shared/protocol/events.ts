// Messages from the training worker to the page: one interface per event, joined in WorkerEvent, and the
// guard the page runs on everything it receives.
import type { BackendName, KernelPath, ModelConfig, ModelShape, TrainConfig } from '../config';
import type { PlanRecord } from '../plan/planRecord';
import type { SpeedTable } from '../plan/planner';
import type { CheckpointSummary } from '../checkpoint/summary';
import type { LossPoint, LossHistory, RunEnding, RunState, TimeEstimate, TrainingSample } from '../training';
import type { CharacterCount } from '../data/histogram';
import type { ScoreTarget } from './requests';
import type { ActivationData, CopiedPassage } from '../inside/activationData';

/** How the worker sends an event to the page (transfer: buffers moved, not copied). */
export type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

// ---- worker -> page -------------------------------------------------------------------------

export interface ReadyEvent {
  type: 'ready';
  backend: BackendName;
  kernels: KernelPath;
  /** Human-readable note on the backends that were tried and why they were passed over. */
  fallbackNotes: string[];
  /** This device as speeds are kept under it: backend, kernels and the GPU adapter ("webgpu/fused/nvidia hopper"). */
  deviceKey: string;
  /** The CPU implementation WebGPU runs on here ("SwiftShader", "lavapipe"), or null (a GPU, or not WebGPU). */
  softwareAdapter: string | null;
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
  /** How a run ended by itself (absent while it trains, or when it was paused or stopped by hand). */
  ending?: RunEnding;
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
  /** The stored checkpoint it was loaded from, when the page named one. */
  checkpointId?: string;
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
  /** Smoothed over the steps since Start or Resume; 0 until a few steps were timed. */
  charsPerSec: number;
  /** Seconds to the end of the run at that speed; null until a few steps were timed. */
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
  /** A planned run: its training time so far and the time it may take, in seconds. */
  trainedSeconds?: number;
  budgetSeconds?: number;
}
/** A plan is being made: the network being timed on this device now. */
export interface PlanningEvent {
  type: 'planning';
  /** "GRU 64 · batch 16 × 32" */
  measuring: string;
  /** Seconds since the calibration began. */
  elapsedSeconds: number;
}
/** The plan of the run about to start, with the speeds measured for it (the page keeps them for this device). */
export interface PlannedEvent {
  type: 'planned';
  plan: PlanRecord;
  model: ModelShape;
  train: TrainConfig;
  steps: number;
  parameters: number;
  /** Speeds measured now, by speed key (see plan/planner.ts). */
  measured: SpeedTable;
  deviceKey: string;
  /** Seconds the calibration took (part of the budget). */
  calibrationSeconds: number;
}
export interface TrainingSampleEvent {
  type: 'trainingSample';
  runId: string;
  sample: TrainingSample;
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
  /** Pieces of the text scored and in all. A long text sends partial events (NaN where not scored yet)
   *  while 'running'; the last event is 'complete', or 'stopped' when asked to stop. Absent: complete. */
  progress?: ScoringProgress;
}
export interface ScoringProgress {
  done: number;
  total: number;
  status: 'running' | 'complete' | 'stopped';
}
export interface NoticeEvent {
  type: 'notice';
  level: 'info' | 'warning' | 'error';
  message: string;
}

/** Answer to inspect: the activations of a text (buffers transferred). */
export interface ActivationsEvent extends ActivationData {
  type: 'activations';
}
/** Answer to findCopies: the copied spans of the text and how many of its characters they cover. */
export interface CopiesEvent {
  type: 'copies';
  text: string;
  minLength: number;
  /** Characters (code points) of the text inside copied spans, and in all. */
  copied: number;
  total: number;
  passages: CopiedPassage[];
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
  /** Tensors tfjs holds in the worker (stable across steps and generations when nothing leaks). */
  numTensors: number;
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
  | PlanningEvent
  | PlannedEvent
  | TimeEstimateEvent
  | HeartbeatEvent
  | DeviceLostEvent
  | CrashedEvent
  | LiveStateEvent
  | ActivationsEvent
  | CopiesEvent;

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
  planning: true,
  planned: true,
  timeEstimate: true,
  heartbeat: true,
  deviceLost: true,
  crashed: true,
  liveState: true,
  activations: true,
  copies: true,
};

/** True for a message shaped like a WorkerEvent (an object with a known literal type). */
export function isWorkerEvent(value: unknown): value is WorkerEvent {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(WORKER_EVENT_TYPES, type);
}
