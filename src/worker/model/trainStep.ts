// One optimisation step: loss and gradients, global-norm clipping, Adam.
import * as tf from '../tfjs';
import type { TrainConfig } from '../../shared/config';
import type { CharModel } from './charModel';
import type { Adam } from './adam';
import type { Batch } from '../../shared/data/batches';
import type { WeightName } from '../../shared/checkpoint/types';
import { fusedStepCovers, fusedTrainStep, type StepResult } from './fusedTrainStep';

/** Time-major id tensors for a batch; the caller disposes them. */
export function batchTensors(batch: Batch): { ids: tf.Tensor2D; targets: tf.Tensor2D } {
  return {
    ids: tf.tensor2d(batch.inputs, [batch.time, batch.batch], 'int32'),
    targets: tf.tensor2d(batch.targets, [batch.time, batch.batch], 'int32'),
  };
}

/** √(Σ‖g‖²) over all gradients. */
export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(addInGroups(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/**
 * Σ of many tensors by tf.addN over at most 7 at a time: a WebGPU program binds at most 8 storage buffers
 * (inputs + output), and a 2-layer model has 11 gradients (tfjs's AddN does not split them itself).
 */
function addInGroups(ts: tf.Tensor[]): tf.Tensor {
  let total = tf.addN(ts.slice(0, 7));
  for (let i = 7; i < ts.length; i += 6) total = tf.addN([total, ...ts.slice(i, i + 6)]);
  return total;
}

/** Scales every gradient by min(1, clip / norm); clip 0 means no clipping. New tensors only where scaled. */
export function clipByGlobalNorm<K extends string>(
  grads: Record<K, tf.Tensor>,
  norm: number,
  clip: number,
): Record<K, tf.Tensor> {
  const scale = clipScale(norm, clip);
  if (scale === 1) return grads;
  const out = {} as Record<K, tf.Tensor>;
  for (const name of Object.keys(grads) as K[]) out[name] = tf.mul(grads[name], scale);
  return out;
}

/** min(1, clip / norm): leaves small gradients alone; clip 0 means no clipping. */
export function clipScale(norm: number, clip: number): number {
  return clip > 0 ? Math.min(1, clip / Math.max(norm, 1e-12)) : 1;
}

export type { StepResult };

/**
 * Runs one step (with dropout masks from dropoutSeed when the model has dropout). On the fused path the step
 * is written out (fusedTrainStep.ts: the GPU guards the update itself, the loss is read after it); elsewhere
 * the single readback (loss and norm) comes before the update, so a NaN never lands.
 */
export async function trainStep(
  model: CharModel,
  adam: Adam<WeightName>,
  batch: Batch,
  cfg: Pick<TrainConfig, 'learningRate' | 'clipNorm'>,
  dropoutSeed?: number,
): Promise<StepResult> {
  if (fusedStepCovers(model)) return fusedTrainStep(model, adam, batch, cfg, dropoutSeed);
  const { ids, targets } = batchTensors(batch);
  const { value, grads } = tf.variableGrads(() => model.loss(ids, targets, dropoutSeed), model.variables);
  const named = {} as Record<WeightName, tf.Tensor>;
  model.names.forEach((name) => (named[name] = grads[model.weights[name].name]));
  const norm = globalNorm(Object.values(named));
  const pair = tf.stack([value, norm]); // one readback for both
  try {
    const [loss, gradNorm] = await pair.data();
    const applied = Number.isFinite(loss) && Number.isFinite(gradNorm);
    if (applied) {
      // The clipping factor goes into the update itself: no scaled copy of every gradient.
      // On the fused path Adam runs in place on the GPU; the clipping factor is one of its uniforms.
      const fused = model.kernels === 'fused';
      tf.tidy(() => adam.apply(named, cfg.learningRate, clipScale(gradNorm, cfg.clipNorm), fused));
    }
    return { loss, gradNorm, applied };
  } finally {
    tf.dispose([ids, targets, value, norm, pair, ...Object.values(grads)]);
  }
}
