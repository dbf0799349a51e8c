// The counted targets of issue 10, the same on SwiftShader and a GPU: W_hh read factor and load rounds of
// the timestep programs (from their dispatch geometry, with the split a GPU gets), and from the watched
// steps at windows 4 and 8: dispatches per step as a + b·T, tfjs kernel calls outside the time loop, and
// blocking readbacks before the update.
import { gpuStepFigures, type StepFigures } from '../worker/kernels/step/stepCounts';
import { benchShape, type BenchShape } from './benchConfigs';
import { watchPrograms, type ProgramWatch } from './programWatch';

export interface CountedTarget {
  name: string;
  value: number;
  target: string;
  ok: boolean;
}

export interface CountedFigures {
  /** Timestep programs at this config's shape and at Reference (fused path only). */
  steps?: {
    here: { forward: StepFigures; backward: StepFigures };
    reference: { forward: StepFigures; backward: StepFigures };
  };
  /** Dispatches per step = fixedDispatches + dispatchesPerTimestep · T. */
  fixedDispatches: number;
  dispatchesPerTimestep: number;
  kernelCallsOutsideLoop: number;
  kernelCallsPerTimestep: number;
  /** Bind groups created per step = fixedBindGroups + bindGroupsPerTimestep · T (per-dispatch CPU work). */
  fixedBindGroups: number;
  bindGroupsPerTimestep: number;
  readbacksBeforeUpdate: number;
  /** Programs per generated character inside a GPU chunk, and per chunk besides (fused path). */
  generationDispatchesPerChar?: number;
  generationDispatchesPerChunk?: number;
  targets: CountedTarget[];
}

/** Dispatches of a generation chunk as a + b·count, from watched chunks of 16 and 48 characters. */
export async function generationDispatches(
  chunk: (count: number, watch: (run: () => Promise<void>) => Promise<void>) => Promise<void>,
): Promise<{ perChar: number; perChunk: number }> {
  const count = async (n: number) => {
    let programs = 0;
    await chunk(n, async (run) => {
      await run(); // compiles the chunk's pipelines, outside the count
      programs = (await watchPrograms(run)).watch.programs;
    });
    return programs;
  };
  const short = await count(16);
  const long = await count(48);
  const perChar = (long - short) / 32;
  return { perChar, perChunk: short - 16 * perChar };
}

const atMost = (name: string, value: number, limit: number): CountedTarget => ({
  name,
  value,
  target: `≤ ${limit}`,
  ok: value <= limit + 1e-9,
});

/** Intercept and slope of a count measured at windows 4 and 8. */
function line(short: number, long: number) {
  const slope = (long - short) / 4;
  return { fixed: short - 4 * slope, slope };
}

export function countedFigures(s: BenchShape, fused: boolean, short: ProgramWatch, long: ProgramWatch): CountedFigures {
  const dispatches = line(short.programs, long.programs);
  const kernels = line(short.kernelCalls, long.kernelCalls);
  const bindGroups = line(short.bindGroups, long.bindGroups);
  const readbacks = Math.max(short.readbacksBeforeUpdate, long.readbacksBeforeUpdate);
  const targets: CountedTarget[] = [];
  let steps: CountedFigures['steps'];
  if (fused) {
    const ref = benchShape('reference');
    steps = { here: gpuStepFigures(s.batch, s.units), reference: gpuStepFigures(ref.batch, ref.units) };
    const r = steps.reference;
    targets.push(
      atMost('W_hh read factor per timestep, forward (Reference)', r.forward.whhReadFactor, 1),
      atMost('W_hh read factor per timestep, backward (Reference)', r.backward.whhReadFactor, 2),
      atMost('serial load rounds per invocation, forward (Reference)', r.forward.loadRounds, 16),
      atMost('serial load rounds per invocation, backward (Reference)', r.backward.loadRounds, 48),
    );
  }
  if (fused && Math.abs(dispatches.slope) < 1e-9) {
    // the whole-window programs ran: the step's dispatches do not grow with T (issue 28: ≤ 8)
    targets.push(atMost('dispatches per step, whole window (any T)', dispatches.fixed, 8));
  }
  // what the step costs besides its 2·T timestep dispatches: issue 28's 8 on the fused programs, issue 10's 12
  // on the other paths
  if (!fused || dispatches.slope > 0) {
    targets.push(atMost(`dispatches per step: a in a + ${dispatches.slope}·T`, dispatches.fixed, fused ? 8 : 12));
  }
  targets.push(atMost('tfjs kernel calls outside the time loop', kernels.fixed, 10));
  // Only the fused path marks its update (the folioAdam programs); elsewhere every readback would count.
  if (fused) targets.push(atMost('blocking readbacks before the update', readbacks, 0));
  return {
    steps,
    fixedDispatches: dispatches.fixed,
    dispatchesPerTimestep: dispatches.slope,
    kernelCallsOutsideLoop: kernels.fixed,
    kernelCallsPerTimestep: kernels.slope,
    fixedBindGroups: bindGroups.fixed,
    bindGroupsPerTimestep: bindGroups.slope,
    readbacksBeforeUpdate: readbacks,
    targets,
  };
}

/** Issue 22's generation target, where a chunk is one program (no dispatch per character): ≤ 2 per chunk. */
export function generationTargets(c: CountedFigures): void {
  if (c.generationDispatchesPerChar === undefined || c.generationDispatchesPerChunk === undefined) return;
  if (Math.abs(c.generationDispatchesPerChar) > 1e-9) return;
  c.targets.push(atMost('dispatches per generated chunk (≤ 128 characters)', c.generationDispatchesPerChunk, 2));
}
