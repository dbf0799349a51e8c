// The output layer, softmax cross-entropy, its gradient and the gradient reaching the top GRU layer in one
// dispatch, one workgroup per position n:
//   logitsₙ = hₙ·W_fcᵀ + b_fc (rowLogits.ts)     lossₙ = logsumexp(logitsₙ) − logitsₙ[targetₙ]
//   dlogitsₙ = (softmax(logitsₙ) − onehot(targetₙ)) / N   (the mean loss's gradient, 1/N folded in)
//   dYₙ = dlogitsₙ·W_fc                                     (the backward time loop's input, summed over v in order)
// h is the top GRU layer's state buffer [5, T, B, H], read in place (plane 0 holds h [N, H]). Output rows
// [N, V + H + 1] (lossRows): dlogits, then dY, then the position's loss in the last column (the step guard
// sums that column into the mean). The row's logits and dlogits live in workgroup memory where they fit
// (rowLogits.ts); for a vocabulary too large for it (thousands of characters) they live in the output row
// itself, the same sums in the same order.
import type * as tf from '@tensorflow/tfjs-core';
import { runProgram, type WebGPUProgram } from '../dispatch/programRunner';
import { useBindings } from '../dispatch/wgsl';
import {
  rowFitsWorkgroup,
  rowLogitsDeclWgsl,
  rowLogitsToStorageWgsl,
  rowLogitsWgsl,
  rowWorkgroupSize,
} from './rowLogits';

/** Where softmaxLoss's output keeps what, per row of `width` columns. */
export interface LossRows {
  width: number;
  /** First column of dY [H]. */
  dyOffset: number;
}

export const lossRows = (vocab: number, units: number): LossRows => ({ width: vocab + units + 1, dyOffset: vocab });

class SoftmaxLossProgram implements WebGPUProgram {
  variableNames = ['h', 'fcw', 'fcb', 'targets'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** The row in workgroup memory (partial sums, logits, dlogits and lse fit), else in the output row. */
  private readonly inWorkgroup: boolean;

  constructor(
    private readonly rows: number,
    private readonly units: number,
    private readonly vocab: number,
  ) {
    this.outputShape = [rows, lossRows(vocab, units).width];
    this.workgroupSize = [rowWorkgroupSize(), 1, 1];
    this.dispatch = [rows, 1, 1];
    this.inWorkgroup = rowFitsWorkgroup(vocab, vocab + 1);
    this.shaderKey = `folioSoftmaxLoss_${rows}_${units}_${vocab}_w${this.workgroupSize[0]}${this.inWorkgroup ? '' : '_stored'}`;
  }

  getUserCode(): string {
    return this.inWorkgroup ? this.workgroupRow() : this.storedRow();
  }

  private workgroupRow(): string {
    const { rows: N, units: H, vocab: V } = this;
    const W = this.workgroupSize[0];
    const width = lossRows(V, H).width;
    return `
      ${rowLogitsDeclWgsl(V)}
      var<workgroup> lse : f32;
      var<workgroup> dlogit : array<f32, ${V}>;
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        let n = i32(workgroupId.x);
        let lane = i32(localIndex);
        let hBase = n * ${H};
        ${rowLogitsWgsl(H, V, W)}
        if (lane == 0) {
          var top = logit[0];
          for (var v = 1; v < ${V}; v++) { top = max(top, logit[v]); }
          var total = 0.0;
          for (var v = 0; v < ${V}; v++) { total += exp(logit[v] - top); }
          lse = top + log(total);
        }
        workgroupBarrier();
        let goal = targets[n];
        let out = n * ${width};
        for (var v = lane; v < ${V}; v += ${W}) {
          let d = (exp(logit[v] - lse) - select(0.0, 1.0, v == goal)) * ${1 / N};
          dlogit[v] = d;
          result[out + v] = d;
        }
        workgroupBarrier();
        for (var j = lane; j < ${H}; j += ${W}) {
          var acc = 0.0;
          for (var v = 0; v < ${V}; v++) { acc += dlogit[v] * fcw[v * ${H} + j]; }
          result[out + ${V} + j] = acc;
        }
        if (lane == 0) { result[out + ${V + H}] = lse - logit[goal]; }
      }
    `;
  }

  /** The same math with the row's logits, then its dlogits, in the output's first V columns. */
  private storedRow(): string {
    const { rows: N, units: H, vocab: V } = this;
    const W = this.workgroupSize[0];
    const width = lossRows(V, H).width;
    return `
      var<workgroup> lse : f32;
      var<workgroup> goalLogit : f32;
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        let n = i32(workgroupId.x);
        let lane = i32(localIndex);
        let hBase = n * ${H};
        let out = n * ${width};
        let goal = targets[n];
        ${rowLogitsToStorageWgsl(H, V, W, (v) => `result[out + ${v}]`)}
        if (lane == 0) {
          var top = result[out];
          for (var v = 1; v < ${V}; v++) { top = max(top, result[out + v]); }
          var total = 0.0;
          for (var v = 0; v < ${V}; v++) { total += exp(result[out + v] - top); }
          lse = top + log(total);
          goalLogit = result[out + goal];
        }
        workgroupBarrier();
        for (var v = lane; v < ${V}; v += ${W}) {
          result[out + v] = (exp(result[out + v] - lse) - select(0.0, 1.0, v == goal)) * ${1 / N};
        }
        storageBarrier();
        for (var j = lane; j < ${H}; j += ${W}) {
          var acc = 0.0;
          for (var v = 0; v < ${V}; v++) { acc += result[out + v] * fcw[v * ${H} + j]; }
          result[out + ${V} + j] = acc;
        }
        if (lane == 0) { result[out + ${V + H}] = lse - goalLogit; }
      }
    `;
  }
}

/** state [5, T, B, H] (top layer), W_fc [V, H], b_fc [V], targets [N] int32 -> [N, V + H + 1] (lossRows): dlogits of the mean loss, dY, each row's loss. */
export function softmaxLoss(state: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, targets: tf.Tensor): tf.Tensor2D {
  const [vocab, units] = weight.shape;
  return runProgram(new SoftmaxLossProgram(targets.size, units, vocab), [state, weight, bias, targets]) as tf.Tensor2D;
}
