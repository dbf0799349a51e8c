// Embedding -> cell × layers -> Dense over characters. Weights live in tf.Variables in PyTorch names and layouts.
import * as tf from '../tfjs';
import { layerCount, withModelDefaults, type KernelPath, type ModelConfig } from '../../shared/config';
import { cellOf } from '../../shared/cell';
import { CELL_SPECS, type CellSpec, type CellWeights } from './cells';
import { recurrence, type SequenceFn } from './recurrence';
import { fusedSequence } from '../kernels/gru/fusedGru';
import { webGpuActive } from '../kernels/dispatch/programRunner';
import { cellLayerNames, weightNames, type StoredTensor, type WeightName } from '../../shared/checkpoint/types';
import { readTensors } from './tensorSnapshot';
import { applyDropout } from './dropout';

let modelCounter = 0;

/** The model; owns its variables until dispose(). */
export class CharModel {
  readonly weights: Record<WeightName, tf.Variable>;
  /** Weight names in checkpoint order (embedding, cell layer 0, 1, ..., output layer). */
  readonly names: WeightName[];
  /** The cell's gate math and state planes (GRU, LSTM or RNN). */
  readonly cell: CellSpec;
  /** Which implementation runs a layer's window (reference plain ops unless told otherwise). */
  recurrence: SequenceFn;
  kernels: KernelPath = 'reference';
  /** WASM has no UnsortedSegmentSum (the gather gradient): look up embeddings by one-hot matmul there. */
  embedByMatmul: boolean;

  readonly config: ModelConfig;

  constructor(config: ModelConfig, initial: Record<WeightName, StoredTensor>) {
    this.config = withModelDefaults(config); // checkpoints always record the cell, layers and dropout
    this.cell = CELL_SPECS[cellOf(this.config)];
    this.recurrence = recurrence(this.cell);
    const prefix = `folio${++modelCounter}/`; // variable names are global in tfjs
    this.weights = {} as Record<WeightName, tf.Variable>;
    this.names = weightNames(this.config);
    for (const name of this.names) {
      const { shape, data } = initial[name];
      const init = tf.tensor(data, shape, 'float32');
      this.weights[name] = tf.variable(init, true, prefix + name);
      init.dispose(); // the variable keeps its own reference to the data
    }
    this.embedByMatmul = tf.getKernel('UnsortedSegmentSum', tf.getBackend()) === undefined;
  }

  /**
   * Fused WebGPU kernels when asked for and the backend has them (every cell: the training step, evaluation,
   * generation); the plain-ops reference otherwise.
   */
  useKernels(fused: boolean): KernelPath {
    this.kernels = fused && webGpuActive() ? 'fused' : 'reference';
    this.recurrence = this.kernels === 'fused' ? fusedSequence(this.cell.name) : recurrence(this.cell);
    return this.kernels;
  }

  /** Whether generation runs the fused programs (per character or whole chunks, every cell). */
  get fusedGeneration(): boolean {
    return this.kernels === 'fused';
  }

  get variables(): tf.Variable[] {
    return this.names.map((n) => this.weights[n]);
  }

  get layers(): number {
    return layerCount(this.config);
  }

  /** Units of state a layer carries per sequence: P·H (h, and the LSTM's c). */
  get stateWidth(): number {
    return this.cell.planes * this.config.units;
  }

  /** Weights of cell layer l (0 reads the embeddings, l > 0 reads layer l − 1's outputs). */
  cellLayer(l: number): CellWeights {
    const [wih, whh, bih, bhh] = cellLayerNames(this.cell.name, l).map((n) => this.weights[n]);
    return {
      weightIh: wih as tf.Tensor2D,
      weightHh: whh as tf.Tensor2D,
      biasIh: bih as tf.Tensor1D,
      biasHh: bhh as tf.Tensor1D,
    };
  }

  get cellLayers(): CellWeights[] {
    return Array.from({ length: this.layers }, (_, l) => this.cellLayer(l));
  }

