// Model and training configuration: plain data, defaults and presets beside the types.
import type { PlanRecord } from './plan/planRecord';
import { CELL_GATES, CELL_LABELS, cellOf, isCellName, type CellName } from './cell';

/** Shape of the network: Embedding(vocab, embeddingDim) -> cell(units) × layers -> Dense(vocab). */
export interface ModelConfig {
  /** The recurrent cell (PyTorch's nn.GRU, nn.LSTM or tanh nn.RNN). Absent (older configs) means GRU. */
  cell?: CellName;
  /** Distinct characters (code points) in the training text. */
  vocabSize: number;
  /** Width of each character's embedding vector. */
  embeddingDim: number;
  /** Hidden units of the cell (every layer has the same number, as in PyTorch's nn.GRU). */
  units: number;
  /** Stacked GRU layers; layer l > 0 reads layer l − 1's outputs. Absent (older configs) means 1. */
  layers?: number;
  /** Dropout on each GRU layer's outputs except the last's, training steps only (nn.GRU dropout). Absent means 0. */
  dropout?: number;
  /** Also drop the embedding output with the same rate (not part of nn.GRU: a separate nn.Dropout). Absent means false. */
  embeddingDropout?: boolean;
}

/** Values for model settings that older configs and checkpoints lack: one GRU layer, no dropout. */
export const MODEL_DEFAULTS: Required<Pick<ModelConfig, 'cell' | 'layers' | 'dropout' | 'embeddingDropout'>> = {
  cell: 'gru',
  layers: 1,
  dropout: 0,
  embeddingDropout: false,
};

/** The config with every optional setting filled in. */
export function withModelDefaults<M extends Omit<ModelConfig, 'vocabSize'>>(m: M): M & typeof MODEL_DEFAULTS {
  return { ...MODEL_DEFAULTS, ...m };
}

/** Number of GRU layers (1 for configs from before layers existed). */
export const layerCount = (m: Pick<ModelConfig, 'layers'>): number => m.layers ?? 1;

/** How a run trains. */
export interface TrainConfig {
  /** Windows per training step. */
  batchSize: number;
  /** Characters per window (the label is the window shifted by one). */
  windowLength: number;
  /** Adam step size. */
  learningRate: number;
  /** Global gradient-norm limit; 0 turns clipping off. */
  clipNorm: number;
  /** Share of the text held out for validation, 0..0.5. */
  validationShare: number;
  /** Seed for initial weights and window order; the same seed gives the same run. */
  seed: number;
  /** Passes over the training text; sets the run's length and its ETA. */
  epochs: number;
  /** Validation loss every this many steps. */
  evalEvery: number;
  /** Automatic checkpoint every this many steps; 0 turns it off. */
  checkpointEvery: number;
  /** Learning rate over the run: constant, or linear warmup then cosine decay (see model/schedule.ts). */
  lrSchedule: LrSchedule;
  /** Steps of linear warmup before the cosine decay; the constant schedule ignores it. */
  warmupSteps: number;
  /** A short sample from a fixed seed every this many steps; 0 turns samples off. */
  sampleEvery: number;
  /** Evaluations without a lower validation loss before training stops; 0 turns early stopping off. */
  earlyStopPatience: number;
  /** When the run ends (stopped early or finished), the live model goes back to its best validation step. */
  restoreBest: boolean;
  /** The run's length in steps when a plan set it; absent: epochs × steps per epoch. */
  totalSteps?: number;
  /** Validation batches per evaluation; absent: 4. */
  validationBatches?: number;
  /** Early stopping by steps: stop after this many steps without a better validation loss (instead of earlyStopPatience evaluations). */
  patienceSteps?: number;
  /** Early stopping waits until this step, so a run is not stopped before it has learned. */
  minSteps?: number;
  /** The plan that set these settings (time asked, speed measured, why this network), when a plan did. */
  plan?: PlanRecord;
}

export type LrSchedule = 'constant' | 'cosine';
export const LR_SCHEDULES: readonly LrSchedule[] = ['constant', 'cosine'];

/** Values for settings that older checkpoints lack: they train as they did before these settings existed. */
export const TRAIN_DEFAULTS: Pick<
  TrainConfig,
  'lrSchedule' | 'warmupSteps' | 'sampleEvery' | 'earlyStopPatience' | 'restoreBest'
> = {
  lrSchedule: 'constant',
  warmupSteps: 0,
  sampleEvery: 0,
  earlyStopPatience: 0,
  restoreBest: false,
};

