// Generation checks for the lab: GPU sampler vs the CPU sampler, greedy ids vs the golden model, and
// characters per second of chunked GPU generation vs the reference (one readback per character).
import * as tf from '../worker/tfjs';
import { fusedGruSequence } from '../worker/kernels/gru/fusedGru';
import { generateChunk, type GenerationWeights } from '../worker/kernels/gru/generation';
import { LogitsSamplerProgram } from '../worker/kernels/output/logitsSampler';
import { PreallocatedOutput } from '../worker/kernels/dispatch/inPlace';
import { gruCell, inputProjection } from '../worker/model/gru';
import { argmax, sampleFromLogits } from '../worker/generation/sampler';
import type { GoldenModel } from './golden';
import { generateWholeChunk, packChunkWeights } from '../worker/kernels/gru/gruChunk';
import { forceKernelVariants } from '../worker/kernels/kernelVariants';
import { CharModel } from '../worker/model/charModel';
import { initialWeights } from '../worker/model/init';
import { generateIds } from '../worker/generation/generate';

/**
 * Greedy chunks of `chunk` characters from state h [L, 1, H] after `first`: per chunk either generation's
 * per-character loop (generateChunk) or, `whole`, one dispatch (gruChunk.ts). Disposes h; returns the ids.
 */
async function greedyChunks(
  w: GenerationWeights,
  h: tf.Tensor3D,
  first: number,
  count: number,
  chunk: number,
  whole: boolean,
) {
  const ids: number[] = [];
  const [layers, , units] = h.shape;
  if (whole) {
    const packed = packChunkWeights(w);
    let state: tf.Tensor = h;
    while (ids.length < count) {
      const next = generateWholeChunk(packed, state, ids.at(-1) ?? first, 0, new Float32Array(chunk));
      state.dispose();
      state = next;
      ids.push(...Array.from((await next.data()).subarray(layers * units)));
    }
    tf.dispose([state, packed.packed]);
    return ids.slice(0, count);
  }
  let state = h;
  const draws = tf.zeros([chunk, 1]) as tf.Tensor2D;
  while (ids.length < count) {
    const start = tf.tensor1d([ids.at(-1) ?? first], 'int32');
    const c = generateChunk(w, state, start, chunk, 0, draws);
    ids.push(...Array.from(await c.ids.data()));
    tf.dispose([state, start, c.ids]);
    state = c.h;
  }
  tf.dispose([state, draws]);
  return ids.slice(0, count);
}

/**
 * The GPU sampler vs sampleFromLogits on the same logits and uniform draws; returns how many ids differ. The
 * logits go through generation's output-layer program with an identity W_fc and zero bias, so it samples them exactly.
 */
export async function compareSampler(batch: number, vocab: number, temperature: number, seed = 1) {
  const logits = tf.randomNormal([batch, vocab], 0, 2, 'float32', seed) as tf.Tensor2D;
  const draws = tf.randomUniform([1, batch], 0, 1, 'float32', seed + 1) as tf.Tensor2D;
  const tau = tf.tensor1d([temperature]);
  const [identity, zeros] = [tf.eye(vocab), tf.zeros([vocab])];
  const out = new PreallocatedOutput([2, batch], 'int32');
  out.run(
    new LogitsSamplerProgram({ batch, units: vocab, vocab, count: 1, rows: false }),
    [logits, identity, zeros, draws, tau],
    [0],
  );
  const all = out.toTensor();
  const ids = tf.slice(all, [1, 0], [1, batch]);
  const [gpu, l, u] = await Promise.all([ids.data(), logits.data(), draws.data()]);
  let mismatches = 0;
  for (let b = 0; b < batch; b++) {
    const row = l.subarray(b * vocab, (b + 1) * vocab);
    const cpu = sampleFromLogits(row, temperature, { next: () => u[b], int: () => 0 });
    if (cpu !== gpu[b]) mismatches++;
  }
  tf.dispose([logits, draws, tau, identity, zeros, all, ids]);
  return { batch, mismatches };
}

