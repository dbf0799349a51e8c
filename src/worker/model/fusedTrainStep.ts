// One training step on the fused WebGPU path, written out rather than taped: no tf.variableGrads, few tfjs
// ops, and no readback before the update. The GPU computes the loss, the global norm, the clipping factor and
// the NaN guard itself (kernels/stepGuard.ts) and Adam reads them there; the loss and norm are read after the
// update is queued. The first layer reads a per-character table (the embedding folded into its input
// projection, kernels/embeddingTable.ts). Same math as CharModel.loss + trainStep; the lab checks the two agree.
//   forward:  table → GRU time loop per layer (dropout masks between layers) → logits, softmax loss and its gradient
//   backward: output layer → per layer, top down: time loop, W_hh/b_hh, then W_ih/b_ih and dx (table grads at 0);
//   a weight and its bias get one gradient buffer (the bias its last column) and one Adam dispatch
import * as tf from '@tensorflow/tfjs';
import type { CharModel } from './charModel';
import type { Adam } from './adam';
import type { Batch } from '../../shared/data/batches';
import type { WeightName } from '../../shared/checkpoint/types';
import { gruLayerNames } from '../../shared/checkpoint/types';
import { mixSeed } from '../../shared/data/rng';
import { backwardGrad, forwardState } from '../kernels/fusedGru';
import { inputGrad, weightHhGrad, weightIhGrad, type GradientSizes } from '../kernels/gruGradients';
import { wholeGrad, type GradView } from '../kernels/adamKernel';
import { fusedInputProjection } from '../kernels/inputProjection';
import { embeddingTable, idSegments, tableGrads } from '../kernels/embeddingTable';
import { outputGrads } from '../kernels/outputLayer';
import { softmaxLoss } from '../kernels/softmaxLoss';
import { INFO_LOSS, INFO_NORM, INFO_OK, stepVerdict } from '../kernels/stepGuard';
import { dropoutMask } from './dropout';

export interface FusedStepResult {
  loss: number;
  gradNorm: number;
  applied: boolean;
}

/** Whether the written-out step covers this model (embedding dropout is left to the taped path). */
export const fusedStepCovers = (model: CharModel): boolean => model.kernels === 'fused' && !model.config.embeddingDropout;

/** Layer l's input for l > 0: the layer below's outputs (plane 0 of its state), times its dropout mask. */
function layerInput(state: tf.Tensor, s: GradientSizes, mask: tf.Tensor | null): tf.Tensor3D {
  const outputs = tf.reshape(tf.slice(state, [0, 0, 0, 0], [1, s.time, s.batch, s.units]), [s.time, s.batch, s.units]);
  return (mask ? tf.mul(outputs, mask) : outputs) as tf.Tensor3D;
}

/** A weight's and its bias's gradients in one buffer [R, C + 1] (the bias is the last column). */
function withBias(t: tf.Tensor2D): [GradView, GradView] {
  const stride = t.shape[1];
  return [
    { tensor: t, cols: stride - 1, stride, offset: 0 },
    { tensor: t, cols: 1, stride, offset: stride - 1 },
  ];
}

export interface FusedGradients {
  /** Every weight's gradient as a view (a weight and its bias share a buffer). */
  grads: Record<WeightName, GradView>;
  /** The distinct gradient buffers (the global norm sums each once). */
  buffers: tf.Tensor[];
  /** softmaxLoss's rows: dlogits and the loss per position. */
  rows: tf.Tensor;
}

