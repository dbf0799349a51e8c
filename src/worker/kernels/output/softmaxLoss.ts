// The output layer, softmax cross-entropy and its gradient in one dispatch, one workgroup per position n:
//   logitsₙ = hₙ·W_fcᵀ + b_fc (rowLogits.ts)     lossₙ = logsumexp(logitsₙ) − logitsₙ[targetₙ]
//   dlogitsₙ = (softmax(logitsₙ) − onehot(targetₙ)) / N   (the mean loss's gradient, 1/N folded in)
// h is the top GRU layer's state buffer [5, T, B, H], read in place (plane 0 holds h [N, H]). Output [N, V + 1]:
// columns [0, V) hold dlogits, column V the position's loss (the step guard sums them into the mean).
import type * as tf from '@tensorflow/tfjs-core';
import { runProgram, type WebGPUProgram } from '../dispatch/programRunner';
import { useBindings } from '../dispatch/wgsl';
import { rowLogitsDeclWgsl, rowLogitsWgsl, rowWorkgroupSize } from './rowLogits';

class SoftmaxLossProgram implements WebGPUProgram {
  variableNames = ['h', 'fcw', 'fcb', 'targets'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];

  constructor(
    private readonly rows: number,
    private readonly units: number,
    private readonly vocab: number,
  ) {
    this.outputShape = [rows, vocab + 1];
    this.workgroupSize = [rowWorkgroupSize(), 1, 1];
    this.dispatch = [rows, 1, 1];
    this.shaderKey = `folioSoftmaxLoss_${rows}_${units}_${vocab}_w${this.workgroupSize[0]}`;
  }

  getUserCode(): string {
    const { rows: N, units: H, vocab: V } = this;
    const W = this.workgroupSize[0];
    return `
      ${rowLogitsDeclWgsl(V)}
      var<workgroup> lse : f32;
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
        let out = n * ${V + 1};
        for (var v = lane; v < ${V}; v += ${W}) {
          result[out + v] = (exp(logit[v] - lse) - select(0.0, 1.0, v == goal)) * ${1 / N};
        }
        if (lane == 0) { result[out + ${V}] = lse - logit[goal]; }
      }
    `;
  }
}

/** state [5, T, B, H] (top layer), W_fc [V, H], b_fc [V], targets [N] int32 -> [N, V + 1]: dlogits of the mean loss, each row's loss. */
export function softmaxLoss(state: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, targets: tf.Tensor): tf.Tensor2D {
  const [vocab, units] = weight.shape;
  return runProgram(new SoftmaxLossProgram(targets.size, units, vocab), [state, weight, bias, targets]) as tf.Tensor2D;
}
