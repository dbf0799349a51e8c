// The output layer and the sampler of generation in one dispatch per character: one workgroup per batch row
// computes logits = h·W_fcᵀ + b_fc (each logit's dot product split over SLICES invocations, summed through
// workgroup memory), then picks the id by the CPU sampler's rule (argmax at temperature ≤ 0, else the
// first i with Σ_{≤i} softmax(logits/τ) > u), and writes it into the token history for the next cell to read.
import { useBindings, type WebGPUProgram } from './programRunner';
import { kernelVariants } from './kernelVariants';

/** Invocations per workgroup: 256 on GPUs, 64 on a CPU emulation (where 256 halve generation's speed). */
const workgroupSize = () => (kernelVariants().maxStepSplit > 1 ? 256 : 64);

export interface LogitsSamplerSizes {
  batch: number;
  units: number;
  vocab: number;
  /** Steps of the chunk: the history holds count + 1 rows (row 0 is the chunk's first input). */
  count: number;
  /** h is a state buffer [5, count, B, H] read at row `slot` (plane 0), instead of [B, H]. */
  rows: boolean;
}

/**
 * Inputs: h, fcw [V, H], fcb [V], draws [count, B] (uniform in [0, 1)), temperature [1].
 * Output: the token history [count + 1, B] int32, row slot + 1 written (uniform `slot`).
 */
export class LogitsSamplerProgram implements WebGPUProgram {
  variableNames = ['h', 'fcw', 'fcb', 'uniformDraws', 'temperature'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  uniforms = 'slot : i32,';
  private readonly slices: number;

  constructor(private readonly s: LogitsSamplerSizes) {
    this.workgroupSize = [workgroupSize(), 1, 1];
    this.outputShape = [s.count + 1, s.batch];
    this.dispatch = [s.batch, 1, 1];
    this.slices = s.vocab * 4 * 4 <= 8192 ? 4 : 1; // partial sums stay within 8 KB of workgroup memory
    this.shaderKey = `folioLogitsSampler_${s.batch}_${s.units}_${s.vocab}_${s.count}_${s.rows}_w${this.workgroupSize[0]}`;
  }

  getUserCode(): string {
    const { batch: B, units: H, vocab: V } = this.s;
    const S = this.slices;
    const chunk = Math.ceil(H / S);
    const WORKGROUP = this.workgroupSize[0];
    const hRow = this.s.rows ? `(slot * ${B} + b) * ${H}` : `b * ${H}`;
    return `
      var<workgroup> partial : array<f32, ${V * S}>;
      var<workgroup> logit : array<f32, ${V}>;
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        let b = i32(workgroupId.x);
        let lane = i32(localIndex);
        let slot = uniforms.slot;
        let hBase = ${hRow};
        for (var p = lane; p < ${V * S}; p += ${WORKGROUP}) {
          let v = p / ${S};
          let k0 = (p % ${S}) * ${chunk};
          let k1 = min(k0 + ${chunk}, ${H});
          var acc = 0.0;
          for (var k = k0; k < k1; k++) { acc += h[hBase + k] * fcw[v * ${H} + k]; }
          partial[p] = acc;
        }
        workgroupBarrier();
        for (var v = lane; v < ${V}; v += ${WORKGROUP}) {
          var sum = fcb[v];
          for (var i = 0; i < ${S}; i++) { sum += partial[v * ${S} + i]; }
          logit[v] = sum;
        }
        workgroupBarrier();
        if (lane != 0) { return; }
        var best = 0;
        var mx = logit[0];
        for (var i = 1; i < ${V}; i++) {
          if (logit[i] > mx) { mx = logit[i]; best = i; }
        }
        let tau = temperature[0];
        if (tau > 0.0) {
          var total = 0.0;
          for (var i = 0; i < ${V}; i++) { total += exp((logit[i] - mx) / tau); }
          var u = uniformDraws[slot * ${B} + b] * total;
          for (var i = 0; i < ${V}; i++) {
            u -= exp((logit[i] - mx) / tau);
            if (u < 0.0) { best = i; break; }
          }
        }
        result[(slot + 1) * ${B} + b] = best;
      }
    `;
  }
}