/** Gradients of every weight for one batch, and softmaxLoss's rows (the loss per position). */
export function fusedGradients(model: CharModel, batch: Batch, dropoutSeed?: number): FusedGradients {
  const { vocabSize: V, units: H, embeddingDim: E } = model.config;
  const { time: T, batch: B } = batch;
  const rate = dropoutSeed === undefined ? 0 : (model.config.dropout ?? 0);
  const w = model.weights;
  const ids = tf.tensor1d(batch.inputs, 'int32');
  const sizes = (l: number): GradientSizes => ({ time: T, batch: B, units: H, embed: l === 0 ? E : H });
  const states: tf.Tensor[] = [];
  const inputs: tf.Tensor3D[] = [];
  const masks: Array<tf.Tensor | null> = [];
  for (let l = 0; l < model.layers; l++) {
    const { weightIh, weightHh, biasIh, biasHh } = model.gruLayer(l);
    if (l === 0) {
      states.push(forwardState(sizes(0), embeddingTable(w['embedding.weight'], weightIh, biasIh), weightHh, biasHh, undefined, ids));
      continue;
    }
    // Slot l is the mask on layer l − 1's outputs, as CharModel.forward's applyDropout draws it.
    masks[l] = rate > 0 ? dropoutMask([T, B, H], rate, mixSeed(dropoutSeed ?? 0, l, 0xd50)) : null;
    inputs[l] = layerInput(states[l - 1], sizes(l), masks[l]);
    states.push(forwardState(sizes(l), fusedInputProjection(inputs[l], weightIh, biasIh), weightHh, biasHh));
  }
  const out = { time: T, batch: B, units: H, vocab: V };
  const top = states[model.layers - 1];
  const rows = softmaxLoss(top, w['fc.weight'], w['fc.bias'], tf.tensor1d(batch.targets, 'int32'));
  const dense = outputGrads(out, rows, top, w['fc.weight']);
  const grads = {} as Record<WeightName, GradView>;
  [grads['fc.weight'], grads['fc.bias']] = withBias(dense.weightAndBias);
  const buffers = [dense.weightAndBias];
  let dy: tf.Tensor = dense.hidden;
  for (let l = model.layers - 1; l >= 0; l--) {
    const s = sizes(l);
    const { weightIh, weightHh } = model.gruLayer(l);
    const [ih, hh, bih, bhh] = gruLayerNames(l) as WeightName[];
    const g = backwardGrad(s, dy, states[l], weightHh);
    const hhGrads = weightHhGrad(s, g, states[l], undefined, true);
    [grads[hh], grads[bhh]] = withBias(hhGrads);
    if (l === 0) {
      const segments = tf.tensor1d(idSegments(batch.inputs, V), 'int32');
      const table = tableGrads(g, segments, w['embedding.weight'], weightIh);
      grads['embedding.weight'] = wholeGrad(table.embedding);
      [grads[ih], grads[bih]] = withBias(table.weightAndBiasIh);
      buffers.push(hhGrads, table.weightAndBiasIh, table.embedding);
      continue;
    }
    const ihGrads = weightIhGrad(s, g, inputs[l], true);
    [grads[ih], grads[bih]] = withBias(ihGrads);
    buffers.push(hhGrads, ihGrads);
    const dx = inputGrad(s, g, weightIh);
    dy = masks[l] ? tf.mul(dx, masks[l]!) : dx;
  }
  return { grads, buffers, rows };
}

/**
 * One optimisation step (loss, gradients, clipping by global norm, Adam) with the weights and moments updated
 * in place on the GPU. A step whose loss or gradient is not finite leaves every weight and moment untouched.
 */
export async function fusedTrainStep(
  model: CharModel,
  adam: Adam<WeightName>,
  batch: Batch,
  cfg: { learningRate: number; clipNorm: number },
  dropoutSeed?: number,
): Promise<FusedStepResult> {
  const info = tf.tidy(() => {
    const { grads, buffers, rows } = fusedGradients(model, batch, dropoutSeed);
    const verdict = stepVerdict(buffers, rows, cfg.clipNorm);
    adam.applyGuarded(grads, cfg.learningRate, verdict);
    return verdict;
  });
  try {
    const values = await info.data(); // after the update: the GPU has everything queued by now
    const applied = values[INFO_OK] === 1;
    if (!applied) adam.skipped();
    return { loss: values[INFO_LOSS], gradNorm: values[INFO_NORM], applied };
  } finally {
    info.dispose();
  }
}
