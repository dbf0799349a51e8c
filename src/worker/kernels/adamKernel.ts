// Adam on WebGPU in three in-place dispatches per weight instead of about a dozen element-wise programs:
//   m ← β1·m + (1−β1)·s·g      v ← β2·v + (1−β2)·(s·g)²      w ← w − α·m / (√v + ε̂)
// s is the gradient-clipping scale, α = lr·√(1−β2ᵗ)/(1−β1ᵗ), ε̂ = ε·√(1−β2ᵗ): the same update as Adam.apply's
// plain-ops path (model/adam.ts); e2e/training.spec.ts checks both against Adam in float64.
import type * as tf from '@tensorflow/tfjs';
import { useBindings, type WebGPUProgram } from './programRunner';
import { writeInPlace } from './inPlace';
import { INFO_OK, INFO_SCALE } from './stepGuard';

type AdamRole = 'm' | 'v' | 'w';

const WORKGROUP = 256;
/** A grid-stride loop over at most this many workgroups keeps the dispatch one-dimensional at any size. */
const MAX_GROUPS = 4096;

/** Writes its output in place: the output is the variable being updated (m, v or the weight). */
class AdamUpdateProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] }; // flat: tfjs calls main(global index)
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  // 1 − β is computed in float64 on the CPU: in float32, 1 − 0.999 is off by 1e-5 relative.
  uniforms = 'scale : f32, b1 : f32, c1 : f32, b2 : f32, c2 : f32, alpha : f32, epsHat : f32,';

  /** `guarded`: an extra input `info` (stepGuard.ts) gives the scale, and nothing is written unless info[ok] is 1. */
  constructor(
    private readonly role: AdamRole,
    private readonly count: number,
    private readonly guarded = false,
  ) {
    this.variableNames = [...(role === 'w' ? ['m', 'v'] : ['g']), ...(guarded ? ['info'] : [])];
    this.outputShape = [count];
    this.dispatch = [Math.min(MAX_GROUPS, Math.max(1, Math.ceil(count / WORKGROUP))), 1, 1];
    this.shaderKey = `folioAdam_${role}_${count}${guarded ? '_guarded' : ''}`;
  }

  getUserCode(): string {
    const stride = this.dispatch[0] * WORKGROUP;
    const update = {
      m: 'result[i] = uniforms.b1 * result[i] + uniforms.c1 * scale * g[i];',
      v: 'let sg = scale * g[i]; result[i] = uniforms.b2 * result[i] + uniforms.c2 * sg * sg;',
      w: 'result[i] = result[i] - uniforms.alpha * m[i] / (sqrt(v[i]) + uniforms.epsHat);',
    }[this.role];
    return `
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        ${this.guarded ? `if (info[${INFO_OK}] < 0.5) { return; }` : ''}
        let scale = ${this.guarded ? `info[${INFO_SCALE}]` : 'uniforms.scale'};
        for (var i = index; i < ${this.count}; i += ${stride}) {
          ${update}
        }
      }
    `;
  }
}

export interface AdamStepConstants {
  scale: number;
  beta1: number;
  beta2: number;
  alpha: number;
  epsHat: number;
}

/**
 * One Adam update of one weight, in place (with `info` from stepGuard.ts: its scale, and no write at all when
 * the step's loss or norm was not finite; c.scale is then unused) in m, v and w (variables on the WebGPU backend), through
 * writeInPlace: each keeps a buffer of its own, and reads of them always download the new values.
 */
export function fusedAdamUpdate(w: tf.Variable, m: tf.Variable, v: tf.Variable, g: tf.Tensor, c: AdamStepConstants, info?: tf.Tensor): void {
  const values = [c.scale, c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.alpha, c.epsHat];
  const uniforms = values.map((x) => ({ type: 'float32' as const, data: [x] }));
  const guard = info ? [info] : [];
  const program = (role: AdamRole) => new AdamUpdateProgram(role, w.size, info !== undefined);
  // In queue order: w reads the m and v this step wrote.
  writeInPlace(program('m'), [g, ...guard], m, uniforms);
  writeInPlace(program('v'), [g, ...guard], v, uniforms);
  writeInPlace(program('w'), [m, v, ...guard], w, uniforms);
}
