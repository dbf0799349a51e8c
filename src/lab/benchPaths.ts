// The three training paths the benchmark races, behind one interface:
// - fused: the app's CharModel with its fused WebGPU GRU kernels, trained by the app's trainStep, with the
//   kernel variants the adapter gets;
// - steps / window: the same with the time loops forced to one dispatch per timestep (and generation to one
//   per character and layer) / to the whole window in one dispatch (and a generation chunk in one) where the
//   shape allows, so the two can be raced in one run;
// - reference: the same model and step on the plain-ops GRU (every backend runs it);
// - stock: tf.layers (Embedding -> GRU -> Dense), sparse softmax cross-entropy and tf.train.adam.
import * as tf from '../worker/tfjs';
import * as tfl from '@tensorflow/tfjs-layers';
import { Adam } from '../worker/model/adam';
import { CharModel } from '../worker/model/charModel';
import type { KernelPath } from '../shared/config';
import { generateIds } from '../worker/generation/generate';
import { generateChunk } from '../worker/kernels/gru/generation';
import { generateWholeChunk, packChunkWeights, wholeChunkServes } from '../worker/kernels/gru/gruChunk';
import { CELL_KERNELS } from '../worker/kernels/gru/cellKernel';
import { generationWeights } from '../worker/generation/batchStep';
import { initialWeights } from '../worker/model/init';
import { trainStep } from '../worker/model/trainStep';
import type { Batch } from '../shared/data/batches';
import { createRng } from '../shared/data/rng';
import type { BenchShape } from './benchConfigs';
import { forceKernelVariants, type KernelVariants } from '../worker/kernels/kernelVariants';

export type BenchPathName = 'fused' | 'steps' | 'window' | 'reference' | 'stock';
export const BENCH_PATHS: readonly BenchPathName[] = ['fused', 'steps', 'window', 'reference', 'stock'];
/** Paths run when none are named: the window path only where it is not what `fused` runs anyway. */
export const DEFAULT_BENCH_PATHS: readonly BenchPathName[] = ['fused', 'steps', 'reference', 'stock'];
/** The fused paths (the app's kernels, with or without forced variants). */
export const isFusedPath = (name: BenchPathName): boolean => name === 'fused' || name === 'steps' || name === 'window';

/** What the steps and window paths force (kernelVariants.ts); the fused path forces nothing. */
const FORCED: Partial<Record<BenchPathName, Partial<KernelVariants>>> = {
  steps: { wholeWindowUnits: 0, wholeChunkUnits: 0 },
  window: { wholeWindowUnits: 4096, wholeChunkUnits: 4096 },
};

/** Runs `work` with `variants` forced (none: as it is), then restores the adapter's choice. */
async function forcing<T>(variants: Partial<KernelVariants> | undefined, work: () => Promise<T>): Promise<T> {
  if (!variants) return work();
  forceKernelVariants(variants);
  try {
    return await work();
  } finally {
    forceKernelVariants({});
  }
}

export interface TrainingPath {
  name: BenchPathName;
  /** The recurrence that runs: the app's own ('fused' or 'reference', as CharModel.useKernels chose for the
   * cell on this backend), or tf.layers' for the stock path. */
  kernels: KernelPath | 'tf.layers';
  /** One optimisation step; resolves once the GPU has finished it, the weight update included. */
  step(batch: Batch): Promise<void>;
  /** Writes `count` characters after `seed` (sampled at temperature 1); null where the path has none. */
  generate: ((seed: number[], count: number) => Promise<void>) | null;
  /**
   * One GPU generation chunk of `count` characters from a zero state (fused paths: counted, not timed):
   * its inputs are made, then `watch` is called with the chunk's own work.
   */
  chunk?: (count: number, watch: (run: () => Promise<void>) => Promise<void>) => Promise<void>;
  dispose(): void;
}

/** A seeded batch of random ids, time-major [T, B] like the app's batches. */
export function randomBatch(s: BenchShape, window = s.window, seed = 1): Batch {
  const rng = createRng(seed);
  const ids = () => Int32Array.from({ length: window * s.batch }, () => rng.int(s.vocab));
  return { inputs: ids(), targets: ids(), time: window, batch: s.batch };
}

/**
 * One generation chunk on the GPU as the app's fused generation runs it (a whole chunk in one dispatch where
 * gruChunk.ts serves the model, else generateChunk's per-character loop), its inputs made beforehand: `run`
 * is only what the app does per chunk.
 */
function prepareChunk(model: CharModel, count: number): { run: () => Promise<void>; dispose: () => void } {
  const start = tf.zeros([model.layers, 1, model.stateWidth]) as tf.Tensor3D;
  const weights = generationWeights(model);
  const sizes = { vocab: model.config.vocabSize, embed: model.config.embeddingDim, units: model.config.units };
  if (wholeChunkServes({ ...sizes, layers: model.layers, cell: CELL_KERNELS[model.cell.name] }, 1)) {
    const packed = packChunkWeights(weights);
    return {
      run: async () => {
        const out = generateWholeChunk(packed, start, 1, 1, new Float32Array(count).fill(0.5));
        await out.data();
        out.dispose();
      },
      dispose: () => tf.dispose([start, packed.packed]),
    };
  }
  const first = tf.tensor1d([1], 'int32');
  const draws = tf.fill([count, 1], 0.5) as tf.Tensor2D;
  return {
    run: async () => {
      const chunk = generateChunk(weights, start, first, count, 1, draws);
      await chunk.ids.data();
      tf.dispose([chunk.ids, chunk.h]);
    },
    dispose: () => tf.dispose([start, first, draws]),
  };
}

