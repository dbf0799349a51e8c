// One row of the output layer in one workgroup: logit[v] = h·W_fc[v] + b_fc[v] for every v, each dot product
// split over `slices` invocations and summed through workgroup memory. Shared by generation's sampler
// (logitsSampler.ts) and training's loss (softmaxLoss.ts). A row needs (slices + 1)·V floats of workgroup
// memory; where that is more than the device allows (texts of thousands of distinct characters, CJK), the
// loss keeps the row in its own output instead (`rowFitsWorkgroup`), and generation samples on the CPU.
import { kernelVariants } from '../kernelVariants';
import { workgroupStorageLimit } from '../dispatch/programRunner';

/** Invocations per workgroup: 256 on GPUs, 64 on a CPU emulation (where 256 halve the speed). */
export const rowWorkgroupSize = (): number => (kernelVariants().maxStepSplit > 1 ? 256 : 64);

/** Slices per dot product: 4 while the partial sums stay within 8 KB of workgroup memory. */
export const rowSlices = (vocab: number): number => (vocab * 4 * 4 <= 8192 ? 4 : 1);

/** Bytes of workgroup memory rowLogitsDeclWgsl declares, plus `extraFloats` of the program's own. */
export const rowWorkgroupBytes = (vocab: number, extraFloats = 0): number =>
  4 * (vocab * rowSlices(vocab) + vocab + extraFloats);

/** Whether a row of this vocabulary fits the device's workgroup memory (with the program's own floats). */
export const rowFitsWorkgroup = (vocab: number, extraFloats = 0): boolean =>
  rowWorkgroupBytes(vocab, extraFloats) <= workgroupStorageLimit();

/**
 * WGSL: module-scope workgroup arrays `partial` and `logit` (declared by rowLogitsDeclWgsl), and statements
 * (inside main, uniform control flow) that fill `logit` from inputs `h` (row starting at `hBase`), `fcw`, `fcb`.
 * Needs `lane` = the local invocation index as i32.
 */
export function rowLogitsWgsl(units: number, vocab: number, workgroup: number): string {
  const S = rowSlices(vocab);
  const chunk = Math.ceil(units / S);
  return `
        for (var p = lane; p < ${vocab * S}; p += ${workgroup}) {
          let v = p / ${S};
          let k0 = (p % ${S}) * ${chunk};
          let k1 = min(k0 + ${chunk}, ${units});
          var acc = 0.0;
          for (var k = k0; k < k1; k++) { acc += h[hBase + k] * fcw[v * ${units} + k]; }
          partial[p] = acc;
        }
        workgroupBarrier();
        for (var v = lane; v < ${vocab}; v += ${workgroup}) {
          var sum = fcb[v];
          for (var i = 0; i < ${S}; i++) { sum += partial[v * ${S} + i]; }
          logit[v] = sum;
        }
        workgroupBarrier();`;
}

/**
 * WGSL: the row's logits written to `store(v)` (a storage location) instead of workgroup memory, for rows that
 * do not fit it: one invocation per logit, the dot product whole (the one-slice order of rowLogitsWgsl, so the
 * values are the same). Ends with a storage barrier: every invocation of the workgroup may read them after.
 */
export function rowLogitsToStorageWgsl(
  units: number,
  vocab: number,
  workgroup: number,
  store: (v: string) => string,
): string {
  return `
        for (var v = lane; v < ${vocab}; v += ${workgroup}) {
          var acc = 0.0;
          for (var k = 0; k < ${units}; k++) { acc += h[hBase + k] * fcw[v * ${units} + k]; }
          var sum = fcb[v];
          sum += acc;
          ${store('v')} = sum;
        }
        storageBarrier();`;
}

export function rowLogitsDeclWgsl(vocab: number): string {
  return `
      var<workgroup> partial : array<f32, ${vocab * rowSlices(vocab)}>;
      var<workgroup> logit : array<f32, ${vocab}>;`;
}