/** Which cell code runs: fused WGSL kernels (WebGPU only) or the plain tfjs ops every backend has. */
export type KernelPath = 'fused' | 'reference';

export type PresetName = 'reference' | 'deep' | 'small' | 'tiny';

export interface Preset {
  name: PresetName;
  label: string;
  description: string;
  model: Omit<ModelConfig, 'vocabSize'>;
  train: TrainConfig;
}

/** Evaluations without improvement before a preset's run stops; with Restore best it ends on its best weights. */
export const PRESET_EARLY_STOP_PATIENCE = 5;

const commonTrain = {
  clipNorm: 5,
  validationShare: 0.1,
  seed: 42,
  ...TRAIN_DEFAULTS,
  earlyStopPatience: PRESET_EARLY_STOP_PATIENCE,
  restoreBest: true,
} as const;

/** The deeper preset in one place, so its numbers can be tuned from measurements. */
const DEEP = {
  layers: 2,
  units: 512,
  embeddingDim: 256,
  dropout: 0.25,
  batchSize: 64,
  windowLength: 100,
  learningRate: 2e-3,
} as const;

export const PRESETS: Record<PresetName, Preset> = {
  reference: {
    name: 'reference',
    label: 'Reference (GRU 1024)',
    description:
      'The TensorFlow tutorial model: 20 epochs (about 3,100 steps on Tiny Shakespeare); a strong GPU needed.',
    model: { embeddingDim: 256, units: 1024, ...MODEL_DEFAULTS },
    train: {
      ...commonTrain,
      epochs: 20,
      batchSize: 64,
      windowLength: 100,
      learningRate: 1e-3,
      evalEvery: 100,
      checkpointEvery: 500,
      sampleEvery: 500,
    },
  },
  deep: {
    name: 'deep',
    label: `Deep (${DEEP.layers} × GRU ${DEEP.units}, dropout ${DEEP.dropout})`,
    description:
      'Two stacked GRU layers with dropout between them, built to overfit less than Reference: 20 epochs with early stopping; a strong GPU needed.',
    model: {
      cell: 'gru',
      embeddingDim: DEEP.embeddingDim,
      units: DEEP.units,
      layers: DEEP.layers,
      dropout: DEEP.dropout,
      embeddingDropout: false,
    },
    train: {
      ...commonTrain,
      epochs: 20,
      batchSize: DEEP.batchSize,
      windowLength: DEEP.windowLength,
      learningRate: DEEP.learningRate,
      evalEvery: 100,
      checkpointEvery: 500,
      sampleEvery: 500,
    },
  },
  small: {
    name: 'small',
    label: 'Small (GRU 256)',
    description: '5 epochs (about 2,400 steps on Tiny Shakespeare): minutes on a laptop GPU.',
    model: { embeddingDim: 64, units: 256, ...MODEL_DEFAULTS },
    train: {
      ...commonTrain,
      epochs: 5,
      batchSize: 32,
      windowLength: 64,
      learningRate: 2e-3,
      evalEvery: 50,
      checkpointEvery: 200,
      sampleEvery: 200,
    },
  },
  tiny: {
    name: 'tiny',
    label: 'Tiny (GRU 32)',
    description:
      'For quick experiments: one epoch (about 7,400 steps on Tiny Shakespeare), a few minutes on a laptop GPU.',
    model: { embeddingDim: 16, units: 32, ...MODEL_DEFAULTS },
    train: {
      ...commonTrain,
      epochs: 1,
      batchSize: 8,
      windowLength: 16,
      learningRate: 1e-2,
      evalEvery: 20,
      checkpointEvery: 100,
      sampleEvery: 100,
    },
  },
};

export const DEFAULT_PRESET: PresetName = 'tiny';

/** Trainable parameters of the model: embedding, each cell layer (two kernels, two biases of G·H rows), dense. */
export function parameterCount(m: ModelConfig): number {
  const { vocabSize: v, embeddingDim: e, units: h } = m;
  const g = CELL_GATES[cellOf(m)];
  const upperLayers = layerCount(m) - 1; // layers above the first read H inputs, not E
  return v * e + g * (h * e + h * h + 2 * h) + upperLayers * g * (2 * h * h + 2 * h) + v * h + v;
}

