// The written-out fused training step (worker/model/fusedTrainStep.ts) against the taped reference path on
// the same model, weights, batch and dropout masks: the loss and every gradient; and its GPU-side guard: a
// step with a non-finite loss changes no weight or moment (fresh readbacks), a finite one is applied.
import * as tf from '../worker/tfjs';
import { CharModel } from '../worker/model/charModel';
import { Adam } from '../worker/model/adam';
import { initialWeights } from '../worker/model/init';
import { fusedGradients, fusedTrainStep } from '../worker/model/fusedTrainStep';
import { globalNorm } from '../worker/model/trainStep';
import type { GradView } from '../worker/kernels/step/adamKernel';
import { createRng } from '../shared/data/rng';
import type { Batch } from '../shared/data/batches';
import type { ModelConfig } from '../shared/config';
import type { CellName } from '../shared/cell';
import type { StoredTensor, WeightName } from '../shared/checkpoint/types';
import { errorStats, type Comparison } from './compare';
import type { LayeredShape } from './layeredLab';
import type { GoldenModel } from './golden';

/** A gradient view (kernels/adamKernel.ts) as a tensor of the weight's shape: element i at offset + ⌊i / cols⌋·stride + i mod cols. */
function viewed(v: GradView, shape: number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const at = Int32Array.from({ length: size }, (_, i) => v.offset + Math.floor(i / v.cols) * v.stride + (i % v.cols));
  return tf.reshape(tf.gather(tf.reshape(v.tensor, [-1]), tf.tensor1d(at, 'int32')), shape);
}

function setUp(s: LayeredShape) {
  const config: ModelConfig = {
    cell: s.cell,
    vocabSize: s.vocab,
    embeddingDim: s.embed,
    units: s.units,
    layers: s.layers,
    dropout: s.dropout,
  };
  const model = new CharModel(config, initialWeights(config, s.seed ?? 1));
  if (model.useKernels(true) !== 'fused') throw new Error('fused kernels are not available here');
  const rng = createRng(s.seed ?? 1);
  // Some characters never occur (their table rows get no gradient) and some often: ids from the first 3/4.
  const ids = () =>
    Int32Array.from({ length: s.time * s.batch }, () => rng.int(Math.max(1, Math.floor((s.vocab * 3) / 4))));
  const batch: Batch = { inputs: ids(), targets: ids(), time: s.time, batch: s.batch };
  return { model, batch };
}

/** Loss, global norm and every gradient: written-out step vs tf.variableGrads over the reference path. */
export async function compareWrittenOutStep(s: LayeredShape): Promise<Comparison> {
  const { model, batch } = setUp(s);
  const dropoutSeed = 99;
  const written = tf.tidy(() => {
    const { grads: views, buffers, rows } = fusedGradients(model, batch, dropoutSeed);
    const [n, width] = rows.shape;
    const loss = tf.mean(tf.slice(rows, [0, width - 1], [n, 1]));
    const grads = {} as Record<WeightName, tf.Tensor>;
    for (const name of model.names) grads[name] = viewed(views[name], model.weights[name].shape);
    return { loss, norm: globalNorm(buffers), ...grads };
  });
  model.useKernels(false);
  const taped = tf.tidy(() => {
    const ids = tf.tensor2d(batch.inputs, [s.time, s.batch], 'int32');
    const targets = tf.tensor2d(batch.targets, [s.time, s.batch], 'int32');
    const { value, grads } = tf.variableGrads(() => model.loss(ids, targets, dropoutSeed), model.variables);
    const named = {} as Record<WeightName, tf.Tensor>;
    for (const name of model.names) named[name] = grads[model.weights[name].name];
    return { loss: value, norm: globalNorm(Object.values(named)), ...named };
  });
  const result: Comparison = {};
  for (const name of Object.keys(taped) as Array<keyof typeof taped>)
    result[name === 'loss' || name === 'norm' ? name : `d ${name}`] = await errorStats(written[name], taped[name]);
  tf.dispose([...Object.values(written), ...Object.values(taped)]);
  model.dispose();
  return result;
}

export interface GuardReport {
  /** The poisoned step: reported as not applied, weights and moments bit-identical afterwards, Adam's step count kept. */
  poisoned: { applied: boolean; loss: number; unchanged: boolean; adamStep: number };
  /** The next, healthy step: applied, weights changed, finite loss and norm. */
  healthy: { applied: boolean; loss: number; gradNorm: number; changed: boolean; adamStep: number };
}

