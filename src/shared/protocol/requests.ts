// Messages from the page to the training worker: one interface per request, joined in WorkerRequest.
import type { BackendChoice, BackendName, ModelShape, TrainConfig } from '../config';
import type { CheckpointReason } from '../checkpoint/summary';
import type { SamplingFilters } from '../generationConfig';
import type { SpeedTable } from '../plan/planner';
import type { TrainFor } from '../plan/trainFor';

export interface InitRequest {
  type: 'init';
  backend: BackendChoice;
  /** Backends not to try (after a lost GPU, say). */
  exclude?: BackendName[];
  /** Honour debugFault requests; the page sets it only with ?faults in its URL (for tests). */
  allowFaults?: boolean;
  /** Request the WebGPU device with WebGPU's guaranteed limits only; the page sets it with ?defaultLimits (tests). */
  defaultLimits?: boolean;
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
  /** The run's name; absent or blank: "GRU 32 · Tiny Shakespeare · 14:05" (model, text, start time). */
  runName?: string;
  /** Train for a time: the worker measures this device and plans the run; absent: the settings as sent (epochs). */
  budget?: RunBudget;
}
/** How long a run may train, and whether the plan chooses the network or only times the one sent. */
export interface RunBudget {
  trainFor: TrainFor;
  /** True: the plan chooses the network (Automatic); false: the request's network, its steps fitted to the time. */
  chooseNetwork: boolean;
  /** Speeds measured on this device before (the page keeps them), by speed key; these shapes are not timed again. */
  knownSpeeds: SpeedTable;
}
export interface PauseRequest {
  type: 'pause';
}
export interface ResumeRequest {
  type: 'resume';
  /** Settings the user may change between runs (learning rate, clip, checkpoint interval...). */
  train?: TrainConfig;
  /** "Train N more minutes": a planned run's budget grows by this much from where it stands. */
  moreMinutes?: number;
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
/** Stops scoring a text; the scores so far arrive as a 'scored' event with status 'stopped'. */
export interface StopScoringRequest {
  type: 'stopScoring';
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
  /** The stored checkpoint's id, echoed in modelReady so the page can mark the loaded one. */
  checkpointId?: string;
  /** Continue training right after loading (recovery after a crash). */
  resume?: boolean;
}

/** A text for the neuron explorer: given, or a window of the training text (start and length in characters). */
export type InsideSource = { kind: 'text'; text: string } | { kind: 'training'; start: number; length: number };
/** Runs the model over a text once and sends every unit's h, z and r per character (an 'activations' event). */
export interface InsideRequest {
  type: 'inspect';
  source: InsideSource;
}
/** Finds the spans of a text of at least minLength characters that occur verbatim in the training text. */
export interface FindCopiesRequest {
  type: 'findCopies';
  text: string;
  minLength: number;
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
  | StopScoringRequest
  | TemperatureGridRequest
  | ScoreRequest
  | SaveCheckpointRequest
  | LoadCheckpointRequest
  | EstimateTimeRequest
  | DebugFaultRequest
  | DebugProbeRequest
  | InsideRequest
  | FindCopiesRequest;