  /** ids: [T, B] int32 -> embeddings [T, B, E]. */
  embed(ids: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const [t, b] = ids.shape;
      const table = this.weights['embedding.weight'];
      const flat = tf.reshape(ids, [t * b]) as tf.Tensor1D;
      const rows = this.embedByMatmul
        ? tf.matMul(oneHotFloat(flat, this.config.vocabSize), table)
        : tf.gather(table, flat);
      return tf.reshape(rows, [t, b, this.config.embeddingDim]) as tf.Tensor3D;
    });
  }

  /**
   * ids [T, B] -> logits [T, B, V] and the last state of every layer [L, B, P·H]; s0 [L, B, P·H] or zeros.
   * With a `dropoutSeed` (training steps only) dropout masks apply between layers (and on the embeddings
   * when embeddingDropout is on); without one, as in evaluation and generation, there is no dropout.
   */
  forward(ids: tf.Tensor2D, s0?: tf.Tensor3D, dropoutSeed?: number): { logits: tf.Tensor3D; last: tf.Tensor3D } {
    return tf.tidy(() => {
      const [t, b] = ids.shape;
      const rate = dropoutSeed === undefined ? 0 : (this.config.dropout ?? 0);
      const starts = s0 ? (tf.unstack(s0) as tf.Tensor2D[]) : [];
      let x = this.embed(ids);
      if (this.config.embeddingDropout) x = applyDropout(x, rate, dropoutSeed ?? 0, 0);
      const lasts: tf.Tensor2D[] = [];
      for (let l = 0; l < this.layers; l++) {
        const { outputs, last } = this.recurrence(x, this.cellLayer(l), starts[l]); // one sequence call per layer
        lasts.push(last);
        x = l < this.layers - 1 ? applyDropout(outputs, rate, dropoutSeed ?? 0, l + 1) : outputs;
      }
      const logits = this.project(tf.reshape(x, [t * b, this.config.units]) as tf.Tensor2D);
      return {
        logits: tf.reshape(logits, [t, b, this.config.vocabSize]) as tf.Tensor3D,
        last: tf.stack(lasts) as tf.Tensor3D,
      };
    });
  }

  /** The top layer's h of a state [L, B, P·H] -> [B, H]: what the output layer reads. */
  topHidden(state: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      const [layers, batch] = state.shape;
      const top = tf.slice(state, [layers - 1, 0, 0], [1, batch, this.config.units]); // h is the first plane
      return tf.reshape(top, [batch, this.config.units]) as tf.Tensor2D;
    });
  }

  /** hidden [N, H] -> logits [N, V]. */
  project(hidden: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.add(tf.matMul(hidden, this.weights['fc.weight'], false, true), this.weights['fc.bias']));
  }

  /** Mean softmax cross-entropy over all T·B positions; ids and targets [T, B]. dropoutSeed: training only. */
  loss(ids: tf.Tensor2D, targets: tf.Tensor2D, dropoutSeed?: number): tf.Scalar {
    return tf.tidy(() => {
      const { logits } = this.forward(ids, undefined, dropoutSeed);
      return crossEntropy(logits, targets);
    });
  }

  /** Copies of the current weights as plain arrays (for checkpoints), all of one moment. */
  async readWeights(): Promise<Record<WeightName, StoredTensor>> {
    return readTensors(this.weights);
  }

  setWeights(values: Record<WeightName, StoredTensor>): void {
    for (const name of this.names) assignFrom(this.weights[name], values[name]);
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/** logits [..., V], targets [...] int32 -> mean of −log softmax(logits)[target]. */
export function crossEntropy(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const v = logits.shape[logits.shape.length - 1];
    const flatLogits = tf.reshape(logits, [-1, v]);
    const onehot = oneHotFloat(tf.reshape(targets, [-1]) as tf.Tensor1D, v);
    return tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(flatLogits)), 1))) as tf.Scalar;
  });
}

/**
 * ids [N] int32 -> [N, depth] float32 one-hot. Made as int32 and cast: tfjs-backend-wasm 4.22's OneHot
 * ignores the dtype argument and writes int32 bits into a float32 tensor (1 reads as 1.4e-45), which made
 * the loss ~0 and every gradient 0 on WASM (charModel.test.ts checks the backends agree).
 */
export function oneHotFloat(ids: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(ids, depth), 'float32') as tf.Tensor2D);
}

/** Overwrites a variable with stored values; the temporary tensor is disposed here. */
export function assignFrom(variable: tf.Variable, value: StoredTensor): void {
  const t = tf.tensor(value.data, value.shape, 'float32');
  variable.assign(t);
  t.dispose();
}
