// The step's global gradient norm, clipping factor and NaN guard, computed on the GPU so the update needs no
// readback first (the loss and norm are read after it). Two kinds of dispatch:
//   partial sums of squares: each workgroup of a dispatch sums g² over up to 7 gradients (a WebGPU program
//   binds at most 8 storage buffers) and writes its total into one slot of a shared buffer;
//   the verdict: one workgroup adds the slots and the rows' losses and writes
//   info = [scale, norm, loss, ok]   scale = min(1, clip / norm) (1 without clipping), ok = loss and norm finite.
// Adam (adamKernel.ts) reads `info`: it scales by info[0] and leaves every weight and moment alone when ok is 0.
import type * as tf from '@tensorflow/tfjs';
import { runProgram, useBindings, type WebGPUProgram } from './programRunner';
import { SharedOutput } from './inPlace';

const WORKGROUP = 256;
/** Workgroups (slots) per partial-sum dispatch. */
const SLOTS = 32;
const PER_DISPATCH = 7;

export const INFO_SCALE = 0;
export const INFO_NORM = 1;
export const INFO_LOSS = 2;
export const INFO_OK = 3;

/** WGSL: workgroup tree sum of `value` over 256 invocations; the total is in `partial[0]` afterwards. */
const treeSumWgsl = (value: string) => `
  partial[localIndex] = ${value};
  workgroupBarrier();
  for (var half = ${WORKGROUP / 2}u; half > 0u; half = half / 2u) {
    if (localIndex < half) { partial[localIndex] += partial[localIndex + half]; }
    workgroupBarrier();
  }`;

/** Σ g² of up to 7 gradients into SLOTS slots of the shared buffer, from slot `first` (uniform) on. */
class SquaresProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number] = [SLOTS, 1, 1];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'first : i32,';

  constructor(
    private readonly sizes: number[],
    slots: number,
  ) {
    this.variableNames = sizes.map((_, i) => `g${i}`);
    this.outputShape = [slots];
    this.shaderKey = `folioSquares_${sizes.join('_')}_${slots}`;
  }

  getUserCode(): string {
    const loops = this.sizes
      .map((size, i) => `for (var e = index; e < ${size}; e += ${SLOTS * WORKGROUP}) { let x = g${i}[e]; acc += x * x; }`)
      .join('\n');
    return `
      var<workgroup> partial : array<f32, ${WORKGROUP}>;
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        var acc = 0.0;
        ${loops}
        ${treeSumWgsl('acc')}
        if (localIndex == 0u) { result[uniforms.first + i32(workgroupId.x)] = partial[0]; }
      }
    `;
  }
}

/** info [4] from the slots and the loss column of softmaxLoss's output [N, V + 1]. */
class VerdictProgram implements WebGPUProgram {
  variableNames = ['slots', 'rows'];
  outputShape = [4];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number] = [1, 1, 1];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'clip : f32,';

  constructor(
    private readonly slots: number,
    private readonly rows: number,
    private readonly vocab: number,
  ) {
    this.shaderKey = `folioVerdict_${slots}_${rows}_${vocab}`;
  }

  getUserCode(): string {
    const { slots: S, rows: N, vocab: V } = this;
    return `
      var<workgroup> partial : array<f32, ${WORKGROUP}>;
      fn finite(x : f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        var squares = 0.0;
        for (var i = index; i < ${S}; i += ${WORKGROUP}) { squares += slots[i]; }
        ${treeSumWgsl('squares')}
        let total = partial[0];
        workgroupBarrier();
        var loss = 0.0;
        for (var n = index; n < ${N}; n += ${WORKGROUP}) { loss += rows[n * ${V + 1} + ${V}]; }
        ${treeSumWgsl('loss')}
        if (index == 0) {
          let norm = sqrt(total);
          let mean = partial[0] / ${N}.0;
          let ok = finite(norm) && finite(mean);
          var scale = 1.0;
          if (uniforms.clip > 0.0 && ok) { scale = min(1.0, uniforms.clip / max(norm, 1e-12)); }
          result[${INFO_SCALE}] = scale;
          result[${INFO_NORM}] = norm;
          result[${INFO_LOSS}] = mean;
          result[${INFO_OK}] = select(0.0, 1.0, ok);
        }
      }
    `;
  }
}

/** info [4] = [scale, norm, loss, ok] for gradients `grads` and softmaxLoss's output `rows` [N, V + 1]. */
export function stepVerdict(grads: tf.Tensor[], rows: tf.Tensor, clip: number): tf.Tensor1D {
  const dispatches = Math.ceil(grads.length / PER_DISPATCH);
  const slots = new SharedOutput([dispatches * SLOTS]);
  for (let d = 0; d < dispatches; d++) {
    const group = grads.slice(d * PER_DISPATCH, (d + 1) * PER_DISPATCH);
    slots.run(new SquaresProgram(group.map((g) => g.size), dispatches * SLOTS), group, [d * SLOTS]);
  }
  const [n, width] = rows.shape;
  const verdict = new VerdictProgram(dispatches * SLOTS, n, width - 1);
  return runProgram(verdict, [slots.toTensor(), rows], [], [{ type: 'float32', data: [clip] }]) as tf.Tensor1D;
}
