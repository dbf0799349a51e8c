// Dropout masks made on the GPU: nothing to draw in JavaScript and upload per step (3.3 million floats per
// mask at the Deep preset). Each element's fate is a counter-based hash of (seed, index) — model/dropout.ts
// has the same integer math in JS for the other backends, so every backend draws the same masks.
import * as tf from '../../tfjs';
import { runProgram, type WebGPUProgram } from '../dispatch/programRunner';
import { useBindings } from '../dispatch/wgsl';

const WORKGROUP = 256;
const MAX_GROUPS = 4096;

/** WGSL of the hash: u32 arithmetic wraps as Math.imul and >>> 0 do in JS. */
export const MASK_HASH_WGSL = `
  fn maskHash(seed : u32, i : u32) -> u32 {
    var h = seed ^ (i * 0x9e3779b9u);
    h = h ^ (h >> 16u); h = h * 0x7feb352du; h = h ^ (h >> 15u); h = h * 0x846ca68bu; h = h ^ (h >> 16u);
    return h;
  }
`;

class DropoutMaskProgram implements WebGPUProgram {
  variableNames: string[] = [];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'seed : i32,';

  constructor(
    private readonly count: number,
    private readonly threshold: number,
    private readonly keep: number,
  ) {
    this.outputShape = [count];
    this.dispatch = [Math.min(MAX_GROUPS, Math.max(1, Math.ceil(count / WORKGROUP))), 1, 1];
    this.shaderKey = `folioDropoutMask_${count}_${threshold}`;
  }

  getUserCode(): string {
    const stride = this.dispatch[0] * WORKGROUP;
    return `
      ${MASK_HASH_WGSL}
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        let seed = bitcast<u32>(uniforms.seed);
        for (var i = index; i < ${this.count}; i += ${stride}) {
          result[i] = select(f32(${this.keep}), 0.0, (maskHash(seed, u32(i)) >> 8u) < ${this.threshold}u);
        }
      }
    `;
  }
}

/** A float32 mask of `shape`: 0 where hash(seed, i) >> 8 < threshold, else keep. */
export function gpuDropoutMask(shape: number[], threshold: number, keep: number, seed: number): tf.Tensor {
  const count = shape.reduce((a, b) => a * b, 1);
  return tf.tidy(() => tf.reshape(runProgram(new DropoutMaskProgram(count, threshold, keep), [], [seed | 0]), shape));
}
