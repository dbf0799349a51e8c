// The step's global gradient norm, clipping factor and NaN guard on the GPU, so the update needs no readback
// first. The partial-sums dispatches write `sums`: each workgroup sums g² over up to 7 gradient buffers (a
// WebGPU program binds at most 8 storage buffers) into one square slot, and the first dispatch's workgroups
// also sum the loss column of softmaxLoss's rows into one loss slot each:
//   sums = [square slots (SLOTS per dispatch) | loss slots (SLOTS)]
// Adam (adamKernel.ts) adds the slots itself (guardWgsl: one invocation per workgroup, in slot order) and takes
//   norm = √Σ squares   ok = Σ squares and Σ losses finite   scale = min(1, clip / norm) (1 without clipping)
// leaving every weight and moment alone when ok is false. readGuard adds the same slots in the same order in
// float32 on the CPU, after the update, for the loss, the norm and whether the GPU applied the step.
// Steps in flight (model/stepsInFlight.ts): a step may also bind the previous step's sums (`after`); when that
// step was not applied, this one's first loss slot is not finite either, so it is not applied either, and so on down the chain.
// The CPU, reading several steps at once, then knows that everything after the first skipped step was skipped
// too, and encodes those batches again (as the sequential loop would have run them).
import * as tf from '../../tfjs';
import { type WebGPUProgram } from '../dispatch/programRunner';
import { useBindings } from '../dispatch/wgsl';
import { PreallocatedOutput } from '../dispatch/inPlace';

const WORKGROUP = 256;
/** Workgroups (slots) per partial-sum dispatch. */
const SLOTS = 32;
const BINDINGS = 7;

/** The step's partial sums on the GPU, with where their parts lie and the clipping threshold. */
// A type, not an interface: tf.tidy returns it (a tensor container needs an implicit index signature).
export type StepGuard = {
  /** [squareSlots + lossSlots] */
  sums: tf.Tensor;
  squareSlots: number;
  lossSlots: number;
  /** Positions whose losses the loss slots sum (the mean divides by it). */
  rows: number;
  /** Clip the global norm to this (0: no clipping). */
  clip: number;
};

/** WGSL: workgroup tree sum of `value` over 256 invocations; the total is in `partial[0]` afterwards. */
const treeSumWgsl = (value: string) => `
  partial[localIndex] = ${value};
  workgroupBarrier();
  for (var half = ${WORKGROUP / 2}u; half > 0u; half = half / 2u) {
    if (localIndex < half) { partial[localIndex] += partial[localIndex + half]; }
    workgroupBarrier();
  }`;

/**
 * Σ g² of up to 7 buffers into SLOTS square slots from slot `first` (uniform); with `loss`, its first input is
 * softmaxLoss's rows [n, width] and each workgroup also sums the loss column into loss slot `lossSlot + workgroup`.
 */
class PartialSumsProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number] = [SLOTS, 1, 1];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'first : i32, lossSlot : i32,';

  constructor(
    private readonly sizes: number[],
    slots: number,
    private readonly loss?: { rows: number; width: number; after?: GuardLayout },
  ) {
    const after = loss?.after ? ['after'] : [];
    this.variableNames = [...(loss ? ['rows'] : []), ...after, ...sizes.map((_, i) => `g${i}`)];
    this.outputShape = [slots];
    const chain = loss?.after ? `after${loss.after.squareSlots}x${loss.after.lossSlots}` : '';
    this.shaderKey = `folioPartialSums_${sizes.join('_')}_${slots}_${loss ? `${loss.rows}x${loss.width}` : ''}${chain}`;
  }

  getUserCode(): string {
    const stride = SLOTS * WORKGROUP;
    const loops = this.sizes.map(
      (size, i) => `for (var e = index; e < ${size}; e += ${stride}) { let x = g${i}[e]; acc += x * x; }`,
    );
    const loss = this.loss
      ? `workgroupBarrier();
        var lossAcc = 0.0;
        for (var n = index; n < ${this.loss.rows}; n += ${stride}) { lossAcc += rows[n * ${this.loss.width} + ${this.loss.width - 1}]; }
        ${treeSumWgsl('lossAcc')}
        if (localIndex == 0u) {
          var total = partial[0];
          ${this.loss.after ? chainWgsl(this.loss.after) : ''}
          result[uniforms.lossSlot + i32(workgroupId.x)] = total;
        }`
      : '';
    return `
      var<workgroup> partial : array<f32, ${WORKGROUP}>;
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        var acc = 0.0;
        ${loops.join('\n')}
        ${treeSumWgsl('acc')}
        if (localIndex == 0u) { result[uniforms.first + i32(workgroupId.x)] = partial[0]; }
        ${loss}
      }
    `;
  }
}

/** Where a guard's slots lie in its sums. */
type GuardLayout = Pick<StepGuard, 'squareSlots' | 'lossSlots'>;

