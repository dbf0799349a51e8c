// Writing text: feed the seed through the model, then one character at a time, carrying the hidden state.
// Reference path: one readback per character. Fused path: the GPU samples and feeds back ids itself, and
// ids are read back in chunks.
import * as tf from '../tfjs';
import type { CharModel } from '../model/charModel';
import { sampleFromLogits } from './sampler';
import { referenceCellStep, generationWeights } from './batchStep';
import { generateChunk, type GenerationWeights } from '../kernels/gru/generation';
import { generateWholeChunk, packChunkWeights, wholeChunkServes } from '../kernels/gru/gruChunk';
import { CELL_KERNELS } from '../kernels/gru/cellKernel';
import { samplerServes } from '../kernels/output/logitsSampler';
import { createRng, type Rng } from '../../shared/data/rng';

export interface GenerateOptions {
  length: number;
  temperature: number;
  samplingSeed: number;
  /** Called with each new id; return false to stop early. */
  onId(id: number): boolean | void;
  /** Awaited now and then so other work (training, messages) can run. */
  pause?(): Promise<void>;
  yieldEvery?: number;
}

/**
 * Characters per GPU chunk on the fused path (one readback each) to begin with; doubled while chunks come back
 * within FAST_CHUNK_MS, up to MAX_FUSED_CHUNK, so a fast GPU is not held up by readbacks and a slow one still
 * streams. Chunks are always whole (ids past the length are dropped): each size compiles its pipelines once.
 */
export const FUSED_CHUNK = 16;
const MAX_FUSED_CHUNK = 128;
const FAST_CHUNK_MS = 20;

/** Generates from seed ids (at least one); returns the ids made. Leaves no tensor behind. */
export async function generateIds(model: CharModel, seedIds: number[], opts: GenerateOptions): Promise<number[]> {
  if (seedIds.length === 0) throw new Error('generateIds needs at least one seed character');
  const rng = createRng(opts.samplingSeed);
  const seeded = seedState(model, seedIds);
  const logits = seeded.logits;
  let h: tf.Tensor = seeded.h;
  const out: number[] = [];
  try {
    const first = sampleFromLogits(await logits.data(), opts.temperature, rng);
    out.push(first);
    if (opts.onId(first) === false) return out;
    // A vocabulary whose logits do not fit the GPU sampler's workgroup memory (thousands of characters) is sampled on the CPU.
    const gpuSampler = model.fusedGeneration && samplerServes(model.config.vocabSize);
    const go = !gpuSampler ? continueReference : wholeChunks(model) ? continueWholeChunks : continueFused;
    h = await go(model, seeded.h, out, opts, rng);
  } finally {
    tf.dispose([h, logits]);
  }
  return out;
}

/** The seed as one window of batch 1: the last hidden state and the logits after the last seed character. */
function seedState(model: CharModel, seedIds: number[]): { h: tf.Tensor3D; logits: tf.Tensor1D } {
  return tf.tidy(() => {
    const ids = tf.tensor2d(seedIds, [seedIds.length, 1], 'int32');
    const { logits: all, last } = model.forward(ids);
    return { h: last, logits: tf.reshape(tf.slice(all, [seedIds.length - 1, 0, 0], [1, 1, -1]), [-1]) as tf.Tensor1D };
  });
}

/** Writes the rest of the text from state h; returns the last state (any tensor: the caller only disposes it). */
type Continue = (
  model: CharModel,
  h: tf.Tensor3D,
  out: number[],
  opts: GenerateOptions,
  rng: Rng,
) => Promise<tf.Tensor>;

/** One character at a time, sampled on the CPU. Returns the last state (the caller disposes it). */
const continueReference: Continue = async (model, h, out, opts, rng) => {
  while (out.length < opts.length) {
    const next = stepOnce(model, out[out.length - 1], h);
    h.dispose();
    h = next.h;
    const id = sampleFromLogits(await next.logits.data(), opts.temperature, rng);
    next.logits.dispose();
    out.push(id);
    if (opts.onId(id) === false) break;
    if (opts.pause && out.length % (opts.yieldEvery ?? 8) === 0) await opts.pause();
  }
  return h;
};

