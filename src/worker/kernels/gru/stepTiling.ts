// How a timestep program spreads over the GPU. An output tile is 4 units × RB batch rows; a workgroup holds
// tilesPerGroup tiles × S K-slices. Tiles are numbered batch rows first, so consecutive tiles share their
// units and a workgroup covers every batch row of its unit block: each W_hh element is read by one
// workgroup per timestep. With S > 1 each slice sums 1/S of the recurrent product and slice 0 adds the
// others' partial sums from workgroup memory (as many accumulators per round as fit in 16 KB) before the
// gate epilogue.
// The k loop reads K_UNROLL k at a time, all loads of a round issued before the products that use them.
import { stepSplit } from '../kernelVariants';
import { groups } from '../dispatch/programRunner';

export const ROWS_PER_THREAD = 4; // batch rows per tile: each W_hh load feeds several rows
export const UNITS_PER_THREAD = 4; // units per tile: a vec4 of W_hh columns per gate
export const K_UNROLL = 4; // k per load round in the recurrent loop
/**
 * Invocations per workgroup: S slices × enough tiles for every row tile (rounded up to a power of two),
 * within 64…256: Reference with S = 16 takes 256 (16 row tiles × 16 slices), small shapes and CPU emulation 64.
 */
export function stepWorkgroupSize(split: number, rowTiles: number): number {
  return Math.min(256, Math.max(64, split * 2 ** Math.ceil(Math.log2(rowTiles))));
}
/** Workgroup memory a program may declare (WebGPU's default maxComputeWorkgroupStorageSize). */
const WORKGROUP_BYTES = 16384;

export interface StepTiling {
  rows: number; // RB: batch rows per tile
  split: number; // S: K slices per tile
  workgroup: number; // invocations per workgroup
  tilesPerGroup: number; // workgroup / S
  unitTiles: number; // ceil(H / 4)
  rowTiles: number; // ceil(B / RB)
  tiles: number; // unitTiles · rowTiles
  chunk: number; // K per slice
  k: number; // reduction length
  units: number; // H
}

export function stepTiling(batch: number, units: number, k: number, split?: number): StepTiling {
  const rows = Math.min(ROWS_PER_THREAD, batch);
  const unitTiles = Math.ceil(units / UNITS_PER_THREAD);
  const rowTiles = Math.ceil(batch / rows);
  const tiles = unitTiles * rowTiles;
  const s = Math.min(split ?? stepSplit(tiles, k), 64);
  const workgroup = stepWorkgroupSize(s, rowTiles);
  const tilesPerGroup = workgroup / s;
  return { rows, split: s, workgroup, tilesPerGroup, unitTiles, rowTiles, tiles, chunk: Math.ceil(k / s), k, units };
}

export function stepDispatch(t: StepTiling): [number, number, number] {
  return [groups(t.tiles, t.tilesPerGroup), 1, 1];
}

/** What one invocation computes (the JS twin of tilePrologueWgsl, used to count reads by construction). */
export function invocationTile(t: StepTiling, workgroup: number, localIndex: number) {
  const lane = localIndex % t.tilesPerGroup;
  const slice = Math.floor(localIndex / t.tilesPerGroup);
  const tile = workgroup * t.tilesPerGroup + lane;
  const kBegin = slice * t.chunk;
  return {
    inRange: tile < t.tiles,
    unitTile: Math.floor(tile / t.rowTiles),
    j0: Math.floor(tile / t.rowTiles) * UNITS_PER_THREAD,
    b0: (tile % t.rowTiles) * t.rows,
    kBegin,
    kEnd: Math.min(kBegin + t.chunk, t.k),
  };
}

/** WGSL (inside main): lane, slice, tile, inRange, j0 (first unit), b0 (first row), kBegin, kEnd. */
export function tilePrologueWgsl(t: StepTiling): string {
  return `
    let lane = i32(localIndex) % ${t.tilesPerGroup};
    let slice = i32(localIndex) / ${t.tilesPerGroup};
    let tile = i32(workgroupId.x) * ${t.tilesPerGroup} + lane;
    let inRange = tile < ${t.tiles};
    let j0 = (tile / ${t.rowTiles}) * ${UNITS_PER_THREAD};
    let b0 = (tile % ${t.rowTiles}) * ${t.rows};
    let kBegin = slice * ${t.chunk};
    let kEnd = min(kBegin + ${t.chunk}, ${t.k});`;
}

/**
 * WGSL statements for the k loop over [kBegin, kEnd): rounds of K_UNROLL k whose loads (`load(u)`, u the
 * offset from k) all come before their products (`use(u)`), then the remainder one k at a time.
 */
export function unrolledKLoopWgsl(load: (u: number) => string, use: (u: number) => string): string {
  const us = Array.from({ length: K_UNROLL }, (_, u) => u);
  return `
      let kStop = kBegin + ((kEnd - kBegin) / ${K_UNROLL}) * ${K_UNROLL};
      var k = kBegin;
      for (; k < kStop; k += ${K_UNROLL}) {
        ${us.map(load).join('\n')}
        ${us.map(use).join('\n')}
      }
      for (; k < kEnd; k++) { ${load(0)} ${use(0)} }`;
}

/** Partial sums: RB vec4 per invocation of slices 1 … S−1 and per accumulator reduced in the same round. */
const slotsPerAccumulator = (t: StepTiling) => (t.workgroup - t.tilesPerGroup) * t.rows;

/** Accumulators reduced per round through workgroup memory: as many as fit in 16 KB (at least one). */
const perRound = (t: StepTiling, accs: number) =>
  Math.max(1, Math.min(accs, Math.floor(WORKGROUP_BYTES / (16 * slotsPerAccumulator(t)))));

/** Bytes of workgroup memory a program with `accs` accumulators declares (≤ 16384). */
export const workgroupBytes = (t: StepTiling, accs: number) =>
  t.split > 1 ? 16 * slotsPerAccumulator(t) * perRound(t, accs) : 0;

/** WGSL (module scope): workgroup memory for the partial sums of `accs` accumulators, when split. */
export function partialSumsDeclWgsl(t: StepTiling, accs: number): string {
  return t.split > 1 ? `var<workgroup> partial : array<vec4<f32>, ${workgroupBytes(t, accs) / 16}>;` : '';
}

/**
 * WGSL (inside main, in uniform control flow: no return before it): slice 0's accumulators `accs`
 * (arrays of RB vec4) become the sums over all slices, in as few rounds through workgroup memory as fit.
 */
export function reduceSlicesWgsl(t: StepTiling, accs: string[]): string {
  if (t.split === 1) return '';
  const per = perRound(t, accs.length);
  const slots = slotsPerAccumulator(t);
  const at = (s: string, g: number) => `${g * slots} + ((${s}) * ${t.tilesPerGroup} + lane) * ${t.rows} + i`;
  const rounds: string[] = [];
  for (let first = 0; first < accs.length; first += per) {
    const group = accs.slice(first, first + per);
    const store = group.map((a, g) => `partial[${at('slice - 1', g)}] = ${a}[i];`).join(' ');
    const add = group.map((a, g) => `${a}[i] += partial[${at('s', g)}];`).join(' ');
    rounds.push(`
    ${first > 0 ? 'workgroupBarrier();' : ''}
    if (slice > 0) { for (var i = 0; i < ${t.rows}; i++) { ${store} } }
    workgroupBarrier();
    if (slice == 0) {
      for (var s = 0; s < ${t.split - 1}; s++) {
        for (var i = 0; i < ${t.rows}; i++) { ${add} }
      }
    }`);
  }
  return rounds.join('\n');
}
