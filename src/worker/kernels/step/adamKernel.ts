// Adam on WebGPU as one dispatch per weight, or per pair of weights whose gradients share one buffer: w, m and
// v are updated in place together (folio's own pipeline, rawPass.ts, since a tfjs program writes one output),
// with the clipping factor and the NaN guard taken from the step's partial sums on the GPU (stepGuard.ts):
//   s = min(1, clip / norm);  if the loss or the norm is not finite, nothing is written
//   m ← β1·m + (1−β1)·s·g      v ← β2·v + (1−β2)·(s·g)²      w ← w − α·m / (√v + ε̂)
// α = lr·√(1−β2ᵗ)/(1−β1ᵗ), ε̂ = ε·√(1−β2ᵗ): the same update as Adam.apply's plain-ops path (model/adam.ts);
// e2e/training.spec.ts checks both against Adam in float64.
import * as tf from '../../tfjs';
import { writeManyInPlace } from '../dispatch/inPlace';
import { guardWgsl, type StepGuard } from './stepGuard';

const WORKGROUP = 256;
/** A grid-stride loop over at most this many workgroups keeps the dispatch one-dimensional at any size. */
const MAX_GROUPS = 4096;

/** A weight's gradient inside a buffer it may share: element i at offset + ⌊i / cols⌋·stride + (i mod cols). */
export interface GradView {
  tensor: tf.Tensor;
  cols: number;
  stride: number;
  offset: number;
}

/** A gradient that is a whole tensor of its own. */
export const wholeGrad = (t: tf.Tensor): GradView => ({ tensor: t, cols: t.size, stride: t.size, offset: 0 });

/** One weight of a dispatch: its variable, moments and gradient view. */
export interface AdamPart {
  w: tf.Variable;
  m: tf.Variable;
  v: tf.Variable;
  grad: GradView;
}

/** WGSL: the update of weight `p` (buffers w{p}, m{p}, v{p}) at element j, its gradient read through its view. */
function updateWgsl(p: number, view: GradView): string {
  const g =
    view.cols === view.stride && view.offset === 0
      ? 'g[j]'
      : `g[${view.offset} + (j / ${view.cols}) * ${view.stride} + j % ${view.cols}]`;
  return `
        let g${p} = ${g};
        let sg${p} = scale * g${p};
        let mi${p} = c.b1 * m${p}[j] + c.c1 * scale * g${p};
        let vi${p} = c.b2 * v${p}[j] + c.c2 * sg${p} * sg${p};
        m${p}[j] = mi${p};
        v${p}[j] = vi${p};
        w${p}[j] = w${p}[j] - c.alpha * mi${p} / (sqrt(vi${p}) + c.epsHat);`;
}

function adamWgsl(parts: AdamPart[], groups: number, guard?: StepGuard): string {
  const bind = (name: string, i: number, access: string) =>
    `@group(0) @binding(${i}) var<storage, ${access}> ${name} : array<f32>;`;
  const decls = parts.flatMap((_, p) => ['w', 'm', 'v'].map((x, k) => bind(`${x}${p}`, 3 * p + k, 'read_write')));
  const n = 3 * parts.length;
  const [first, second] = parts;
  const total = parts.reduce((sum, p) => sum + p.w.size, 0);
  const body = second
    ? `if (i < ${first.w.size}) { let j = i; ${updateWgsl(0, first.grad)} } else { let j = i - ${first.w.size}; ${updateWgsl(1, second.grad)} }`
    : `let j = i; ${updateWgsl(0, first.grad)}`;
  return `
    // scaleOrClip: the clipping factor itself, or with a guard the clipping threshold.
    struct Constants { b1 : f32, c1 : f32, b2 : f32, c2 : f32, alpha : f32, epsHat : f32, scaleOrClip : f32, pad : f32, }
    ${decls.join('\n    ')}
    ${bind('g', n, 'read')}
    ${guard ? bind('sums', n + 1, 'read') : ''}
    @group(0) @binding(${n + (guard ? 2 : 1)}) var<uniform> c : Constants;
    ${guard ? guardWgsl(guard, 'c.scaleOrClip') : ''}
    @compute @workgroup_size(${WORKGROUP})
    fn main(@builtin(global_invocation_id) id : vec3<u32>, @builtin(local_invocation_index) local : u32) {
      ${guard ? 'let scale = guardScale(local);\n      if (scale < 0.0) { return; }' : 'let scale = c.scaleOrClip;'}
      for (var i = i32(id.x); i < ${total}; i += ${groups * WORKGROUP}) {
        ${body}
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

const viewKey = (v: GradView) => `${v.cols}.${v.stride}.${v.offset}`;

/**
 * One Adam update of one weight, or of two whose gradients are views of the same buffer, in place in w, m
 * and v (variables on the WebGPU backend) through writeManyInPlace: each keeps a buffer of its own, and reads
 * of them always download the new values. With the step's `guard` (stepGuard.ts) the clipping factor comes
 * from its partial sums and a step that is not finite writes nothing; without one, c.scale is applied.
 */
export function fusedAdamGroup(parts: AdamPart[], c: AdamStepConstants, guard?: StepGuard): void {
  if (parts.length < 1 || parts.length > 2) throw new Error('Adam updates one or two weights per dispatch');
  if (parts.length === 2 && parts[0].grad.tensor !== parts[1].grad.tensor)
    throw new Error('paired weights must share their gradient buffer');
  const total = parts.reduce((sum, p) => sum + p.w.size, 0);
  const groups = Math.min(MAX_GROUPS, Math.max(1, Math.ceil(total / WORKGROUP)));
  // 1 − β is computed in float64 on the CPU: in float32, 1 − 0.999 is off by 1e-5 relative.
  const uniforms = [c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.alpha, c.epsHat, guard ? guard.clip : c.scale, 0];
  const guardKey = guard ? `_guard${guard.squareSlots}.${guard.lossSlots}` : '';
  const key = `folioAdam_${parts.map((p) => `${p.w.size}:${viewKey(p.grad)}`).join('_')}${guardKey}`;
  const targets = parts.flatMap((p) => [p.w, p.m, p.v]);
  const inputs = [parts[0].grad.tensor, ...(guard ? [guard.sums] : [])];
  writeManyInPlace({ key, wgsl: () => adamWgsl(parts, groups, guard), uniforms, workgroups: groups }, targets, inputs);
}

/** One Adam update of one weight with a gradient tensor of its own (see fusedAdamGroup). */
export function fusedAdamUpdate(
  w: tf.Variable,
  m: tf.Variable,
  v: tf.Variable,
  g: tf.Tensor,
  c: AdamStepConstants,
  guard?: StepGuard,
): void {
  fusedAdamGroup([{ w, m, v, grad: wholeGrad(g) }], c, guard);
}
