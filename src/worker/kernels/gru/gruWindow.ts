// The whole window of a small GRU in one dispatch each way. Batch rows of a GRU are independent, so a
// workgroup owns a few rows and walks every timestep itself, with only a workgroupBarrier between timesteps:
// the state it needs next (h forward, dgh backward) stays in workgroup memory, W_hh is read from storage
// through the cache. Same inputs, outputs and math as the per-timestep programs (gruForwardStep.ts,
// gruBackwardStep.ts), so the state and gradient buffers they write are read by the same programs after.
//   forward:  per t = 0 … T−1: gh = h·W_hhᵀ + b_hh, gates, h' (planes h, r, z, n, gh_n of slice t)
//   backward: per t = T−1 … 0: dh = dY_t + dh_{t+1} ⊙ z_{t+1} + dgh_{t+1}·W_hh, then the gate gradients
import { type WebGPUProgram } from '../dispatch/programRunner';
import { gateMathWgsl, useBindings, vec4LoaderWgsl } from '../dispatch/wgsl';
import { GRAD_COLUMNS } from './gruBackwardStep';
import { PLANE, STATE_PLANES, type GruStepSizes } from './gruForwardStep';

/** Units per invocation: a vec4 of W_hh columns per gate, as in the per-timestep programs. */
const UNITS_PER_INVOCATION = 4;
/** Invocations a workgroup may have (WebGPU's default maxComputeInvocationsPerWorkgroup). */
const MAX_INVOCATIONS = 256;
/** Workgroup memory a program may declare (WebGPU's default maxComputeWorkgroupStorageSize). */
const WORKGROUP_BYTES = 16384;
/** Rows per workgroup at most: more rows share one walk, fewer give more workgroups to run side by side. */
const MAX_ROWS = 4;

export interface WindowTiling {
  /** Batch rows per workgroup. */
  rows: number;
  /** Invocations per row: ceil(H / 4). */
  unitTiles: number;
  /** Invocations per workgroup: rows × unitTiles. */
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
  const byInvocations = Math.floor(MAX_INVOCATIONS / unitTiles);
  const byMemory = Math.floor(WORKGROUP_BYTES / (2 * 3 * units * 4));
  let rows = 1;
  while (rows * 2 <= Math.min(MAX_ROWS, byInvocations, byMemory, batch)) rows *= 2;
  if (rows > byInvocations || rows > byMemory) return null;
  return { rows, unitTiles, workgroup: rows * unitTiles, groups: Math.ceil(batch / rows) };
}

/** WGSL (inside main): row r of the group, batch row b, first unit j0, and whether the row exists. */
function prologueWgsl(t: WindowTiling, batch: number): string {
  return `
    let lane = i32(localIndex);
    let r = lane / ${t.unitTiles};
    let j0 = (lane % ${t.unitTiles}) * ${UNITS_PER_INVOCATION};
    let b = i32(workgroupId.x) * ${t.rows} + r;
    let rowLive = b < ${batch};`;
}

function tilingOrThrow(s: GruStepSizes): WindowTiling {
  const t = windowTiling(s.batch, s.units);
  if (!t) throw new Error(`the whole-window GRU programs do not serve ${s.units} units`);
  return t;
}

