// One GRU step for generation as one dispatch, the embedding lookup and input projection included:
//   x = emb[id] (layer 0) or x = the layer below's new state (layers l > 0, `dense` input);  gi = x·W_ihᵀ + b_ih;  gh = h·W_hhᵀ + b_hh;  r, z, n as in the window kernel;  h' = n + z ⊙ (h − n)
import { groups, type WebGPUProgram } from '../dispatch/programRunner';
import { gateMathWgsl, useBindings } from '../dispatch/wgsl';

export interface GruCellSizes {
  batch: number;
  units: number;
  embed: number;
  /** Rows of the id history buffer [slots, B] the previous ids are read from. */
  slots: number;
  /** Layers above the first read x [B, E] (the layer below's state) instead of looking ids up. */
  dense?: boolean;
  /** With `dense`: x is the layer below's state buffer [5, slots, B, E] or [slots, B, E], read at row `slot` (plane 0). */
  xRows?: boolean;
  /**
   * Writes h' into row `slot` of a chunk buffer [slots, B, H] and reads h from its row slot − 1 (from the
   * input `h` [B, H] at slot 0), so a generation chunk runs as one loop with no tensor per step.
   */
  chunk?: boolean;
}

/**
 * Inputs: emb [V, E], firstIds [B] int32, history [slots, B] int32, wih [3H, E], whh [3H, H],
 * biases [2, 3H] (b_ih then b_hh: WebGPU allows only 8 storage buffers per program), h [B, H]. The id fed in is firstIds[b] when the uniform `slot` is 0, else history[slot − 1, b].
 * Output h' [B, H]. One invocation per (unit, row); weights rows are contiguous per invocation.
 */
export class GruCellProgram implements WebGPUProgram {
  variableNames = ['emb', 'firstIds', 'history', 'wih', 'whh', 'biases', 'h'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [1], y: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [64, 1, 1];
  uniforms = 'slot : i32,';

  constructor(private readonly s: GruCellSizes) {
    if (s.dense) this.variableNames = ['x', 'wih', 'whh', 'biases', 'h'];
    this.outputShape = s.chunk ? [s.slots, s.batch, s.units] : [s.batch, s.units];
    this.dispatch = [groups(s.units, 64), s.batch, 1];
    this.shaderKey = `folioGruCell_${s.batch}_${s.units}_${s.embed}_${s.slots}${s.dense ? '_dense' : ''}${s.xRows ? '_rows' : ''}${s.chunk ? '_chunk' : ''}`;
  }

  getUserCode(): string {
    const { batch: B, units: H, embed: E, chunk } = this.s;
    const hPrev = chunk
      ? `if (slot == 0) { return h[b * ${H} + k]; }
        return result[((slot - 1) * ${B} + b) * ${H} + k];`
      : `return h[b * ${H} + k];`;
    return `
      ${gateMathWgsl}
      fn hPrev(slot : i32, b : i32, k : i32) -> f32 {
        ${hPrev}
      }
      fn main() {
        let j = i32(globalId.x);
        let b = i32(globalId.y);
        let slot = uniforms.slot;
        ${useBindings(this.variableNames)}
        if (j >= ${H}) { return; }
        ${
          this.s.dense
            ? ''
            : `var id = firstIds[b];
        if (slot > 0) { id = history[(slot - 1) * ${B} + b]; }`
        }
        var gi = vec3<f32>(biases[j], biases[${H} + j], biases[${2 * H} + j]);
        for (var k = 0; k < ${E}; k++) {
          let x = ${this.s.dense ? `x[(${this.s.xRows ? `slot * ${B} + b` : 'b'}) * ${E} + k]` : `emb[id * ${E} + k]`};
          gi += x * vec3<f32>(wih[j * ${E} + k], wih[(${H} + j) * ${E} + k], wih[(${2 * H} + j) * ${E} + k]);
        }
        var gh = vec3<f32>(biases[${3 * H} + j], biases[${4 * H} + j], biases[${5 * H} + j]);
        for (var k = 0; k < ${H}; k++) {
          let hk = hPrev(slot, b, k);
          gh += hk * vec3<f32>(whh[j * ${H} + k], whh[(${H} + j) * ${H} + k], whh[(${2 * H} + j) * ${H} + k]);
        }
        let r = sigmoidF(gi.x + gh.x);
        let z = sigmoidF(gi.y + gh.y);
        let n = tanhF(gi.z + r * gh.z);
        let hp = hPrev(slot, b, j);
        result[${chunk ? `(slot * ${B} + b) * ${H} + j` : `b * ${H} + j`}] = n + z * (hp - n);
      }
    `;
  }
}
