// The whole window of a small GRU in one dispatch each way. Batch rows of a GRU are independent, so a
// workgroup owns a few rows and walks every timestep itself, with only a workgroupBarrier between timesteps:
// the state it needs next (h forward, dgh backward) stays in workgroup memory, W_hh is read from storage
// through the cache. Same inputs, outputs and math as the per-timestep programs (gruForwardStep.ts,
// gruBackwardStep.ts), so the state and gradient buffers they write are read by the same programs after.
//   forward:  per t = 0 … T−1: gh = h·W_hhᵀ + b_hh, gates, h' (planes h, r, z, n, gh_n of slice t)
//   backward: per t = T−1 … 0: dh = dY_t + dh_{t+1} ⊙ z_{t+1} + dgh_{t+1}·W_hh, then the gate gradients
import { type WebGPUProgram } from '../dispatch/programRunner';
import { gateMathWgsl, useBindings, vec4LoaderWgsl } from '../dispatch/wgsl';
import { dyIndexWgsl, dyLayoutKey, GRAD_COLUMNS, type DyLayout } from './gruBackwardStep';
import { PLANE, STATE_PLANES, type GruStepSizes } from './gruForwardStep';

/** Units per invocation: a vec4 of W_hh columns per gate, as in the per-timestep programs. */
const UNITS_PER_INVOCATION = 4;
/** Invocations a workgroup may have (WebGPU's default maxComputeInvocationsPerWorkgroup). */
const MAX_INVOCATIONS = 256;
/** Rows per workgroup at most: every invocation walks them all, so each W_hh load feeds up to this many rows. */
/** Workgroup memory a program may declare (WebGPU's default maxComputeWorkgroupStorageSize). */
const WORKGROUP_BYTES = 16384;
const MAX_ROWS = 4;

export interface WindowTiling {
  /** Batch rows per workgroup, all of them walked by every invocation (each W_hh load feeds every row). */
  rows: number;
  /** Invocations per workgroup: ceil(H / 4), one per 4 units. */
  unitTiles: number;
  workgroup: number;
  /** Workgroups: ceil(B / rows). */
  groups: number;
}

/**
 * How the whole-window programs spread over a shape, or null where they cannot run: a row's units must fit
 * one workgroup, and the backward walk's dgh (two buffers of 3H per row) must fit workgroup memory.
 */
export function windowTiling(batch: number, units: number): WindowTiling | null {
  const unitTiles = Math.ceil(units / UNITS_PER_INVOCATION);
  const byMemory = Math.floor(WORKGROUP_BYTES / (2 * 3 * units * 4));
  if (unitTiles > MAX_INVOCATIONS || byMemory < 1) return null;
  let rows = 1;
  while (rows * 2 <= Math.min(MAX_ROWS, byMemory, batch)) rows *= 2;
  return { rows, unitTiles, workgroup: unitTiles, groups: Math.ceil(batch / rows) };
}

/** WGSL (inside main): the invocation's first unit j0, the group's first batch row b0 and its row count. */
function prologueWgsl(t: WindowTiling, batch: number): string {
  return `
    let j0 = i32(localIndex) * ${UNITS_PER_INVOCATION};
    let b0 = i32(workgroupId.x) * ${t.rows};
    let rowCount = min(${t.rows}, ${batch} - b0);`;
}

function tilingOrThrow(s: GruStepSizes): WindowTiling {
  const t = windowTiling(s.batch, s.units);
  if (!t) throw new Error(`the whole-window GRU programs do not serve ${s.units} units`);
  return t;
}

/**
 * Forward over the whole window. Inputs and output as GruForwardStepProgram's, except that W_hh comes in its
 * own layout: gi [T, B, 3H] (or, `byId`, the per-character table [V, 3H] and ids [T·B]), whh [3H, H], bhh [3H],
 * h0 [B, H] when hasH0; output the state buffer [5, T, B, H], every slice written by this one dispatch.
 */
