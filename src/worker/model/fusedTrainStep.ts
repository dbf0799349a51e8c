// One training step on the fused WebGPU path, written out rather than taped: no tf.variableGrads, few tfjs
// ops, and no readback before the update. The GPU computes the loss, the global norm, the clipping factor and
// the NaN guard itself (kernels/stepGuard.ts) and Adam reads them there; the loss and norm are read after the
// update is queued. The first layer reads a per-character table (the embedding folded into its input
// projection, kernels/embeddingTable.ts). Same math as CharModel.loss + trainStep; the lab checks the two agree.
//   forward:  table → the cell's time loop per layer (dropout masks between layers) → logits, softmax loss and its gradient
//   backward: dY of the output layer → per layer, top down: time loop, then one dispatch for the layer's weight
//   gradients into one buffer (a bias as its weight's last column), and dx for the layer below (at layer 0 the
//   per-character table gradient instead, from which the embedding's and W_ih's come)
import * as tf from '../tfjs';
import type { CharModel } from './charModel';
import type { Adam } from './adam';
import type { Batch } from '../../shared/data/batches';
import type { WeightName } from '../../shared/checkpoint/types';
import { cellLayerNames } from '../../shared/checkpoint/types';
import { mixSeed } from '../../shared/data/rng';
import { backwardGrad, forwardState } from '../kernels/gru/fusedGru';
import { CELL_KERNELS } from '../kernels/gru/cellKernel';
import { inputGrad, weightHhJob, weightIhJob, type GradientSizes } from '../kernels/gru/gruGradients';
import type { GradView } from '../kernels/step/adamKernel';
import { fusedInputProjection } from '../kernels/step/inputProjection';
import { embeddingTable, idSegments, tableGrad, tableWeightJobs } from '../kernels/step/embeddingTable';
import { outputWeightJob } from '../kernels/output/outputLayer';
import { runMatmuls, segmentOffsets, type MatmulJob } from '../kernels/matmul/matmul';
import { lossRows, softmaxLoss } from '../kernels/output/softmaxLoss';
import type { DyLayout } from '../kernels/gru/gruBackwardStep';
import { readGuard, stepGuard, type StepGuard } from '../kernels/step/stepGuard';
import { dropoutMask } from './dropout';

/** What a training step reports, on either path (trainStep.ts re-exports it; it lives here to avoid an import circle). */
export interface StepResult {
  loss: number;
  /** Gradient norm before clipping. */
  gradNorm: number;
  /** False when the loss or gradient was not finite: weights and Adam state were left as they were. */
  applied: boolean;
}

/** Whether the written-out step covers this model (embedding dropout is left to the taped path). */
export const fusedStepCovers = (model: CharModel): boolean =>
  model.kernels === 'fused' && !model.config.embeddingDropout;

/** Layer l's input for l > 0: the layer below's outputs (plane 0 of its state), times its dropout mask. */
function layerInput(state: tf.Tensor, s: GradientSizes, mask: tf.Tensor | null): tf.Tensor3D {
  const outputs = tf.reshape(tf.slice(state, [0, 0, 0, 0], [1, s.time, s.batch, s.units]), [s.time, s.batch, s.units]);
  return (mask ? tf.mul(outputs, mask) : outputs) as tf.Tensor3D;
}

/** A matmul that computes a weight's gradient, with its bias's as the last column when `bias` is named. */
interface GradJob {
  job: MatmulJob;
  weight: WeightName;
  bias?: WeightName;
}

/** Runs a layer's gradient matmuls as one dispatch into one buffer; each weight's gradient is a view of it. */
function runGradJobs(name: string, jobs: GradJob[], grads: Record<WeightName, GradView>): tf.Tensor {
  const buffer = runMatmuls(
    name,
    jobs.map((j) => j.job),
  );
  const offsets = segmentOffsets(jobs.map((j) => j.job));
  jobs.forEach(({ job, weight, bias }, i) => {
    const { m, n } = job.spec;
    const offset = offsets[i];
    if (!bias) {
      grads[weight] = { tensor: buffer, cols: m * n, stride: m * n, offset };
      return;
    }
    grads[weight] = { tensor: buffer, cols: n - 1, stride: n, offset };
    grads[bias] = { tensor: buffer, cols: 1, stride: n, offset: offset + n - 1 };
  });
  return buffer;
}

export interface FusedGradients {
  /** Every weight's gradient as a view of one of `buffers`. */
  grads: Record<WeightName, GradView>;
  /** The gradient buffers, one per layer (the global norm sums each once). */
  buffers: tf.Tensor[];
  /** softmaxLoss's rows (lossRows): dlogits, dY of the top layer and the loss per position. */
  rows: tf.Tensor;
}

