// How a timestep program spreads over the GPU. An output tile is 4 units × RB batch rows; a workgroup of 64
// invocations holds 64 / S tiles × S K-slices. With S > 1 each slice sums 1/S of the recurrent product and
// slice 0 adds the others' partial sums from workgroup memory before the gate epilogue. At B=64, H=1024,
// S = 8 turns 64 workgroups into 512 (same one dispatch per timestep).
import { stepSplit } from './kernelVariants';
import { groups } from './programRunner';

export const ROWS_PER_THREAD = 4; // batch rows per tile: each W_hh load feeds several rows
export const UNITS_PER_THREAD = 4; // units per tile: a vec4 of W_hh columns per gate
export const STEP_WORKGROUP = 64; // invocations per workgroup in the timestep programs

export interface StepTiling {
  rows: number; // RB: batch rows per tile
  split: number; // S: K slices per tile
  tilesPerGroup: number; // 64 / S
  unitTiles: number; // ceil(H / 4)
  tiles: number; // unitTiles · ceil(B / RB)
  chunk: number; // K per slice
  k: number; // reduction length
}

export function stepTiling(batch: number, units: number, k: number, split?: number): StepTiling {
  const rows = Math.min(ROWS_PER_THREAD, batch);
  const unitTiles = Math.ceil(units / UNITS_PER_THREAD);
  const tiles = unitTiles * Math.ceil(batch / rows);
  const s = Math.min(split ?? stepSplit(tiles, k), STEP_WORKGROUP);
  return { rows, split: s, tilesPerGroup: STEP_WORKGROUP / s, unitTiles, tiles, chunk: Math.ceil(k / s), k };
}

export function stepDispatch(t: StepTiling): [number, number, number] {
  return [groups(t.tiles, t.tilesPerGroup), 1, 1];
}

/** WGSL (inside main): lane, slice, tile, inRange, j0 (first unit), b0 (first row), kBegin, kEnd. */
export function tilePrologueWgsl(t: StepTiling): string {
  return `
    let lane = i32(localIndex) % ${t.tilesPerGroup};
    let slice = i32(localIndex) / ${t.tilesPerGroup};
    let tile = i32(workgroupId.x) * ${t.tilesPerGroup} + lane;
    let inRange = tile < ${t.tiles};
    let j0 = (tile % ${t.unitTiles}) * ${UNITS_PER_THREAD};
    let b0 = (tile / ${t.unitTiles}) * ${t.rows};
    let kBegin = slice * ${t.chunk};
    let kEnd = min(kBegin + ${t.chunk}, ${t.k});`;
}

/** WGSL (module scope): workgroup memory for the partial sums of `accs` accumulators, when split. */
export function partialSumsDeclWgsl(t: StepTiling, accs: number): string {
  return t.split > 1 ? `var<workgroup> partial : array<vec4<f32>, ${STEP_WORKGROUP * accs * t.rows}>;` : '';
}

/**
 * WGSL (inside main, in uniform control flow: no return before it): slice 0's accumulators `accs`
 * (arrays of RB vec4) become the sums over all slices.
 */
export function reduceSlicesWgsl(t: StepTiling, accs: string[]): string {
  if (t.split === 1) return '';
  const width = accs.length * t.rows;
  const store = accs.map((a, g) => `partial[base + ${g * t.rows} + i] = ${a}[i];`).join(' ');
  const add = accs.map((a, g) => `${a}[i] += partial[o + ${g * t.rows} + i];`).join(' ');
  return `
    let base = i32(localIndex) * ${width};
    for (var i = 0; i < ${t.rows}; i++) { ${store} }
    workgroupBarrier();
    if (slice == 0) {
      for (var s = 1; s < ${t.split}; s++) {
        let o = (s * ${t.tilesPerGroup} + lane) * ${width};
        for (var i = 0; i < ${t.rows}; i++) { ${add} }
      }
    }`;
}