async function snapshot(ts: tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(ts.map(async (t) => (await t.data()) as Float32Array));
}

const sameBits = (a: Float32Array[], b: Float32Array[]) =>
  a.every(
    (x, i) =>
      x.length === b[i].length &&
      x.every((v, j) => Object.is(v, b[i][j]) || (Number.isNaN(v) && Number.isNaN(b[i][j]))),
  );

/** One step with an infinite input weight (its rows give a non-finite loss), then the same batch healthy again. */
export async function checkStepGuard(s: LayeredShape): Promise<GuardReport> {
  const { model, batch } = setUp(s);
  const adam = new Adam(model.weights);
  /** Every weight and moment as it is now: the moments are read through copies, disposed here. */
  const all = async () => {
    const { m, v } = adam.momentTensors();
    const moments = [...Object.values(m), ...Object.values(v)] as tf.Tensor[];
    try {
      return await snapshot([...model.variables, ...moments]);
    } finally {
      tf.dispose(moments);
    }
  };
  const fc = model.weights['fc.bias'];
  const saved = fc.clone();
  const poison = tf.fill(fc.shape, Infinity);
  fc.assign(poison);
  const before = await all();
  const bad = await fusedTrainStep(model, adam, batch, { learningRate: 0.01, clipNorm: 5 });
  const after = await all();
  const poisoned = {
    applied: bad.applied,
    loss: bad.loss,
    unchanged: sameBits(before, after),
    adamStep: adam.state.step,
  };
  fc.assign(saved);
  const healthyBefore = await snapshot(model.variables);
  const good = await fusedTrainStep(model, adam, batch, { learningRate: 0.01, clipNorm: 5 });
  const changed = !sameBits(healthyBefore, await snapshot(model.variables));
  tf.dispose([saved, poison]);
  adam.dispose();
  model.dispose();
  return {
    poisoned,
    healthy: { applied: good.applied, loss: good.loss, gradNorm: good.gradNorm, changed, adamStep: adam.state.step },
  };
}

/** The written-out step on a golden PyTorch model (1 or 2 layers, no dropout): loss and every gradient. */
export async function goldenWrittenOutStep(
  g: GoldenModel & { sizes: Record<string, number>; cell?: CellName },
): Promise<Comparison> {
  const { vocab, embedding, units, layers = 1, batch: B, time: T } = g.sizes;
  const config: ModelConfig = { cell: g.cell, vocabSize: vocab, embeddingDim: embedding, units, layers, dropout: 0 };
  const weights = {} as Record<WeightName, StoredTensor>;
  for (const [name, value] of Object.entries(g.weights)) {
    const t = tf.tensor(value as number[]);
    weights[name as WeightName] = { shape: t.shape, data: Float32Array.from(t.dataSync()) };
    t.dispose();
  }
  const model = new CharModel(config, weights);
  if (model.useKernels(true) !== 'fused') throw new Error('fused kernels are not available here');
  const timeMajor = (rows: number[][]) => Int32Array.from({ length: T * B }, (_, i) => rows[i % B][Math.floor(i / B)]);
  const batch: Batch = { inputs: timeMajor(g.inputs), targets: timeMajor(g.targets), time: T, batch: B };
  const { grads, rows } = tf.tidy(() => {
    const { grads: views, rows } = fusedGradients(model, batch);
    const grads = {} as Record<WeightName, tf.Tensor>;
    for (const name of model.names) grads[name] = viewed(views[name], model.weights[name].shape);
    return { grads, rows };
  });
  const result: Comparison = {};
  const [n, width] = rows.shape;
  const loss = tf.tidy(() => tf.mean(tf.slice(rows, [0, width - 1], [n, 1])));
  const want = tf.scalar(g.loss);
  result.loss = await errorStats(loss, want);
  for (const name of model.names) {
    const expected = tf.tensor(g.gradients[name] as number[]);
    result[`d ${name}`] = await errorStats(grads[name], expected);
    expected.dispose();
  }
  tf.dispose([rows, loss, want, ...Object.values(grads)]);
  model.dispose();
  return result;
}