export class GruWindowForwardProgram implements WebGPUProgram {
  variableNames: string[];
  variableComponents: number[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  private readonly aligned: boolean;
  private readonly tiling: WindowTiling;

  constructor(
    private readonly s: GruStepSizes,
    private readonly hasH0: boolean,
    private readonly byId = false,
  ) {
    this.variableNames = [...(hasH0 ? ['gi', 'whh', 'bhh', 'h0'] : ['gi', 'whh', 'bhh']), ...(byId ? ['ids'] : [])];
    this.aligned = s.units % 4 === 0;
    this.variableComponents = this.variableNames.map((n) => (n === 'whh' && this.aligned ? 4 : 1));
    this.outputShape = [STATE_PLANES, s.time, s.batch, s.units];
    this.tiling = tilingOrThrow(s);
    this.dispatch = [this.tiling.groups, 1, 1];
    this.workgroupSize = [this.tiling.workgroup, 1, 1];
    this.shaderKey = `folioGruWindowFwd_${s.time}_${s.batch}_${s.units}_${hasH0}_r${this.tiling.rows}${byId ? '_ids' : ''}`;
  }

  getUserCode(): string {
    const { time: T, batch: B, units: H } = this.s;
    const R = this.tiling.rows;
    return `
      ${gateMathWgsl}
      ${this.aligned ? vec4LoaderWgsl('whh', true) : ''}
      const PLANE_SIZE = ${T * B * H};
      var<workgroup> hs : array<f32, ${2 * R * H}>;
      fn main(index : i32) {
        ${prologueWgsl(this.tiling, B)}
        ${useBindings(this.variableNames)}
        for (var i = 0; i < rowCount; i++) {
          for (var c = 0; c < ${UNITS_PER_INVOCATION}; c++) {
            let j = j0 + c;
            if (j < ${H}) { hs[i * ${H} + j] = ${this.hasH0 ? `h0[(b0 + i) * ${H} + j]` : '0.0'}; }
          }
        }
        workgroupBarrier();
        for (var t = 0; t < ${T}; t++) {
          let cur = (t % 2) * ${R * H};
          let nxt = ((t + 1) % 2) * ${R * H};
          var accR = array<vec4<f32>, ${R}>(); // explicit: a loop-scoped var must restart at zero
          var accZ = array<vec4<f32>, ${R}>(); // explicit: a loop-scoped var must restart at zero
          var accN = array<vec4<f32>, ${R}>(); // explicit: a loop-scoped var must restart at zero
          ${this.aligned ? this.recurrentAligned() : this.recurrentScalar()}
          for (var i = 0; i < rowCount; i++) {
            let b = b0 + i;
            for (var c = 0; c < ${UNITS_PER_INVOCATION}; c++) {
              let j = j0 + c;
              if (j >= ${H}) { break; }
              let g = ${this.byId ? `ids[t * ${B} + b]` : `(t * ${B} + b)`} * ${3 * H};
              let rg = sigmoidF(gi[g + j] + accR[i][c] + bhh[j]);
              let z = sigmoidF(gi[g + ${H} + j] + accZ[i][c] + bhh[${H} + j]);
              let ghn = accN[i][c] + bhh[${2 * H} + j];
              let n = tanhF(gi[g + ${2 * H} + j] + rg * ghn);
              let h = n + z * (hs[cur + i * ${H} + j] - n);
              let o = (t * ${B} + b) * ${H} + j;
              result[${PLANE.h} * PLANE_SIZE + o] = h;
              result[${PLANE.r} * PLANE_SIZE + o] = rg;
              result[${PLANE.z} * PLANE_SIZE + o] = z;
              result[${PLANE.n} * PLANE_SIZE + o] = n;
              result[${PLANE.ghn} * PLANE_SIZE + o] = ghn;
              hs[nxt + i * ${H} + j] = h;
            }
          }
          workgroupBarrier();
        }
      }
    `;
  }

  /**
   * WGSL: `let r0 … r3, z0 … z3, n0 … n3`: what `load(row)` reads from W_hh [3H, H] (own layout) for the rows of
   * gates r, z, n of units j0 … j0 + 3 (clamped to H − 1 when H is not a multiple of 4; those are never used).
   */
  private gatherRows(load: (row: string) => string): string {
    const H = this.s.units;
    const unit = (c: number) => (this.aligned ? `j0 + ${c}` : `min(j0 + ${c}, ${H - 1})`);
    return (['r', 'z', 'n'] as const)
      .map((name, gate) => [0, 1, 2, 3].map((c) => `let ${name}${c} = ${load(`${gate * H} + ${unit(c)}`)};`).join(' '))
      .join('\n            ');
  }

  /** WGSL: acc += h_k·W_hh[., k] for k in order, one k per round (the add order of the transposed layout). */
  private accumulateWgsl(k: string, lane: string): string {
    const R = this.tiling.rows;
    const w = (name: string) => `vec4<f32>(${name}0${lane}, ${name}1${lane}, ${name}2${lane}, ${name}3${lane})`;
    return `
            {
              let wr = ${w('r')};
              let wz = ${w('z')};
              let wn = ${w('n')};
              for (var i = 0; i < ${R}; i++) {
                let hk = hs[cur + i * ${this.s.units} + ${k}];
                accR[i] += hk * wr;
                accZ[i] += hk * wz;
                accN[i] += hk * wn;
              }
            }`;
  }

  /** H a multiple of 4: one vec4 load reads 4 k of a unit's row; the 4 × 4 block is regrouped per k. */
  private recurrentAligned(): string {
    const H = this.s.units;
    const rows = this.gatherRows((row) => `whh4((${row}) * ${H} + k)`);
    const lanes = ['.x', '.y', '.z', '.w'].map((lane, q) => this.accumulateWgsl(`k + ${q}`, lane)).join('');
    return `
          for (var k = 0; k < ${H}; k += 4) {
            ${rows}
            ${lanes}
          }`;
  }

  /** Other H: one k per round, each unit's W_hh element loaded on its own. */
  private recurrentScalar(): string {
    const H = this.s.units;
    const rows = this.gatherRows((row) => `whh[(${row}) * ${H} + k]`);
    return `
          for (var k = 0; k < ${H}; k++) {
            ${rows}
            ${this.accumulateWgsl('k', '')}
          }`;
  }
}

/**
 * Backward over the whole window (t = T−1 … 0). Inputs and output as GruBackwardStepProgram's: dy [T, B, H] (or as `dyLayout` says),
 * state [5, T, B, H], whh [3H, H], h0 [B, H] when hasH0; output the gradient buffer [T, B, 5H]
 * ([dar | daz | dan·r | dh | dan] per row), every row written by this one dispatch.
 */
export class GruWindowBackwardProgram implements WebGPUProgram {
  variableNames: string[];
  variableComponents: number[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  private readonly aligned: boolean;
  private readonly tiling: WindowTiling;

  constructor(
    private readonly s: GruStepSizes,
    private readonly hasH0: boolean,
    private readonly dyLayout?: DyLayout,
  ) {
    this.variableNames = hasH0 ? ['dy', 'state', 'whh', 'h0'] : ['dy', 'state', 'whh'];
    this.aligned = s.units % 4 === 0;
    this.variableComponents = this.variableNames.map((n) => (n === 'whh' && this.aligned ? 4 : 1));
    this.outputShape = [s.time, s.batch, GRAD_COLUMNS * s.units];
    this.tiling = tilingOrThrow(s);
    this.dispatch = [this.tiling.groups, 1, 1];
    this.workgroupSize = [this.tiling.workgroup, 1, 1];
    this.shaderKey = `folioGruWindowBwd_${s.time}_${s.batch}_${s.units}_${hasH0}_r${this.tiling.rows}${dyLayoutKey(dyLayout)}`;
  }

  getUserCode(): string {
    const { time: T, batch: B, units: H } = this.s;
    const R = this.tiling.rows;
    const plane = T * B * H;
    return `
      ${gateMathWgsl}
      ${vec4LoaderWgsl('whh', this.aligned)}
      var<workgroup> dgh : array<f32, ${2 * R * 3 * H}>;
      fn main(index : i32) {
        ${prologueWgsl(this.tiling, B)}
        ${useBindings(this.variableNames)}
        var dhNext : array<vec4<f32>, ${R}>;
        var zNext : array<vec4<f32>, ${R}>;
        for (var s = 0; s < ${T}; s++) {
          let t = ${T - 1} - s;
          let cur = (s % 2) * ${R * 3 * H};
          let nxt = ((s + 1) % 2) * ${R * 3 * H};
          var rec = array<vec4<f32>, ${R}>(); // explicit: a loop-scoped var must restart at zero
          if (s > 0) {
            for (var k = 0; k < ${3 * H}; k++) {
              let w = whh4(k * ${H} + j0);
              for (var i = 0; i < ${R}; i++) { rec[i] += dgh[cur + i * ${3 * H} + k] * w; }
            }
            for (var i = 0; i < ${R}; i++) { rec[i] += dhNext[i] * zNext[i]; }
          }
          for (var i = 0; i < rowCount; i++) {
            let b = b0 + i;
            let row = i * ${3 * H};
            for (var c = 0; c < ${UNITS_PER_INVOCATION}; c++) {
              let j = j0 + c;
              if (j >= ${H}) { break; }
              let o = (t * ${B} + b) * ${H} + j;
              let dh = dy[${dyIndexWgsl(B, this.dyLayout)}] + rec[i][c];
              let rg = state[${PLANE.r * plane} + o];
              let z = state[${PLANE.z * plane} + o];
              let n = state[${PLANE.n * plane} + o];
              let ghn = state[${PLANE.ghn * plane} + o];
              var hp = 0.0;
              if (t > 0) { hp = state[o - ${B * H}]; } else { hp = ${this.hasH0 ? `h0[b * ${H} + j]` : '0.0'}; }
              let dn = dh * (1.0 - z);
              let dz = dh * (hp - n);
              let dan = dn * (1.0 - n * n);
              let dar = dan * ghn * rg * (1.0 - rg);
              let daz = dz * z * (1.0 - z);
              let at = (t * ${B} + b) * ${5 * H};
              result[at + j] = dar;
              result[at + ${H} + j] = daz;
              result[at + ${2 * H} + j] = dan * rg;
              result[at + ${3 * H} + j] = dh;
              result[at + ${4 * H} + j] = dan;
              dgh[nxt + row + j] = dar;
              dgh[nxt + row + ${H} + j] = daz;
              dgh[nxt + row + ${2 * H} + j] = dan * rg;
              dhNext[i][c] = dh;
              zNext[i][c] = z;
            }
          }
          workgroupBarrier();
        }
      }
    `;
  }
}