/** A chunk of `count` characters, prepared, run and disposed (counted by the bench around `run` only). */
async function oneChunk(model: CharModel, count: number, watch: (run: () => Promise<void>) => Promise<void>) {
  const chunk = prepareChunk(model, count);
  try {
    await watch(chunk.run);
  } finally {
    chunk.dispose();
  }
}

/**
 * The app's model of the shape's cell and its training step with the fused or the reference recurrence; null when
 * the fused kernels need a backend that is not this one. A cell without fused kernels on WebGPU runs the
 * reference recurrence on the fused paths, as the app does, and `kernels` says so.
 */
export function appPath(kernels: KernelPath, s: BenchShape, name: BenchPathName = kernels): TrainingPath | null {
  if (kernels === 'fused' && tf.getBackend() !== 'webgpu') return null;
  const forced = FORCED[name];
  const config = { cell: s.cell, vocabSize: s.vocab, embeddingDim: s.embed, units: s.units };
  const model = new CharModel(config, initialWeights(config, 42));
  const ran = model.useKernels(kernels === 'fused');
  const adam = new Adam(model.weights);
  // Updated last by Adam: reading it waits for the whole step. A plain read downloads the buffer (a variable
  // Adam updates in place is marked live on the GPU, worker/kernels/inPlace.ts, so no CPU copy can answer), and
  // unlike a copy program it adds no dispatch to the step's count.
  const probe = model.weights['fc.bias'];
  return {
    name,
    kernels: ran,
    step: (batch) =>
      forcing(forced, async () => {
        await trainStep(model, adam, batch, { learningRate: s.learningRate, clipNorm: s.clipNorm });
        await probe.data();
      }),
    generate: (seed, count) =>
      forcing(forced, async () => {
        await generateIds(model, seed, { length: count, temperature: 1, samplingSeed: 7, onId: () => {} });
      }),
    chunk: model.fusedGeneration ? (count, watch) => forcing(forced, () => oneChunk(model, count, watch)) : undefined,
    dispose() {
      adam.dispose();
      model.dispose();
    },
  };
}

/** [T, B] -> [B, T] (tf.layers is batch-major). */
function batchMajor(ids: Int32Array, time: number, batch: number): Int32Array {
  const out = new Int32Array(ids.length);
  for (let t = 0; t < time; t++) for (let b = 0; b < batch; b++) out[b * time + t] = ids[t * batch + b];
  return out;
}

/** tf.layers' layer for the shape's cell (sigmoid gates, not its default hard sigmoid; tanh for the RNN). */
function stockRecurrentLayer(s: BenchShape) {
  // glorotUniform: the default orthogonal initializer runs a slow QR on the CPU at 1024 units
  const common = { units: s.units, returnSequences: true, recurrentInitializer: 'glorotUniform' } as const;
  if (s.cell === 'lstm') return tfl.layers.lstm({ ...common, recurrentActivation: 'sigmoid' });
  if (s.cell === 'rnn') return tfl.layers.simpleRNN({ ...common, activation: 'tanh' });
  return tfl.layers.gru({ ...common, recurrentActivation: 'sigmoid' });
}

/**
 * Stock TensorFlow.js, as close to the app's model as tf.layers allows: sigmoid recurrent activation (its
 * default is hard sigmoid); its GRU applies the reset gate before the recurrent matmul (reset_after is
 * not supported), where PyTorch and folio apply it after; its LSTM and RNN keep one bias per gate where PyTorch
 * and folio have two (the same function). No gradient clipping.
 */
export function stockPath(s: BenchShape): TrainingPath {
  const model = tfl.sequential({
    layers: [
      tfl.layers.embedding({ inputDim: s.vocab, outputDim: s.embed, inputShape: [null] }),
      stockRecurrentLayer(s),
      tfl.layers.dense({ units: s.vocab }),
    ],
  });
  const optimizer = tf.train.adam(s.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const probe = variables[variables.length - 1]; // the dense bias, updated last
  const loss = (batch: Batch) => {
    const { time: t, batch: b } = batch;
    const ids = tf.tensor2d(batchMajor(batch.inputs, t, b), [b, t], 'int32');
    const targets = tf.tensor1d(batchMajor(batch.targets, t, b), 'int32');
    const logits = model.apply(ids, { training: true }) as tf.Tensor3D; // [B, T, V]
    return tf.losses.softmaxCrossEntropy(tf.oneHot(targets, s.vocab), tf.reshape(logits, [-1, s.vocab])) as tf.Scalar;
  };
  return {
    name: 'stock',
    kernels: 'tf.layers',
    async step(batch) {
      // minimize() split in two with the loss read in between, as the app's trainStep does
      const { value, grads } = optimizer.computeGradients(() => loss(batch), variables);
      await value.data();
      optimizer.applyGradients(variables.map((v) => ({ name: v.name, tensor: grads[v.name] })));
      tf.dispose([value, ...Object.values(grads)]);
      await probe.data();
    },
    generate: null,
    dispose() {
      optimizer.dispose();
      model.dispose();
    },
  };
}

export function createPath(name: BenchPathName, s: BenchShape): TrainingPath | null {
  if (name === 'stock') return stockPath(s);
  return appPath(isFusedPath(name) ? 'fused' : 'reference', s, name);
}
