// Stacked GRU layers with dropout on both paths: the app's own CharModel, the same weights, ids and dropout
// masks, once with the fused WebGPU sequence per layer and once with the plain-ops reference.
import * as tf from '../worker/tfjs';
import { CharModel } from '../worker/model/charModel';
import { initialWeights } from '../worker/model/init';
import { createRng } from '../shared/data/rng';
import type { ModelConfig } from '../shared/config';
import type { CellName } from '../shared/cell';
import { errorStats, type Comparison } from './compare';

export interface LayeredShape {
  vocab: number;
  embed: number;
  units: number;
  layers: number;
  dropout: number;
  batch: number;
  time: number;
  seed?: number;
  /** GRU when absent. */
  cell?: CellName;
}

/** Logits, every layer's last state and the loss in evaluation; the training loss and every gradient with dropout. */
function runModel(model: CharModel, ids: tf.Tensor2D, targets: tf.Tensor2D, dropoutSeed: number) {
  const { logits, last } = model.forward(ids);
  const { value, grads } = tf.variableGrads(() => model.loss(ids, targets, dropoutSeed), model.variables);
  const named: Record<string, tf.Tensor> = { logits, last, trainingLoss: value };
  for (const name of model.names) named[`d ${name}`] = grads[model.weights[name].name];
  return named;
}

export async function compareLayeredPaths(s: LayeredShape): Promise<Comparison> {
  const config: ModelConfig = {
    cell: s.cell,
    vocabSize: s.vocab,
    embeddingDim: s.embed,
    units: s.units,
    layers: s.layers,
    dropout: s.dropout,
    embeddingDropout: true,
  };
  const model = new CharModel(config, initialWeights(config, s.seed ?? 1));
  const rng = createRng(s.seed ?? 1);
  const randomIds = () =>
    tf.tensor2d(
      Int32Array.from({ length: s.time * s.batch }, () => rng.int(s.vocab)),
      [s.time, s.batch],
      'int32',
    );
  const [ids, targets] = [randomIds(), randomIds()];
  if (model.useKernels(true) !== 'fused') throw new Error('fused kernels are not available here');
  const fused = runModel(model, ids, targets, 99);
  model.useKernels(false);
  const reference = runModel(model, ids, targets, 99);
  const result: Comparison = {};
  for (const name of Object.keys(reference)) result[name] = await errorStats(fused[name], reference[name]);
  tf.dispose([ids, targets, ...Object.values(fused), ...Object.values(reference)]);
  model.dispose();
  return result;
}
