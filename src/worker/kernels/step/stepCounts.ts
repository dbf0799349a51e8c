// Counted figures of the timestep programs, from their dispatch geometry alone (the same on any adapter):
// how often W_hh is read per timestep and how many dependent load rounds an invocation walks. Each
// invocation's (tile, K range) comes from invocationTile, the JS twin of the WGSL prologue.
import { chooseKernelVariants, stepSplit } from '../kernelVariants';
import {
  invocationTile,
  K_UNROLL,
  stepDispatch,
  stepTiling,
  UNITS_PER_THREAD,
  workgroupBytes,
  type StepTiling,
} from '../gru/stepTiling';

export interface StepFigures {
  /** Distinct W_hh elements read by all workgroups (summed per workgroup) ÷ elements of W_hh. */
  whhReadFactor: number;
  /** Global-load rounds (K_UNROLL k each, remainder one k each) the busiest invocation walks in its k loop. */
  loadRounds: number;
  workgroups: number;
  invocationsPerWorkgroup: number;
  workgroupBytes: number;
  split: number;
}

/** Length of the union of half-open intervals. */
function unionLength(intervals: Array<[number, number]>): number {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of sorted) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

const rounds = (length: number) => Math.floor(length / K_UNROLL) + (length % K_UNROLL);

/**
 * Walks every invocation of one timestep dispatch of a cell with G gates (`cellGates`: GRU 3, LSTM 4, RNN 1).
 * Forward (K = H): an invocation reads W_hh rows {j, H+j, …, (G−1)H+j} of its 4 units at columns kBegin…kEnd
 * (gates = G). Backward (K = G·H): W_hh rows kBegin…kEnd at its 4 columns (gates = 1). W_hh has G·H·H elements.
 */
export function countStep(t: StepTiling, gates: number, cellGates = 3): StepFigures {
  const [workgroups] = stepDispatch(t);
  let distinct = 0;
  let loadRounds = 0;
  for (let g = 0; g < workgroups; g++) {
    const byUnitTile = new Map<number, Array<[number, number]>>();
    for (let local = 0; local < t.workgroup; local++) {
      const inv = invocationTile(t, g, local);
      if (!inv.inRange) continue;
      const list = byUnitTile.get(inv.unitTile) ?? [];
      list.push([inv.kBegin, inv.kEnd]);
      byUnitTile.set(inv.unitTile, list);
      loadRounds = Math.max(loadRounds, rounds(Math.max(0, inv.kEnd - inv.kBegin)));
    }
    for (const [unitTile, ks] of byUnitTile) {
      const units = Math.min(UNITS_PER_THREAD, t.units - unitTile * UNITS_PER_THREAD);
      distinct += gates * units * unionLength(ks);
    }
  }
  const whhElements = cellGates * t.units * t.units;
  return {
    whhReadFactor: distinct / whhElements,
    loadRounds,
    workgroups,
    invocationsPerWorkgroup: t.workgroup,
    workgroupBytes: workgroupBytes(t, gates),
    split: t.split,
  };
}

/**
 * Forward and backward figures at a shape, with the step split a GPU adapter (not CPU emulation) chooses, for a
 * cell of `gates` gates (GRU 3).
 */
export function gpuStepFigures(
  batch: number,
  units: number,
  gates = 3,
): { forward: StepFigures; backward: StepFigures } {
  const { maxStepSplit } = chooseKernelVariants({ vendor: 'gpu', architecture: '', description: '' });
  const tiling = (k: number) => {
    const base = stepTiling(batch, units, k, 1);
    return stepTiling(batch, units, k, stepSplit(base.tiles, k, maxStepSplit));
  };
  return { forward: countStep(tiling(units), gates, gates), backward: countStep(tiling(gates * units), 1, gates) };
}
