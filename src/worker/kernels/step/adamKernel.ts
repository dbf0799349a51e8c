// Adam on WebGPU for many weights per dispatch: each weight w is updated in place together with its moments,
// which Adam keeps for all weights in one buffer (m of every weight, then v), so a dispatch binds its weights,
// that one buffer, the gradient buffers its weights' views read and the guard's sums. A WebGPU program binds
// at most maxStorageBuffersPerShaderStage storage buffers, so the weights go in as few dispatches as that allows
// (one at Tiny where the device lets it; the spec's default 8 gives two). The clipping factor and the NaN guard
// come from the step's partial sums on the GPU (stepGuard.ts):
//   s = min(1, clip / norm);  if the loss or the norm is not finite, nothing is written
//   m ← β1·m + (1−β1)·s·g      v ← β2·v + (1−β2)·(s·g)²      w ← w − α·m / (√v + ε̂)
// α = lr·√(1−β2ᵗ)/(1−β1ᵗ), ε̂ = ε·√(1−β2ᵗ): the same update as Adam.apply's plain-ops path (model/adam.ts);
// e2e/training.spec.ts checks both against Adam in float64.
import * as tf from '../../tfjs';
import { writeManyInPlace } from '../dispatch/inPlace';
import { storageBufferLimit } from '../dispatch/programRunner';
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

/** One weight of an update: its variable, where its moments start in the moment buffer, its gradient view. */
export interface AdamPart {
  w: tf.Variable;
  offset: number;
  grad: GradView;
}

export interface AdamStepConstants {
  scale: number;
  beta1: number;
  beta2: number;
  alpha: number;
  epsHat: number;
}

/**
 * Splits weights into dispatches, in order, each binding at most `limit` storage buffers: one per weight, one
 * per distinct gradient buffer (`gradOf` says which), and `fixed` more (the moment buffer, the guard's sums).
 */
export function bindingGroups<T>(parts: T[], gradOf: (p: T) => unknown, fixed: number, limit: number): T[][] {
  if (limit < fixed + 2) throw new Error(`Adam needs at least ${fixed + 2} storage buffers per program`);
  const groups: T[][] = [];
  let current: T[] = [];
  const bindings = (ps: T[]) => ps.length + new Set(ps.map(gradOf)).size + fixed;
  for (const p of parts) {
    if (current.length > 0 && bindings([...current, p]) > limit) {
      groups.push(current);
      current = [];
    }
    current.push(p);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** WGSL: the update of weight `p` (buffer w{p}, moments at `offset`) at element j, its gradient in buffer g{q}. */
function updateWgsl(p: number, part: AdamPart, q: number, total: number): string {
  const view = part.grad;
  const g =
    view.cols === view.stride && view.offset === 0
      ? `g${q}[j]`
      : `g${q}[${view.offset} + (j / ${view.cols}) * ${view.stride} + j % ${view.cols}]`;
  return `
        let g = ${g};
        let sg = scale * g;
        let mi = c.b1 * moments[${part.offset} + j] + c.c1 * scale * g;
        let vi = c.b2 * moments[${total + part.offset} + j] + c.c2 * sg * sg;
        moments[${part.offset} + j] = mi;
        moments[${total + part.offset} + j] = vi;
        w${p}[j] = w${p}[j] - c.alpha * mi / (sqrt(vi) + c.epsHat);`;
}

/** The program of one dispatch; `total` is the moment buffer's m length (all of Adam's weights). */
function adamWgsl(parts: AdamPart[], grads: tf.Tensor[], total: number, groups: number, guard?: StepGuard): string {
  const bind = (name: string, i: number, access: string) =>
    `@group(0) @binding(${i}) var<storage, ${access}> ${name} : array<f32>;`;
  const n = parts.length;
  const decls = [
    ...parts.map((_, p) => bind(`w${p}`, p, 'read_write')),
    bind('moments', n, 'read_write'),
    ...grads.map((_, q) => bind(`g${q}`, n + 1 + q, 'read')),
    ...(guard ? [bind('sums', n + 1 + grads.length, 'read')] : []),
  ];
  let start = 0;
  const branches = parts.map((part, p) => {
    const end = start + part.w.size;
    const branch = `if (i < ${end}) { let j = i - ${start}; ${updateWgsl(p, part, grads.indexOf(part.grad.tensor), total)} }`;
    start = end;
    return branch;
  });
  return `
    // scaleOrClip: the clipping factor itself, or with a guard the clipping threshold.
    struct Constants { b1 : f32, c1 : f32, b2 : f32, c2 : f32, alpha : f32, epsHat : f32, scaleOrClip : f32, pad : f32, }
    ${decls.join('\n    ')}
    @group(0) @binding(${decls.length}) var<uniform> c : Constants;
    ${guard ? guardWgsl(guard, 'c.scaleOrClip') : ''}
    @compute @workgroup_size(${WORKGROUP})
    fn main(@builtin(global_invocation_id) id : vec3<u32>, @builtin(local_invocation_index) local : u32) {
      ${guard ? 'let scale = guardScale(local);\n      if (scale < 0.0) { return; }' : 'let scale = c.scaleOrClip;'}
      for (var i = i32(id.x); i < ${start}; i += ${groups * WORKGROUP}) {
        ${branches.join(' else ')}
      }
    }
  `;
}

const viewKey = (v: GradView) => `${v.cols}.${v.stride}.${v.offset}`;

/** One dispatch updating `parts` and their moments in place (see fusedAdam). */
function adamDispatch(parts: AdamPart[], moments: tf.Variable, c: AdamStepConstants, guard?: StepGuard): void {
  const total = moments.size / 2;
  const grads = [...new Set(parts.map((p) => p.grad.tensor))];
  const size = parts.reduce((sum, p) => sum + p.w.size, 0);
  const groups = Math.min(MAX_GROUPS, Math.max(1, Math.ceil(size / WORKGROUP)));
  // 1 − β is computed in float64 on the CPU: in float32, 1 − 0.999 is off by 1e-5 relative.
  const uniforms = [c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.alpha, c.epsHat, guard ? guard.clip : c.scale, 0];
  const guardKey = guard ? `_guard${guard.squareSlots}.${guard.lossSlots}` : '';
  const partKey = (p: AdamPart) => `${p.w.size}@${p.offset}:g${grads.indexOf(p.grad.tensor)}.${viewKey(p.grad)}`;
  const key = `folioAdam_${total}_${parts.map(partKey).join('_')}${guardKey}`;
  writeManyInPlace(
    { key, wgsl: () => adamWgsl(parts, grads, total, groups, guard), uniforms, workgroups: groups },
    [...parts.map((p) => p.w), moments],
    [...grads, ...(guard ? [guard.sums] : [])],
  );
}

/**
 * One Adam update of every weight in `parts`, in place in the weights (variables on the WebGPU backend) and in
 * `moments` [2·total] (m then v, weight p's from parts[p].offset), through writeManyInPlace: each keeps a buffer
 * of its own, and reads of them always download the new values. As few dispatches as the device's storage
 * buffer limit allows. With the step's `guard` (stepGuard.ts) the clipping factor comes from its partial sums
 * and a step that is not finite writes nothing; without one, c.scale is applied.
 */
export function fusedAdam(
  parts: AdamPart[],
  moments: tf.Variable,
  c: AdamStepConstants,
  guard?: StepGuard,
  limit = storageBufferLimit(),
): void {
  const fixed = guard ? 2 : 1;
  for (const group of bindingGroups(parts, (p) => p.grad.tensor, fixed, limit)) adamDispatch(group, moments, c, guard);
}
