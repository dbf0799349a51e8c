// Adam on WebGPU as one dispatch per weight: w, m and v are updated in place together (folio's own pipeline,
// rawPass.ts, since a tfjs program writes one output), with the clipping factor and the NaN guard read from
// the step's verdict on the GPU (stepGuard.ts):
//   s = info[scale];  if info[ok] is 0, nothing is written
//   m ← β1·m + (1−β1)·s·g      v ← β2·v + (1−β2)·(s·g)²      w ← w − α·m / (√v + ε̂)
// α = lr·√(1−β2ᵗ)/(1−β1ᵗ), ε̂ = ε·√(1−β2ᵗ): the same update as Adam.apply's plain-ops path (model/adam.ts);
// e2e/training.spec.ts checks both against Adam in float64.
import * as tf from '@tensorflow/tfjs';
import { writeManyInPlace } from './inPlace';
import { INFO_OK, INFO_SCALE } from './stepGuard';

const WORKGROUP = 256;
/** A grid-stride loop over at most this many workgroups keeps the dispatch one-dimensional at any size. */
const MAX_GROUPS = 4096;

function adamWgsl(count: number, groups: number): string {
  return `
    struct Constants { b1 : f32, c1 : f32, b2 : f32, c2 : f32, alpha : f32, epsHat : f32, pad0 : f32, pad1 : f32, }
    @group(0) @binding(0) var<storage, read_write> w : array<f32>;
    @group(0) @binding(1) var<storage, read_write> m : array<f32>;
    @group(0) @binding(2) var<storage, read_write> v : array<f32>;
    @group(0) @binding(3) var<storage, read> g : array<f32>;
    @group(0) @binding(4) var<storage, read> info : array<f32>;
    @group(0) @binding(5) var<uniform> c : Constants;
    @compute @workgroup_size(${WORKGROUP})
    fn main(@builtin(global_invocation_id) id : vec3<u32>) {
      if (info[${INFO_OK}] < 0.5) { return; }
      let scale = info[${INFO_SCALE}];
      for (var i = i32(id.x); i < ${count}; i += ${groups * WORKGROUP}) {
        let sg = scale * g[i];
        let mi = c.b1 * m[i] + c.c1 * scale * g[i];
        let vi = c.b2 * v[i] + c.c2 * sg * sg;
        m[i] = mi;
        v[i] = vi;
        w[i] = w[i] - c.alpha * mi / (sqrt(vi) + c.epsHat);
      }
    }
  `;
}

export interface AdamStepConstants {
  scale: number;
  beta1: number;
  beta2: number;
  alpha: number;
  epsHat: number;
}

/**
 * One Adam update of one weight, in place in w, m and v (variables on the WebGPU backend) through
 * writeManyInPlace: each keeps a buffer of its own, and reads of them always download the new values.
 * `info` is the step's verdict (stepGuard.ts: its scale, and no write at all when the step was not finite);
 * without it the update is applied with c.scale.
 */
export function fusedAdamUpdate(w: tf.Variable, m: tf.Variable, v: tf.Variable, g: tf.Tensor, c: AdamStepConstants, info?: tf.Tensor): void {
  const verdict = info ?? tf.tensor1d([c.scale, 0, 0, 1]);
  const groups = Math.min(MAX_GROUPS, Math.max(1, Math.ceil(w.size / WORKGROUP)));
  // 1 − β is computed in float64 on the CPU: in float32, 1 − 0.999 is off by 1e-5 relative.
  const uniforms = [c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.alpha, c.epsHat, 0, 0];
  writeManyInPlace({ key: `folioAdam_${w.size}`, wgsl: () => adamWgsl(w.size, groups), uniforms, workgroups: groups }, [w, m, v], [g, verdict]);
  if (!info) verdict.dispose();
}
