// Lab probes for the kernel variants: which ones this adapter gets, each forced variant against the reference
// GRU, and training-step timings per matmul variant (SwiftShader's numbers are a proxy, not a target).
import {
  adapterFacts,
  chooseKernelVariants,
  forceKernelVariants,
  kernelVariants,
  type KernelVariants,
} from '../worker/kernels/kernelVariants';
import { stepTiling } from '../worker/kernels/gru/stepTiling';
import { fusedGruSequence } from '../worker/kernels/gru/fusedGru';
import { compareWrittenOutStep, goldenWrittenOutStep } from './fusedStepLab';
import type { LayeredShape } from './layeredLab';
import { compareFusedWithReference, type Comparison } from './compare';
import { CELL_GATES } from '../shared/cell';
import { goldenCheck, type GoldenModel } from './golden';
import type { GruShape } from './randomGru';
import { leakCheck, timeTrainingStep, trainingDispatches, type TimingReport } from './trainingStep';

/** Runs fn with `variants` forced, then restores the adapter's choice. */
async function withVariants<T>(variants: Partial<KernelVariants>, fn: () => Promise<T>): Promise<T> {
  forceKernelVariants(variants);
  try {
    return await fn();
  } finally {
    forceKernelVariants({});
  }
}

/** The adapter, the variants chosen for it, and the K splits the timestep programs get at a shape. */
function describe(shape?: GruShape) {
  const facts = adapterFacts();
  const splits = shape && {
    forward: stepTiling(shape.batch, shape.units, shape.units).split,
    backward: stepTiling(shape.batch, shape.units, CELL_GATES[shape.cell ?? 'gru'] * shape.units).split,
  };
  return { facts, chosen: chooseKernelVariants(facts), inEffect: kernelVariants(), splits };
}

/** Fused vs reference with variants forced; reports the step splits that actually ran. */
async function compareVariant(shape: GruShape, variants: Partial<KernelVariants>) {
  return withVariants(variants, async () => {
    const { splits } = describe(shape);
    const stats: Comparison = await compareFusedWithReference(shape);
    return { splits, stats };
  });
}

/** Median ms per fused training step under each matmul variant (step split as the adapter chooses, or `split`). */
async function timeMatmulVariants(shape: GruShape, steps = 3, split?: number) {
  const result: Record<string, TimingReport> = {};
  for (const matmul of ['register', 'shared'] as const) {
    const v = split === undefined ? { matmul } : { matmul, maxStepSplit: split };
    result[matmul] = await withVariants(v, () => timeTrainingStep('fused', shape, steps));
  }
  return result;
}

export const kernelVariantsLab = {
  describe,
  compareVariant,
  timeMatmulVariants,
  golden: (g: GoldenModel, v: Partial<KernelVariants>) => withVariants(v, () => goldenCheck(fusedGruSequence, g)),
  /** The written-out training step against a golden file with variants forced. */
  writtenOutGolden: (g: GoldenModel & { sizes: Record<string, number> }, v: Partial<KernelVariants>) =>
    withVariants(v, () => goldenWrittenOutStep(g)),
  dispatches: (shape: GruShape, v: Partial<KernelVariants>) =>
    withVariants(v, async () => trainingDispatches('fused', shape)),
  /** The written-out training step against the taped reference with variants forced. */
  writtenOutStep: (shape: LayeredShape, v: Partial<KernelVariants>) =>
    withVariants(v, () => compareWrittenOutStep(shape)),
  leakCheck: (shape: GruShape, steps: number, v: Partial<KernelVariants>) =>
    withVariants(v, () => leakCheck('fused', shape, steps)),
};
