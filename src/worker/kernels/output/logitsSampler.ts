// The output layer and the sampler of generation in one dispatch per character: one workgroup per batch row
// computes logits = h·W_fcᵀ + b_fc (each logit's dot product split over SLICES invocations, summed through
// workgroup memory), then picks the id by the CPU sampler's rule (argmax at temperature ≤ 0, else the
// first i with Σ_{≤i} softmax(logits/τ) > u), and writes it into the token history for the next cell to read.
import { type WebGPUProgram } from '../dispatch/programRunner';
import { useBindings } from '../dispatch/wgsl';
import { rowFitsWorkgroup, rowLogitsDeclWgsl, rowLogitsWgsl, rowWorkgroupSize } from './rowLogits';

export interface LogitsSamplerSizes {
  batch: number;
  units: number;
  vocab: number;
  /** Steps of the chunk: the history holds count + 1 rows (row 0 is the chunk's first input). */
  count: number;
  /** h is a state buffer [5, count, B, H] read at row `slot` (plane 0), instead of [B, H]. */
  rows: boolean;
}

/** Whether a row of logits of this vocabulary fits the device's workgroup memory (else generation samples on the CPU). */
export const samplerServes = (vocab: number): boolean => rowFitsWorkgroup(vocab);

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

  constructor(private readonly s: LogitsSamplerSizes) {
    if (!samplerServes(s.vocab)) throw new Error(`the GPU sampler does not serve ${s.vocab} characters on this device`);
    this.workgroupSize = [rowWorkgroupSize(), 1, 1];
    this.outputShape = [s.count + 1, s.batch];
    this.dispatch = [s.batch, 1, 1];
    this.shaderKey = `folioLogitsSampler_${s.batch}_${s.units}_${s.vocab}_${s.count}_${s.rows}_w${this.workgroupSize[0]}`;
  }

  getUserCode(): string {
    const { batch: B, units: H, vocab: V } = this.s;
    const hRow = this.s.rows ? `(slot * ${B} + b) * ${H}` : `b * ${H}`;
    return `
      ${rowLogitsDeclWgsl(V)}
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        let b = i32(workgroupId.x);
        let lane = i32(localIndex);
        let slot = uniforms.slot;
        let hBase = ${hRow};
        ${rowLogitsWgsl(H, V, this.workgroupSize[0])}
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