/** Limits that keep a typed-in config from exhausting memory; checked before anything is allocated. */
export const LIMITS = {
  embeddingDim: [1, 4096],
  units: [1, 4096],
  layers: [1, 3],
  dropout: [0, 0.5],
  vocabSize: [2, 65536],
  batchSize: [1, 1024],
  windowLength: [2, 1000],
  learningRate: [1e-7, 1],
  clipNorm: [0, 1e6],
  validationShare: [0, 0.5],
  seed: [0, 2 ** 31 - 1],
  epochs: [1, 10000],
  evalEvery: [1, 1e6],
  checkpointEvery: [0, 1e6],
  warmupSteps: [0, 1e7],
  sampleEvery: [0, 1e6],
  earlyStopPatience: [0, 1e4],
  totalSteps: [1, 1e9],
  validationBatches: [1, 1024],
  patienceSteps: [1, 1e9],
  minSteps: [0, 1e9],
} as const;

/** Problems with a config, in plain words; empty when it is usable. */
export function validateConfig(model: Omit<ModelConfig, 'vocabSize'>, train: TrainConfig): string[] {
  const problems: string[] = [];
  const check = (label: string, value: number, [lo, hi]: readonly [number, number], integer: boolean) => {
    if (!Number.isFinite(value) || value < lo || value > hi || (integer && !Number.isInteger(value))) {
      problems.push(`${label} must be ${integer ? 'a whole number' : 'a number'} from ${lo} to ${hi}.`);
    }
  };
  check('Embedding size', model.embeddingDim, LIMITS.embeddingDim, true);
  if (model.cell !== undefined && !isCellName(model.cell)) problems.push('Cell must be GRU, LSTM or RNN.');
  check(`${CELL_LABELS[isCellName(model.cell) ? model.cell : 'gru']} units`, model.units, LIMITS.units, true);
  check('Layers', layerCount(model), LIMITS.layers, true);
  check('Dropout', model.dropout ?? 0, LIMITS.dropout, false);
  if (model.embeddingDropout !== undefined && typeof model.embeddingDropout !== 'boolean') {
    problems.push('Embedding dropout must be on or off.');
  }
  check('Batch size', train.batchSize, LIMITS.batchSize, true);
  check('Window length', train.windowLength, LIMITS.windowLength, true);
  check('Learning rate', train.learningRate, LIMITS.learningRate, false);
  check('Gradient clip', train.clipNorm, LIMITS.clipNorm, false);
  check('Validation share', train.validationShare, LIMITS.validationShare, false);
  check('Seed', train.seed, LIMITS.seed, true);
  check('Epochs', train.epochs, LIMITS.epochs, true);
  check('Validate every', train.evalEvery, LIMITS.evalEvery, true);
  check('Checkpoint every', train.checkpointEvery, LIMITS.checkpointEvery, true);
  check('Warmup steps', train.warmupSteps, LIMITS.warmupSteps, true);
  check('Sample every', train.sampleEvery, LIMITS.sampleEvery, true);
  check('Early stopping patience', train.earlyStopPatience, LIMITS.earlyStopPatience, true);
  const optional = (label: string, value: number | undefined, range: readonly [number, number]) => {
    if (value !== undefined) check(label, value, range, true);
  };
  optional('Total steps', train.totalSteps, LIMITS.totalSteps);
  optional('Validation batches', train.validationBatches, LIMITS.validationBatches);
  optional('Patience in steps', train.patienceSteps, LIMITS.patienceSteps);
  optional('Early stopping from step', train.minSteps, LIMITS.minSteps);
  if (train.plan !== undefined && !validPlanRecord(train.plan)) problems.push('The run plan is malformed.');
  if (!LR_SCHEDULES.includes(train.lrSchedule)) problems.push('Learning-rate schedule must be “constant” or “cosine”.');
  if (typeof train.restoreBest !== 'boolean') problems.push('Restore best must be on or off.');
  return problems;
}

/** tfjs backends folio can run on, in the order it tries them. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Model shape as chosen in the UI; the vocabulary size comes from the text. */
export type ModelShape = Omit<ModelConfig, 'vocabSize'>;

/** A plan record read from a checkpoint has the fields the app reads, of the right kinds. */
function validPlanRecord(p: unknown): boolean {
  if (typeof p !== 'object' || p === null) return false;
  const r = p as Record<string, unknown>;
  const finite = (k: string) => typeof r[k] === 'number' && Number.isFinite(r[k] as number) && (r[k] as number) >= 0;
  const trainFor = r.trainFor === 'untilPlateau' || (typeof r.trainFor === 'number' && r.trainFor > 0);
  return (
    trainFor &&
    finite('budgetSeconds') &&
    finite('charactersPerSecond') &&
    finite('trainedSeconds') &&
    typeof r.chosenNetwork === 'boolean' &&
    typeof r.reason === 'string' &&
    (r.limit === undefined || r.limit === 'time' || r.limit === 'text' || r.limit === 'ladder')
  );
}
