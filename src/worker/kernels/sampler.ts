// Picks the next character on the GPU, so generation reads ids back once per chunk, not once per character:
//   id = argmax(logits) when temperature ≤ 0, else the first i with Σ_{≤i} softmax(logits/τ) > u (u uniform in [0, 1)).
import { groups, useBindings, type WebGPUProgram } from './programRunner';

/**
 * Inputs: logits [B, V], uniforms [slots, B] (random numbers in [0, 1)), temperature [1].
 * Output: the id history [slots, B] int32, row `slot` (uniform) written. One invocation per batch row.
 * Same rule as the CPU sampler (sampleFromLogits), in float32.
 */
export class SampleProgram implements WebGPUProgram {
  variableNames = ['logits', 'uniformDraws', 'temperature'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [1], y: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [64, 1, 1];
  uniforms = 'slot : i32,';

  constructor(
    private readonly batch: number,
    private readonly vocab: number,
    slots: number,
  ) {
    this.outputShape = [slots, batch];
    this.dispatch = [groups(batch, 64), 1, 1];
    this.shaderKey = `folioSample_${batch}_${vocab}_${slots}`;
  }

  getUserCode(): string {
    const V = this.vocab;
    return `
      fn main() {
        let b = i32(globalId.x);
        let slot = uniforms.slot;
        ${useBindings(this.variableNames)}
        if (b >= ${this.batch}) { return; }
        let base = b * ${V};
        var best = 0;
        var mx = logits[base];
        for (var i = 1; i < ${V}; i++) {
          if (logits[base + i] > mx) { mx = logits[base + i]; best = i; }
        }
        let tau = temperature[0];
        if (tau > 0.0) {
          var total = 0.0;
          for (var i = 0; i < ${V}; i++) { total += exp((logits[base + i] - mx) / tau); }
          var u = uniformDraws[slot * ${this.batch} + b] * total;
          for (var i = 0; i < ${V}; i++) {
            u -= exp((logits[base + i] - mx) / tau);
            if (u < 0.0) { best = i; break; }
          }
        }
        result[slot * ${this.batch} + b] = best;
      }
    `;
  }
}
