// Any cell's golden PyTorch file (GRU, LSTM, RNN; 1 or 2 layers) through the app's own CharModel on the fused
// path, taped: the top layer's outputs, the final state of every plane (h, and the LSTM's c), logits, loss, every
// gradient, and the greedy continuation of row 0 as the app generates it (seeded through the fused sequence); and
// a leak check of the fused training step, evaluation and generation for a cell.
import * as tf from '../worker/tfjs';
import { CharModel } from '../worker/model/charModel';
import { generateIds } from '../worker/generation/generate';
import { generationWeights, referenceCellStep } from '../worker/generation/batchStep';
import { fusedGruStep } from '../worker/kernels/gru/generation';
import type { ModelConfig } from '../shared/config';
import type { CellName } from '../shared/cell';
import type { StoredTensor, WeightName } from '../shared/checkpoint/types';
import { errorStats, type Comparison } from './compare';
import { Adam } from '../worker/model/adam';
import { initialWeights } from '../worker/model/init';
import { fusedTrainStep } from '../worker/model/fusedTrainStep';
import { createRng } from '../shared/data/rng';
import type { Batch } from '../shared/data/batches';

export interface CellGolden {
  cell?: CellName;
  sizes: { vocab: number; embedding: number; units: number; layers?: number; batch: number; time: number };
  inputs: number[][]; // [B, T]
  targets: number[][];
  weights: Record<string, number[] | number[][]>;
  gradients: Record<string, number[] | number[][]>;
  gru_outputs?: number[][][]; // [B, T, H] (GRU files)
  outputs?: number[][][]; // the same (other cells' files)
  final_state: number[][] | number[][][];
  final_cell?: number[][][];
  logits: number[][][];
  loss: number;
  greedy_continuation_of_row0: number[];
}

function goldenModel(g: CellGolden): CharModel {
  const config: ModelConfig = {
    cell: g.cell ?? 'gru',
    vocabSize: g.sizes.vocab,
    embeddingDim: g.sizes.embedding,
    units: g.sizes.units,
    layers: g.sizes.layers ?? 1,
    dropout: 0,
  };
  const weights = {} as Record<WeightName, StoredTensor>;
  for (const [name, value] of Object.entries(g.weights)) {
    const t = tf.tensor(value as number[]);
    weights[name as WeightName] = { shape: t.shape, data: Float32Array.from(t.dataSync()) };
    t.dispose();
  }
  return new CharModel(config, weights);
}

/** The golden model on the fused path (taped): values, gradients and greedy ids against PyTorch's float64. */
export async function goldenCellCheck(
  g: CellGolden,
): Promise<{ stats: Comparison; ids: number[]; expected: number[] }> {
  const model = goldenModel(g);
  if (model.useKernels(true) !== 'fused') throw new Error('fused kernels are not available here');
  const { units: H, layers = 1 } = g.sizes;
  const timeMajor = (rows: number[][]) => tf.tensor2d(rows, undefined, 'int32').transpose() as tf.Tensor2D; // [T, B]
  const ids = timeMajor(g.inputs);
  const targets = timeMajor(g.targets);
  const values = tf.tidy(() => {
    let x = model.embed(ids);
    for (let l = 0; l < model.layers; l++) x = model.recurrence(x, model.cellLayer(l)).outputs;
    const { logits, last } = model.forward(ids); // last [L, B, P·H]
    const plane = (p: number) => tf.slice(last, [0, 0, p * H], [layers, g.sizes.batch, H]);
    const batchMajor = (t: tf.Tensor) => tf.transpose(t, [1, 0, 2]);
    return {
      outputs: batchMajor(x),
      final_state: layers === 1 && !g.cell ? tf.squeeze(plane(0), [0]) : plane(0),
      ...(g.final_cell ? { final_cell: plane(1) } : {}),
      logits: batchMajor(logits),
      loss: model.loss(ids, targets),
    };
  });
  const { value, grads } = tf.variableGrads(() => model.loss(ids, targets), model.variables);
  const stats: Comparison = {};
  const check = async (name: string, actual: tf.Tensor, want: unknown) => {
    const expected = tf.tensor(want as number[]);
    stats[name] = await errorStats(tf.reshape(actual, expected.shape), expected);
    expected.dispose();
  };
  await check('outputs', values.outputs, g.outputs ?? g.gru_outputs);
  await check('final_state', values.final_state, g.final_state);
  if (values.final_cell) await check('final_cell', values.final_cell, g.final_cell);
  await check('logits', values.logits, g.logits);
  await check('loss', values.loss, g.loss);
  for (const name of model.names) await check(`d ${name}`, grads[model.weights[name].name], g.gradients[name]);
  tf.dispose([ids, targets, value, ...Object.values(values), ...Object.values(grads)]);
  const greedy = await generateIds(model, g.inputs[0], {
    length: g.greedy_continuation_of_row0.length,
    temperature: 0,
    samplingSeed: 1,
    onId: () => {},
  });
  model.dispose();
  return { stats, ids: greedy, expected: g.greedy_continuation_of_row0 };
}

