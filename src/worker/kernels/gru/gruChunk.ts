// Generation for small networks: one dispatch writes a whole chunk of characters for batch 1. One workgroup
// runs every layer's cell, the output layer and the sampler for each character in turn, with the states,
// the logits and the picked id in workgroup memory (workgroupBarrier between the parts), so nothing waits on
// a dispatch boundary. The sampler is LogitsSamplerProgram's rule on the same uniform draws (argmax at
// temperature ≤ 0, else the first i with Σ_{≤i} exp((logit − max)/τ) > u · Σ exp(…)).
//   per character: x = emb[id];  for each layer l: s_l = cell(x, s_l), x = h_l;  logits = x·W_fcᵀ + b_fc;  id = sample
// (the cell's gate math from cellKernel.ts; a layer's state s_l is h, and the LSTM's c after it)
import * as tf from '../../tfjs';
import { type WebGPUProgram } from '../dispatch/programRunner';
import { gateMathWgsl, useBindings } from '../dispatch/wgsl';
import { PreallocatedOutput } from '../dispatch/inPlace';
import { kernelVariants } from '../kernelVariants';
import type { GenerationWeights } from './generation';
import { GRU_KERNEL, type CellKernel } from './cellKernel';

/** Floats of workgroup memory the chunk program may use (16 KB, WebGPU's default limit). */
const WORKGROUP_FLOATS = 4096;

export interface ChunkSizes {
  vocab: number;
  embed: number;
  units: number;
  layers: number;
  /** GRU when absent. */
  cell?: CellKernel;
}

const cellOf = (s: ChunkSizes) => s.cell ?? GRU_KERNEL;
/** Floats of one layer's state: P·H. */
const stateWidth = (s: ChunkSizes) => cellOf(s).statePlanes * s.units;

/** Where each weight sits in the packed buffer (floats from its start). */
interface ChunkLayout {
  emb: number;
  fcw: number;
  fcb: number;
  layers: Array<{ wih: number; whh: number; bih: number; bhh: number; inputs: number }>;
  total: number;
}

function chunkLayout(s: ChunkSizes): ChunkLayout {
  const { vocab: V, embed: E, units: H } = s;
  const G = cellOf(s).gates.length;
  let at = 0;
  const take = (n: number) => {
    const here = at;
    at += n;
    return here;
  };
  const emb = take(V * E);
  const fcw = take(V * H);
  const fcb = take(V);
  const layers = Array.from({ length: s.layers }, (_, l) => {
    const inputs = l === 0 ? E : H;
    return { inputs, wih: take(G * H * inputs), whh: take(G * H * H), bih: take(G * H), bhh: take(G * H) };
  });
  return { emb, fcw, fcb, layers, total: at };
}

/** Invocations of the chunk program: one per unit, within 32…256 (at H = 32 one warp: barriers cost least). */
const chunkWorkgroup = (units: number) => Math.min(256, Math.max(32, 2 ** Math.ceil(Math.log2(units))));

/** Whether generation at these sizes writes a chunk in one dispatch (variant cut-off and workgroup memory). */
export function wholeChunkServes(s: ChunkSizes, batch: number): boolean {
  return (
    batch === 1 &&
    s.units <= kernelVariants().wholeChunkUnits &&
    2 * s.layers * stateWidth(s) + s.vocab <= WORKGROUP_FLOATS
  );
}

/** The model's weights in one buffer, in chunkLayout's order (made once per generation; the caller disposes it). */
export interface PackedChunkWeights {
  sizes: ChunkSizes;
  packed: tf.Tensor1D;
}

export function packChunkWeights(w: GenerationWeights): PackedChunkWeights {
  const [vocab, embed] = w.embedding.shape;
  const units = w.gru[0].weightHh.shape[1];
  const sizes = { vocab, embed, units, layers: w.gru.length, cell: w.cell };
  const parts = [
    w.embedding,
    w.fcWeight,
    w.fcBias,
    ...w.gru.flatMap((g) => [g.weightIh, g.weightHh, g.biasIh, g.biasHh]),
  ];
  const packed = tf.tidy(() => tf.concat(parts.map((p) => tf.reshape(p, [-1]))) as tf.Tensor1D);
  if (packed.size !== chunkLayout(sizes).total) throw new Error('packChunkWeights: unexpected weight sizes');
  return { sizes, packed };
}

/**
 * Inputs: packed weights (chunkLayout), state (its first L·P·H floats: every layer's state [P·H]), control
 * [first id, temperature, count uniform draws in [0, 1)]. Output [L·P·H + count]: the state after the chunk's
 * last input, then the count ids picked (as floats, exact below 2²⁴) — the next chunk reads it as its state.
 */
export class GruChunkProgram implements WebGPUProgram {
  variableNames = ['weights', 'state', 'control'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number] = [1, 1, 1];
  workgroupSize: [number, number, number];
  private readonly layout: ChunkLayout;

  constructor(
    private readonly s: ChunkSizes,
    private readonly count: number,
  ) {
    this.layout = chunkLayout(s);
    this.outputShape = [s.layers * stateWidth(s) + count];
    this.workgroupSize = [chunkWorkgroup(s.units), 1, 1];
    this.shaderKey = `folio${cellOf(s) === GRU_KERNEL ? 'Gru' : cellOf(s).name}Chunk_${s.vocab}_${s.embed}_${s.units}_${s.layers}_${count}`;
  }