/** The size of the next chunk: powers of two from 16 (few sizes to compile), no bigger than the rest needs. */
const chunkSize = (grown: number, opts: GenerateOptions, out: number[]) =>
  Math.min(grown, Math.max(FUSED_CHUNK, 2 ** Math.ceil(Math.log2(opts.length - out.length))));

/** Whether this model's chunks are written by one dispatch each (small networks, gruChunk.ts). */
const wholeChunks = (model: CharModel) =>
  wholeChunkServes(
    {
      vocab: model.config.vocabSize,
      embed: model.config.embeddingDim,
      units: model.config.units,
      layers: model.layers,
      cell: CELL_KERNELS[model.cell.name],
    },
    1,
  );

/**
 * Chunks written by one dispatch each (every layer, the output layer and the sampler in one workgroup), on
 * the same uniform draws as continueFused; each chunk's output (state, then ids) is the next one's state.
 */
const continueWholeChunks: Continue = async (model, h, out, opts, rng) => {
  const weights = packChunkWeights(generationWeights(model));
  let state: tf.Tensor = h; // ours from here, as continueFused disposes it
  let grown = FUSED_CHUNK;
  const stateFloats = model.layers * model.stateWidth;
  try {
    while (out.length < opts.length) {
      const started = performance.now();
      const count = chunkSize(grown, opts, out);
      const draws = Float32Array.from({ length: count }, () => rng.next());
      const next = generateWholeChunk(weights, state, out[out.length - 1], opts.temperature, draws);
      state.dispose();
      state = next;
      const ids = (await next.data()).subarray(stateFloats);
      for (const id of ids) {
        if (out.length >= opts.length) break;
        out.push(id);
        if (opts.onId(id) === false) return state;
      }
      if (performance.now() - started < FAST_CHUNK_MS) grown = Math.min(MAX_FUSED_CHUNK, 2 * count);
      if (opts.pause) await opts.pause();
    }
    return state;
  } finally {
    weights.packed.dispose();
  }
};

/** Chunks sampled on the GPU with uniform draws from our seeded generator: same seed, same text. */
const continueFused: Continue = async (model, h, out, opts, rng) => {
  const weights: GenerationWeights = generationWeights(model);
  let grown = FUSED_CHUNK;
  while (out.length < opts.length) {
    const started = performance.now();
    const count = chunkSize(grown, opts, out);
    const draws = tf.tensor2d(
      Float32Array.from({ length: count }, () => rng.next()),
      [count, 1],
    );
    const first = tf.tensor1d([out[out.length - 1]], 'int32');
    const chunk = generateChunk(weights, h, first, count, opts.temperature, draws);
    tf.dispose([draws, first, h]);
    h = chunk.h;
    const ids = await chunk.ids.data();
    chunk.ids.dispose();
    for (const id of ids) {
      if (out.length >= opts.length) break;
      out.push(id);
      if (opts.onId(id) === false) return h;
    }
    if (performance.now() - started < FAST_CHUNK_MS) grown = Math.min(MAX_FUSED_CHUNK, 2 * count);
    if (opts.pause) await opts.pause();
  }
  return h;
};

/** One character through embedding, every GRU layer and the dense layer: the new state [L, 1, H] and logits [V]. */
export function stepOnce(model: CharModel, id: number, h: tf.Tensor3D): { h: tf.Tensor3D; logits: tf.Tensor1D } {
  return tf.tidy(() => {
    const next = referenceCellStep(model, tf.tensor1d([id], 'int32'), h);
    return { h: next, logits: tf.reshape(model.project(model.topHidden(next)), [-1]) as tf.Tensor1D };
  });
}
