// Softmax cross-entropy and its gradient for every row of the logits, in one dispatch:
//   lossₙ = logsumexp(logitsₙ) − logitsₙ[targetₙ]     dlogitsₙ = (softmax(logitsₙ) − onehot(targetₙ)) / N
// The mean loss's gradient (1/N folded in). Output [N, V + 1]: columns [0, V) hold dlogits, column V the
// row's loss (the step guard sums them into the mean).
import { groups, runProgram, useBindings, type WebGPUProgram } from './programRunner';
import type * as tf from '@tensorflow/tfjs';

const WORKGROUP = 64;

class SoftmaxLossProgram implements WebGPUProgram {
  variableNames = ['logits', 'targets'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];

  constructor(
    private readonly rows: number,
    private readonly vocab: number,
  ) {
    this.outputShape = [rows, vocab + 1];
    this.dispatch = [groups(rows, WORKGROUP), 1, 1];
    this.shaderKey = `folioSoftmaxLoss_${rows}_${vocab}`;
  }

  getUserCode(): string {
    const { rows: N, vocab: V } = this;
    return `
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        if (index >= ${N}) { return; }
        let base = index * ${V};
        var top = logits[base];
        for (var v = 1; v < ${V}; v++) { top = max(top, logits[base + v]); }
        var total = 0.0;
        for (var v = 0; v < ${V}; v++) { total += exp(logits[base + v] - top); }
        let lse = top + log(total);
        let goal = targets[index];
        let out = index * ${V + 1};
        for (var v = 0; v < ${V}; v++) {
          let p = exp(logits[base + v] - lse);
          result[out + v] = (p - select(0.0, 1.0, v == goal)) * ${1 / N};
        }
        result[out + ${V}] = lse - logits[base + goal];
      }
    `;
  }
}

/** logits [N, V], targets [N] int32 -> [N, V + 1]: dlogits of the mean loss, and each row's loss. */
export function softmaxLoss(logits: tf.Tensor, targets: tf.Tensor): tf.Tensor2D {
  const [rows, vocab] = logits.shape;
  return runProgram(new SoftmaxLossProgram(rows, vocab), [logits, targets]) as tf.Tensor2D;
}