/**
 * WGSL, in workgroup 0's first invocation: `total` becomes +∞ when the step before (its sums bound as `after`)
 * was not applied: the same test as guardWgsl, on the same slots in the same order.
 */
const chainWgsl = (after: GuardLayout) => `
          if (workgroupId.x == 0u) {
            var squares = 0.0;
            for (var i = 0; i < ${after.squareSlots}; i++) { squares += after[i]; }
            var losses = 0.0;
            for (var i = 0; i < ${after.lossSlots}; i++) { losses += after[${after.squareSlots} + i]; }
            let finite = ((bitcast<u32>(squares) & 0x7f800000u) != 0x7f800000u) &&
              ((bitcast<u32>(losses) & 0x7f800000u) != 0x7f800000u);
            if (!finite) { total = squares + losses; } // not finite either (a constant ∞ is not valid WGSL)
          }`;

/**
 * The guard of a step with gradient buffers `grads` and softmaxLoss's output `rows` [N, width] (the loss in the last column). `after`: the
 * guard of the step queued just before this one, still unread: this step is not applied unless that one was.
 */
export function stepGuard(grads: tf.Tensor[], rows: tf.Tensor, clip: number, after?: StepGuard): StepGuard {
  const [n, width] = rows.shape;
  const first = BINDINGS - (after ? 2 : 1); // the first dispatch also binds rows (and the step before's sums)
  const groups: tf.Tensor[][] = [grads.slice(0, first)];
  for (let i = first; i < grads.length; i += BINDINGS) groups.push(grads.slice(i, i + BINDINGS));
  const squareSlots = groups.length * SLOTS;
  const sums = new PreallocatedOutput([squareSlots + SLOTS]);
  groups.forEach((group, d) => {
    const loss = d === 0 ? { rows: n, width, after } : undefined;
    sums.run(
      new PartialSumsProgram(
        group.map((g) => g.size),
        squareSlots + SLOTS,
        loss,
      ),
      [...(loss ? [rows] : []), ...(loss && after ? [after.sums] : []), ...group],
      [d * SLOTS, squareSlots],
    );
  });
  return { sums: sums.toTensor(), squareSlots, lossSlots: SLOTS, rows: n, clip };
}

/** A guard that always applies, with clipping factor `scale` ≤ 1 (tests of Adam alone): norm 1, clip = scale. */
export function fixedGuard(scale: number): StepGuard {
  if (!(scale > 0 && scale <= 1)) throw new Error(`a fixed guard's scale is in (0, 1], got ${scale}`);
  return { sums: tf.tensor1d([1, 0]), squareSlots: 1, lossSlots: 1, rows: 1, clip: scale < 1 ? scale : 0 };
}

/**
 * WGSL for a raw pipeline with `sums` bound as a storage array and the clipping threshold in `clipValue`:
 * `let scale = guardScale(localIndex)` (workgroup-uniform; negative when the step must not be applied). Call it
 * in uniform control flow: it has a barrier.
 */
export function guardWgsl(g: Pick<StepGuard, 'squareSlots' | 'lossSlots'>, clipValue: string): string {
  return `
    var<workgroup> guardScale_ : f32;
    fn finite(x : f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
    fn guardScale(localIndex : u32) -> f32 {
      if (localIndex == 0u) {
        var squares = 0.0;
        for (var i = 0; i < ${g.squareSlots}; i++) { squares += sums[i]; }
        var losses = 0.0;
        for (var i = 0; i < ${g.lossSlots}; i++) { losses += sums[${g.squareSlots} + i]; }
        let norm = sqrt(squares);
        var scale = 1.0;
        if (${clipValue} > 0.0) { scale = min(1.0, ${clipValue} / max(norm, 1e-12)); }
        guardScale_ = select(-1.0, scale, finite(squares) && finite(losses));
      }
      return workgroupUniformLoad(&guardScale_);
    }`;
}

/** The step's mean loss, global norm and whether the GPU applied it, read after the update (see the header). */
export async function readGuard(g: StepGuard): Promise<GuardResult> {
  return guardResult(g, (await g.sums.data()) as Float32Array);
}

export interface GuardResult {
  loss: number;
  gradNorm: number;
  applied: boolean;
}

/** What readGuard reports, from the guard's sums as read (`sums` may hold more after them: it reads its own). */
export function guardResult(g: Omit<StepGuard, 'sums'>, sums: Float32Array): GuardResult {
  let squares = 0;
  for (let i = 0; i < g.squareSlots; i++) squares = Math.fround(squares + sums[i]);
  let losses = 0;
  for (let i = 0; i < g.lossSlots; i++) losses = Math.fround(losses + sums[g.squareSlots + i]);
  const applied = Number.isFinite(squares) && Number.isFinite(losses);
  return { loss: Math.fround(losses / g.rows), gradNorm: Math.fround(Math.sqrt(squares)), applied };
}