/**
 * Forward over the whole window. Inputs and output as GruForwardStepProgram's: gi [T, B, 3H] (or, `byId`,
 * the per-character table [V, 3H] and ids [T·B]), whhT [H, 3H], bhh [3H], h0 [B, H] when hasH0; output the
 * state buffer [5, T, B, H], every slice written by this one dispatch.
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
    this.variableNames = [...(hasH0 ? ['gi', 'whhT', 'bhh', 'h0'] : ['gi', 'whhT', 'bhh']), ...(byId ? ['ids'] : [])];
    this.aligned = s.units % 4 === 0;
    this.variableComponents = this.variableNames.map((n) => (n === 'whhT' && this.aligned ? 4 : 1));
    this.outputShape = [STATE_PLANES, s.time, s.batch, s.units];
    this.tiling = tilingOrThrow(s);
    this.dispatch = [this.tiling.groups, 1, 1];
    this.workgroupSize = [this.tiling.workgroup, 1, 1];
    this.shaderKey = `folioGruWindowFwd_${s.time}_${s.batch}_${s.units}_${hasH0}_r${this.tiling.rows}${byId ? '_ids' : ''}`;
  }

  getUserCode(): string {
    const { time: T, batch: B, units: H } = this.s;
    const R = this.tiling.rows;
    const load = (gate: number, k: string) => `whhT4((${k}) * ${3 * H} + ${gate * H} + j0)`;
    return `
      ${gateMathWgsl}
      ${vec4LoaderWgsl('whhT', this.aligned)}
      const PLANE_SIZE = ${T * B * H};
      var<workgroup> hs : array<f32, ${2 * R * H}>;
      fn main(index : i32) {
        ${prologueWgsl(this.tiling, B)}
        ${useBindings(this.variableNames)}
        let row = r * ${H};
        for (var c = 0; c < ${UNITS_PER_INVOCATION}; c++) {
          let j = j0 + c;
          if (rowLive && j < ${H}) { hs[row + j] = ${this.hasH0 ? `h0[b * ${H} + j]` : '0.0'}; }
        }
        workgroupBarrier();
        for (var t = 0; t < ${T}; t++) {
          let cur = (t % 2) * ${R * H} + row;
          let nxt = ((t + 1) % 2) * ${R * H} + row;
          var accR = vec4<f32>(0.0);
          var accZ = vec4<f32>(0.0);
          var accN = vec4<f32>(0.0);
          if (rowLive) {
            for (var k = 0; k < ${H}; k++) {
              let hk = hs[cur + k];
              accR += hk * ${load(0, 'k')};
              accZ += hk * ${load(1, 'k')};
              accN += hk * ${load(2, 'k')};
            }
            for (var c = 0; c < ${UNITS_PER_INVOCATION}; c++) {
              let j = j0 + c;
              if (j >= ${H}) { break; }
              let g = ${this.byId ? `ids[t * ${B} + b]` : `(t * ${B} + b)`} * ${3 * H};
              let rg = sigmoidF(gi[g + j] + accR[c] + bhh[j]);
              let z = sigmoidF(gi[g + ${H} + j] + accZ[c] + bhh[${H} + j]);
              let ghn = accN[c] + bhh[${2 * H} + j];
              let n = tanhF(gi[g + ${2 * H} + j] + rg * ghn);
              let h = n + z * (hs[cur + j] - n);
              let o = (t * ${B} + b) * ${H} + j;
              result[${PLANE.h} * PLANE_SIZE + o] = h;
              result[${PLANE.r} * PLANE_SIZE + o] = rg;
              result[${PLANE.z} * PLANE_SIZE + o] = z;
              result[${PLANE.n} * PLANE_SIZE + o] = n;
              result[${PLANE.ghn} * PLANE_SIZE + o] = ghn;
              hs[nxt + j] = h;
            }
          }
          workgroupBarrier();
        }
      }
    `;
  }
}

/**
 * Backward over the whole window (t = T−1 … 0). Inputs and output as GruBackwardStepProgram's: dy [T, B, H],
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
  ) {
    this.variableNames = hasH0 ? ['dy', 'state', 'whh', 'h0'] : ['dy', 'state', 'whh'];
    this.aligned = s.units % 4 === 0;
    this.variableComponents = this.variableNames.map((n) => (n === 'whh' && this.aligned ? 4 : 1));
    this.outputShape = [s.time, s.batch, GRAD_COLUMNS * s.units];
    this.tiling = tilingOrThrow(s);
    this.dispatch = [this.tiling.groups, 1, 1];
    this.workgroupSize = [this.tiling.workgroup, 1, 1];
    this.shaderKey = `folioGruWindowBwd_${s.time}_${s.batch}_${s.units}_${hasH0}_r${this.tiling.rows}`;
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
        let row = r * ${3 * H};
        var dhNext = vec4<f32>(0.0);
        var zNext = vec4<f32>(0.0);
        for (var i = 0; i < ${T}; i++) {
          let t = ${T - 1} - i;
          let cur = (i % 2) * ${R * 3 * H} + row;
          let nxt = ((i + 1) % 2) * ${R * 3 * H} + row;
          if (rowLive) {
            var rec = vec4<f32>(0.0);
            if (i > 0) {
              for (var k = 0; k < ${3 * H}; k++) { rec += dgh[cur + k] * whh4(k * ${H} + j0); }
              rec += dhNext * zNext;
            }
            for (var c = 0; c < ${UNITS_PER_INVOCATION}; c++) {
              let j = j0 + c;
              if (j >= ${H}) { break; }
              let o = (t * ${B} + b) * ${H} + j;
              let dh = dy[o] + rec[c];
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
              dgh[nxt + j] = dar;
              dgh[nxt + ${H} + j] = daz;
              dgh[nxt + ${2 * H} + j] = dan * rg;
              dhNext[c] = dh;
              zNext[c] = z;
            }
          }
          workgroupBarrier();
        }
      }
    `;
  }
}