/**
 * Gradients of every weight for one batch, and softmaxLoss's rows (the loss per position). Per layer, top
 * down: the backward time loop, then one dispatch for all of the layer's weight gradients (the top layer's
 * also computes the output layer's; layer 0's the embedding's, from the per-character table gradient).
 */
export function fusedGradients(model: CharModel, batch: Batch, dropoutSeed?: number): FusedGradients {
  const { vocabSize: V, units: H, embeddingDim: E } = model.config;
  const { time: T, batch: B } = batch;
  const rate = dropoutSeed === undefined ? 0 : (model.config.dropout ?? 0);
  const w = model.weights;
  const ids = tf.tensor1d(batch.inputs, 'int32');
  const cell = CELL_KERNELS[model.cell.name];
  const sizes = (l: number): GradientSizes => ({ time: T, batch: B, units: H, embed: l === 0 ? E : H, cell });
  const states: tf.Tensor[] = [];
  const inputs: tf.Tensor3D[] = [];
  const masks: Array<tf.Tensor | null> = [];
  for (let l = 0; l < model.layers; l++) {
    const { weightIh, weightHh, biasIh, biasHh } = model.cellLayer(l);
    if (l === 0) {
      states.push(
        forwardState(
          sizes(0),
          embeddingTable(w['embedding.weight'], weightIh, biasIh),
          weightHh,
          biasHh,
          undefined,
          ids,
        ),
      );
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
  const grads = {} as Record<WeightName, GradView>;
  const buffers: tf.Tensor[] = [];
  let jobs: GradJob[] = [{ job: outputWeightJob(out, rows, top), weight: 'fc.weight', bias: 'fc.bias' }];
  // The top layer's dY is part of softmaxLoss's rows; each layer below gets its own [T, B, H] tensor.
  const { width, dyOffset } = lossRows(V, H);
  let dy: tf.Tensor = rows;
  let dyLayout: DyLayout | undefined = { stride: width, offset: dyOffset };
  for (let l = model.layers - 1; l >= 0; l--) {
    const s = sizes(l);
    const { weightIh, weightHh } = model.cellLayer(l);
    const [ih, hh, bih, bhh] = cellLayerNames(model.cell.name, l) as WeightName[];
    const g = backwardGrad(s, dy, states[l], weightHh, undefined, dyLayout);
    jobs.push({ job: weightHhJob(s, g, states[l], undefined, true), weight: hh, bias: bhh });
    if (l === 0) {
      const segments = tf.tensor1d(idSegments(batch.inputs, V), 'int32');
      const dtable = tableGrad(g, segments, V, H, cell);
      const [ihJob, embeddingJob] = tableWeightJobs(dtable, w['embedding.weight'], weightIh);
      jobs.push({ job: ihJob, weight: ih, bias: bih }, { job: embeddingJob, weight: 'embedding.weight' });
    } else {
      jobs.push({ job: weightIhJob(s, g, inputs[l], true), weight: ih, bias: bih });
      const dx = inputGrad(s, g, weightIh);
      dy = masks[l] ? tf.mul(dx, masks[l]!) : dx;
      dyLayout = undefined;
    }
    buffers.push(runGradJobs(`layer${l}Grads`, jobs, grads));
    jobs = [];
  }
  return { grads, buffers, rows };
}

/**
 * Queues one optimisation step (loss, gradients, clipping by global norm, Adam) with the weights and moments
 * updated in place on the GPU, and returns its guard unread: the caller owns `guard.sums` and reads it when it
 * chooses (several steps at once: stepsInFlight.ts), then calls `adam.skipped()` for a step not applied. A step
 * whose loss or gradient is not finite, or that follows one (`after`: the guard of the step queued just before,
 * still unread), leaves every weight and moment untouched.
 */
export function encodeFusedStep(
  model: CharModel,
  adam: Adam<WeightName>,
  batch: Batch,
  cfg: { learningRate: number; clipNorm: number },
  dropoutSeed?: number,
  after?: StepGuard,
): StepGuard {
  return tf.tidy(() => {
    const { grads, buffers, rows } = fusedGradients(model, batch, dropoutSeed);
    const guard = stepGuard(buffers, rows, cfg.clipNorm, after);
    adam.applyGuarded(grads, cfg.learningRate, guard);
    return guard;
  });
}

/** One step, queued and then read (the sequential way; the lab and the speed estimate use it). */
export async function fusedTrainStep(
  model: CharModel,
  adam: Adam<WeightName>,
  batch: Batch,
  cfg: { learningRate: number; clipNorm: number },
  dropoutSeed?: number,
): Promise<StepResult> {
  const guard = encodeFusedStep(model, adam, batch, cfg, dropoutSeed);
  try {
    const result = await readGuard(guard); // after the update: the GPU has everything queued by now
    if (!result.applied) adam.skipped();
    return result;
  } finally {
    guard.sums.dispose();
  }
}