/** The golden model's weights, one GRU entry per layer (the 2-layer golden file has gru.*_l1 too). */
function goldenWeights(g: GoldenModel): GenerationWeights {
  const t = (n: string) => tf.tensor(g.weights[n]);
  const layers = Object.keys(g.weights).filter((n) => n.startsWith('gru.weight_ih_l')).length;
  return {
    embedding: t('embedding.weight') as tf.Tensor2D,
    gru: Array.from({ length: layers }, (_, l) => ({
      weightIh: t(`gru.weight_ih_l${l}`) as tf.Tensor2D,
      weightHh: t(`gru.weight_hh_l${l}`) as tf.Tensor2D,
      biasIh: t(`gru.bias_ih_l${l}`) as tf.Tensor1D,
      biasHh: t(`gru.bias_hh_l${l}`) as tf.Tensor1D,
    })),
    fcWeight: t('fc.weight') as tf.Tensor2D,
    fcBias: t('fc.bias') as tf.Tensor1D,
  };
}

const disposeWeights = (w: GenerationWeights) =>
  tf.dispose([
    w.embedding,
    w.fcWeight,
    w.fcBias,
    ...w.gru.flatMap((g) => [g.weightIh, g.weightHh, g.biasIh, g.biasHh]),
  ]);

/** Greedy continuation of the golden model's row 0 on the GPU: prompt minus its last char through the window kernel, then chunked generation. */
export async function goldenGreedy(g: GoldenModel & { greedy_continuation_of_row0: number[] }, whole = false) {
  const w = goldenWeights(g);
  const prompt = g.inputs[0];
  const count = g.greedy_continuation_of_row0.length;
  const units = w.gru[0].weightHh.shape[1];
  const h = tf.tidy(() => {
    if (prompt.length === 1) return tf.zeros([w.gru.length, 1, units]) as tf.Tensor3D;
    let x = tf.reshape(tf.gather(w.embedding, tf.tensor1d(prompt.slice(0, -1), 'int32')), [
      prompt.length - 1,
      1,
      -1,
    ]) as tf.Tensor3D;
    const lasts = w.gru.map((layer) => {
      const { outputs, last } = fusedGruSequence(x, layer);
      x = outputs; // the next layer reads this one's outputs
      return last;
    });
    return tf.stack(lasts) as tf.Tensor3D;
  });
  const ids = await greedyChunks(w, h, prompt[prompt.length - 1], count, count, whole);
  disposeWeights(w);
  return { ids, expected: g.greedy_continuation_of_row0 };
}

function randomWeights(units: number, embed: number, vocab: number, layers = 1, scale = 0.3): GenerationWeights {
  const u = (shape: number[], k: number) => tf.randomUniform(shape, -scale, scale, 'float32', k);
  return {
    embedding: u([vocab, embed], 1) as tf.Tensor2D,
    gru: Array.from({ length: layers }, (_, l) => ({
      weightIh: u([3 * units, l === 0 ? embed : units], 2 + 10 * l) as tf.Tensor2D,
      weightHh: u([3 * units, units], 3 + 10 * l) as tf.Tensor2D,
      biasIh: u([3 * units], 4 + 10 * l) as tf.Tensor1D,
      biasHh: u([3 * units], 5 + 10 * l) as tf.Tensor1D,
    })),
    fcWeight: u([vocab, units], 6) as tf.Tensor2D,
    fcBias: u([vocab], 7) as tf.Tensor1D,
  };
}

