// The lab page: fused-kernel checks and timings that Playwright tests and the benchmark call through
// page.evaluate(() => globalThis.folioLab.…). Runs on the WebGPU backend.
import * as tf from '../worker/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { fusedGruSequence } from '../worker/kernels/gru/fusedGru';
import { fusedInputProjection } from '../worker/kernels/step/inputProjection';
import { fusedGruStep, generateChunk } from '../worker/kernels/gru/generation';
import { gruSequence } from '../worker/model/gru';
import { compareFusedWithReference } from './compare';
import { compareLayeredPaths } from './layeredLab';
import { compareDropoutMasks } from './dropoutLab';
import { checkStepGuard, compareWrittenOutStep, goldenWrittenOutStep } from './fusedStepLab';
import { countDispatches } from './dispatchCount';
import { goldenCheck, type GoldenModel } from './golden';
import { cellLeakCheck, compareCellGeneration, goldenCellCheck } from './cellsLab';
import { compareGenerationPaths, compareSampler, generationSpeed, goldenGreedy } from './generationLab';
import type { GruShape } from './randomGru';
import { leakCheck, timeTrainingStep, trainingDispatches } from './trainingStep';
import { runBench } from './benchSuite';
import { benchShape } from './benchConfigs';
import { createPath, randomBatch, type BenchPathName } from './benchPaths';
import { watchPrograms } from './programWatch';
import { generationDispatches } from './benchCounted';
import type { BenchConfig } from './benchConfigs';
import type { CellName } from '../shared/cell';

/**
 * Dispatches of the app's training step at a bench config (windows of 4, 8 and the config's own, after one
 * untimed step) and of a generation chunk (a + b·count), on one bench path (fused, steps or window), for a cell
 * (GRU when absent).
 */
async function countedStep(config: BenchConfig, name: BenchPathName, cell: CellName = 'gru') {
  const s = benchShape(config, cell);
  const path = createPath(name, s);
  if (!path) throw new Error(`path ${name} does not run here`);
  try {
    await path.step(randomBatch(s, 2, 1));
    const perWindow: Record<number, number> = {};
    for (const window of [4, 8, s.window]) {
      perWindow[window] = (await watchPrograms(() => path.step(randomBatch(s, window, window)))).watch.programs;
    }
    const generation = path.chunk ? await generationDispatches(path.chunk) : null;
    return { perWindow, generation };
  } finally {
    path.dispose();
  }
}
import { kernelVariantsLab } from './kernelVariants';
import { checkSegmentedMatmul } from './matmulLab';
import { checkAdam, checkPairedAdam, compareTrainingPaths } from './adamLab';
import { trainLoop } from './loopLab';
import { checkAllWeightsAdam } from './adamGroupsLab';
import { auditAppWrites, auditDirectWrite, readAfterInPlaceWrite } from './inPlaceGuard';
import { selectBackend } from '../worker/backend';
import { forceKernelVariants } from '../worker/kernels/kernelVariants';
import type { BackendName } from '../shared/config';
import { requestDeviceLimits } from '../worker/webgpuDevice';
import { deviceFacts } from '../worker/backend';

async function ready(backend = 'webgpu'): Promise<{ backend: string }> {
  await tf.setBackend(backend);
  await tf.ready();
  return { backend: tf.getBackend() };
}

const folioLab = {
  tf,
  /** The kernels themselves, for ad-hoc probes from the console or a benchmark. */
  internals: { fusedGruSequence, fusedInputProjection, generateChunk, fusedGruStep, forceKernelVariants },
  ready,
  /** The WebGPU device's limits and features as tfjs got it (?defaultLimits: WebGPU's guaranteed ones). */
  deviceFacts,
  compareFusedWithReference,
  /** The app's training loop, steps in flight or one at a time (loopLab.ts). */
  trainLoop,
  /** Stacked layers with dropout: the app's model on the fused path against the reference path. */
  compareLayeredPaths,
  /** The written-out fused training step against the taped reference: loss, norm, every gradient. */
  compareWrittenOutStep,
  goldenWrittenOutStep,
  /** The GPU-side NaN guard: a non-finite step changes nothing, the next healthy one applies. */
  checkStepGuard,
  /** Dropout masks made on the GPU against the same masks made in JS: mismatching elements and drop share. */
  compareDropoutMasks,
  goldenCheck: (golden: GoldenModel, path: 'fused' | 'reference' = 'fused') =>
    goldenCheck(path === 'fused' ? fusedGruSequence : gruSequence, golden),
  /** Any cell's golden file through CharModel on the fused path: values, gradients, greedy ids (cellsLab.ts). */
  goldenCellCheck,
  cellLeakCheck,
  compareCellGeneration,
  countDispatches,
  trainingDispatches,
  leakCheck,
  timeTrainingStep,
  compareSampler,
  compareGenerationPaths,
  goldenGreedy,
  generationSpeed,
  /** The benchmark (npm run bench): picks a backend the way the app's worker does, then runs one config. */
  useBackend: async (name: BackendName) => (await selectBackend(name)).backend,
  runBench,
  /** The benchmark's pieces, for probing one path from the console: createPath('fused', benchShape('tiny')). */
  benchParts: { benchShape, createPath, randomBatch },
  countedStep,
  /** Matmul and timestep-kernel variants: what this adapter gets, each forced against the reference, timings. */
  kernelVariants: kernelVariantsLab,
  /** Several matmuls in one dispatch against tfjs's matMul, under a forced tile variant. */
  checkSegmentedMatmul,
  /** Adam against float64 JS, and training curves on both paths. */
  checkAdam,
  /** A weight and its bias updated by one fused dispatch from one gradient buffer, against float64 JS. */
  checkPairedAdam,
  /** Every weight of a model's layout through applyGuarded, under a forced storage-buffer limit, against float64 JS. */
  checkAllWeightsAdam,
  compareTrainingPaths,
  /** In-place GPU writes: all through worker/kernels/inPlace.ts, and reads after them are never stale. */
  inPlace: { auditAppWrites, auditDirectWrite, readAfterInPlaceWrite },
  /** Median ms per training step, fused and reference alternating in one page, and the speedup. */
  async compareTimings(shape: GruShape, steps = 3) {
    const fused = await timeTrainingStep('fused', shape, steps);
    const reference = await timeTrainingStep('reference', shape, steps);
    return { fused, reference, speedup: reference.medianMs / fused.medianMs };
  },
};

export type FolioLab = typeof folioLab;

declare global {
  var folioLab: FolioLab;
}

globalThis.folioLab = folioLab;
if (new URLSearchParams(location.search).has('defaultLimits')) requestDeviceLimits('default');
ready()
  .then(({ backend }) => {
    document.getElementById('status')!.textContent = `ready on ${backend}`;
  })
  .catch((e: unknown) => {
    document.getElementById('status')!.textContent = `failed: ${String(e)}`;
  });