  /**
   * WGSL: layer l's cell for the invocation's units: reads its old state from buffer `cur` of hs and its input
   * (the embedding row, or the layer below's new state) , writes the new state into buffer `nxt`.
   */
  private cellWgsl(l: number): string {
    const H = this.s.units;
    const cell = cellOf(this.s);
    const G = cell.gates.length;
    const PH = stateWidth(this.s);
    const L = this.layout.layers[l];
    const x = l === 0 ? `weights[${this.layout.emb} + id * ${this.s.embed} + k]` : `hs[nxt + ${(l - 1) * PH} + k]`;
    const wih = (g: number) => `weights[${L.wih} + (${g * H} + j) * ${L.inputs} + k]`;
    const whh = (g: number) => `weights[${L.whh} + (${g * H} + j) * ${H} + k]`;
    // The gates side by side in one vector (GRU vec3, LSTM vec4; the RNN's one gate a scalar).
    const type = G === 1 ? 'f32' : `vec${G}<f32>`;
    const lane = (q: number) => (G === 1 ? '' : `.${'xyzw'[q]}`);
    const gates = (f: (q: number) => string) => `${type}(${cell.gates.map((_, q) => f(q)).join(', ')})`;
    const math = cell.forward({
      gi: (q) => `gi${lane(q)}`,
      gh: (q) => `gh${lane(q)}`,
      bhh: () => '0.0', // gh starts at b_hh
      hPrev: `hs[cur + ${l * PH} + j]`,
      cPrev: `hs[cur + ${l * PH + H} + j]`,
    });
    return `
        for (var j = lane; j < ${H}; j += WG) {
          var gi = ${gates((q) => `weights[${L.bih + q * H} + j]`)};
          for (var k = 0; k < ${L.inputs}; k++) { gi += ${x} * ${gates(wih)}; }
          var gh = ${gates((q) => `weights[${L.bhh + q * H} + j]`)};
          for (var k = 0; k < ${H}; k++) { gh += hs[cur + ${l * PH} + k] * ${gates(whh)}; }
          ${math}
          hs[nxt + ${l * PH} + j] = hNew;
          ${cell.statePlanes > 1 ? `hs[nxt + ${l * PH + H} + j] = cNew;` : ''}
        }
        workgroupBarrier();`;
  }

  getUserCode(): string {
    const { vocab: V, units: H, layers } = this.s;
    const LH = layers * stateWidth(this.s); // every layer's state
    const top = (layers - 1) * stateWidth(this.s);
    const cells = Array.from({ length: layers }, (_, l) => this.cellWgsl(l)).join('\n');
    return `
      ${gateMathWgsl}
      const WG = ${this.workgroupSize[0]};
      var<workgroup> hs : array<f32, ${2 * LH}>; // two buffers: a character reads one and writes the other
      var<workgroup> logit : array<f32, ${V}>;
      var<workgroup> picked : i32;
      fn main(index : i32) {
        ${useBindings(this.variableNames)}
        let lane = i32(localIndex);
        for (var i = lane; i < ${LH}; i += WG) { hs[i] = state[i]; }
        if (lane == 0) { picked = i32(control[0]); }
        let tau = control[1];
        workgroupBarrier();
        for (var s = 0; s < ${this.count}; s++) {
          let id = picked;
          let cur = (s % 2) * ${LH};
          let nxt = ((s + 1) % 2) * ${LH};
          ${cells}
          for (var v = lane; v < ${V}; v += WG) {
            var acc = weights[${this.layout.fcb} + v];
            for (var k = 0; k < ${H}; k++) { acc += hs[nxt + ${top} + k] * weights[${this.layout.fcw} + v * ${H} + k]; }
            logit[v] = acc;
          }
          workgroupBarrier();
          if (lane == 0) {
            var best = 0;
            var mx = logit[0];
            for (var i = 1; i < ${V}; i++) {
              if (logit[i] > mx) { mx = logit[i]; best = i; }
            }
            if (tau > 0.0) {
              var total = 0.0;
              for (var i = 0; i < ${V}; i++) {
                let e = exp((logit[i] - mx) / tau);
                logit[i] = e; // kept: the walk below subtracts the same values
                total += e;
              }
              var u = control[2 + s] * total;
              for (var i = 0; i < ${V}; i++) {
                u -= logit[i];
                if (u < 0.0) { best = i; break; }
              }
            }
            picked = best;
            result[${LH} + s] = f32(best);
          }
          workgroupBarrier();
        }
        for (var i = lane; i < ${LH}; i += WG) { result[i] = hs[${(this.count % 2) * LH} + i]; }
      }
    `;
  }
}

/**
 * One chunk: feeds `first`, then each picked id, `draws.length` times, from `state` (its first L·P·H floats).
 * One dispatch; returns the output [L·P·H + count] (state, then ids), which the caller owns and disposes.
 */
export function generateWholeChunk(
  w: PackedChunkWeights,
  state: tf.Tensor,
  first: number,
  temperature: number,
  draws: Float32Array,
): tf.Tensor1D {
  const count = draws.length;
  const control = tf.tensor1d(Float32Array.from([first, temperature, ...draws]));
  try {
    const out = new PreallocatedOutput([w.sizes.layers * stateWidth(w.sizes) + count]);
    out.run(new GruChunkProgram(w.sizes, count), [w.packed, state, control]);
    return out.toTensor() as tf.Tensor1D;
  } finally {
    control.dispose();
  }
}