/** Reference generation: plain-ops cells (every layer), logits read back and sampled on the CPU per character. */
async function referenceIds(w: GenerationWeights, first: number, count: number): Promise<number[]> {
  const units = w.gru[0].weightHh.shape[1];
  let hs = w.gru.map(() => tf.zeros([1, units]) as tf.Tensor2D);
  let id = first;
  const ids: number[] = [];
  for (let s = 0; s < count; s++) {
    const { next, logits } = tf.tidy(() => {
      let x = tf.reshape(tf.gather(w.embedding, tf.tensor1d([id], 'int32')), [1, 1, -1]) as tf.Tensor3D;
      const next = w.gru.map((gru, l) => {
        const gi = tf.reshape(inputProjection(x, gru), [1, -1]) as tf.Tensor2D;
        const h = gruCell(gi, hs[l], gru);
        x = tf.reshape(h, [1, 1, units]) as tf.Tensor3D; // the next layer's input
        return h;
      });
      return { next, logits: tf.add(tf.matMul(next[next.length - 1], w.fcWeight, false, true), w.fcBias) };
    });
    tf.dispose(hs);
    hs = next;
    id = argmax(await logits.data());
    logits.dispose();
    ids.push(id);
  }
  tf.dispose(hs);
  return ids;
}

/** Greedy generation of `count` chars, fused (chunks of `chunk`; `whole`: one dispatch per chunk) vs reference: same ids, chars per second. */
export async function generationSpeed(
  units: number,
  embed: number,
  vocab: number,
  count: number,
  chunk = 32,
  layers = 1,
  scale = 0.3,
  whole = false,
) {
  const w = randomWeights(units, embed, vocab, layers, scale);
  const run = () => greedyChunks(w, tf.zeros([layers, 1, units]) as tf.Tensor3D, 1, count, chunk, whole);
  await run(); // warm-up: compiles the pipelines
  let t0 = performance.now();
  const fused = await run();
  const fusedMs = performance.now() - t0;
  await referenceIds(w, 1, 2);
  t0 = performance.now();
  const reference = await referenceIds(w, 1, count);
  const referenceMs = performance.now() - t0;
  disposeWeights(w);
  const same = fused.every((id, i) => id === reference[i]);
  return {
    same,
    /** Distinct ids generated: a check that the text depends on the state, not one id over and over. */
    distinct: new Set(fused).size,
    fusedCharsPerSec: (1000 * count) / fusedMs,
    referenceCharsPerSec: (1000 * count) / referenceMs,
    speedup: referenceMs / fusedMs,
  };
}

export interface GenerationPathsShape {
  vocab: number;
  embed: number;
  units: number;
  layers: number;
  /** Weights scaled from the initial ones, so that the text depends on the state. */
  scale: number;
  length: number;
  temperature: number;
  samplingSeed: number;
}

/**
 * The app's generateIds on one model three ways: fused with a chunk per dispatch (forced), fused with one
 * dispatch per character and layer (forced), and the reference path (plain ops, CPU sampler). Same seed text,
 * sampling seed and temperature; returns each path's ids.
 */
export async function compareGenerationPaths(s: GenerationPathsShape) {
  const config = { vocabSize: s.vocab, embeddingDim: s.embed, units: s.units, layers: s.layers };
  const initial = initialWeights(config, 11);
  for (const [name, t] of Object.entries(initial)) {
    // biases start at zero: give them values too, so every term of the cell counts
    t.data = name.includes('bias') ? t.data.map((_, i) => 0.3 * Math.sin(1 + i)) : t.data.map((x) => x * s.scale);
  }
  const model = new CharModel(config, initial);
  const write = async (wholeChunkUnits: number | null) => {
    model.useKernels(wholeChunkUnits !== null);
    if (wholeChunkUnits !== null) forceKernelVariants({ wholeChunkUnits });
    try {
      const opts = { length: s.length, temperature: s.temperature, samplingSeed: s.samplingSeed, onId: () => {} };
      return await generateIds(model, [1, 2, 3], opts);
    } finally {
      forceKernelVariants({});
    }
  };
  try {
    const before = tf.memory().numTensors;
    const whole = await write(4096);
    const perCharacter = await write(0);
    const reference = await write(null);
    return { whole, perCharacter, reference, kernels: model.kernels, leaked: tf.memory().numTensors - before };
  } finally {
    model.dispose();
  }
}