/**
 * Tensors alive after a warm-up, after `steps` more fused training steps (written-out and taped evaluation) and
 * after a generation, for a small model of a cell on the fused path: all three counts must be equal.
 */
export async function cellLeakCheck(cell: CellName, layers = 2, steps = 3): Promise<number[]> {
  const config: ModelConfig = { cell, vocabSize: 11, embeddingDim: 5, units: 8, layers, dropout: 0.2 };
  const model = new CharModel(config, initialWeights(config, 3));
  if (model.useKernels(true) !== 'fused') throw new Error('fused kernels are not available here');
  const adam = new Adam(model.weights);
  const rng = createRng(5);
  const batch: Batch = {
    inputs: Int32Array.from({ length: 12 }, () => rng.int(11)),
    targets: Int32Array.from({ length: 12 }, () => rng.int(11)),
    time: 4,
    batch: 3,
  };
  const round = async (i: number) => {
    await fusedTrainStep(model, adam, batch, { learningRate: 0.01, clipNorm: 5 }, i + 1);
    const ids = tf.tensor2d(batch.inputs, [4, 3], 'int32');
    const targets = tf.tensor2d(batch.targets, [4, 3], 'int32');
    const loss = model.loss(ids, targets);
    await loss.data();
    tf.dispose([ids, targets, loss]);
  };
  const generate = () => generateIds(model, [1, 2], { length: 5, temperature: 1, samplingSeed: 1, onId: () => {} });
  await round(0);
  await generate();
  const counts = [tf.memory().numTensors];
  for (let i = 1; i <= steps; i++) await round(i);
  counts.push(tf.memory().numTensors);
  await generate();
  counts.push(tf.memory().numTensors);
  adam.dispose();
  model.dispose();
  return counts;
}

/**
 * Generation of a cell on the GPU against the plain-ops cell: one batched step of every layer (fusedGruStep, as
 * beams and batch sampling run it) from a random state [L, B, P·H], and greedy ids of the app's generation
 * (whole chunks or per-character programs, as the variants say) against the reference path's.
 */
export async function compareCellGeneration(
  cell: CellName,
  layers: number,
): Promise<{ step: Comparison; ids: number[]; expected: number[] }> {
  const config: ModelConfig = { cell, vocabSize: 13, embeddingDim: 6, units: 10, layers, dropout: 0 };
  const model = new CharModel(config, initialWeights(config, 11));
  for (const v of model.variables) v.assign(tf.mul(v, 8)); // larger weights: a greedy walk that varies
  if (model.useKernels(true) !== 'fused') throw new Error('fused kernels are not available here');
  const ids = tf.tensor1d([1, 4, 7], 'int32');
  const state = tf.randomUniform([layers, 3, model.stateWidth], -0.8, 0.8, 'float32', 3) as tf.Tensor3D;
  const fused = fusedGruStep(generationWeights(model), ids, state);
  const reference = referenceCellStep(model, ids, state);
  const step = { state: await errorStats(fused, reference) };
  tf.dispose([ids, state, fused, reference]);
  const greedy = () => generateIds(model, [2, 3], { length: 40, temperature: 0, samplingSeed: 1, onId: () => {} });
  const got = await greedy();
  model.useKernels(false);
  const expected = await greedy();
  model.dispose();
  return { step, ids: got, expected };
}
